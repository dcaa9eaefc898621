"""`run_spark`: the whole job, stage by stage, on a SparkSession (see the package docstring)."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsprism.annotate.nlp import annotator_version
from newsprism.link.similarity import TermStatistics
from newsprism.model import Analysis, AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings
from newsprism.spark.annotations import (
    ROUND_ARTICLES,
    annotate_partition,
    load_cached,
    reuse_cached,
    store_round,
)
from newsprism.spark.candidates import (
    article_features,
    band_keys,
    common_limit,
    copy_edges,
    feature_pairs,
    idf,
    is_candidate,
    postings,
)
from newsprism.spark.components import component_labels
from newsprism.spark.inputs import distinct_articles, input_files, read_one_file
from newsprism.spark.results import join_analyses
from newsprism.spark.stories import analyse_story, facts_model_of_run, link_component
from newsprism.spark.tables import write_tables
from newsprism.store import open_store

Progress = Callable[[str, int, int], None]
Notice = Callable[[InputProblem], None]


@dataclass
class SparkRun:
    """What a job did: counts, the problems (each input or story skipped, named), the
    Parquet tables written and the seconds each stage took."""

    articles: int = 0
    annotated_now: int = 0
    reused: int = 0
    components: int = 0
    largest_component: int = 0
    stories: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    analysis: Analysis | None = None


def run_spark(
    spark: Any,
    inputs: Sequence[str],
    settings: Settings,
    out: Path,
    db: str | None = None,
    keep_analysis: bool = False,
    progress: Progress | None = None,
    notice: Notice | None = None,
) -> SparkRun:
    """Read, annotate (reusing `out`'s Parquet cache), link and analyse `inputs` on `spark`;
    write the Parquet tables under `out`, load the results into the store at `db` when given,
    and keep the joined Analysis in the result when `keep_analysis` (for `--json`)."""
    report = progress or (lambda stage, done, total: None)
    run = SparkRun()
    clock = Clock(run)
    sc = spark.sparkContext
    if db is not None:
        open_store(db).close()  # created (migrated) once, before executors read it

    def tell(problems: Sequence[InputProblem]) -> None:
        run.problems.extend(problems)
        for problem in problems:
            if notice is not None:
                notice(problem)

    files, problems = input_files(inputs)
    tell(problems)
    numbered = list(enumerate(files))
    items = sc.parallelize(numbered, max(1, len(numbered))).flatMap(
        lambda pair: read_one_file(pair[0], pair[1], settings)
    )
    kept = (
        items.filter(lambda i: isinstance(i[2], Article))
        .keyBy(lambda i: i[2].id)
        .groupByKey()
        .flatMap(lambda pair: distinct_articles(list(pair[1])))
        .persist()
    )
    notes = items.filter(lambda i: isinstance(i[2], InputProblem)).union(
        kept.filter(lambda i: isinstance(i[2], InputProblem))
    )
    tell([item for _, _, item in sorted(notes.collect(), key=lambda i: i[:2])])
    articles = kept.filter(lambda i: isinstance(i[2], Article)).map(lambda i: i[2])
    clock.lap("read")

    annotator = annotator_version(settings.model)
    annotated = annotate_all(spark, articles, settings, out, annotator, run, tell, report)
    kept.unpersist()
    clock.lap("annotate")

    days = dict(annotated.map(lambda a: (a.article.id, ordinal(a))).collect())
    features = annotated.map(lambda a: (a.article.id, article_features(a))).persist()
    terms = sc.broadcast(term_statistics(features, len(days)))
    edges = candidate_edges(sc, annotated, features, terms, days)
    labels = component_labels(spark, list(days), edges)
    if isinstance(labels, dict):
        component = sc.broadcast(labels)
        keyed = annotated.map(lambda a: (component.value[a.article.id], a))
    else:
        keyed = annotated.keyBy(lambda a: a.article.id).join(labels).map(lambda p: p[1][::-1])
    grouped = keyed.groupByKey()
    linked = grouped.map(
        lambda pair: link_component(list(pair[1]), settings, db, terms.value)
    ).persist()
    features.unpersist()
    outcomes = linked.map(
        lambda x: x if isinstance(x, InputProblem) else [(len(s[1]), s[2]) for s in x]
    ).collect()
    tell([x for x in outcomes if isinstance(x, InputProblem)])
    sizes = [sum(n for n, _ in x) for x in outcomes if not isinstance(x, InputProblem)]
    counts = [c for x in outcomes if not isinstance(x, InputProblem) for _, c in x]
    run.components, run.largest_component = len(sizes), max(sizes, default=0)
    run.stories = len(counts)
    stories = linked.filter(lambda x: not isinstance(x, InputProblem)).flatMap(lambda x: x)
    fixed = replace(settings, facts_model=facts_model_of_run(settings, counts))
    clock.lap("link")

    parts = (
        stories.repartition(max(1, min(run.stories, sc.defaultParallelism * 2)))
        .map(lambda s: analyse_story(s[0], s[1], fixed))
        .persist()
    )
    analyses = parts.filter(lambda x: isinstance(x, Analysis))
    write_tables(spark, analyses, out)
    tell(parts.filter(lambda x: isinstance(x, InputProblem)).collect())
    report("analyse", run.stories, run.stories)
    clock.lap("analyse")
    if db is not None or keep_analysis:
        joined = join_analyses(analyses.toLocalIterator(), run.problems)
        if db is not None:
            with open_store(db) as store:
                store.add_articles(a.article for a in joined.articles)
                store.save_analysis(joined)
        if keep_analysis:
            run.analysis = joined
        clock.lap("results")
    for cached in (annotated, linked, parts):
        cached.unpersist()
    return run


def annotate_all(
    spark: Any,
    articles: Any,
    settings: Settings,
    out: Path,
    annotator: str,
    run: SparkRun,
    tell: Callable[[Sequence[InputProblem]], None],
    report: Progress,
) -> Any:
    """RDD of the run's AnnotatedArticles: cached ones reused, the rest annotated in rounds of
    about ROUND_ARTICLES (by a hash of the id), each stored before the next starts."""
    sc = spark.sparkContext
    cached = load_cached(spark, out, annotator)
    keyed = articles.keyBy(lambda a: a.id)
    if cached is None:
        checked = keyed.map(lambda pair: pair[1])
    else:
        checked = keyed.leftOuterJoin(cached).map(lambda p: reuse_cached(p[1][0], p[1][1]))
    checked = checked.persist()
    kinds = checked.map(lambda x: isinstance(x, AnnotatedArticle)).countByValue()
    run.reused, total = kinds.get(True, 0), kinds.get(False, 0)
    run.articles = run.reused + total
    report("read", run.articles, run.articles)
    todo = checked.filter(lambda x: isinstance(x, Article))
    rounds = [checked.filter(lambda x: isinstance(x, AnnotatedArticle))]
    count = -(-total // ROUND_ARTICLES)
    slices = max(1, min(total, sc.defaultParallelism * 2))
    for number in range(count):
        chosen = todo.filter(lambda a, n=number: zlib.crc32(a.id.encode()) % count == n)
        made = (
            chosen.repartition(slices)
            .mapPartitions(lambda part: annotate_partition(part, settings))
            .persist()
        )
        store_round(spark, made, out, annotator)
        found = made.map(lambda x: x if isinstance(x, InputProblem) else None).collect()
        tell([x for x in found if x is not None])
        run.annotated_now += sum(1 for x in found if x is None)
        rounds.append(made.filter(lambda x: isinstance(x, AnnotatedArticle)))
        report("annotate", run.annotated_now, total)
    return sc.union(rounds).persist()


def term_statistics(features: Any, documents: int) -> TermStatistics:
    """The run's document frequencies (features held by two articles or more), computed once."""
    frequency = (
        features.flatMap(lambda pair: ((f, 1) for f in pair[1]))
        .reduceByKey(lambda x, y: x + y)
        .filter(lambda pair: pair[1] >= 2)
        .collectAsMap()
    )
    return TermStatistics(documents, frequency)


def candidate_edges(
    sc: Any, annotated: Any, features: Any, terms: Any, days: dict[str, int | None]
) -> Any:
    """RDD of candidate pairs (a, b), a < b: similar within the date window, or copies.
    `features` are the articles' (id, features); `terms` the broadcast TermStatistics."""
    n = terms.value.documents
    limit = common_limit(n)
    frequency = terms.value.frequency
    idf_of = sc.broadcast({f: idf(c, n) for f, c in frequency.items()})
    common = sc.broadcast(frozenset(f for f, c in frequency.items() if c > limit))
    day_of = sc.broadcast(days)
    similar = (
        features.flatMap(lambda pair: postings(pair[0], pair[1], idf_of.value, common.value))
        .map(lambda posting: (posting[0], (posting[1], posting[2])))
        .groupByKey()
        .flatMap(lambda pair: feature_pairs(list(pair[1])))
        .reduceByKey(lambda x, y: x + y)
        .filter(lambda scored: is_candidate(scored[0], scored[1], day_of.value))
        .keys()
    )
    copies = (
        annotated.flatMap(lambda a: band_keys(a.article.id, a.article.text))
        .groupByKey()
        .flatMap(lambda pair: copy_edges(list(pair[1])))
    )
    return similar.union(copies)


def ordinal(annotated: AnnotatedArticle) -> int | None:
    published = annotated.article.published
    return published.toordinal() if published is not None else None


class Clock:
    """Seconds per stage, into the run's record."""

    def __init__(self, run: SparkRun) -> None:
        self.run = run
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.run.seconds[stage] = round(now - self.last, 2)
        self.last = now
