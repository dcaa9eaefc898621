"""Annotation in `mapPartitions`, cached as Parquet keyed by (article id, annotator version).

Each Python worker loads the spaCy pipeline once (`load_pipeline` keeps it per process; it is
never pickled or broadcast) and runs the library's `annotate_each` over its partition. New
annotations are appended to `OUT/annotations/annotator=VERSION/` round by round, so a rerun
(or a run after an aborted job) annotates only what no finished round stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsprism.annotate.pipeline import annotate_each
from newsprism.api import annotates_alike
from newsprism.model import AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings
from newsprism.store.codec import from_record, to_record
from newsprism.store.records import annotation_json, to_json

COLUMNS = ("id", "article", "data")
ROUND_ARTICLES = 2_000  # articles annotated, then stored, per round


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


def annotate_partition(
    articles: Iterable[Article], settings: Settings
) -> Iterator[AnnotatedArticle | InputProblem]:
    """The library's annotation of one partition, in one process (an article that fails is
    its InputProblem; the others go on)."""
    yield from annotate_each(articles, replace(settings, n_process=1))


def reuse_cached(current: Article, cached: tuple[str, str] | None) -> AnnotatedArticle | Article:
    """The cached annotation when it holds for `current` (same text and date), else the
    article itself, still to annotate."""
    if cached is None:
        return current
    found = annotated_from_row(*cached)
    if found is None or not annotates_alike(found.article, current):
        return current
    return replace(found, article=current)


def cache_folder(out: Path, annotator: str) -> Path:
    return out / "annotations" / f"annotator={annotator}"


def load_cached(spark: Any, out: Path, annotator: str) -> Any:
    """RDD of (article id, (article JSON, annotation JSON)) stored by this annotator, or None."""
    folder = cache_folder(out, annotator)
    if not folder.exists() or not any(folder.glob("*.parquet")):
        return None
    frame = spark.read.parquet(str(folder)).select(*COLUMNS).dropDuplicates(["id"])
    return frame.rdd.map(lambda row: (row["id"], (row["article"], row["data"])))


def store_round(spark: Any, annotated: Any, out: Path, annotator: str) -> None:
    """Append one round's annotations to the cache."""
    rows = annotated.filter(lambda a: isinstance(a, AnnotatedArticle)).map(annotation_row)
    frame = spark.createDataFrame(rows, schema="id string, article string, data string")
    frame.write.mode("append").parquet(str(cache_folder(out, annotator)))
