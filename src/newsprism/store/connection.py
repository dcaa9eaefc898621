"""Open a SQLite connection set up the way the store needs it, and run explicit transactions.

The connection is in autocommit mode (`isolation_level=None`) so that every write goes through
`transaction()`: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on any exception, with SQLite
errors reported as `StoreError` naming the database and what was being done. `ClosesOnExit`
gives every store `with store: ...`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from newsprism.errors import StoreError

BUSY_TIMEOUT_SECONDS = 30.0


def connect_sqlite(location: str) -> sqlite3.Connection:
    """A connection to the SQLite file `location` (or ":memory:") with WAL and foreign keys on."""
    try:
        connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"{location}: cannot open the database ({error})") from error
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as error:
        connection.close()
        raise StoreError(f"{location}: not a usable SQLite database ({error})") from error
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection, location: str, doing: str) -> Iterator[None]:
    """Run the block in one write transaction; roll back and raise StoreError if it fails."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(f"{location}: cannot {doing} ({error})") from error
    try:
        yield
        connection.execute("COMMIT")
    except BaseException as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"{location}: cannot {doing} ({error})") from error
        raise


class ClosesOnExit:
    """`with store:` closes the store at the end of the block, whatever happens in it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
