"""One watch pass, and the loop of passes.

A pass: poll every due source (conditional GET; a feed's new links are saved as pending pages
in the same transaction as its new ETag, so a pass killed after it still fetches them next
time), fetch each pending page once (stored as an article at once), analyse the fetched
articles into the stored stories with the incremental path of `newsprism.analyze`, compare
the stories with their stored analysis, store the alerts, then the analysis, then mark the
pages analysed. A pass killed anywhere leaves work the next pass finishes; alerts computed
again get the same ids and are kept once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import urljoin

from newsprism.api import analyse_into_stored
from newsprism.errors import UnreadableInput
from newsprism.model import Alert, Article, InputProblem
from newsprism.settings import Settings
from newsprism.store import Store
from newsprism.store.watch_records import SourceState, WatchItem, WatchRecords
from newsprism.watch.alerts import StoryBefore, analysis_alerts
from newsprism.watch.config import WatchSettings
from newsprism.watch.errors import Disallowed, FetchError
from newsprism.watch.fetch import fetch
from newsprism.watch.pages import feed_entries, looks_like_feed, page_article
from newsprism.watch.politeness import Politeness, iso, next_poll, parse_iso, utc_now
from newsprism.watch.safety import origin_of
from newsprism.watch.sources import normalise_url

Progress = Callable[[str, int, int], None]
Say = Callable[[str], None]
T = TypeVar("T")
NO_RETRY = {400, 401, 403, 404, 405, 410, 451}


@dataclass
class PassReport:
    """What one pass did."""

    due: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    new_pages: int = 0
    fetched_pages: int = 0
    articles: int = 0
    alerts: list[Alert] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stories: list[tuple[str, str]] = field(default_factory=list)  # (id, title) analysed
    fetch_seconds: float = 0.0  # polling sources and fetching pages
    analyse_seconds: float = 0.0  # analysing, comparing and saving

    def summary(self) -> str:
        return (
            f"{self.due} sources due, {self.requests} requests "
            f"({self.statuses.get(304, 0)} not modified), {self.new_pages} new pages, "
            f"{self.fetched_pages} fetched, {self.articles} articles analysed, "
            f"{len(self.alerts)} alerts, {len(self.failures)} failures"
        )


class WatchPass:
    """One pass over `sources` into `store` (see the module's docstring)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        watch: WatchSettings,
        progress: Progress | None = None,
        say: Say | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.records: WatchRecords = store.watch_records()
        self.settings = settings
        self.watch = watch
        self.progress = progress or (lambda stage, done, total: None)
        self.say = say or (lambda line: None)
        self.stop = stop or threading.Event()
        self.polite = Politeness(watch, self.records, sleep=self.stop.wait)
        self.report = PassReport()

    def run(self, sources: Sequence[str]) -> PassReport:
        self.records.add_sources(sources)
        now = utc_now()
        due = [
            s
            for s in self.records.sources(sources)
            if s.next_due is None or parse_iso(s.next_due) <= now
        ]
        self.report.due = len(due)
        started = time.perf_counter()
        for done, state in enumerate(by_origin(due, lambda s: s.url), start=1):
            if self.stop.is_set():
                return self.finish()
            self.poll(state)
            self.progress("sources", done, len(due))
        pending = [
            item
            for item in self.records.items(["pending", "failed"])
            if item.attempts < self.watch.page_attempts
        ]
        for done, item in enumerate(by_origin(pending, lambda i: i.url), start=1):
            if self.stop.is_set():
                return self.finish()
            self.fetch_page(item)
            self.progress("pages", done, len(pending))
        self.report.fetch_seconds = time.perf_counter() - started
        if not self.stop.is_set():
            self.analyse()
        self.report.analyse_seconds = time.perf_counter() - started - self.report.fetch_seconds
        return self.finish()

    def finish(self) -> PassReport:
        self.report.requests = self.polite.requests
        return self.report

    # -- sources --------------------------------------------------------------------------

    def poll(self, state: SourceState) -> None:
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        checked = iso(utc_now())
        try:
            response = fetch(state.url, self.watch, headers, self.polite.before_request)
            self.report.statuses[response.status] += 1
            if response.status == 304:
                self.source_done(replace(state, last_checked=checked, last_status=304))
                return
            kept = replace(
                state,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                last_checked=checked,
                last_status=response.status,
            )
            if looks_like_feed(response.content_type, response.body):
                title, entries = feed_entries(state.url, response.body, self.settings.limits)
                items = [
                    WatchItem(url=url, source=state.url, entry=vars(entry), seen_at=checked)
                    for entry in entries
                    if (url := page_url(response.url, entry.link)) is not None
                ]
                added = self.records.save_source(
                    self.next_state(replace(kept, kind="feed", title=title), 0), items
                )
                self.report.new_pages += len(added)
            else:
                self.store_page(state.url, response.url, response.body, {}, 1, None,
                                response.content_type)  # fmt: skip
                self.source_done(replace(kept, kind="page"))
        except (FetchError, UnreadableInput) as error:
            self.source_failed(state, error, checked)

    def source_done(self, state: SourceState) -> None:
        self.records.save_source(self.next_state(state, 0))

    def next_state(
        self, state: SourceState, failures: int, wait: float | None = None
    ) -> SourceState:
        due = next_poll(self.watch, failures, wait)
        last_error = state.last_error if failures else None
        return replace(state, failures=failures, last_error=last_error, next_due=iso(due))

    def source_failed(
        self, state: SourceState, error: FetchError | UnreadableInput, checked: str
    ) -> None:
        reason = error.reason
        status = getattr(error, "status", None)
        wait = getattr(error, "retry_after", None)
        if status is not None:
            self.report.statuses[status] += 1
        if status in (429, 503) and wait is not None:
            self.polite.hold_off(state.url, wait)
        failures = state.failures + 1
        failed = replace(state, last_checked=checked, last_status=status, last_error=reason)
        self.records.save_source(self.next_state(failed, failures, wait))
        self.report.failures.append(f"{state.url}: {reason}")
        self.say(f"newsprism: failed {state.url}: {reason}")

    # -- pages ----------------------------------------------------------------------------

    def fetch_page(self, item: WatchItem) -> None:
        attempts = item.attempts + 1
        try:
            response = fetch(item.url, self.watch, {}, self.polite.before_request)
            self.report.statuses[response.status] += 1
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}", status=response.status)
            self.store_page(
                item.url, item.url, response.body, item.entry, attempts, item,
                response.content_type,
            )  # fmt: skip
        except (FetchError, UnreadableInput) as error:
            status = getattr(error, "status", None)
            if status is not None and status >= 300:
                self.report.statuses[status] += 1
            final = isinstance(error, Disallowed | UnreadableInput) or status in NO_RETRY
            attempts = self.watch.page_attempts if final else attempts
            self.records.save_item(
                replace(item, state="failed", attempts=attempts, error=error.reason)
            )
            self.report.failures.append(f"{item.url}: {error.reason}")
            self.say(f"newsprism: failed {item.url}: {error.reason}")

    def store_page(
        self,
        key: str,
        url: str,
        body: bytes,
        entry: dict[str, object],
        attempts: int,
        item: WatchItem | None = None,
        content_type: str = "",
    ) -> None:
        """Read the page's article, store it, and mark the page fetched (in that order)."""
        article, notes = page_article(url, body, entry, self.settings.limits, content_type)
        for note in notes:
            self.say(f"newsprism: note {note}")
        self.store.add_articles([article])
        known = item or self.records.item(key)
        if known is not None and known.article_id == article.id:
            return  # a watched page that has not changed
        base = known or WatchItem(url=key, source=key, seen_at=iso(utc_now()))
        self.records.save_item(
            replace(base, state="fetched", attempts=attempts, article_id=article.id, error=None)
        )
        self.report.fetched_pages += 1

    # -- analysis and alerts --------------------------------------------------------------

    def analyse(self) -> None:
        fetched = self.records.items(["fetched"])
        articles: dict[str, Article] = {}
        for item in fetched:
            article = self.store.get_article(item.article_id or "")
            if article is not None:
                articles.setdefault(article.id, article)
        if not articles:
            return
        problems: list[InputProblem] = []
        analysis = analyse_into_stored(
            list(articles.values()), problems, self.settings, self.store, self.progress
        )
        for problem in problems:
            self.say(f"newsprism: {'note' if problem.kept else 'skipped'} {problem}")
        before = stored_before(self.store, self.records, [s.id for s in analysis.stories],
                               {s.id: s.merged_from for s in analysis.stories})  # fmt: skip
        alerts = analysis_alerts(analysis, before, utc_now())
        self.report.alerts = self.records.add_alerts(alerts)
        self.store.save_analysis(analysis)
        self.records.mark_analysed(item.url for item in fetched)
        self.report.articles = len(articles)
        self.report.stories = [(s.id, s.title) for s in analysis.stories]


