"""What the web UI reads from the store: one row per story for the home page, one story as an
`Analysis` of its own (for its report and JSON export), one stored article, and search hits
(with the message a cut or stopped search gets).

The stored analysis is loaded once and again only when the database changes (a SQLite file's
size and time, a PostgreSQL database's write counter), so pages stay quick while a background
analysis or a CLI run writes to the same database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from newsprism.analyse.event_merge import merge_events
from newsprism.analyse.events import story_events
from newsprism.link.reasons import story_memberships
from newsprism.model import Analysis, Article, Story
from newsprism.present.report.text import one_line, time_span
from newsprism.store import SNIPPET_MARKS, is_database_url, open_store
from newsprism.store.sqlite_search import (
    MAX_SEARCH_QUERY_CHARS,
    MAX_SEARCH_TERMS,
    SearchTooSlow,
    clean_search_query,
)

T = TypeVar("T")
MADE_KEPT = 96  # story slices, reports and exports kept per snapshot (big ones are MBs)
SEARCH_LIMIT = 50
STORY_FILTER_LIMIT = 2000  # articles a story filter (`/api/stories?q=`) looks through


@dataclass(frozen=True)
class StoryRow:
    id: str
    title: str
    time_span: str | None
    articles: int
    outlets: int
    conflicts: int
    first_published: date | None = None  # the earliest of the story's and its articles' dates
    last_published: date | None = None


@dataclass(frozen=True)
class SearchResult:
    """A search as typed: the query searched for (cleaned, cut), what matched, and a message
    when the query was cut or the search stopped at its time limit."""

    query: str
    hits: list[SearchHit]
    message: str | None


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str
    outlet: str | None
    published: str | None
    story: Story | None
    snippet: tuple[tuple[str, bool], ...]  # (text, is a matched word)


@dataclass(frozen=True)
class Stored:
    """The stored analysis and the record of merged story ids (old id -> id it merged into)."""

    analysis: Analysis
    merges: dict[str, str]
    made: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def story_slice(self, story: Story) -> Analysis:
        """`story_analysis` of this story, made once per snapshot (the reasons of its members
        cost a TF-IDF product)."""
        return self.once("slice", story.id, lambda: story_analysis(self.analysis, story))

    def once(self, kind: str, story_id: str, make: Callable[[], T]) -> T:
        """What `make` gives for this story, made once per snapshot: pages and the API ask for
        the same stories again and again, and a story of 24 articles is a 1.8 MB export that
        takes 0.1 s of CPU to build and encode. A new snapshot (the database changed) starts
        empty, and at most MADE_KEPT things are kept. Two threads may both make it the first
        time; either result is kept."""
        key = (kind, story_id)
        with self.lock:
            found = self.made.get(key)
        if found is None:
            found = make()
            with self.lock:
                self.made[key] = found
                while len(self.made) > MADE_KEPT:  # the oldest made go first
                    del self.made[next(iter(self.made))]
        return cast(T, found)

    def story(self, story_id: str) -> Story | None:
        return next((s for s in self.analysis.stories if s.id == story_id), None)

    def story_of_article(self, article_id: str) -> Story | None:
        return next((s for s in self.analysis.stories if article_id in s.article_ids), None)

    def related(self, story: Story) -> list[Story]:
        """The other stored stories of the story's family, in stored order. A story stored
        with no family, that a later story's family names as its oldest ("f-" + its id),
        belongs to that family."""
        family = story.family or "f-" + story.id
        return [
            s
            for s in self.analysis.stories
            if (s.family or "f-" + s.id) == family and s.id != story.id
        ]


class StoredSnapshot:
    """The analysis stored in the database `db`, reloaded when it changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._signature: object = None
        self._stored: Stored | None = None

    def current(self) -> Stored:
        signature = change_signature(self.db)
        with self._lock:
            if self._stored is None or signature != self._signature:
                with open_store(self.db) as store:
                    self._stored = Stored(store.load_analysis(), store.story_merges())
                self._signature = signature
            return self._stored

    def search(self, query: str) -> list[SearchHit]:
        """Articles matching `query` (FTS5 syntax or plain words), best first."""
        stored = self.current()
        hits = []
        with open_store(self.db) as store:
            for article_id, snippet in store.search(query, limit=SEARCH_LIMIT):
                article = store.get_article(article_id)
                if article is not None:
                    story = stored.story_of_article(article_id)
                    hits.append(search_hit(article, story, snippet))
        return hits

    def article(self, article_id: str) -> Article | None:
        with open_store(self.db) as store:
            return store.get_article(article_id)

    def matching_article_ids(self, query: str, limit: int = STORY_FILTER_LIMIT) -> set[str]:
        """The ids of the (at most `limit`) articles best matching `query`."""
        with open_store(self.db) as store:
            return {
                article_id for article_id, _ in store.search(query, limit=limit, snippets=False)
            }


