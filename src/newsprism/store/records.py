"""How model objects map to table rows and JSON columns, independent of the database engine."""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    Event,
    Fact,
    Finding,
    Story,
    Summary,
    TimelineEntry,
)
from newsprism.store.codec import from_record, to_record

ARTICLE_COLUMNS = ("id", "title", "text", "published", "outlet", "url", "source_path")
DECODED_ANNOTATIONS = 256  # annotations kept decoded (about 0.25 MB each: 64 MB at most)

# Per-story results of an analysis: table (== Analysis field) -> the dataclass stored in it.
STORY_RESULT_TYPES: dict[str, type[Any]] = {
    "facts": Fact,
    "timeline": TimelineEntry,
    "findings": Finding,
    "summaries": Summary,
    "events": Event,  # schema 7
}


def to_json(value: Any) -> str:
    """Compact JSON text, non-ASCII kept as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_values(article: Article) -> tuple[Any, ...]:
    """The values of `ARTICLE_COLUMNS` for `article`."""
    record = to_record(article)
    return tuple(record[column] for column in ARTICLE_COLUMNS)


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The Article stored in a row that has the `ARTICLE_COLUMNS`."""
    return from_record(Article, {column: row[column] for column in ARTICLE_COLUMNS})


def annotation_json(annotated: AnnotatedArticle) -> str:
    """What the annotate stage found in an article, as JSON without the article itself."""
    record = to_record(annotated)
    del record["article"]
    return to_json(record)


def annotated_from_row(row: Mapping[str, Any]) -> AnnotatedArticle:
    """The AnnotatedArticle of a row holding the `ARTICLE_COLUMNS` and the annotation `data`."""
    return _decoded(tuple(row[column] for column in ARTICLE_COLUMNS), row["data"])


@lru_cache(maxsize=DECODED_ANNOTATIONS)
def _decoded(article: tuple[Any, ...], data: str) -> AnnotatedArticle:
    """The annotation stored as `data` of the article whose column values are `article`.
    Memoised by the stored values themselves (the model is immutable): a watched story's
    members are read back on every pass that grows it, and decoding is most of the cost."""
    record = json.loads(data)
    record["article"] = dict(zip(ARTICLE_COLUMNS, article, strict=True))
    return from_record(AnnotatedArticle, record)


class StoredAnnotations:
    """The annotation objects a store has read or written, by article and annotator. The model
    is immutable, so an analysis that hands back what one of these holds, the very objects,
    hands back what is stored, and it need not be encoded and written again (a watched
    story's members are read and saved on every pass that grows it; encoding them was a tenth
    of such a pass). Held weakly: it keeps nothing alive."""

    def __init__(self) -> None:
        self._objects: weakref.WeakValueDictionary[tuple[str, str], AnnotatedArticle] = (
            weakref.WeakValueDictionary()
        )

    def note(self, annotated: Iterable[AnnotatedArticle]) -> None:
        for item in annotated:
            self._objects[key_of(item)] = item

    def changed(self, annotated: Iterable[AnnotatedArticle]) -> list[AnnotatedArticle]:
        """Those of `annotated` that differ from the ones read or written last in what is
        stored: the article's columns, or any other field not the very same object (an
        analysis copies an annotation to set what is not stored, such as an inferred date)."""
        return [a for a in annotated if not _stored_alike(a, self._objects.get(key_of(a)))]


def key_of(annotated: AnnotatedArticle) -> tuple[str, str]:
    return (annotated.article.id, annotated.annotator)


def _stored_alike(item: AnnotatedArticle, stored: AnnotatedArticle | None) -> bool:
    if stored is None:
        return False
    if item is stored:
        return True
    same_fields = all(getattr(item, name) is getattr(stored, name) for name in ANNOTATION_FIELDS)
    return same_fields and all(
        getattr(item.article, column) == getattr(stored.article, column)
        for column in ARTICLE_COLUMNS
    )


ANNOTATION_FIELDS = tuple(
    f.name for f in dataclasses.fields(AnnotatedArticle) if f.name != "article"
)  # what the annotation JSON holds


def annotations_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, AnnotatedArticle]:
    """Article id -> annotation of each row; one that no longer fits the data model (or whose
    JSON does not parse) is left out, so it is made again."""
    found = {}
    for row in rows:
        try:
            found[row["id"]] = annotated_from_row(row)
        except ValueError:  # RecordError, or JSON that does not parse
            continue
    return found


def story_values(story: Story, saved_at: str) -> tuple[Any, ...]:
    """The values of a stories row: id, title, first and last published, duplicates (JSON),
    family, saved_at."""
    record = to_record(story)
    return (
        story.id,
        story.title,
        record["first_published"],
        record["last_published"],
        to_json(record["duplicates"]),
        story.family,
        saved_at,
    )


def story_results(analysis: Analysis) -> dict[str, dict[str, str]]:
    """For each story the analysis covers: table -> JSON list of its results (maybe empty).

    A story is covered if it is in `analysis.stories` or any result names it, so saving an
    analysis replaces all earlier results of its stories.
    """
    story_ids = [story.id for story in analysis.stories] + [
        item.story_id for table in STORY_RESULT_TYPES for item in getattr(analysis, table)
    ]
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {
        story_id: {table: [] for table in STORY_RESULT_TYPES}
        for story_id in dict.fromkeys(story_ids)
    }
    for table in STORY_RESULT_TYPES:
        for item in getattr(analysis, table):
            grouped[item.story_id][table].append(to_record(item))
    return {
        story_id: {table: to_json(records) for table, records in tables.items()}
        for story_id, tables in grouped.items()
    }


def story_results_from_json(table: str, data: str) -> list[Any]:
    """The result objects stored as JSON `data` in results table `table`."""
    cls = STORY_RESULT_TYPES[table]
    return [from_record(cls, record) for record in json.loads(data)]


def stories_from_rows(
    story_rows: Iterable[Mapping[str, Any]],
    member_rows: Iterable[Mapping[str, Any]],
    merges: Mapping[str, str],
) -> list[Story]:
    """Stories from their rows (in stored order), their (story_id, article_id) rows in
    position order, and the merges recorded (old id -> id it merged into)."""
    members: dict[str, list[str]] = {}
    for row in member_rows:
        members.setdefault(row["story_id"], []).append(row["article_id"])
    merged_from: dict[str, list[str]] = {}
    for old_id, into_id in merges.items():
        merged_from.setdefault(into_id, []).append(old_id)
    return [
        from_record(
            Story,
            {
                **dict(row),
                "duplicates": json.loads(row["duplicates"]),
                "article_ids": members.get(row["id"], []),
                "merged_from": merged_from.get(row["id"], []),
            },
        )
        for row in story_rows
    ]
