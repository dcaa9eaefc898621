"""`newsprism spark`: its arguments and its run (the CLI adds the parser and calls this)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError
from newsprism.progress_bars import ProgressBars
from newsprism.settings import load_settings

DEFAULT_OUT = Path("newsprism-spark")


def add_spark_parser(commands: Any) -> None:
    """The `spark` sub-command's arguments."""
    job = commands.add_parser(
        "spark", help="the same analysis as a Spark job (pip install -e '.[spark]', Java 17)"
    )
    job.add_argument(
        "inputs", nargs="*", help="files or folders as for analyze (.warc.gz, .jsonl, ...)"
    )
    job.add_argument(
        "--manifest", type=Path, help="file listing WARC/JSONL paths or URLs, one per line"
    )
    job.add_argument("--master", help="Spark master (local[N], spark://..., yarn); else spark's")
    job.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder for the annotation cache and the Parquet tables (newsprism-spark)",
    )
    job.add_argument("--json", type=Path, help="write the JSON export (small runs) here")
    job.add_argument("--db", help="load the results into this SQLite file or postgresql:// URL")
    job.add_argument("--config", type=Path, help="TOML file with a [newsprism] table of settings")
    job.add_argument(
        "--published",
        type=date.fromisoformat,
        help="publication date (YYYY-MM-DD) for inputs that carry none",
    )
    job.add_argument("--model", choices=["md", "sm"], help="spaCy pipeline (default md)")
    job.add_argument("--quiet", action="store_true", help="no progress bar")


def launch_early(words: list[str]) -> None:
    """Start Spark's JVM for a local `newsprism spark WORDS` in the background, before the
    library is imported (both take seconds; `session.launch_jvm`). Nothing when PySpark is
    missing, the master is not local, or the words ask for help or name no input: the run
    then says what is wrong, or starts the JVM."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("inputs", nargs="*")
    early.add_argument("--master")
    early.add_argument("--manifest")
    early.add_argument("-h", "--help", action="store_true")
    known, _ = early.parse_known_args(words)
    if known.help or not (known.inputs or known.manifest):
        return
    try:
        from newsprism.spark.session import launch_jvm
    except ImportError:
        return
    launch_jvm(known.master)


def run_spark_command(args: argparse.Namespace) -> int:
    """Run the job as the arguments say; 1 when nothing could be analysed."""
    from newsprism.spark.inputs import manifest_paths

    inputs = list(args.inputs) + (manifest_paths(args.manifest) if args.manifest else [])
    if not inputs:
        raise NewsprismError("newsprism spark: give INPUT paths or --manifest FILE")
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise NewsprismError(
            "newsprism spark needs PySpark: pip install -e '.[spark]' (and Java 17)"
        ) from error
    from newsprism.present.export import write_json
    from newsprism.spark.job import run_spark
    from newsprism.spark.session import spark_session

    settings = load_settings(args.config, published=args.published, model=args.model)
    bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
    from pyspark.sql import SparkSession

    ours = SparkSession.getActiveSession() is None  # a caller's (or spark-submit's) stays up
    spark = spark_session(args.master, model=settings.model)
    try:
        run = run_spark(
            spark,
            inputs,
            settings,
            args.out,
            db=args.db,
            keep_analysis=args.json is not None,
            progress=bars,
            notice=bars.say,
        )
    finally:
        bars.close()
        if ours:
            spark.stop()
    if run.articles == 0 or run.stories == 0:
        print("newsprism: nothing could be analysed", file=sys.stderr)
        return 1
    if args.json and run.analysis is not None:
        write_json(run.analysis, args.json)
    skipped = sum(1 for p in run.problems if not p.kept)
    print(
        f"{run.articles} articles ({run.annotated_now} annotated, {run.reused} from the cache), "
        f"{run.stories} stories in {run.components} components (largest {run.largest_component}"
        f"), {skipped} skipped; tables in {args.out / 'tables'}"
    )
    if args.json:
        print(f"wrote {args.json}")
    return 0