def stored_before(
    store: Store,
    records: WatchRecords,
    story_ids: Sequence[str],
    merged_from: dict[str, tuple[str, ...]],
) -> dict[str, StoryBefore]:
    """The stored state of each story (and of the stories that merge into it)."""
    stored = {story.id: story for story in store.load_stories()}
    wanted = {
        sid: [i for i in (sid, *merged_from.get(sid, ())) if i in stored] for sid in story_ids
    }
    every = sorted({i for ids in wanted.values() for i in ids})
    findings = records.story_results(every, "findings")
    timeline = records.story_results(every, "timeline")
    before = {}
    for sid, ids in wanted.items():
        if ids:
            before[sid] = StoryBefore(
                article_ids=frozenset(a for i in ids for a in stored[i].article_ids),
                findings=tuple(f for i in ids for f in findings.get(i, [])),
                timeline_dates=frozenset(e.date for i in ids for e in timeline.get(i, [])),
            )
    return before


def page_url(base: str, link: str) -> str | None:
    """A feed entry's link, absolute and normalised; None if it is not an http(s) URL."""
    try:
        return normalise_url(urljoin(base, link.strip()))
    except FetchError:
        return None


def by_origin(things: Sequence[T], url_of: Callable[[T], str]) -> list[T]:
    """`things` in turns, one origin after another, so one origin's delay is spent on the
    others' requests."""
    queues: dict[str, list[T]] = {}
    for thing in things:
        try:
            origin = origin_of(url_of(thing))
        except FetchError:
            origin = ""
        queues.setdefault(origin, []).append(thing)
    ordered: list[T] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                ordered.append(queue.pop(0))
    return ordered


def run_pass(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    watch: WatchSettings,
    progress: Progress | None = None,
    say: Say | None = None,
    stop: threading.Event | None = None,
) -> PassReport:
    """One pass over the (normalised) source URLs; see the module's docstring."""
    return WatchPass(store, settings, watch, progress, say, stop).run(sources)
