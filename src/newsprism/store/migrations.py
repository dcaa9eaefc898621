"""The SQLite schema as an ordered list of migrations, each applied once in a transaction.

`schema_migrations(version, applied_at)` records what has been applied. Opening a database
applies the missing migrations in order; a database written by a newer newsprism (a version
this code does not know) is refused rather than misread. Each migration is a tuple of SQL
statements (not one script) so that it can run inside an explicit transaction: Python's
`executescript` would commit on its own.

Column types are plain TEXT/INTEGER and JSON is stored as TEXT, so that the same layout can
be created on PostgreSQL later (with JSONB for the `data` columns).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.errors import StoreError
from newsprism.store.connection import transaction


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_STORY_RESULT_TABLES = ("findings", "timeline", "summaries", "facts")

CORE_TABLES = Migration(
    1,
    "articles, annotations, entities, stories and their results",
    (
        """CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL)""",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            outlet TEXT,
            url TEXT,
            source_path TEXT,
            added_at TEXT NOT NULL)""",
        """CREATE TABLE annotations (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            data TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator))""",
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            saved_at TEXT NOT NULL)""",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            first_published TEXT,
            last_published TEXT,
            saved_at TEXT NOT NULL)""",
        """CREATE TABLE story_articles (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (story_id, article_id))""",
        "CREATE INDEX story_articles_by_article ON story_articles(article_id)",
        *(
            f"""CREATE TABLE {table} (
                story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
                data TEXT NOT NULL)"""
            for table in _STORY_RESULT_TABLES
        ),
    ),
)

FULL_TEXT_INDEX = Migration(
    2,
    "FTS5 index of article titles and texts, kept in step by triggers, filled from articles",
    (
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            article_id UNINDEXED, title, text,
            tokenize = 'porter unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (article_id, title, text)
            VALUES (new.id, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE article_id = old.id;
        END""",
        "INSERT INTO articles_fts (article_id, title, text) SELECT id, title, text FROM articles",
    ),
)

STORY_IDENTITY = Migration(
    3,
    "stories keep their near-duplicates; merged story ids point to the story they joined",
    (
        "ALTER TABLE stories ADD COLUMN duplicates TEXT NOT NULL DEFAULT '[]'",
        """CREATE TABLE story_merges (
            old_id TEXT PRIMARY KEY,
            into_id TEXT NOT NULL,
            merged_at TEXT NOT NULL)""",
        "CREATE INDEX story_merges_by_target ON story_merges(into_id)",
    ),
)

STORY_FAMILIES = Migration(
    4,
    "stories keep their family (related stories that are not one event)",
    (
        "ALTER TABLE stories ADD COLUMN family TEXT",
        "CREATE INDEX stories_by_family ON stories(family)",
    ),
)

WATCHED_SOURCES = Migration(
    5,
    "watched sources and their state, the article pages they listed, alerts",
    (
        """CREATE TABLE watch_sources (
            url TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'unknown',
            title TEXT,
            etag TEXT,
            last_modified TEXT,
            next_due TEXT,
            last_checked TEXT,
            last_status INTEGER,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT)""",
        """CREATE TABLE watch_origins (
            origin TEXT PRIMARY KEY,
            robots TEXT,
            robots_fetched TEXT,
            not_before TEXT)""",
        """CREATE TABLE watch_items (
            url TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            article_id TEXT,
            entry TEXT NOT NULL DEFAULT '{}',
            error TEXT,
            seen_at TEXT NOT NULL)""",
        "CREATE INDEX watch_items_by_state ON watch_items(state)",
        """CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            story_id TEXT NOT NULL,
            created TEXT NOT NULL,
            data TEXT NOT NULL)""",
        "CREATE INDEX alerts_by_created ON alerts(created)",
        "CREATE INDEX alerts_by_story ON alerts(story_id, created)",
    ),
)

FOLLOWED_STORIES = """CREATE TABLE followed_stories (
    story_id TEXT PRIMARY KEY,
    followed_at TEXT NOT NULL)"""

EMBEDDING_CACHE = Migration(
    6,
    "sentence embeddings cached by model and text hash; the stories a user follows",
    (
        """CREATE TABLE embeddings (
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_hash)) WITHOUT ROWID""",
        FOLLOWED_STORIES,
    ),
)

STORY_EVENTS = Migration(
    7,
    "stories keep their coded events, merged across the articles that report them",
    (
        """CREATE TABLE events (
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            data TEXT NOT NULL)""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    CORE_TABLES,
    FULL_TEXT_INDEX,
    STORY_IDENTITY,
    STORY_FAMILIES,
    WATCHED_SOURCES,
    EMBEDDING_CACHE,
    STORY_EVENTS,
)
LATEST_VERSION = MIGRATIONS[-1].version


def applied_version(connection: sqlite3.Connection) -> int:
    """The highest migration recorded in the database; 0 for a new, empty database."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


def applied_versions(connection: sqlite3.Connection) -> set[int]:
    """The versions of the migrations recorded in the database (none for a new one)."""
    if applied_version(connection) == 0:
        return set()
    return {row[0] for row in connection.execute("SELECT version FROM schema_migrations")}


def refuse_newer_schema(version: int, location: str) -> None:
    """Raise StoreError if `version` is one this code does not know."""
    if version > LATEST_VERSION:
        raise StoreError(
            f"{location}: the database has schema version {version}, written by a newer "
            f"newsprism; this version knows schema versions up to {LATEST_VERSION}. "
            "Upgrade newsprism to open it."
        )


def migrate(connection: sqlite3.Connection, location: str, target: int = LATEST_VERSION) -> int:
    """Apply the migrations after the database's version up to `target`; the version reached."""
    refuse_newer_schema(applied_version(connection), location)
    for migration in MIGRATIONS:
        if migration.version <= target:
            _apply_once(connection, location, migration)
    return applied_version(connection)


def _apply_once(connection: sqlite3.Connection, location: str, migration: Migration) -> None:
    doing = f"apply migration {migration.version} ({migration.description})"
    with transaction(connection, location, doing):
        # Read again inside the write lock: another process may have applied it meanwhile.
        # Recorded or not, not "below the highest": a migration numbered before one already
        # applied (written on another branch at the same time) is still applied.
        if migration.version in applied_versions(connection):
            return
        for statement in migration.statements:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
            (migration.version, datetime.now(UTC).isoformat()),
        )
