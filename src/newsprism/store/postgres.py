"""`PostgresStore`: the `Store` protocol on a PostgreSQL database a team shares.

Same tables, records and semantics as `SQLiteStore` (see postgres_schema.py for the schema and
for how writers are serialised); every query is parameterised, the only names put into SQL
text being the fixed result tables of `records.STORY_RESULT_TYPES`. Each write method is one
transaction: it all lands or, on any error, nothing does. Readers of the whole analysis see
one consistent snapshot even while a team member's run is writing.

PostgreSQL text cannot hold the NUL character: it is stored as U+FFFD (same length, so spans
still point at the right characters). Needs psycopg 3: `pip install "newsprism[postgres]"`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import unquote

import psycopg
from psycopg.abc import Buffer
from psycopg.rows import dict_row
from psycopg.types.string import StrDumperUnknown

from newsprism.errors import StoreError
from newsprism.model import Analysis, AnnotatedArticle, Article, Entity, Story
from newsprism.store.codec import from_record, to_record
from newsprism.store.connection import ClosesOnExit
from newsprism.store.embedding_records import EmbeddingRecords
from newsprism.store.locations import redact_location
from newsprism.store.postgres_schema import (
    applied_version,
    migrate_postgres,
    store_errors,
    write_transaction,
)
from newsprism.store.postgres_search import search_articles
from newsprism.store.postgres_writes import (
    insert_article,
    now,
    upsert_entities,
    write_annotations,
    write_story,
    write_story_results,
)
from newsprism.store.records import (
    ARTICLE_COLUMNS,
    STORY_RESULT_TYPES,
    StoredAnnotations,
    annotated_from_row,
    annotation_json,
    annotations_from_rows,
    article_from_row,
    stories_from_rows,
    story_results,
    story_results_from_json,
    to_json,
)
from newsprism.store.watch_records import WatchRecords

_ARTICLE_SELECT = ", ".join(f"a.{column}" for column in ARTICLE_COLUMNS)
_PASSWORDS = re.compile(r"://[^/?#@:]*:([^/?#@]*)@|[?&]password=([^&#]*)", re.IGNORECASE)


class _NulFreeStrDumper(StrDumperUnknown):
    """Sends Python strings with NUL (which PostgreSQL text refuses) replaced by U+FFFD."""

    def dump(self, obj: str) -> Buffer | None:
        return super().dump(obj.replace("\x00", "\ufffd"))


def _hide_passwords(text: str, url: str) -> str:
    """`text` with every password written in `url` (as written and decoded) replaced by ***."""
    passwords = {match.group(1) or match.group(2) for match in _PASSWORDS.finditer(url)} - {""}
    passwords |= {unquote(found) for found in passwords}
    for password in sorted(passwords, key=len, reverse=True):
        text = text.replace(password, "***")
    return redact_location(text)


class PostgresStore(ClosesOnExit):
    """The store in the PostgreSQL database at `url` ("postgresql://user@host/db")."""

    def __init__(self, url: str) -> None:
        self.location = redact_location(url)  # shown in messages: never the password
        self._stored = StoredAnnotations()
        try:
            self._connection = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as error:  # libpq may quote the URL or the password: hide them
            reason = _hide_passwords(str(error).strip(), url)
            message = f"{self.location}: cannot connect to the database ({reason})"
            raise StoreError(message) from None
        self._connection.adapters.register_dumper(str, _NulFreeStrDumper)
        try:
            migrate_postgres(self._connection, self.location)
        except BaseException:
            self._connection.close()
            raise

    # -- articles -------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store the articles whose id is not stored yet; return those, in input order."""
        batch = list(articles)
        with self._transaction("add articles"):
            return [article for article in batch if insert_article(self._connection, article)]

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self._reading("read an article"):
            row = self._connection.execute(
                f"SELECT {_ARTICLE_SELECT} FROM articles a WHERE a.id = %s", (article_id,)
            ).fetchone()
        return None if row is None else article_from_row(row)

    def article_ids(self) -> set[str]:
        """The ids of all stored articles."""
        with self._reading("read article ids"):
            return {row["id"] for row in self._connection.execute("SELECT id FROM articles")}

    # -- annotations ----------------------------------------------------------------------

    def load_annotations(
        self, article_ids: Iterable[str], annotator: str
    ) -> dict[str, AnnotatedArticle]:
        """Cached annotations of these articles made by `annotator`, by article id.

        An annotation that no longer fits the data model is left out, so it is made again.
        """
        with self._reading("read annotations"):
            rows = self._connection.execute(
                f"SELECT {_ARTICLE_SELECT}, n.data FROM annotations n "
                "JOIN articles a ON a.id = n.article_id "
                "WHERE n.annotator = %s AND n.article_id = ANY(%s)",
                (annotator, list(article_ids)),
            ).fetchall()
        found = annotations_from_rows(rows)
        self._stored.note(found.values())
        return found

    def save_annotations(self, annotated: Iterable[AnnotatedArticle]) -> None:
        """Cache annotations (with their articles), replacing any by the same annotator."""
        changed = self._stored.changed(annotated)
        rows = [(item.article, item.annotator, annotation_json(item)) for item in changed]
        with self._transaction("save annotations"):
            write_annotations(self._connection, rows)
        self._stored.note(changed)

    # -- analysis results -----------------------------------------------------------------

    def save_analysis(self, analysis: Analysis) -> None:
        """Store articles, annotations, entities, stories and their results in one transaction,
        replacing entities, stories and the results of the stories covered (as SQLiteStore)."""
        changed = self._stored.changed(analysis.articles)
        annotations = [(a.article, a.annotator, annotation_json(a)) for a in changed]
        entities = [(e.id, e.name, e.type, to_json(to_record(e))) for e in analysis.entities]
        results = story_results(analysis)
        with self._transaction("save the analysis"):
            write_annotations(self._connection, annotations)
            saved_at = now()
            upsert_entities(self._connection, entities, saved_at)
            for story in analysis.stories:
                write_story(self._connection, story, saved_at)
            for story_id, tables in results.items():
                write_story_results(self._connection, story_id, tables)
        self._stored.note(changed)

    def load_analysis(self, annotator: str | None = None) -> Analysis:
        """Everything stored, with annotations by `annotator` (None: the latest saved), read
        in one snapshot. Results come story by story, in the order stories were first saved."""
        with self._reading("read the analysis"), self._connection.transaction():
            self._connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            results = {t: tuple(self._load_story_results(t)) for t in STORY_RESULT_TYPES}
            return Analysis(
                articles=tuple(self._load_annotated(annotator)),
                entities=tuple(self.load_entities()),
                stories=tuple(self.load_stories()),
                **results,
            )

    def load_stories(self) -> list[Story]:
        """All stored stories, in the order they were first saved (oldest first)."""
        with self._reading("read stories"):
            members = self._connection.execute(
                "SELECT story_id, article_id FROM story_articles ORDER BY story_id, position"
            ).fetchall()
            rows = self._connection.execute(
                "SELECT id, title, first_published, last_published, duplicates, family "
                "FROM stories ORDER BY seq"
            ).fetchall()
            return stories_from_rows(rows, members, self.story_merges())

    def story_merges(self) -> dict[str, str]:
        """old story id -> id of the stored story it merged into, for every merge recorded."""
        with self._reading("read story merges"):
            rows = self._connection.execute(
                "SELECT old_id, into_id FROM story_merges ORDER BY seq"
            ).fetchall()
        return {row["old_id"]: row["into_id"] for row in rows}

    def load_entities(self, ids: Iterable[str] | None = None) -> list[Entity]:
        """The stored entities (all, or those with these ids), in the order first saved."""
        with self._reading("read entities"):
            if ids is None:
                query = self._connection.execute("SELECT data FROM entities ORDER BY seq")
            else:
                query = self._connection.execute(
                    "SELECT data FROM entities WHERE id = ANY(%s) ORDER BY seq", (list(ids),)
                )
            rows = query.fetchall()
        return [from_record(Entity, json.loads(row["data"])) for row in rows]

    def load_results(self, story_ids: Iterable[str]) -> Analysis:
        """The facts, timeline, findings and summaries stored for these stories (no articles,
        entities or stories), story by story in stored order."""
        wanted = list(story_ids)
        results = {}
        with self._reading("read story results"):
            for table in STORY_RESULT_TYPES:
                rows = self._connection.execute(
                    f"SELECT r.data FROM {table} r JOIN stories s ON s.id = r.story_id "
                    "WHERE r.story_id = ANY(%s) ORDER BY s.seq",
                    (wanted,),
                ).fetchall()
                results[table] = tuple(
                    item for row in rows for item in story_results_from_json(table, row["data"])
                )
        return Analysis(articles=(), **results)

    # -- search and housekeeping ----------------------------------------------------------

    def search(self, query: str, limit: int = 20, snippets: bool = True) -> list[tuple[str, str]]:
        """Full-text search of article titles and texts: (article id, snippet), best first.

        `query` is read as web-search syntax (`"exact phrase"`, `OR`, `-word`), with FTS5's
        `NOT word` and `title:` / `text:` column filters understood too; no query is an error.
        Matched words are marked with `SNIPPET_MARKS` in the snippet; the snippets are empty
        when `snippets` is false.
        """
        if limit < 1:
            raise ValueError(f"search limit must be at least 1, not {limit}")
        if not query.strip():
            return []
        with self._reading(f"search for {query[:80]!r}"):
            return search_articles(self._connection, query, limit, snippets)

    def write_count(self) -> int:
        """How many write transactions the database has seen (by anyone): a change marker."""
        with self._reading("read the write counter"):
            row = self._connection.execute(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM store_writes"
            ).fetchone()
        return 0 if row is None else int(row["n"])

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._reading("read the schema version"):
            return applied_version(self._connection)

    def watch_records(self) -> WatchRecords:
        """The tables of `newsprism watch`: sources, pages, alerts (store/watch_records.py)."""

        def execute(sql: str, params: Sequence[Any]) -> list[Any]:
            cursor = self._connection.execute(sql.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description is not None else []

        return WatchRecords(execute, self._transaction, self._reading)

    def embedding_records(self) -> EmbeddingRecords:
        """The sentence embedding cache (store/embedding_records.py)."""

        def execute(sql: str, params: Sequence[Any]) -> list[Any]:
            cursor = self._connection.execute(sql.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description is not None else []

        def execute_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
            with self._connection.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)

        return EmbeddingRecords(execute, execute_many, self._transaction, self._reading)

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    # -- helpers --------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[None]:
        with write_transaction(self._connection, self.location, doing):
            self._connection.execute("SELECT nextval('store_writes')")
            yield

    def _reading(self, doing: str) -> AbstractContextManager[None]:
        return store_errors(self.location, doing)

    def _load_story_results(self, table: str) -> Iterator[Any]:
        rows = self._connection.execute(
            f"SELECT r.data FROM {table} r JOIN stories s ON s.id = r.story_id ORDER BY s.seq"
        ).fetchall()
        for row in rows:
            yield from story_results_from_json(table, row["data"])

    def _load_annotated(self, annotator: str | None) -> Iterator[AnnotatedArticle]:
        rows = self._connection.execute(
            f"SELECT {_ARTICLE_SELECT}, n.data FROM annotations n "
            "JOIN articles a ON a.id = n.article_id "
            "WHERE %s::text IS NULL OR n.annotator = %s ORDER BY a.seq, n.saved_at",
            (annotator, annotator),
        ).fetchall()
        latest = {row["id"]: row for row in rows}
        return (annotated_from_row(row) for row in latest.values())
