"""The Python daemon of the Spark failure tests (`spark.python.daemon.module`): newsprism's
own (`newsprism.spark.daemon`: the library and the spaCy pipeline loaded before workers are
forked), with a fault-raising step first in the pipeline every worker inherits:

- an article saying POISON makes spaCy raise (a record that crashes the annotator);
- while the file named by NEWSPRISM_TEST_KILL exists, the first worker to parse a text
  removes it and kills itself with SIGKILL (a Python worker dying mid-task, once);
- an article saying DEADLY kills its worker on every attempt (so the job aborts), once the
  folder named by NEWSPRISM_TEST_STORED holds an annotation file (so the abort comes after
  some annotations were stored).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

KILL = "NEWSPRISM_TEST_KILL"
STORED = "NEWSPRISM_TEST_STORED"


@Language.component("newsprism_test_faults")
def faults(doc: Doc) -> Doc:
    armed = os.environ.get(KILL)
    if armed:
        try:
            os.rename(armed, f"{armed}.{os.getpid()}")  # only one worker wins
        except OSError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    if "POISON" in doc.text:
        raise ValueError("this text breaks the parser")
    if "DEADLY" in doc.text:
        stored = Path(os.environ.get(STORED, "."))
        deadline = time.monotonic() + 120
        while not list(stored.rglob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


if __name__ == "__main__":
    from newsprism.annotate.nlp import load_pipeline
    from newsprism.spark.daemon import preload

    preload()
    load_pipeline(os.environ.get("NEWSPRISM_SPARK_MODEL", "md")).add_pipe(
        "newsprism_test_faults", first=True
    )
    from pyspark.daemon import manager

    manager()
