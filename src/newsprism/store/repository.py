"""The `Store` protocol every database backend implements, and `open_store` to pick one.

Callers (the CLI, `newsprism.analyze`, the web UI) use only `Store`: a file path opens a
`SQLiteStore`, a "postgresql://" URL a `PostgresStore` (store/postgres.py, which needs the
optional psycopg driver and is imported only when such a URL is given).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from newsprism.errors import StoreError
from newsprism.model import Analysis, AnnotatedArticle, Article, Entity, Story
from newsprism.store.embedding_records import EmbeddingRecords
from newsprism.store.locations import POSTGRES_SCHEMES, redact_location, url_scheme
from newsprism.store.sqlite import SQLiteStore
from newsprism.store.watch_records import WatchRecords


class Store(Protocol):
    """Where newsprism keeps articles, cached annotations and analysis results."""

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store the articles whose id is not stored yet; return those, in input order."""
        ...

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        ...

    def article_ids(self) -> set[str]:
        """The ids of all stored articles."""
        ...

    def load_annotations(
        self, article_ids: Iterable[str], annotator: str
    ) -> dict[str, AnnotatedArticle]:
        """Cached annotations of these articles made by `annotator`, by article id."""
        ...

    def save_annotations(self, annotated: Iterable[AnnotatedArticle]) -> None:
        """Cache annotations (with their articles), replacing any by the same annotator."""
        ...

    def save_analysis(self, analysis: Analysis) -> None:
        """Store everything in `analysis` in one transaction, replacing results by id."""
        ...

    def load_analysis(self, annotator: str | None = None) -> Analysis:
        """Everything stored, with annotations by `annotator` (None: the latest saved)."""
        ...

    def load_stories(self) -> list[Story]:
        """All stored stories, in the order they were first saved."""
        ...

    def story_merges(self) -> dict[str, str]:
        """old story id -> id of the stored story it merged into."""
        ...

    def load_entities(self, ids: Iterable[str] | None = None) -> list[Entity]:
        """The stored entities (all, or those with these ids), in the order first saved."""
        ...

    def load_results(self, story_ids: Iterable[str]) -> Analysis:
        """The facts, timeline, findings and summaries stored for these stories."""
        ...

    def search(self, query: str, limit: int = 20, snippets: bool = True) -> list[tuple[str, str]]:
        """Full-text search of article titles and texts: (article id, snippet), best first;
        the snippets are empty when not asked for (finding related articles needs none)."""
        ...

    def schema_version(self) -> int:
        """The schema version of the database."""
        ...

    def watch_records(self) -> WatchRecords:
        """The tables of `newsprism watch`: watched sources, their pages, alerts."""
        ...

    def embedding_records(self) -> EmbeddingRecords:
        """The sentence embedding cache: (model id, text hash) -> vector bytes."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


def open_store(location: str | Path) -> Store:
    """The store at `location`: a SQLite file path (created and migrated as needed),
    ":memory:", or a PostgreSQL URL ("postgresql://user@host/db", also "postgres://")."""
    text = str(location)
    scheme = url_scheme(text)
    if scheme is None:
        return SQLiteStore(text)
    # The URL may hold a password: never repeat it in a message.
    if scheme.lower() in POSTGRES_SCHEMES:
        try:
            from newsprism.store.postgres import PostgresStore
        except ModuleNotFoundError as error:
            if error.name != "psycopg":
                raise
            raise StoreError(
                f"{redact_location(text)}: PostgreSQL needs the psycopg driver; "
                'install it with: pip install "newsprism[postgres]"'
            ) from error
        return PostgresStore(text)
    raise StoreError(f"unsupported database URL scheme {scheme!r}; give a file path")
