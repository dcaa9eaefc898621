"""The PostgreSQL schema, its migrations, and write transactions on a shared server.

The tables are the SQLite ones: migrations 1, 3, 4, 5 and 7 run the very statements of
`migrations.CORE_TABLES`, `STORY_IDENTITY`, `STORY_FAMILIES`, `WATCHED_SOURCES` and
`STORY_EVENTS` (plain TEXT/INTEGER columns, JSON as TEXT, which both dialects read
alike); migration 6 (the embedding cache) is SQLite's with BYTEA for BLOB. What PostgreSQL
does its own way is added beside them, under the same version numbers, so `schema_version()` means
the same on both backends:

- insertion order: SQLite has `rowid`; here articles, entities, stories and story_merges get a
  `seq` identity column (an upsert keeps it, as an upsert keeps SQLite's rowid);
- full-text search (migration 2): instead of an FTS5 table kept by triggers, a generated
  `tsvector` column `words` (title weighted A, text D) with a GIN index, in a text search
  configuration that stems English, keeps stop words and drops accents (the `unaccent`
  extension);
- a `store_writes` sequence that every write transaction advances, so a reader (the web UI)
  can tell cheaply whether anything changed, as it does from a SQLite file's size and time.

Writers take one transaction-level advisory lock, so writes are serialised as SQLite's
BEGIN IMMEDIATE serialises them: no deadlocks between two team members' runs, and a
migration is applied once however many processes open a new database at the same time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from newsprism.errors import StoreError
from newsprism.store.migrations import (
    CORE_TABLES,
    EMBEDDING_CACHE,
    FOLLOWED_STORIES,
    FULL_TEXT_INDEX,
    LATEST_VERSION,
    STORY_EVENTS,
    STORY_FAMILIES,
    STORY_IDENTITY,
    WATCHED_SOURCES,
    Migration,
    refuse_newer_schema,
)

Connection = psycopg.Connection[Any]  # rows as tuples or dicts: the helpers do not read them

TEXT_SEARCH_CONFIG = "newsprism_text"
WRITE_LOCK = 0x6E657773  # the advisory lock key every newsprism writer takes ("news")


def _ordered(*tables: str) -> tuple[str, ...]:
    return tuple(
        f"ALTER TABLE {table} ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY"
        for table in tables
    )


PG_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        CORE_TABLES.version,
        CORE_TABLES.description + "; insertion order; a write counter",
        (
            *CORE_TABLES.statements,
            *_ordered("articles", "entities", "stories"),
            "CREATE SEQUENCE store_writes",
        ),
    ),
    Migration(
        FULL_TEXT_INDEX.version,
        "tsvector of article titles and texts (English stems, accents dropped), GIN-indexed",
        (
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            # Like FTS5's porter tokenizer: English stems, no stop words ("no comment" stays).
            f"CREATE TEXT SEARCH DICTIONARY {TEXT_SEARCH_CONFIG}_stem "
            "(TEMPLATE = snowball, Language = english)",
            f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = pg_catalog.english)",
            f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} ALTER MAPPING FOR asciiword, "
            "asciihword, hword_asciipart, hword, hword_part, word "
            f"WITH unaccent, {TEXT_SEARCH_CONFIG}_stem",
            "ALTER TABLE articles ADD COLUMN words tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', title), 'A') || "
            f"setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', text), 'D')) STORED",
            "CREATE INDEX articles_words ON articles USING GIN (words)",
        ),
    ),
    Migration(
        STORY_IDENTITY.version,
        STORY_IDENTITY.description,
        (*STORY_IDENTITY.statements, *_ordered("story_merges")),
    ),
    STORY_FAMILIES,
    WATCHED_SOURCES,
    Migration(  # migrations.EMBEDDING_CACHE, with BYTEA for SQLite's BLOB
        EMBEDDING_CACHE.version,
        EMBEDDING_CACHE.description,
        (
            """CREATE TABLE embeddings (
                model TEXT NOT NULL,
                text_hash TEXT NOT NULL,
                vector BYTEA NOT NULL,
                PRIMARY KEY (model, text_hash))""",
            FOLLOWED_STORIES,
        ),
    ),
    STORY_EVENTS,
)


@contextmanager
def store_errors(location: str, doing: str) -> Iterator[None]:
    """Report PostgreSQL errors in the block as StoreError naming the database and the job."""
    try:
        yield
    except psycopg.Error as error:
        raise StoreError(f"{location}: cannot {doing} ({error})") from error


@contextmanager
def write_transaction(connection: Connection, location: str, doing: str) -> Iterator[None]:
    """Run the block in one transaction holding the writers' lock; roll back if it fails."""
    with store_errors(location, doing), connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        yield


def applied_version(connection: Connection) -> int:
    """The highest migration recorded in the database; 0 for a new, empty database."""
    with connection.cursor(row_factory=tuple_row) as cursor:
        exists = cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'schema_migrations')"
        ).fetchone()
        if exists is None or not exists[0]:
            return 0
        row = cursor.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return 0 if row is None else int(row[0])


def applied_versions(connection: Connection) -> set[int]:
    """The versions of the migrations recorded in the database (none for a new one)."""
    if applied_version(connection) == 0:
        return set()
    with connection.cursor(row_factory=tuple_row) as cursor:
        return {int(row[0]) for row in cursor.execute("SELECT version FROM schema_migrations")}


def migrate_postgres(connection: Connection, location: str, target: int = LATEST_VERSION) -> int:
    """Apply the migrations after the database's version up to `target`; the version reached."""
    with store_errors(location, "read the schema version"):
        found = applied_version(connection)
        recorded = applied_versions(connection)
    refuse_newer_schema(found, location)
    # Only a database that needs a migration waits for the writers' lock: opening an
    # up-to-date one (every web page does) never waits for a team member's long save.
    # Recorded or not, not "below the highest": see migrations._apply_once.
    for migration in PG_MIGRATIONS:
        if migration.version not in recorded and migration.version <= target:
            _apply_once(connection, location, migration)
    with store_errors(location, "read the schema version"):
        return applied_version(connection)


@contextmanager
def _session_write_lock(connection: Connection, location: str) -> Iterator[None]:
    """Hold the writers' lock from before a transaction begins until after it ends.

    A backend refreshes its catalog caches when a transaction begins, not when a lock it waited
    for inside one is granted: a migration that waited inside its transaction could still see
    the tables the process it waited for has just created as missing.
    """
    with store_errors(location, "wait for other writers"):
        connection.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
    try:
        yield
    finally:
        with store_errors(location, "release the writers' lock"):
            connection.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))


def _apply_once(connection: Connection, location: str, migration: Migration) -> None:
    doing = f"apply migration {migration.version} ({migration.description})"
    with (
        _session_write_lock(connection, location),
        write_transaction(connection, location, doing),
    ):
        # Read again under the lock: another process may have applied it meanwhile.
        if migration.version in applied_versions(connection):
            return
        for statement in migration.statements:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (%s, %s)",
            (migration.version, datetime.now(UTC).isoformat()),
        )
