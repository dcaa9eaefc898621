"""The `newsprism` command: parse arguments, call the library, show progress. Nothing more."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.model import Analysis
from newsprism.progress_bars import ProgressBars
from newsprism.settings import load_settings
from newsprism.spark.command import add_spark_parser, launch_early, run_spark_command

# The library is imported by the commands that use it (below): `newsprism spark` starts Spark's
# JVM first (`launch_early`), which then starts while the library is imported.


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsprism", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "analyze", help="analyse articles and write a JSON export and/or report"
    )
    run.add_argument(
        "inputs", nargs="+", help="files or folders (.txt .html .jsonl .json .rss .atom .xml .warc)"
    )
    run.add_argument(
        "--db", help="SQLite file (default newsprism.db) or postgresql://user@host/db URL"
    )
    run.add_argument("--json", type=Path, help="write the JSON export (schema newsprism/1) here")
    run.add_argument("--report", type=Path, help="write a report: .md for Markdown, .html for HTML")
    run.add_argument("--config", type=Path, help="TOML file with a [newsprism] table of settings")
    run.add_argument(
        "--published",
        type=date.fromisoformat,
        help="publication date (YYYY-MM-DD) for inputs that carry none",
    )
    run.add_argument(
        "--one-story", action="store_true", default=None, help="treat all inputs as one story"
    )
    run.add_argument(
        "--story",
        metavar="ID",
        help="add the inputs to this stored story (an id from the database)",
    )
    run.add_argument("--summary-words", type=int, help="summary length in words (default 120)")
    run.add_argument(
        "--summary-overrun",
        action="store_true",
        default=None,
        help="let one last whole sentence run past --summary-words (as DUC-style evaluations, "
        "which cut every summary at the word limit, expect)",
    )
    run.add_argument(
        "--summary-mode",
        choices=["extractive", "abstractive"],
        help="extractive (default), or abstractive: rewritten by the model at summary_endpoint, "
        "every sentence checked against its sources",
    )
    run.add_argument("--timeline-dates", type=int, help="keep the N best-sourced dates per story")
    run.add_argument(
        "--timeline-sentences", type=int, help="sentences per timeline date (default 2)"
    )
    run.add_argument("--model", choices=["md", "sm"], help="spaCy pipeline (default md)")
    run.add_argument("--jobs", type=int, dest="n_process", help="annotation processes (default 1)")
    run.add_argument(
        "--facts-model",
        choices=["auto", "minilm", "lexical"],
        help="how statements are matched into facts: minilm (sentence embeddings, about 100 "
        "sentences/s), lexical (word overlap, fast), auto (default: minilm for each story "
        "with at most --embedding-budget statements to match and at most --growth-window "
        "articles, lexical for bigger stories)",
    )
    run.add_argument(
        "--embedding-budget", type=int, help="most statements of a story auto embeds (default 100)"
    )
    run.add_argument(
        "--growth-window",
        type=int,
        help="stored members a run re-reads of a bigger stored story it joins, merging the rest "
        "from the store (default 120; 0: re-read every member)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    web = commands.add_parser(
        "serve", help="browse, search and add to the stored stories in a local web UI"
    )
    web.add_argument(
        "--db", help="SQLite file (default newsprism.db) or postgresql://user@host/db URL"
    )
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    web.add_argument("--port", type=int, default=8765, help="port (8765)")
    web.add_argument("--config", type=Path, help="TOML file with a [newsprism] table of settings")
    from newsprism.watch.commands import add_watch_commands

    add_watch_commands(commands)
    add_spark_parser(commands)
    return parser


def run_analyze(args: argparse.Namespace) -> int:
    from newsprism.api import analyze
    from newsprism.present.export import write_json
    from newsprism.present.report import write_report

    settings = load_settings(
        args.config,
        db=args.db,
        published=args.published,
        one_story=args.one_story,
        story=args.story,
        summary_words=args.summary_words,
        summary_overrun=args.summary_overrun,
        summary_mode=args.summary_mode,
        timeline_dates=args.timeline_dates,
        timeline_sentences=args.timeline_sentences,
        model=args.model,
        n_process=args.n_process,
        facts_model=args.facts_model,
        embedding_budget=args.embedding_budget,
        growth_window=args.growth_window,
    )
    bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
    try:
        analysis = analyze(args.inputs, settings, progress=bars, notice=bars.say)
    finally:
        bars.close()
    if not analysis.articles:
        print("newsprism: nothing could be analysed", file=sys.stderr)
        return 1
    if args.json:
        write_json(analysis, args.json)
    if args.report:
        write_report(analysis, args.report)
    print(describe(analysis, args.json, args.report))
    return 0


def describe(analysis: Analysis, json_path: Path | None, report_path: Path | None) -> str:
    conflicts = sum(1 for f in analysis.findings if f.kind == "conflict")
    lines = [
        f"{len(analysis.articles)} articles, {len(analysis.stories)} stories, "
        f"{len(analysis.entities)} entities, "
        f"{sum(len(a.quotes) for a in analysis.articles)} quotes, "
        f"{conflicts} conflicts"
    ]
    lines += [f"wrote {p}" for p in (json_path, report_path) if p]
    return "\n".join(lines)


def run_serve(args: argparse.Namespace) -> int:
    from newsprism.present.web import serve  # Flask is loaded only for the web UI

    serve(load_settings(args.config, db=args.db), host=args.host, port=args.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["spark"]:
        launch_early(words[1:])
    args = build_parser().parse_args(argv)
    try:
        from newsprism.watch.commands import run_alerts, run_watch

        if args.command == "watch":
            bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
            try:
                return run_watch(args, bars, say=lambda line: print(line, file=sys.stderr))
            finally:
                bars.close()
        if args.command == "alerts":
            return run_alerts(args)
        if args.command == "spark":
            return run_spark_command(args)
        return run_serve(args) if args.command == "serve" else run_analyze(args)
    except (NewsprismError, OSError, ValueError) as error:
        print(f"newsprism: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
