"""What the job keeps of each article after annotating it, and what the driver collects.

An article's record carries what the linkage stages need (its day, features, MinHash values)
beside its annotation pickled once into bytes: the stages that only count features or pair
articles never unpickle the annotation, which is read again only by the task that links the
article's component.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

from newsprism.model import AnnotatedArticle, InputProblem
from newsprism.spark.candidates import article_features, band_values

ArticleRecord = tuple[str, str, int | None, bool, dict[str, float], list[int] | None, bytes]
"""("article", id, day (proleptic ordinal or None), annotated now?, features, MinHash values,
the pickled AnnotatedArticle)."""
ProblemRecord = tuple[str, tuple[int, int], InputProblem]
"""("problem", (file number, position), the problem)."""


def article_record(record: tuple[str, Any, Any]) -> ArticleRecord | ProblemRecord:
    """The record of an annotation record (`annotations.Record`); problems pass."""
    kind, found, fresh = record
    if kind != "article":
        return record  # type: ignore[return-value]
    annotated: AnnotatedArticle = found
    return (
        "article",
        annotated.article.id,
        ordinal(annotated),
        bool(fresh),
        article_features(annotated),
        band_values(annotated.article.text),
        pickle.dumps(annotated, protocol=pickle.HIGHEST_PROTOCOL),
    )


def ordinal(annotated: AnnotatedArticle) -> int | None:
    published = annotated.article.published
    return published.toordinal() if published is not None else None


def annotation(record: ArticleRecord) -> AnnotatedArticle:
    found: AnnotatedArticle = pickle.loads(record[6])
    return found


def summary_pairs(record: ArticleRecord | ProblemRecord) -> Iterator[tuple[Any, Any]]:
    """What the driver learns of a record in the job that counts document frequencies:
    ((\"f\", feature), 1) per feature of an article, ((\"a\", id), (day, annotated now?)) per
    article, ((\"p\", position, source, reason), problem) per problem."""
    if record[0] == "problem":
        _, order, problem = record  # type: ignore[misc]
        yield ("p", order, problem.source, problem.reason), problem
        return
    _, article, day, fresh, features, _, _ = record  # type: ignore[misc]
    yield ("a", article), (day, fresh)
    for feature in features:
        yield ("f", feature), 1


def merge(first: Any, second: Any) -> Any:
    """Document frequencies add up; an article or problem met twice is one."""
    return first + second if isinstance(first, int) else first


def wanted(pair: tuple[Any, Any]) -> bool:
    """Kept for the driver: articles, problems, and features held by two articles or more."""
    key, value = pair
    return key[0] != "f" or value >= 2
