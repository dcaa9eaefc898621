"""Spark's Python daemon (`spark.python.daemon.module`) with newsprism loaded before it forks
the Python workers: every worker starts with the library imported and the spaCy pipeline
(`NEWSPRISM_SPARK_MODEL`, md by default) in memory, shared copy-on-write, instead of
importing and loading them itself. MiniLM (torch) is left to the workers that need it: it is
not safe to fork."""

from __future__ import annotations

import os


def preload() -> None:
    """Import the job's modules and load the spaCy pipeline into this process."""
    import newsprism.spark.job  # noqa: F401  (the library, as the tasks' functions need it)
    from newsprism.annotate.nlp import load_pipeline

    load_pipeline(os.environ.get("NEWSPRISM_SPARK_MODEL", "md"))


if __name__ == "__main__":
    try:
        preload()
    except Exception:  # noqa: BLE001  (a worker then loads it itself, and says what is wrong)
        pass
    from pyspark.daemon import manager

    manager()
