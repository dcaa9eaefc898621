"""The SparkSession a job runs in: given `--master` (or spark-submit's), quiet, Python workers
forked from `newsprism.spark.daemon` (newsprism and the spaCy pipeline loaded once, before
the fork) and reused from task to task.

A Python worker's aggregation (`groupByKey`, `reduceByKey`) spills to disk once the worker's
resident memory passes `spark.python.worker.memory`; the resident memory counts the spaCy
pipeline and gazetteer every worker holds (about 1 GB), so Spark's default of 512 MB spilled
every aggregation of every task. The session sets WORKER_MEMORY (the model and 1 GB to
aggregate in) unless `conf` gives another.

For a local master the session is tuned for short jobs on few cores: the JVM compiles with
C1 only and collects with the serial collector (half the JVM's CPU time of a small run on 2
cores), shuffles have one partition per core, and `local[N]` retries a failed task
(`local[N,LOCAL_TASK_ATTEMPTS]`, as a cluster's `spark.task.maxFailures` does).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Mapping
from typing import Any

from newsprism.embed import THREADS_VARIABLE

LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
LOCAL_TASK_ATTEMPTS = 4
WORKER_MEMORY = "2g"  # spark.python.worker.memory: resident size before an aggregation spills
DAEMON = "newsprism.spark.daemon"
MODEL_VARIABLE = "NEWSPRISM_SPARK_MODEL"  # the spaCy pipeline the daemon loads (md, sm)


def local_master(master: str) -> str:
    """`local[N]` (or `local`, `local[*]`) with task retries, as a cluster has them."""
    found = re.fullmatch(r"local(?:\[([0-9*]+)\])?", master)
    if found is None:
        return master
    return f"local[{found.group(1) or 1},{LOCAL_TASK_ATTEMPTS}]"


def is_local(master: str | None) -> bool:
    """Whether `master` runs the job in this machine's JVM (None: Spark's default, local)."""
    return master is None or master.startswith("local")


def launch_jvm(master: str | None = None) -> threading.Thread | None:
    """Start the JVM a local session will run in, in a background thread (the driver's
    JVM options given), so that it starts while the caller goes on (importing the library);
    `spark_session` then creates the session in it (waiting for the start to end). None for
    a master that is not local and under spark-submit, whose JVM is there; nothing is done
    either when PySpark is missing or a JVM already runs. A JVM that fails to start is started
    again by `spark_session`, which says why."""
    if not is_local(master) or "PYSPARK_GATEWAY_PORT" in os.environ:
        return None

    def start() -> None:
        with contextlib.suppress(Exception):
            from pyspark import SparkConf, SparkContext

            if SparkContext._gateway is None:
                conf = SparkConf(loadDefaults=False)
                conf.set("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS)
                SparkContext._ensure_initialized(conf=conf)

    thread = threading.Thread(target=start, name="newsprism-jvm", daemon=True)
    thread.start()
    return thread


def spark_session(
    master: str | None = None,
    app_name: str = "newsprism",
    model: str = "md",
    conf: Mapping[str, str] | None = None,
) -> Any:
    """The session (an existing one, as under spark-submit, is reused). `model` is the spaCy
    pipeline the Python daemon loads before forking workers; `conf` adds Spark settings."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.python.daemon.module", DAEMON)
        .config("spark.python.worker.reuse", "true")
        .config(f"spark.executorEnv.{MODEL_VARIABLE}", model)
        .config(f"spark.executorEnv.{THREADS_VARIABLE}", "1")
        .config("spark.python.worker.memory", WORKER_MEMORY)
    )
    os.environ.setdefault(MODEL_VARIABLE, model)
    os.environ.setdefault(THREADS_VARIABLE, "1")  # local workers inherit the driver's variables
    if master is not None:
        builder = builder.master(local_master(master))
    if is_local(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (
            builder.config("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def partitions(spark: Any) -> int:
    """Partitions of a shuffle: one per core the job has."""
    return max(1, int(spark.sparkContext.defaultParallelism))
