"""Spark's Python daemon (`spark.python.daemon.module`) with newsprism loaded before it forks
the Python workers: every worker starts with the library imported, the spaCy pipeline
(`NEWSPRISM_SPARK_MODEL`, md by default) and the gazetteer in memory, shared copy-on-write,
instead of importing and loading them itself (a worker forked late, as Spark forks one when
no idle worker is at hand, would load them again mid-job). MiniLM (onnxruntime) is left to
the workers that need it: its session is not safe to fork.

A reused worker runs a full garbage collection after every task: over the millions of
objects of the pipeline and the gazetteer that took a second a task. The daemon freezes what
it loaded (`gc.freeze`, as the Python documentation advises before forking), so a worker's
collections look only at what its tasks made, and the pages the collector would have written
(reference counts aside) stay shared with the daemon.

Spark puts its `pyspark.zip`, py4j's zip and the spark-core jar first on the workers'
`sys.path`. Before each task a worker calls `importlib.invalidate_caches()`, which re-reads an
archive's whole directory (pure Python in 3.11) for every package looked up in it: a third of
a second a task once the library's imports have looked up their packages there (the jar is
big). Where the environment has the same PySpark installed (`pip install newsprism[spark]`),
the daemon drops those archives from `sys.path` and imports the installed one: the jar holds
Java classes only.
"""

from __future__ import annotations

import gc
import importlib.machinery
import os
import re
import sys
import zipfile


def zip_version(path: str) -> str | None:
    """The `__version__` of the pyspark in Spark's `pyspark.zip`, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("pyspark/version.py").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"__version__[^=]*=\s*['\"]([^'\"]+)['\"]", text)
    return found.group(1) if found else None


def installed_version(path: list[str]) -> str | None:
    """The version of the pyspark (with py4j beside it) that `path` holds, or None."""
    finder = importlib.machinery.PathFinder
    spec = finder.find_spec("pyspark", path)
    if spec is None or finder.find_spec("py4j", path) is None:
        return None
    for folder in spec.submodule_search_locations or ():
        version = os.path.join(folder, "version.py")
        try:
            with open(version, encoding="utf-8") as handle:
                found = re.search(r"__version__[^=]*=\s*['\"]([^'\"]+)['\"]", handle.read())
        except OSError:
            continue
        return found.group(1) if found else None
    return None


def prefer_installed_pyspark() -> bool:
    """Drop Spark's pyspark and py4j zips and its jars from `sys.path` when the same PySpark
    version is installed in the environment (before pyspark is imported); True when they
    were dropped."""
    if "pyspark" in sys.modules:
        return False
    zips = [
        p
        for p in sys.path
        if p.endswith(".jar")
        or (p.endswith(".zip") and os.path.basename(p).startswith(("pyspark", "py4j")))
    ]
    ours = next((p for p in zips if os.path.basename(p) == "pyspark.zip"), None)
    rest = [p for p in sys.path if p not in zips]
    if ours is None or zip_version(ours) is None:
        return False
    if installed_version(rest) != zip_version(ours):
        return False
    sys.path[:] = rest
    for cached in [k for k in sys.path_importer_cache if k.startswith(tuple(zips))]:
        del sys.path_importer_cache[cached]  # the archives' packages' importers too
    return True


def preload() -> None:
    """Import the job's modules and load the spaCy pipeline and the gazetteer into this
    process (pyspark itself from the environment, when it has the same version), then move
    all of it out of the garbage collector's sight (`gc.freeze`)."""
    prefer_installed_pyspark()
    import newsprism.spark.job  # noqa: F401  (the library, as the tasks' functions need it)
    from newsprism.annotate.nlp import load_pipeline
    from newsprism.link.gazetteer import gazetteer

    load_pipeline(os.environ.get("NEWSPRISM_SPARK_MODEL", "md"))
    gazetteer()
    gc.freeze()


if __name__ == "__main__":
    try:
        preload()
    except Exception:  # noqa: BLE001  (a worker then loads it itself, and says what is wrong)
        pass
    from pyspark.daemon import manager

    manager()
