"""Entry point for spark-submit: `spark-submit [options] .../newsprism/spark/__main__.py INPUT...
[--manifest FILE] [--out DIR] [--json FILE] [--db URL] [--config FILE]` (the master comes from
spark-submit). Same arguments as `newsprism spark`."""

from __future__ import annotations

import argparse
import sys

from newsprism.errors import NewsprismError
from newsprism.spark.command import add_spark_parser, run_spark_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsprism-spark")
    commands = parser.add_subparsers(dest="command", required=True)
    add_spark_parser(commands)
    args = parser.parse_args(["spark", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run_spark_command(args)
    except (NewsprismError, OSError, ValueError) as error:
        print(f"newsprism: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
