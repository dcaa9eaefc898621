"""The write statements of `PostgresStore`, run inside its transactions.

The same upserts as SQLiteStore's, in PostgreSQL's placeholder style: an article already
stored is left alone; annotations, entities, stories and story results are replaced by key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsprism.model import Article, Story
from newsprism.store.postgres_schema import Connection
from newsprism.store.records import ARTICLE_COLUMNS, article_values, story_values

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at) "
    f"VALUES ({', '.join('%s' for _ in ARTICLE_COLUMNS)}, %s) ON CONFLICT (id) DO NOTHING"
)
_UPSERT_ANNOTATION = (
    "INSERT INTO annotations (article_id, annotator, data, saved_at) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (article_id, annotator) DO UPDATE SET data = excluded.data, "
    "saved_at = excluded.saved_at"
)
_UPSERT_ENTITY = (
    "INSERT INTO entities (id, name, type, data, saved_at) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, "
    "data = excluded.data, saved_at = excluded.saved_at"
)
_UPSERT_STORY = (
    "INSERT INTO stories (id, title, first_published, last_published, duplicates, family, "
    "saved_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
    "title = excluded.title, first_published = excluded.first_published, "
    "last_published = excluded.last_published, duplicates = excluded.duplicates, "
    "family = excluded.family, saved_at = excluded.saved_at"
)
_RECORD_MERGE = (
    "INSERT INTO story_merges (old_id, into_id, merged_at) VALUES (%s, %s, %s) "
    "ON CONFLICT (old_id) DO UPDATE SET into_id = excluded.into_id"
)


def insert_article(connection: Connection, article: Article) -> bool:
    """Store `article` unless its id is stored; True if it was new."""
    cursor = connection.execute(_INSERT_ARTICLE, (*article_values(article), now()))
    return cursor.rowcount == 1


def write_annotations(connection: Connection, rows: list[tuple[Article, str, str]]) -> None:
    """Store (article, annotator, JSON annotation) rows, with their articles if new."""
    saved_at = now()
    for article, annotator, data in rows:
        insert_article(connection, article)
        connection.execute(_UPSERT_ANNOTATION, (article.id, annotator, data, saved_at))


def write_story(connection: Connection, story: Story, saved_at: str) -> None:
    """Store `story` and its members; the stories it merged give way, their ids pointing to it."""
    for old_id in story.merged_from:
        if old_id == story.id:
            continue
        connection.execute(_RECORD_MERGE, (old_id, story.id, saved_at))
        connection.execute(
            "UPDATE story_merges SET into_id = %s WHERE into_id = %s", (story.id, old_id)
        )
        connection.execute("DELETE FROM stories WHERE id = %s", (old_id,))
    connection.execute(_UPSERT_STORY, story_values(story, saved_at))
    connection.execute("DELETE FROM story_articles WHERE story_id = %s", (story.id,))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO story_articles (story_id, article_id, position) VALUES (%s, %s, %s)",
            [(story.id, article_id, i) for i, article_id in enumerate(story.article_ids)],
        )


def write_story_results(connection: Connection, story_id: str, tables: dict[str, str]) -> None:
    """Replace the story's results: results table -> JSON list (a fixed table name)."""
    for table, data in tables.items():
        connection.execute(
            f"INSERT INTO {table} (story_id, data) VALUES (%s, %s) "
            "ON CONFLICT (story_id) DO UPDATE SET data = excluded.data",
            (story_id, data),
        )


def upsert_entities(
    connection: Connection, entities: list[tuple[str, str, str, str]], saved_at: str
) -> None:
    """Store (id, name, type, JSON record) entities, replacing those with the same id."""
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT_ENTITY, [(*entity, saved_at) for entity in entities])


def now() -> str:
    """The current time in UTC as ISO text, as every saved_at / added_at column holds it."""
    return datetime.now(UTC).isoformat()