def cut_query_message(typed: str) -> str | None:
    """What to tell someone whose query was longer than a search takes, else None."""
    words = typed.split()
    if len(words) > MAX_SEARCH_TERMS or len(" ".join(words)) > MAX_SEARCH_QUERY_CHARS:
        return (
            f"Only the start of this query was searched for (at most {MAX_SEARCH_TERMS} "
            f"words and {MAX_SEARCH_QUERY_CHARS} characters)."
        )
    return None


STOPPED_MESSAGE = "This search took too long and was stopped: try fewer or rarer words."


def run_search(snapshot: StoredSnapshot, typed: str) -> SearchResult:
    """The search page's search: `typed` cleaned and cut, its hits, and what to say."""
    query = clean_search_query(typed)
    message = cut_query_message(typed)
    try:
        hits = snapshot.search(query) if query else []
    except SearchTooSlow:
        hits, message = [], STOPPED_MESSAGE
    return SearchResult(query, hits, message)


def change_signature(db: str) -> object:
    """What differs whenever the stored data does: the SQLite files' signature, or the count
    of write transactions a PostgreSQL database has seen."""
    if is_database_url(db):
        from newsprism.store.postgres import PostgresStore  # optional driver

        with PostgresStore(db) as store:
            return store.write_count()
    return file_signature(db)


def file_signature(db: str) -> tuple[tuple[int, int], ...]:
    """(modification time, size) of the database file and its write-ahead log."""
    signature = []
    for path in (Path(db), Path(db + "-wal")):
        try:
            info = path.stat()
        except FileNotFoundError:
            signature.append((0, 0))
        else:
            signature.append((info.st_mtime_ns, info.st_size))
    return tuple(signature)


def story_rows(analysis: Analysis) -> list[StoryRow]:
    """The stored stories, newest first (by last publication date, then by when stored)."""
    articles = {a.article.id: a.article for a in analysis.articles}
    conflicts: dict[str, int] = {}
    for finding in analysis.findings:
        if finding.kind == "conflict":
            conflicts[finding.story_id] = conflicts.get(finding.story_id, 0) + 1
    rows = []
    for order, story in enumerate(analysis.stories):
        members = [articles[i] for i in story.article_ids if i in articles]
        days = [story.first_published, story.last_published, *(a.published for a in members)]
        outlets = {one_line(a.outlet) if a.outlet else a.id for a in members}
        row = StoryRow(
            id=story.id,
            title=one_line(story.title) or "Untitled story",
            time_span=time_span(days),
            articles=len(story.article_ids),
            outlets=len(outlets),
            conflicts=conflicts.get(story.id, 0),
            first_published=min((d for d in days if d is not None), default=None),
            last_published=max((d for d in days if d is not None), default=None),
        )
        newest = row.last_published or date.min
        rows.append((newest, order, row))
    rows.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [row for _, _, row in rows]


def story_analysis(analysis: Analysis, story: Story) -> Analysis:
    """The part of `analysis` about `story`: its articles (in story order), the entities they
    mention (with only those mentions) and the story's results."""
    by_id = {a.article.id: a for a in analysis.articles}
    members = set(story.article_ids)
    entities = tuple(
        replace(e, mentions=tuple(m for m in e.mentions if m.article_id in members))
        for e in analysis.entities
        if any(m.article_id in members for m in e.mentions)
    )
    articles = tuple(by_id[i] for i in story.article_ids if i in by_id)
    facts = tuple(f for f in analysis.facts if f.story_id == story.id)
    memberships = tuple(m for m in analysis.memberships if m.story_id == story.id)
    return Analysis(
        articles=articles,
        entities=entities,
        stories=(story,),
        facts=facts,
        timeline=tuple(t for t in analysis.timeline if t.story_id == story.id),
        findings=tuple(f for f in analysis.findings if f.story_id == story.id),
        summaries=tuple(s for s in analysis.summaries if s.story_id == story.id),
        memberships=memberships or story_memberships(story, articles, entities, facts),
        events=tuple(e for e in analysis.events if e.story_id == story.id)
        or tuple(merge_events(story_events(story, by_id, entities))),  # stored before schema 7
    )


def search_hit(article: Article, story: Story | None, snippet: str) -> SearchHit:
    return SearchHit(
        article_id=article.id,
        title=one_line(article.title) or "Untitled",
        outlet=one_line(article.outlet) if article.outlet else None,
        published=article.published.isoformat() if article.published else None,
        story=story,
        snippet=snippet_parts(snippet),
    )


def snippet_parts(snippet: str) -> tuple[tuple[str, bool], ...]:
    """A search snippet cut into plain and matched pieces at the store's snippet marks."""
    start, end = SNIPPET_MARKS
    parts: list[tuple[str, bool]] = []
    rest = one_line(snippet)
    while rest:
        before, opened, after = rest.partition(start)
        if before:
            parts.append((before, False))
        if not opened:
            break
        matched, closed, rest = after.partition(end)
        parts.append((matched, True) if closed else (start + matched, False))
    return tuple(parts)
