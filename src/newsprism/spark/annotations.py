"""Reading, exact duplicates and annotation of a partition, and the annotation cache.

The read items (and the cached annotations, when a cache exists) arrive grouped by article
id; each partition drops the exact duplicates as `analyze`'s ingest does, reuses the cached
annotations that still hold, and annotates the rest with the library's `annotate_each` in the
same Python worker (which has the spaCy pipeline loaded, `newsprism.spark.daemon`; it is
never pickled or broadcast). New annotations are written by the task itself, every
ROUND_ARTICLES, as Parquet files under `OUT/annotations/annotator=VERSION/` (id, article,
data), so the annotations never travel through the JVM to be stored, and a rerun (or a run
after an aborted job) annotates only what no finished round stored.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsprism.annotate.pipeline import annotate_each
from newsprism.api import annotates_alike
from newsprism.model import AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings
from newsprism.spark.inputs import Item, distinct_articles
from newsprism.store.codec import from_record, to_record
from newsprism.store.records import annotation_json, to_json

COLUMNS = ("id", "article", "data")
ROUND_ARTICLES = 200  # articles annotated, then stored, per file a task writes

UNPLACED = (2**31, 0)  # the order of a problem found after reading (sorted after those read)
Record = tuple[str, Any, Any]
"""("article", annotated, annotated now?) or ("problem", (file, position), InputProblem)."""


def annotation_row(annotated: AnnotatedArticle) -> tuple[str, str, str]:
    """(article id, the article as JSON, the annotation as JSON): one cache row."""
    return annotated.article.id, to_json(to_record(annotated.article)), annotation_json(annotated)


def annotated_from_row(article: str, data: str) -> AnnotatedArticle | None:
    """The AnnotatedArticle of a cache row; None when it no longer fits the data model."""
    try:
        record = json.loads(data)
        record["article"] = json.loads(article)
        return from_record(AnnotatedArticle, record)
    except ValueError:
        return None


def reuse_cached(current: Article, cached: tuple[str, str] | None) -> AnnotatedArticle | Article:
    """The cached annotation when it holds for `current` (same text and date), else the
    article itself, still to annotate."""
    if cached is None:
        return current
    found = annotated_from_row(*cached)
    if found is None or not annotates_alike(found.article, current):
        return current
    return replace(found, article=current)


def annotate_partition(
    groups: Iterable[tuple[Any, Any]], settings: Settings, folder: str
) -> Iterator[Record]:
    """The records of one partition of read items grouped by key (with the cached rows of
    the same id when a cache is joined): problems, reused and new annotations. An article the
    annotator fails on is its InputProblem; the others go on."""
    todo: list[Article] = []
    for _, value in groups:
        items, cached = value if isinstance(value, tuple) else (value, ())
        cached_row = next(iter(cached), None)
        read = [item for item in items if isinstance(item[2], Article)]
        for number, position, problem in (item for item in items if item not in read):
            yield "problem", (number, position), problem
        for number, position, item in distinct_articles(read):
            if isinstance(item, InputProblem):
                yield "problem", (number, position), item
                continue
            found = reuse_cached(item, cached_row)
            if isinstance(found, AnnotatedArticle):
                yield "article", found, False
            else:
                todo.append(found)
    made: list[AnnotatedArticle] = []
    for result in annotate_each(todo, replace(settings, n_process=1)):
        if isinstance(result, InputProblem):
            yield "problem", UNPLACED, result
            continue
        made.append(result)
        yield "article", result, True
        if len(made) >= ROUND_ARTICLES:
            store_round(made, folder)
            made = []
    store_round(made, folder)


def store_round(annotated: Sequence[AnnotatedArticle], folder: str) -> None:
    """Write one round of annotations as a new Parquet file of the cache (written under a
    hidden name, then renamed, so readers see whole files only)."""
    if not annotated:
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [annotation_row(a) for a in annotated]
    table = pa.table({name: [row[n] for row in rows] for n, name in enumerate(COLUMNS)})
    os.makedirs(folder, exist_ok=True)
    name = f"part-{uuid.uuid4().hex}.parquet"
    hidden = os.path.join(folder, f".{name}")
    pq.write_table(table, hidden, compression="zstd")
    os.replace(hidden, os.path.join(folder, name))


def cache_folder(out: Path, annotator: str) -> Path:
    return out / "annotations" / f"annotator={annotator}"


def load_cached(spark: Any, out: Path, annotator: str) -> Any:
    """RDD of (("a", article id), (article JSON, annotation JSON)) stored by this annotator
    (keyed as `item_key` keys the articles read), or None."""
    folder = cache_folder(out, annotator)
    if not folder.exists() or not any(folder.glob("*.parquet")):
        return None
    frame = spark.read.parquet(str(folder)).select(*COLUMNS).dropDuplicates(["id"])
    return frame.rdd.map(lambda row: (("a", row["id"]), (row["article"], row["data"])))


def item_key(item: Item) -> tuple[str, str] | tuple[str, int, int]:
    """("a", an article's id) or ("p", a problem's file, its position): keys no two items
    share unless they are read under one article id, and which sort (a grouping that spills
    to disk sorts its keys)."""
    number, position, found = item
    return ("a", found.id) if isinstance(found, Article) else ("p", number, position)
