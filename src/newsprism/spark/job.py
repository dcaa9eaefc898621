"""`run_spark`: the whole job, stage by stage, on a SparkSession (see the package docstring)."""

from __future__ import annotations

import heapq
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.annotate.nlp import annotator_version
from newsprism.link.similarity import TermStatistics
from newsprism.model import Analysis, InputProblem
from newsprism.settings import Settings
from newsprism.spark.annotations import (
    annotate_partition,
    cache_folder,
    item_key,
    load_cached,
)
from newsprism.spark.candidates import (
    COPY,
    Pair,
    band_keys,
    common_limit,
    copy_edges,
    feature_pairs,
    idf,
    is_candidate,
    postings,
)
from newsprism.spark.components import component_labels
from newsprism.spark.inputs import input_files, read_one_file
from newsprism.spark.records import article_record, merge, summary_pairs, wanted
from newsprism.spark.results import join_analyses
from newsprism.spark.session import partitions
from newsprism.spark.stories import LinkedStory, analyse_story, link_component
from newsprism.spark.tables import tables_folder, write_part
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
    shuffle = partitions(spark)
    if db is not None:
        open_store(db).close()  # created (migrated) once, before executors read it

    def tell(problems: Sequence[InputProblem]) -> None:
        run.problems.extend(problems)
        for problem in problems:
            if notice is not None:
                notice(problem)

    files, problems = input_files(inputs)
    tell(problems)
    annotator = worker_annotator(sc, settings.model)
    records = annotated_records(spark, files, settings, out, annotator).map(article_record)
    records = records.persist()
    summary = records.flatMap(summary_pairs).reduceByKey(merge, shuffle).filter(wanted).collect()
    found = sorted((row for row in summary if row[0][0] == "p"), key=lambda row: row[0][1])
    tell([problem for _, problem in found])
    days = {key[1]: value[0] for key, value in summary if key[0] == "a"}
    run.annotated_now = sum(1 for key, value in summary if key[0] == "a" and value[1])
    run.articles = len(days)
    run.reused = run.articles - run.annotated_now
    frequency = {key[1]: value for key, value in summary if key[0] == "f"}
    terms = sc.broadcast(TermStatistics(len(days), frequency))
    report("annotate", run.annotated_now, run.annotated_now)
    clock.lap("annotate")

    articles = records.filter(lambda r: r[0] == "article").coalesce(shuffle)
    edges = candidate_edges(sc, articles, terms, days, shuffle)
    labels = component_labels(spark, list(days), edges)
    blobs = articles.map(lambda r: (r[1], r[6]))
    if isinstance(labels, dict):
        component = sc.broadcast(labels)
        keyed = blobs.map(lambda pair: (component.value[pair[0]], pair[1]))
    else:
        keyed = blobs.join(labels).map(lambda p: p[1][::-1])
    linked = (
        keyed.groupByKey(shuffle)
        .map(lambda pair: link_blobs(pair[1], settings, db, terms.value))
        .persist()
    )
    outcomes = linked.map(
        lambda x: x if isinstance(x, InputProblem) else [story_outline(s) for s in x]
    ).collect()
    records.unpersist()
    tell([x for x in outcomes if isinstance(x, InputProblem)])
    outlines = [o for x in outcomes if not isinstance(x, InputProblem) for o in x]
    sizes = [sum(o[1] for o in x) for x in outcomes if not isinstance(x, InputProblem)]
    run.components, run.largest_component = len(sizes), max(sizes, default=0)
    run.stories = len(outlines)
    tasks = max(1, min(run.stories, shuffle))
    place = sc.broadcast(balanced_places(outlines, tasks))
    stories = (
        linked.filter(lambda x: not isinstance(x, InputProblem))
        .flatMap(lambda x: ((s[0].id, s) for s in x))
        .partitionBy(tasks, lambda story: place.value[story])
        .values()
    )
    clock.lap("link")

    folder = tables_folder(out)
    shutil.rmtree(folder, ignore_errors=True)
    keep = db is not None or keep_analysis
    parts = stories.mapPartitionsWithIndex(
        lambda number, part: analyse_part(number, part, settings, str(folder), keep, db)
    )
    results = parts.collect()
    linked.unpersist()
    tell([x for x in results if isinstance(x, InputProblem)])
    report("analyse", run.stories, run.stories)
    clock.lap("analyse")
    if keep:
        joined = join_analyses((x for x in results if isinstance(x, Analysis)), run.problems)
        if db is not None:
            with open_store(db) as store:
                store.add_articles(a.article for a in joined.articles)
                store.save_analysis(joined)
        if keep_analysis:
            run.analysis = joined
        clock.lap("results")
    return run


def worker_annotator(sc: Any, model: str) -> str:
    """The annotator version, as a Python worker has it: the first job starts the workers'
    daemon (which loads the spaCy pipeline, `newsprism.spark.daemon`), and the driver never
    loads the pipeline."""
    found: str = sc.parallelize([model], 1).map(annotator_version).first()
    return found


