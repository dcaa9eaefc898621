"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a server that
listens only on a unix socket there, one fresh database per test, all removed at the end.

initdb refuses to run as root, so as root (here and in CI) the server runs as the `postgres`
system user, which owns the folder.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN = Path(os.environ.get("NEWSPRISM_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


def missing_reason() -> str | None:
    """Why a cluster cannot be started here (None: it can)."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL server binaries not found in {BIN} (apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return 'the psycopg driver is not installed (pip install -e ".[postgres]")'
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root but there is no {SERVER_USER!r} user to run the server"
    return None


class PostgresCluster:
    """A running server; `new_database()` gives the URL of a new, empty database."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
        self._as_server_user: list[str] = []
        if os.geteuid() == 0:
            os.chown(self.folder, pwd.getpwnam(SERVER_USER).pw_uid, -1)
            self._as_server_user = ["runuser", "-u", SERVER_USER, "--"]
        self.data = self.folder / "data"
        self._names = (f"test_{n}" for n in itertools.count(1))
        self._run(
            BIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._run(
            BIN / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.folder / "server.log",
            "-w",
            "start",
            # A unix socket in the private folder only, and no fsync: nothing here must last.
            "-o",
            f"-k {self.folder} -c listen_addresses= -F",
        )

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.folder}"

    def new_database(self) -> str:
        import psycopg

        name = next(self._names)
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, *command: object) -> None:
        words = [*self._as_server_user, *(str(word) for word in command)]
        done = subprocess.run(words, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(words)} failed:\n{done.stdout}\n{done.stderr}")
