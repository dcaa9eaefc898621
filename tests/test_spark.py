"""`newsprism spark` gives what `newsprism analyze` gives, on a crawl of HTML pages in a WARC,
and survives what a cluster throws at it.

One local[2] SparkSession serves the module (Spark starts slowly). Its Python daemon is the
test one (`spark_faults.py`): newsprism's own with faults a test can set off. In order:

1. a job aborted mid-way: an article kills its worker on every attempt, after some
   annotations were stored;
2. the CLI over the crawl, a damaged WARC and a poisoned article with the same `--out`
   (so it resumes from 1's annotations), one Python worker killed mid-task;
3. two daily runs into one store, as `analyze` makes them.

Skipped where PySpark or Java is missing, except in CI, which installs both.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spark_corpus import STORIES, write_crawl, write_days, write_pages

import newsprism
from newsprism.cli import main
from newsprism.present.export import analysis_to_json
from newsprism.settings import Settings
from newsprism.store import open_store

pyspark = pytest.importorskip("pyspark") if not os.environ.get("CI") else __import__("pyspark")
if shutil.which("java") is None and not os.environ.get("CI"):
    pytest.skip("Java is not installed", allow_module_level=True)
# PySpark's driver leaves sockets to its JVM for the garbage collector to close.
pytestmark = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
TESTS = Path(__file__).resolve().parent
ARTICLES = 2 + len(STORIES)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark")


@pytest.fixture(scope="module")
def spark(folder: Path) -> Any:
    from newsprism.spark.session import spark_session

    session = spark_session(
        "local[2]",
        conf={
            "spark.python.daemon.module": "spark_faults",
            "spark.executorEnv.PYTHONPATH": str(TESTS),
            "spark.executorEnv.NEWSPRISM_TEST_KILL": str(folder / "kill"),
            "spark.executorEnv.NEWSPRISM_TEST_STORED": str(folder / "out"),
        },
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def crawl(folder: Path) -> tuple[Path, Path]:
    return write_crawl(folder)


def one_page(path: Path, word: str) -> Path:
    text = f"A {word} page. " + "Officials said the market reopened on Monday after repairs. " * 3
    return write_pages(path, [(f"https://odd.example/{word}", word, "2016-05-01", text)])


@pytest.fixture(scope="module")
def aborted(spark: Any, crawl: tuple[Path, Path], folder: Path) -> set[str]:
    """The ids whose annotations a job aborted mid-way had stored."""
    import pyarrow.parquet as pq

    from newsprism.spark import run_spark

    deadly = one_page(folder / "deadly.warc.gz", "DEADLY")
    with pytest.raises(Exception, match="Python worker exited unexpectedly|crashed"):
        run_spark(spark, [str(crawl[0]), str(deadly)], Settings(), folder / "out")
    files = sorted((folder / "out" / "annotations").rglob("part-*.parquet"))
    return {i for f in files for i in pq.read_table(f, columns=["id"]).column("id").to_pylist()}


@pytest.fixture(scope="module")
def spark_export(spark: Any, crawl: tuple[Path, Path], folder: Path, aborted: set[str]) -> Any:
    """The CLI's run (a worker killed once): its exit status, printed line, JSON export."""
    poison = one_page(folder / "poison.warc.gz", "POISON")
    (folder / "kill").touch()  # the first worker to parse a text now dies
    args = [str(crawl[0]), str(crawl[1]), str(poison), "--master", "local[2]", "--quiet"]
    args += ["--out", str(folder / "out"), "--json", str(folder / "spark.json")]
    args += ["--db", str(folder / "news.db")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["spark", *args])
    export = json.loads((folder / "spark.json").read_text(encoding="utf-8"))
    return {"status": status, "export": export, "printed": printed.getvalue()}


@pytest.fixture(scope="module")
def analyze_export(crawl: tuple[Path, Path]) -> dict[str, Any]:
    analysis = newsprism.analyze([crawl[0]], Settings(db=":memory:"))
    return analysis_to_json(analysis)


def b_cubed(found: list[list[str]], reference: list[list[str]]) -> float:
    """B³ F1 of one grouping of the same items against another."""
    mine = {item: set(group) for group in found for item in group}
    theirs = {item: set(group) for group in reference for item in group}
    items = sorted(set(mine) & set(theirs))
    precision = sum(len(mine[i] & theirs[i]) / len(mine[i]) for i in items) / len(items)
    recall = sum(len(mine[i] & theirs[i]) / len(theirs[i]) for i in items) / len(items)
    return 2 * precision * recall / (precision + recall)


