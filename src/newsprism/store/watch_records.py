"""What `newsprism watch` keeps in the store, on either backend: each watched source's state
(ETag, Last-Modified, next due time, failures, last error), each origin's robots.txt and
back-off, each article page a feed listed (pending, fetched, analysed or failed), and alerts.

Both backends get a `WatchRecords` over their own connection (`store.watch_records()`): the
SQL here is written once with `?` placeholders (PostgreSQL's driver gets `%s`), every value
is a parameter, and each write is one transaction of the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields
from typing import Any

from newsprism.model import Alert
from newsprism.store.codec import from_record, to_record
from newsprism.store.records import STORY_RESULT_TYPES, story_results_from_json, to_json

Execute = Callable[[str, Sequence[Any]], list[Any]]
Guard = Callable[[str], AbstractContextManager[None]]

ITEM_STATES = ("pending", "fetched", "analysed", "failed")


@dataclass(frozen=True)
class SourceState:
    """A watched feed or page, and what the last request to it left."""

    url: str
    kind: str = "unknown"  # feed | page | unknown (not fetched yet)
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_due: str | None = None  # ISO 8601 UTC; None: due now
    last_checked: str | None = None
    last_status: int | None = None
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class OriginState:
    """One origin (scheme, host, port): its robots.txt as last fetched, and when it may next
    be asked anything (after a 429 or 503 with Retry-After)."""

    origin: str
    robots: str | None = None
    robots_fetched: str | None = None
    not_before: str | None = None


@dataclass(frozen=True)
class WatchItem:
    """An article page listed by a feed (or a watched page), fetched once: `url` normalised,
    `entry` what the feed said of it (title, published, text, outlet)."""

    url: str
    source: str
    state: str = "pending"
    attempts: int = 0
    article_id: str | None = None
    entry: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seen_at: str = ""


_SOURCE_COLUMNS = tuple(f.name for f in fields(SourceState))
_ORIGIN_COLUMNS = tuple(f.name for f in fields(OriginState))
_ITEM_COLUMNS = tuple(f.name for f in fields(WatchItem))


def _upsert(table: str, columns: Sequence[str], key: str) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )


_FOLLOWED = (  # a followed story that merged into another: its alerts are now the other's
    "SELECT story_id FROM followed_stories UNION SELECT into_id FROM story_merges "
    "WHERE old_id IN (SELECT story_id FROM followed_stories)"
)


def _in_list(values: Sequence[Any]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")"


class WatchRecords:
    """The watch tables of one store: `execute(sql, params)` returns the rows (mappings by
    column name), `transaction(doing)` is the store's write transaction, `reading(doing)`
    reports database errors as StoreError."""

    def __init__(self, execute: Execute, transaction: Guard, reading: Guard) -> None:
        self._execute = execute
        self._transaction = transaction
        self._reading = reading

    # -- sources and origins --------------------------------------------------------------

    def add_sources(self, urls: Iterable[str]) -> None:
        """Start watching `urls` (those already watched keep their state)."""
        with self._transaction("add watched sources"):
            for url in urls:
                self._execute(
                    "INSERT INTO watch_sources (url) VALUES (?) ON CONFLICT (url) DO NOTHING",
                    (url,),
                )

    def sources(self, urls: Sequence[str] | None = None) -> list[SourceState]:
        """The state of `urls` (None: every watched source), in the order asked."""
        with self._reading("read watched sources"):
            rows = self._execute(
                f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM watch_sources ORDER BY url", ()
            )
        found = {row["url"]: SourceState(**dict(row)) for row in rows}
        order = list(found) if urls is None else [u for u in urls if u in found]
        return [found[url] for url in order]

    def save_source(self, state: SourceState, items: Iterable[WatchItem] = ()) -> list[str]:
        """Save a source's state and, in the same transaction, the pages it lists that are not
        known yet (as pending); the urls of those new pages."""
        added = []
        with self._transaction("save a watched source"):
            self._execute(
                _upsert("watch_sources", _SOURCE_COLUMNS, "url"),
                [getattr(state, c) for c in _SOURCE_COLUMNS],
            )
            for item in items:
                known = self._execute("SELECT 1 FROM watch_items WHERE url = ?", (item.url,))
                if not known:
                    self._write_item(item)
                    added.append(item.url)
        return added

    def origin(self, origin: str) -> OriginState:
        """What is known of `origin` (an empty state if nothing)."""
        with self._reading("read an origin's state"):
            rows = self._execute(
                f"SELECT {', '.join(_ORIGIN_COLUMNS)} FROM watch_origins WHERE origin = ?",
                (origin,),
            )
        return OriginState(**dict(rows[0])) if rows else OriginState(origin)

    def save_origin(self, state: OriginState) -> None:
        with self._transaction("save an origin's state"):
            self._execute(
                _upsert("watch_origins", _ORIGIN_COLUMNS, "origin"),
                [getattr(state, c) for c in _ORIGIN_COLUMNS],
            )

    # -- article pages --------------------------------------------------------------------

    def items(self, states: Sequence[str]) -> list[WatchItem]:
        """The pages in any of `states`, oldest seen first."""
        with self._reading("read watched pages"):
            rows = self._execute(
                f"SELECT {', '.join(_ITEM_COLUMNS)} FROM watch_items "
                f"WHERE state IN {_in_list(states)} ORDER BY seen_at, url",
                tuple(states),
            )
        return [_item_from_row(row) for row in rows]

    def item(self, url: str) -> WatchItem | None:
        with self._reading("read a watched page"):
            rows = self._execute(
                f"SELECT {', '.join(_ITEM_COLUMNS)} FROM watch_items WHERE url = ?", (url,)
            )
        return _item_from_row(rows[0]) if rows else None

    def save_item(self, item: WatchItem) -> None:
        with self._transaction("save a watched page"):
            self._write_item(item)

    def mark_analysed(self, urls: Iterable[str]) -> None:
        with self._transaction("mark pages analysed"):
            for url in urls:
                self._execute(
                    "UPDATE watch_items SET state = 'analysed' WHERE url = ? AND state = 'fetched'",
                    (url,),
                )

    def _write_item(self, item: WatchItem) -> None:
        values = [getattr(item, c) for c in _ITEM_COLUMNS]
        values[_ITEM_COLUMNS.index("entry")] = to_json(item.entry)
        self._execute(_upsert("watch_items", _ITEM_COLUMNS, "url"), values)

    # -- stored analysis, alerts ----------------------------------------------------------

    def story_results(self, story_ids: Sequence[str], table: str) -> dict[str, list[Any]]:
        """The stored results (`table`: findings, timeline, facts, summaries) of these stories."""
        if table not in STORY_RESULT_TYPES or not story_ids:
            return {}
        with self._reading(f"read stored {table}"):
            rows = self._execute(
                f"SELECT story_id, data FROM {table} WHERE story_id IN {_in_list(story_ids)}",
                tuple(story_ids),
            )
        return {row["story_id"]: story_results_from_json(table, row["data"]) for row in rows}

    def add_alerts(self, alerts: Iterable[Alert]) -> list[Alert]:
        """Store the alerts whose id is not stored yet (an alert computed again by a pass that
        redoes a killed one is kept once); those stored."""
        added = []
        with self._transaction("save alerts"):
            for alert in alerts:
                if self._execute("SELECT 1 FROM alerts WHERE id = ?", (alert.id,)):
                    continue
                self._execute(
                    "INSERT INTO alerts (id, kind, story_id, created, data) VALUES (?, ?, ?, ?, ?)",
                    (alert.id, alert.kind, alert.story_id, alert.created, _alert_json(alert)),
                )
                added.append(alert)
        return added

    def alerts(
        self, since: str | None = None, story: str | None = None, followed: bool = False
    ) -> list[Alert]:
        """Stored alerts, oldest first; `since` an ISO 8601 UTC time (kept: created at or after
        it), `story` a story id, `followed`: only those of followed stories."""
        where, params = [], []
        if since is not None:
            where.append("created >= ?")
            params.append(since)
        if story is not None:
            where.append("story_id = ?")
            params.append(story)
        if followed:
            where.append(f"story_id IN ({_FOLLOWED})")
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        with self._reading("read alerts"):
            rows = self._execute(f"SELECT data FROM alerts {clause}ORDER BY created, id", params)
        return [from_record(Alert, json.loads(row["data"])) for row in rows]

    # -- followed stories -----------------------------------------------------------------

    def follow(self, story_id: str, following: bool = True, at: str = "") -> None:
        """Follow a story (or, with `following` False, stop); `at` when (ISO 8601 UTC)."""
        with self._transaction("follow a story" if following else "unfollow a story"):
            if following:
                self._execute(
                    "INSERT INTO followed_stories (story_id, followed_at) VALUES (?, ?) "
                    "ON CONFLICT (story_id) DO NOTHING",
                    (story_id, at),
                )
            else:
                self._execute("DELETE FROM followed_stories WHERE story_id = ?", (story_id,))

    def followed(self) -> set[str]:
        """The ids of the followed stories (and of the stories they merged into)."""
        with self._reading("read followed stories"):
            rows = self._execute(_FOLLOWED, ())
        return {row["story_id"] for row in rows}


def _alert_json(alert: Alert) -> str:
    return to_json(to_record(alert))


def _item_from_row(row: Any) -> WatchItem:
    values = dict(row)
    values["entry"] = json.loads(values.get("entry") or "{}")
    return WatchItem(**values)
