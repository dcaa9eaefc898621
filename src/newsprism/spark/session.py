"""The SparkSession a job runs in: given `--master` (or spark-submit's), quiet, Python workers
on the driver's interpreter when run locally."""

from __future__ import annotations

import os
import sys
from typing import Any

LOCAL_SHUFFLE_PARTITIONS = 8  # Spark's default of 200 is meant for clusters


def spark_session(master: str | None = None, app_name: str = "newsprism") -> Any:
    """The session (an existing one, as under spark-submit, is reused)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if master is None or master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (
            builder.config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
