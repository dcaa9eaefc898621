"""`newsprism spark` gives what `newsprism analyze` gives, on a crawl of HTML pages in a WARC.

One local[2] SparkSession serves the module (Spark starts slowly). Skipped where PySpark or
Java is missing, except in CI, which installs both.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from spark_corpus import STORIES, write_crawl

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


@pytest.fixture(scope="module")
def spark() -> Any:
    from newsprism.spark.session import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_crawl(tmp_path_factory.mktemp("crawl"))


@pytest.fixture(scope="module")
def spark_export(
    spark: Any, crawl: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The CLI's run: its exit status, printed lines, JSON export, output and store."""
    folder = tmp_path_factory.mktemp("spark")
    news, broken = crawl
    args = [str(news), str(broken), "--master", "local[2]", "--quiet"]
    args += ["--out", str(folder / "out"), "--json", str(folder / "spark.json")]
    args += ["--db", str(folder / "news.db")]
    status = main(["spark", *args])
    export = json.loads((folder / "spark.json").read_text(encoding="utf-8"))
    return {"status": status, "export": export, "folder": folder}


@pytest.fixture(scope="module")
def analyze_export(crawl: tuple[Path, Path]) -> dict[str, Any]:
    analysis = newsprism.analyze(list(crawl), Settings(db=":memory:"))
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
    assert len(export["articles"]) == 2 + len(STORIES)
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


def test_a_corrupt_warc_is_named_and_the_rest_is_kept(spark_export, crawl) -> None:
    problems = spark_export["export"]["problems"]
    assert any("broken.warc.gz" in p["source"] for p in problems)
    assert len(spark_export["export"]["articles"]) == 2 + len(STORIES)


def test_the_results_are_stored_and_written_as_parquet(spark, spark_export) -> None:
    folder = spark_export["folder"]
    with open_store(str(folder / "news.db")) as store:
        stored = {s.id for s in store.load_stories()}
    assert stored == {s["id"] for s in spark_export["export"]["stories"]}
    tables = spark.read.parquet(str(folder / "out" / "tables"))
    quotes = tables.where("table = 'quotes'").count()
    assert quotes == len(spark_export["export"]["quotes"])
    stories = tables.where("table = 'stories'").select("id").collect()
    assert {row["id"] for row in stories} == stored


def test_a_rerun_annotates_only_what_is_new(spark, spark_export, crawl) -> None:
    from newsprism.spark import run_spark

    run = run_spark(spark, [str(crawl[0])], Settings(), spark_export["folder"] / "out")
    assert (run.annotated_now, run.reused) == (0, 2 + len(STORIES))
    assert run.stories == len(spark_export["export"]["stories"])
