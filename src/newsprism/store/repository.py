"""The `Store` protocol every database backend implements, and `open_store` to pick one.

Callers (the CLI, `newsprism.analyze`, the web UI) use only `Store`, so a PostgreSQL backend
can be added later by implementing this protocol and teaching `open_store` its URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from newsprism.errors import StoreError
from newsprism.model import Analysis, AnnotatedArticle, Article, Entity, Story
from newsprism.store.sqlite import SQLiteStore

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


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

    def load_entities(self) -> list[Entity]:
        """All stored entities, in the order they were first saved."""
        ...

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search of article titles and texts: (article id, snippet), best first."""
        ...

    def schema_version(self) -> int:
        """The schema version of the database."""
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
    """The store at `location`: a SQLite file path (created and migrated as needed) or
    ":memory:"; a "postgresql://" URL is recognised but not supported yet."""
    text = str(location)
    scheme = _URL_SCHEME.match(text)
    if scheme is None:
        return SQLiteStore(text)
    # The URL may hold a password: never repeat it in a message.
    if scheme.group(1).lower() in {"postgresql", "postgres"}:
        raise StoreError(
            "the PostgreSQL backend is not available yet; give a SQLite file path instead"
        )
    raise StoreError(f"unsupported database URL scheme {scheme.group(1)!r}; give a file path")
