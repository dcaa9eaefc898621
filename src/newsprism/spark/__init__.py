"""`newsprism spark`: the same analysis as a Spark job, for inputs one machine cannot keep up with.

Every stage calls the library; Spark only distributes it (`job.run_spark` runs them in order):

- `inputs` — the input files (named paths, folders walked, or a `--manifest`), one Spark task
  per file, each read by `newsprism.ingest.read_inputs`; exact duplicates dropped.
- `annotations` — `newsprism.annotate.pipeline.annotate_each` in `mapPartitions` (the spaCy
  pipeline loaded once per Python worker), cached as Parquet keyed by (article id, annotator
  version), written in rounds so an aborted job resumes from what was stored.
- `candidates` — global term statistics computed once and broadcast; candidate pairs of
  articles within the library's date window, plus MinHash bands for wire copies.
- `components` — connected components of the candidate graph by iterated minimum-label
  propagation over Spark DataFrames (GraphFrames is not on PyPI).
- `stories` — the library's story linkage inside each component, then the per-story analysis
  (`newsprism.api.analyse_articles`) as a map over stories.
- `tables` and `results` — Parquet tables, and the per-story results joined into one
  `Analysis` for `--db` (any `Store`) and `--json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsprism.spark.job import SparkRun, run_spark

__all__ = ["SparkRun", "run_spark"]


def __getattr__(name: str) -> Any:
    """`SparkRun` and `run_spark`, imported when first used (the job imports the library)."""
    if name in __all__:
        from newsprism.spark import job

        return getattr(job, name)
    raise AttributeError(f"module 'newsprism.spark' has no attribute {name!r}")