def test_spark_finds_the_stories_analyze_finds(spark_export, analyze_export) -> None:
    export = spark_export["export"]
    assert spark_export["status"] == 0
    assert {a["id"] for a in export["articles"]} == {a["id"] for a in analyze_export["articles"]}
    assert len(export["articles"]) == ARTICLES
    groups = [s["articles"] for s in export["stories"]]
    reference = [s["articles"] for s in analyze_export["stories"]]
    assert b_cubed(groups, reference) >= 0.99
    assert sorted(s["id"] for s in export["stories"]) == sorted(
        s["id"] for s in analyze_export["stories"]
    )


def test_spark_finds_the_same_quotes_and_findings(spark_export, analyze_export) -> None:
    export = spark_export["export"]
    quotes = {(q["article"], q["cue"]["start"]) for q in export["quotes"]}
    reference = {(q["article"], q["cue"]["start"]) for q in analyze_export["quotes"]}
    assert reference and len(quotes ^ reference) <= 0.01 * len(reference)
    kinds = Counter(f["kind"] for f in export["findings"])
    expected = Counter(f["kind"] for f in analyze_export["findings"])
    assert sum(expected.values()) > 0
    for kind in expected | kinds:
        assert abs(kinds[kind] - expected[kind]) <= 0.02 * expected[kind]
    assert len(export["summaries"]) == len(export["stories"])


def test_a_corrupt_warc_and_a_record_that_crashes_the_annotator_are_named(
    spark_export,
) -> None:
    problems = {Path(p["source"]).name: p["reason"] for p in spark_export["export"]["problems"]}
    assert "broken.warc.gz" in problems
    poisoned = [r for s, r in problems.items() if "POISON" in s or "poison" in s]
    assert poisoned == ["could not be annotated (ValueError: this text breaks the parser)"]
    assert len(spark_export["export"]["articles"]) == ARTICLES  # nothing else lost
    assert re.search(r", 2 skipped;", spark_export["printed"])


def test_a_worker_killed_mid_task_is_retried_and_loses_nothing(spark_export, folder) -> None:
    assert not (folder / "kill").exists()
    assert len(list(folder.glob("kill.*"))) == 1  # one worker died, by its own hand
    assert spark_export["status"] == 0
    assert len(spark_export["export"]["articles"]) == ARTICLES


def test_a_rerun_after_an_aborted_job_annotates_only_what_was_not_stored(
    spark_export, aborted
) -> None:
    found = re.search(
        r"(\d+) articles \((\d+) annotated, (\d+) from the cache\)", spark_export["printed"]
    )
    assert found is not None
    total, annotated, reused = map(int, found.groups())
    ids = {a["id"] for a in spark_export["export"]["articles"]}
    assert aborted & ids  # the aborted job had stored some annotations
    assert (total, reused, annotated) == (ARTICLES, len(aborted & ids), ARTICLES - reused)


def test_the_results_are_stored_and_written_as_parquet(spark, spark_export, folder) -> None:
    with open_store(str(folder / "news.db")) as store:
        stored = {s.id for s in store.load_stories()}
    assert stored == {s["id"] for s in spark_export["export"]["stories"]}
    tables = spark.read.parquet(str(folder / "out" / "tables"))
    quotes = tables.where("table = 'quotes'").count()
    assert quotes == len(spark_export["export"]["quotes"])
    stories = tables.where("table = 'stories'").select("id").collect()
    assert {row["id"] for row in stories} == stored


def test_daily_runs_join_the_stories_stored_as_analyze_does(spark, folder) -> None:
    """Day two's articles join day one's stories; the quake's (two stored members, more than
    the growth window of one) through a window and the growth merge."""
    from newsprism.spark import run_spark

    days = write_days(folder)
    settings = Settings(growth_window=1, facts_model="lexical")  # no MiniLM to load: faster
    for day in days:
        run_spark(spark, [str(day)], settings, folder / "daily", db=str(folder / "daily.db"))
        newsprism.analyze([day], replace(settings, db=str(folder / "analyze.db")))
    with open_store(str(folder / "daily.db")) as store:
        found = {s.id: sorted(s.article_ids) for s in store.load_stories()}
    with open_store(str(folder / "analyze.db")) as store:
        expected = {s.id: sorted(s.article_ids) for s in store.load_stories()}
    assert sorted(found) == sorted(expected)
    assert b_cubed(list(found.values()), list(expected.values())) >= 0.99
    assert sum(len(ids) for ids in found.values()) == ARTICLES
    assert max(len(ids) for ids in found.values()) == 3  # the quake: 2 stored, 1 joined
    with open_store(str(folder / "daily.db")) as store:
        spark_facts = sorted(f.story_id for f in store.load_results(found).facts)
    with open_store(str(folder / "analyze.db")) as store:
        analyze_facts = sorted(f.story_id for f in store.load_results(expected).facts)
    assert spark_facts == analyze_facts
