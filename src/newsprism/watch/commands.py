"""The `watch` and `alerts` commands of the CLI: their arguments, and the calls they make."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from newsprism.errors import NewsprismError
from newsprism.present.alerts_export import alert_line, write_alerts_json
from newsprism.settings import load_settings
from newsprism.store import open_store
from newsprism.store.watch_records import WatchRecords
from newsprism.watch.config import load_watch_settings
from newsprism.watch.deliver import deliver
from newsprism.watch.politeness import iso, parse_iso
from newsprism.watch.run import run_pass
from newsprism.watch.sources import read_sources

DB_HELP = "SQLite file (default newsprism.db) or postgresql://user@host/db URL"


def add_watch_commands(commands: Any) -> None:
    watch = commands.add_parser(
        "watch", help="poll feeds and pages, analyse what is new, and alert on what changed"
    )
    watch.add_argument(
        "sources",
        type=Path,
        nargs="?",
        help="feed or page URLs one a line, or OPML; optional once the database watches "
        "sources (URLs added in the web UI are watched too)",
    )
    watch.add_argument("--db", help=DB_HELP)
    watch.add_argument("--once", action="store_true", help="one pass over the due sources")
    watch.add_argument("--every", type=float, help="minutes between passes (default 15)")
    watch.add_argument(
        "--allow-private",
        action="store_true",
        default=None,
        help="fetch from private, loopback and link-local addresses too",
    )
    watch.add_argument(
        "--min-interval", type=float, help="seconds between two polls of a source (900)"
    )
    watch.add_argument(
        "--host-delay", type=float, help="seconds between two requests to one host (5)"
    )
    watch.add_argument("--config", type=Path, help="TOML: [newsprism] and [newsprism.watch]")
    watch.add_argument("--quiet", action="store_true", help="no progress bar")
    alerts = commands.add_parser("alerts", help="list the stored alerts, oldest first")
    alerts.add_argument("--db", help=DB_HELP)
    alerts.add_argument("--since", help="only alerts created at or after this ISO date-time")
    alerts.add_argument("--story", help="only this story's alerts")
    alerts.add_argument(
        "--followed", action="store_true", help="only the alerts of followed stories"
    )
    alerts.add_argument("--json", type=Path, help="write them (schema newsprism-alerts/1) here")


def run_watch(args: argparse.Namespace, progress: Any, say: Callable[[str], None]) -> int:
    settings = load_settings(args.config, db=args.db)
    watch = load_watch_settings(
        args.config,
        allow_private=args.allow_private,
        min_interval=args.min_interval,
        host_delay=args.host_delay,
        every_minutes=args.every,
    )
    sources, problems = read_sources(args.sources) if args.sources else ([], [])
    for problem in problems:
        say(f"newsprism: skipped {problem}")
    stop = threading.Event()
    restore = _stop_on_signals(stop)
    try:
        with open_store(settings.db) as store:
            while True:
                every = watched_sources(store.watch_records(), sources)
                if not every:
                    raise NewsprismError(
                        f"{settings.db}: no sources to watch: give a sources file, or add feed "
                        "or page URLs in the web UI (newsprism serve)"
                    )
                report = run_pass(every, store, settings, watch, progress, say, stop)
                print(f"newsprism watch: {report.summary()}", flush=True)
                deliver(report.alerts, watch, say)
                if args.once or stop.wait(watch.every_minutes * 60):
                    return 0
    finally:
        restore()


def watched_sources(records: WatchRecords, listed: Sequence[str]) -> list[str]:
    """The sources file's URLs, then the other sources the store watches (those added in
    the web UI, or listed by an earlier sources file), read again before every pass."""
    return list(dict.fromkeys([*listed, *(state.url for state in records.sources())]))


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGTERM and Ctrl-C end the loop after the current request (work done is kept)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def run_alerts(args: argparse.Namespace) -> int:
    settings = load_settings(None, db=args.db)
    since = None
    if args.since:
        try:
            since = iso(parse_iso(args.since))
        except ValueError as error:
            raise NewsprismError(f"--since {args.since!r}: not an ISO date-time") from error
    with open_store(settings.db) as store:
        alerts = store.watch_records().alerts(since, args.story, args.followed)
    if args.json:
        write_alerts_json(alerts, args.json)
    for alert in alerts:
        print(alert_line(alert))
    if not alerts:
        print("no alerts", file=sys.stderr)
    return 0
