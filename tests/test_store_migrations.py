"""An old database is upgraded in place with its data kept; a newer one is refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from newsprism.errors import StoreError
from newsprism.model import Article
from newsprism.store import LATEST_VERSION, MIGRATIONS, migrate, open_store

OLD_ARTICLE = Article(
    "old1",
    "Palmyra falls to Islamic State",
    "Islamic State fighters took the ancient city of Palmyra in May 2015.",
    outlet="AFP",
)


def build_version_1_database(location: Path) -> None:
    """A database as the first release of the schema left it, holding one article."""
    with closing(sqlite3.connect(location, isolation_level=None)) as connection:
        assert migrate(connection, str(location), target=1) == 1
        connection.execute(
            "INSERT INTO articles (id, title, text, outlet, added_at) VALUES (?, ?, ?, ?, ?)",
            (OLD_ARTICLE.id, OLD_ARTICLE.title, OLD_ARTICLE.text, OLD_ARTICLE.outlet, "2016-01-01"),
        )


def test_migrations_are_numbered_in_order_from_one():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST_VERSION == len(MIGRATIONS) >= 2


def test_a_version_1_database_is_upgraded_with_its_articles_kept_and_indexed(tmp_path: Path):
    location = tmp_path / "old.db"
    build_version_1_database(location)

    with open_store(str(location)) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store.get_article("old1") == OLD_ARTICLE
        assert [article_id for article_id, _ in store.search("ancient city")] == ["old1"]

    with closing(sqlite3.connect(location)) as connection:
        applied = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
    assert applied == list(range(1, LATEST_VERSION + 1))


def test_articles_added_after_the_upgrade_are_indexed_too(tmp_path: Path):
    location = tmp_path / "old.db"
    build_version_1_database(location)
    with open_store(str(location)) as store:
        store.add_articles([Article("new1", "Palmyra retaken", "Russia bombed Palmyra again.")])
        assert {article_id for article_id, _ in store.search("Palmyra")} == {"old1", "new1"}


def test_opening_twice_applies_each_migration_once(tmp_path: Path):
    location = str(tmp_path / "newsprism.db")
    open_store(location).close()
    open_store(location).close()
    with closing(sqlite3.connect(location)) as connection:
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_a_database_from_a_newer_newsprism_is_refused_clearly(tmp_path: Path):
    location = tmp_path / "future.db"
    open_store(str(location)).close()
    with closing(sqlite3.connect(location, isolation_level=None)) as connection:
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
            (LATEST_VERSION + 5, "2030-01-01"),
        )

    with pytest.raises(StoreError, match="newer newsprism") as raised:
        open_store(str(location))
    assert f"schema version {LATEST_VERSION + 5}" in str(raised.value)
    assert "future.db" in str(raised.value)