def annotated_records(
    spark: Any, files: Sequence[str], settings: Settings, out: Path, annotator: str
) -> Any:
    """RDD of the run's records (`annotations.Record`): each file read by one task, the read
    items grouped by article id (with the cached annotations of the same id, when `out`
    holds a cache) and each partition annotated (`annotate_partition`)."""
    sc = spark.sparkContext
    numbered = list(enumerate(files))
    items = sc.parallelize(numbered, max(1, len(numbered))).flatMap(
        lambda pair: read_one_file(pair[0], pair[1], settings)
    )
    keyed = items.keyBy(item_key)
    slices = partitions(spark) * 2
    cached = load_cached(spark, out, annotator)
    grouped = keyed.groupByKey(slices) if cached is None else keyed.cogroup(cached, slices)
    folder = str(cache_folder(out, annotator))
    return grouped.mapPartitions(lambda part: annotate_partition(part, settings, folder))


def story_outline(linked: LinkedStory) -> tuple[str, int, int]:
    """What the driver learns of a linked story: (id, articles, characters of its articles'
    texts: what its analysis costs)."""
    story, members, _ = linked
    return story.id, len(members), sum(len(a.article.text) for a in members)


def balanced_places(outlines: Sequence[tuple[str, int, int]], tasks: int) -> dict[str, int]:
    """story id -> the analysis task it goes to: the longest first, each to the task with
    the fewest characters so far (so that no task is left with most of the work, as a
    random spread of a few big stories leaves one)."""
    load = [(0, task) for task in range(tasks)]
    places = {}
    for story, _, chars in sorted(outlines, key=lambda o: (-o[2], o[0])):
        done, task = heapq.heappop(load)
        places[story] = task
        heapq.heappush(load, (done + chars, task))
    return places


def analyse_part(
    number: int,
    stories: Iterable[LinkedStory],
    settings: Settings,
    folder: str,
    keep: bool,
    db: str | None = None,
) -> Iterator[Analysis | InputProblem]:
    """One task's stories analysed, their table rows written (`tables.write_part`); the
    problems, and the analyses when `keep`."""
    results = [analyse_story(s, members, settings, db, grows) for s, members, grows in stories]
    analyses = [r for r in results if isinstance(r, Analysis)]
    write_part(analyses, folder, number)
    for result in results:
        if keep or isinstance(result, InputProblem):
            yield result


def candidate_edges(
    sc: Any, articles: Any, terms: Any, days: dict[str, int | None], shuffle: int
) -> Any:
    """RDD of candidate pairs (a, b), a < b: similar within the date window, or copies.
    `articles` are the article records (`records.ArticleRecord`); `terms` the broadcast
    TermStatistics. Feature postings and MinHash bands go through one shuffle."""
    n = terms.value.documents
    limit = common_limit(n)
    frequency = terms.value.frequency
    idf_of = sc.broadcast({f: idf(c, n) for f, c in frequency.items()})
    common = sc.broadcast(frozenset(f for f, c in frequency.items() if c > limit))
    day_of = sc.broadcast(days)
    return (
        articles.flatMap(lambda r: keyed_postings(r, idf_of.value, common.value))
        .groupByKey(shuffle)
        .flatMap(scored_pairs)
        .reduceByKey(lambda x, y: x + y, shuffle)
        .filter(
            lambda scored: scored[1] >= COPY or is_candidate(scored[0], scored[1], day_of.value)
        )
        .keys()
    )


def keyed_postings(
    record: Any, idf_of: dict[str, float], common: frozenset[str]
) -> Iterator[tuple[tuple[str, str], Any]]:
    """An article's feature postings ((\"f\", feature), (id, weight)) and MinHash bands
    ((\"b\", band key), (id, values))."""
    for feature, article, weight in postings(record[1], record[4], idf_of, common):
        yield ("f", feature), (article, weight)
    for key, member in band_keys(record[1], record[5]):
        yield ("b", key), member


def scored_pairs(group: tuple[tuple[str, str], Iterable[Any]]) -> Iterator[tuple[Pair, float]]:
    """The pairs of one feature (products of weights) or one band bucket (COPY each)."""
    (kind, _), members = group
    if kind == "f":
        yield from feature_pairs(list(members))
    else:
        yield from ((pair, COPY) for pair in copy_edges(list(members)))


def link_blobs(
    blobs: Iterable[bytes], settings: Settings, db: str | None, statistics: TermStatistics
) -> list[LinkedStory] | InputProblem:
    """`link_component` on one component's pickled annotations."""
    return link_component([pickle.loads(b) for b in blobs], settings, db, statistics)


class Clock:
    """Seconds per stage, into the run's record."""

    def __init__(self, run: SparkRun) -> None:
        self.run = run
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.run.seconds[stage] = round(now - self.last, 2)
        self.last = now
