"""`SQLiteStore`: the `Store` protocol on one SQLite file, with FTS5 full-text search.

Every query is parameterised (article text is hostile input); the only names put into SQL
text are the fixed result table names of `records.STORY_RESULT_TYPES`. Each write method is
one transaction: it all lands or, on any error, nothing does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from newsprism.errors import StoreError
from newsprism.model import Analysis, AnnotatedArticle, Article, Entity, Story
from newsprism.store.codec import from_record, to_record
from newsprism.store.connection import ClosesOnExit, connect_sqlite, transaction
from newsprism.store.embedding_records import EmbeddingRecords
from newsprism.store.migrations import applied_version, migrate
from newsprism.store.records import (
    ARTICLE_COLUMNS,
    STORY_RESULT_TYPES,
    StoredAnnotations,
    annotated_from_row,
    annotation_json,
    annotations_from_rows,
    article_from_row,
    article_values,
    stories_from_rows,
    story_results,
    story_results_from_json,
    story_values,
    to_json,
)
from newsprism.store.sqlite_search import (  # noqa: F401  # SNIPPET_MARKS, quote_search_terms: API
    SNIPPET_MARKS,
    SNIPPET_TOKENS,
    quote_search_terms,
    search_articles,
)
from newsprism.store.watch_records import WatchRecords

_ARTICLE_SELECT = ", ".join(f"a.{column}" for column in ARTICLE_COLUMNS)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at) "
    f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)}, ?) ON CONFLICT (id) DO NOTHING"
)
_UPSERT_ANNOTATION = (
    "INSERT INTO annotations (article_id, annotator, data, saved_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (article_id, annotator) DO UPDATE SET data = excluded.data, "
    "saved_at = excluded.saved_at"
)
_UPSERT_ENTITY = (
    "INSERT INTO entities (id, name, type, data, saved_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, "
    "data = excluded.data, saved_at = excluded.saved_at"
)
_UPSERT_STORY = (
    "INSERT INTO stories (id, title, first_published, last_published, duplicates, family, "
    "saved_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "title = excluded.title, first_published = excluded.first_published, "
    "last_published = excluded.last_published, duplicates = excluded.duplicates, "
    "family = excluded.family, saved_at = excluded.saved_at"
)
_RECORD_MERGE = (
    "INSERT INTO story_merges (old_id, into_id, merged_at) VALUES (?, ?, ?) "
    "ON CONFLICT (old_id) DO UPDATE SET into_id = excluded.into_id"
)


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore(ClosesOnExit):
    """The store in the SQLite file `location` (":memory:" for a private in-memory one)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._stored = StoredAnnotations()
        self._connection = connect_sqlite(location)
        try:
            migrate(self._connection, location)
        except BaseException:
            self._connection.close()
            raise

    # -- articles -------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store the articles whose id is not stored yet; return those, in input order."""
        batch = list(articles)
        with self._transaction("add articles"):
            return [article for article in batch if self._insert_article(article)]

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self._connection.execute(
            f"SELECT {_ARTICLE_SELECT} FROM articles a WHERE a.id = ?", (article_id,)
        ).fetchone()
        return None if row is None else article_from_row(row)

    def article_ids(self) -> set[str]:
        """The ids of all stored articles."""
        return {row[0] for row in self._connection.execute("SELECT id FROM articles")}

    # -- annotations ----------------------------------------------------------------------

    def load_annotations(
        self, article_ids: Iterable[str], annotator: str
    ) -> dict[str, AnnotatedArticle]:
        """Cached annotations of these articles made by `annotator`, by article id.

        An annotation that no longer fits the data model is left out, so it is made again.
        """
        rows = self._connection.execute(
            f"SELECT {_ARTICLE_SELECT}, n.data FROM annotations n "
            "JOIN articles a ON a.id = n.article_id "
            "WHERE n.annotator = ? AND n.article_id IN (SELECT value FROM json_each(?))",
            (annotator, to_json(list(article_ids))),
        )
        found = annotations_from_rows(rows)
        self._stored.note(found.values())
        return found

    def save_annotations(self, annotated: Iterable[AnnotatedArticle]) -> None:
        """Cache annotations (with their articles), replacing any by the same annotator."""
        changed = self._stored.changed(annotated)
        rows = [(item.article, item.annotator, annotation_json(item)) for item in changed]
        with self._transaction("save annotations"):
            self._write_annotations(rows)
        self._stored.note(changed)

    # -- analysis results -----------------------------------------------------------------

    def save_analysis(self, analysis: Analysis) -> None:
        """Store articles, annotations, entities, stories and their results in one transaction.

        Entities and stories replace the stored ones with the same id; the findings, timeline,
        summaries and facts of every story the analysis covers replace the stored ones.
        """
        changed = self._stored.changed(analysis.articles)
        annotations = [(a.article, a.annotator, annotation_json(a)) for a in changed]
        entities = [(e.id, e.name, e.type, to_json(to_record(e))) for e in analysis.entities]
        results = story_results(analysis)
        with self._transaction("save the analysis"):
            self._write_annotations(annotations)
            saved_at = _now()
            self._connection.executemany(
                _UPSERT_ENTITY, [(*entity, saved_at) for entity in entities]
            )
            for story in analysis.stories:
                self._write_story(story, saved_at)
            for story_id, tables in results.items():
                self._write_story_results(story_id, tables)
        self._stored.note(changed)

    def load_analysis(self, annotator: str | None = None) -> Analysis:
        """Everything stored, with annotations by `annotator` (None: the latest saved).

        Results come story by story, in the order stories were first saved.
        """
        results = {table: tuple(self._load_story_results(table)) for table in STORY_RESULT_TYPES}
        return Analysis(
            articles=tuple(self._load_annotated(annotator)),
            entities=tuple(self.load_entities()),
            stories=tuple(self.load_stories()),
            **results,
        )

    def load_stories(self) -> list[Story]:
        """All stored stories, in the order they were first saved (oldest first)."""
        members = self._connection.execute(
            "SELECT story_id, article_id FROM story_articles ORDER BY story_id, position"
        )
        rows = self._connection.execute(
            "SELECT id, title, first_published, last_published, duplicates, family "
            "FROM stories ORDER BY rowid"
        )
        return stories_from_rows(rows, members, self.story_merges())

    def story_merges(self) -> dict[str, str]:
        """old story id -> id of the stored story it merged into, for every merge recorded."""
        rows = self._connection.execute("SELECT old_id, into_id FROM story_merges ORDER BY rowid")
        return {row["old_id"]: row["into_id"] for row in rows}

    def load_entities(self, ids: Iterable[str] | None = None) -> list[Entity]:
        """The stored entities (all, or those with these ids), in the order first saved."""
        if ids is None:
            rows = self._connection.execute("SELECT data FROM entities ORDER BY rowid")
        else:
            rows = self._connection.execute(
                "SELECT data FROM entities WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY rowid",
                (to_json(list(ids)),),
            )
        return [from_record(Entity, json.loads(row["data"])) for row in rows]

    def load_results(self, story_ids: Iterable[str]) -> Analysis:
        """The facts, timeline, findings and summaries stored for these stories (no articles,
        entities or stories), story by story in stored order."""
        wanted = to_json(list(story_ids))
        results = {}
        for table in STORY_RESULT_TYPES:
            rows = self._connection.execute(
                f"SELECT r.data FROM {table} r JOIN stories s ON s.id = r.story_id "
                "WHERE r.story_id IN (SELECT value FROM json_each(?)) ORDER BY s.rowid",
                (wanted,),
            )
            results[table] = tuple(
                item for row in rows for item in story_results_from_json(table, row["data"])
            )
        return Analysis(articles=(), **results)

    # -- search and housekeeping ----------------------------------------------------------

    def search(self, query: str, limit: int = 20, snippets: bool = True) -> list[tuple[str, str]]:
        """Full-text search of article titles and texts: (article id, snippet), best first.

        `query` may use FTS5 syntax (`"exact phrase"`, `OR`, `NOT`, `prefix*`, `title:word`);
        if it is not valid FTS5, its words are searched for as plain words instead. Control
        characters are dropped and long queries cut; a search stopped at its time limit raises
        `SearchTooSlow` (see `sqlite_search`). Matched words are marked with `SNIPPET_MARKS`;
        the snippets are empty when `snippets` is false.
        """
        if limit < 1:
            raise ValueError(f"search limit must be at least 1, not {limit}")
        return search_articles(self._connection, self.location, query, limit, snippets)

    def schema_version(self) -> int:
        """The schema version of the database."""
        return applied_version(self._connection)

    def watch_records(self) -> WatchRecords:
        """The tables of `newsprism watch`: sources, pages, alerts (store/watch_records.py)."""

        def execute(sql: str, params: Sequence[Any]) -> list[Any]:
            return self._connection.execute(sql, tuple(params)).fetchall()

        return WatchRecords(execute, self._transaction, self._reading)

    def embedding_records(self) -> EmbeddingRecords:
        """The sentence embedding cache (store/embedding_records.py)."""

        def execute(sql: str, params: Sequence[Any]) -> list[Any]:
            return self._connection.execute(sql, tuple(params)).fetchall()

        def execute_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
            self._connection.executemany(sql, rows)

        return EmbeddingRecords(execute, execute_many, self._transaction, self._reading)

    @contextmanager
    def _reading(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{self.location}: cannot {doing} ({error})") from error

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    # -- helpers --------------------------------------------------------------------------

    def _transaction(self, doing: str) -> AbstractContextManager[None]:
        return transaction(self._connection, self.location, doing)

    def _insert_article(self, article: Article) -> bool:
        cursor = self._connection.execute(_INSERT_ARTICLE, (*article_values(article), _now()))
        return cursor.rowcount == 1

    def _write_annotations(self, rows: list[tuple[Article, str, str]]) -> None:
        saved_at = _now()
        for article, annotator, data in rows:
            self._insert_article(article)
            self._connection.execute(_UPSERT_ANNOTATION, (article.id, annotator, data, saved_at))

    def _write_story(self, story: Story, saved_at: str) -> None:
        for old_id in story.merged_from:
            if old_id == story.id:
                continue
            self._connection.execute(_RECORD_MERGE, (old_id, story.id, saved_at))
            self._connection.execute(
                "UPDATE story_merges SET into_id = ? WHERE into_id = ?", (story.id, old_id)
            )
            self._connection.execute("DELETE FROM stories WHERE id = ?", (old_id,))
        self._connection.execute(_UPSERT_STORY, story_values(story, saved_at))
        self._connection.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
        self._connection.executemany(
            "INSERT INTO story_articles (story_id, article_id, position) VALUES (?, ?, ?)",
            [(story.id, article_id, i) for i, article_id in enumerate(story.article_ids)],
        )

    def _write_story_results(self, story_id: str, tables: dict[str, str]) -> None:
        for table, data in tables.items():
            self._connection.execute(
                f"INSERT INTO {table} (story_id, data) VALUES (?, ?) "
                "ON CONFLICT (story_id) DO UPDATE SET data = excluded.data",
                (story_id, data),
            )

    def _load_story_results(self, table: str) -> Iterator[Any]:
        rows = self._connection.execute(
            f"SELECT r.data FROM {table} r JOIN stories s ON s.id = r.story_id ORDER BY s.rowid"
        )
        for row in rows:
            yield from story_results_from_json(table, row["data"])

    def _load_annotated(self, annotator: str | None) -> Iterator[AnnotatedArticle]:
        rows = self._connection.execute(
            f"SELECT {_ARTICLE_SELECT}, n.data FROM annotations n "
            "JOIN articles a ON a.id = n.article_id WHERE ? IS NULL OR n.annotator = ? "
            "ORDER BY a.rowid, n.saved_at",
            (annotator, annotator),
        )
        latest = {row["id"]: row for row in rows}
        return (annotated_from_row(row) for row in latest.values())
