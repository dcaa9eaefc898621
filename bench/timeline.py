"""Score timeline summarisation on Timeline17: alignment ROUGE-1/2 F and date F1, with a baseline.

Usage: python bench/timeline.py DATA_DIR [--db FILE] [--limit N] [--topics a,b] [--any-annotator]
                                          [--gold-dates] [--product [--memory-limit-gb G]
                                          [--timeout S]]

DATA_DIR is the timeline17 folder: <topic>/InputDocs/<YYYY-MM-DD>/*.htm.txt (one tokenised
article each, dated by its folder) and <topic>/timelines/*.txt (gold timelines: a date line,
its sentences, a "-----" line), read by bench/t17_data.py (shared with
bench/train_timeline_dates.py). Each topic's articles form one story (as with --one-story);
for every gold timeline newsprism writes a timeline with the same number of dates and the
same (rounded) average number of sentences per date, as in Ghalandari & Ifrim (2020).

Metrics are those of the `tilse` package (Martschat & Markert 2017/2018), as used by
Ghalandari & Ifrim: alignment-based ROUGE ("align+ m:1", date and content costs) ROUGE-1 and
ROUGE-2 F, and date F1. tilse's default ROUGE is the Perl ROUGE-1.5.5, which needs the Perl
XML::Parser module; where that is missing this bench uses tilse's own Python ROUGE
(`rouge_computation="reimpl"`, same stemming and stop words), and says so.

Days are ranked by newsprism's learned date ranker (bench/train_timeline_dates.py). The
honest figure is "newsprism (held out)": each story's timelines are made with a ranker trained
on the other stories only (leave-one-story-out; the five bpoil_* folders are one story, as are
the three H1N1_* ones). "newsprism (shipped)" uses the packaged ranker, trained on all of them.

`--gold-dates` adds "newsprism (gold dates)": each gold date summarised by newsprism's
sentence choice, which isolates the sentences from the date selection.

The other newsprism rows call `build_timeline` on the bench's annotations. `--product` adds
"newsprism (product)": the whole `newsprism analyze FILE --one-story --json OUT` path
(reading, story alignment, facts, publication dates, timeline, comparison, summary) in a
child process, one run per topic and gold timeline length (a topic's timelines with the same
dates x sentences share a run). FILE is a JSON Lines file of the topic's articles as read
here, with the bench's article ids; the run's store is a new one holding the bench's cached
annotations, filed under the articles as the CLI reads them (see `product_store`), so
nothing is annotated again. The day-precision dates of the export's `timeline[]` are scored.
The CLI ranks days with the shipped ranker (trained on all topics, these included), so
compare this row with "newsprism (shipped)", not with the held-out one. Each run's wall time
and peak RSS (the child's `ru_maxrss`) are printed on its timeline's line, and the largest
at the end. A run is limited to `--memory-limit-gb` GiB of address space (RLIMIT_AS, default
10) and `--timeout` seconds (default 3600); one that fails prints "failed: <its last stderr
line>" and scores 0.

Baseline (same run, same lengths): the dates on which the most articles were published,
each summarised by the first sentences of that day's articles (lead sentences).

Each article is read up to the line holding its 1,500th word (`--max-words`): a few inputs
are whole web pages of up to 389,000 words. Annotation is the slow part; it is cached in a
newsprism store (SQLite, `--db`, by default
under /tmp, never in the repository) keyed by the annotator's version; `--any-annotator`
reuses the newest cached annotation of each article made by any annotator version (for
iterating on the timeline step after an unrelated extractor change). `--limit N` reads
only every k-th article so that about N articles per topic are used (quick iterations).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsprism.analyse.timeline import build_timeline
from newsprism.analyse.timeline.anchors import DAY_VALUE, anchored_sentences
from newsprism.analyse.timeline.dates import DateModel, shipped_date_model
from newsprism.analyse.timeline.day_summaries import summarise
from newsprism.annotate.nlp import annotator_version
from newsprism.ingest import read_inputs
from newsprism.model import AnnotatedArticle, Article, Span, Story
from newsprism.settings import Settings
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from t17_data import Timeline, Topic, load_topics  # noqa: E402
from train_timeline_dates import fit, story_of, topic_days  # noqa: E402


def newsprism_timeline(
    topic: Topic,
    annotated: Sequence[AnnotatedArticle],
    dates: int,
    per_date: int,
    date_model: DateModel | None = None,
) -> Timeline:
    by_id = {a.article.id: a for a in annotated}
    story = Story(id=f"s-{topic.name}", title=topic.name, article_ids=tuple(by_id))
    entries = build_timeline(story, by_id, (), dates, per_date, date_model)
    return {
        datetime.date.fromisoformat(e.date): [c.text for c in e.sentences]
        for e in entries
        if DAY_VALUE.match(e.date)
    }


def gold_dates_timeline(
    topic: Topic, annotated: Sequence[AnnotatedArticle], gold: Timeline, per_date: int
) -> Timeline:
    """newsprism's sentences for the gold timeline's own dates (sentence choice alone)."""
    by_id = {a.article.id: a for a in annotated}
    story = Story(id=f"s-{topic.name}", title=topic.name, article_ids=tuple(by_id))
    dated: dict[str, list[Span]] = defaultdict(list)
    for article in annotated:
        for value, span in anchored_sentences(article):
            dated[value].append(span)
    days = sorted(day.isoformat() for day in gold)
    entries = summarise(story, by_id, {}, dated, len(days), per_date, days=days)
    return {datetime.date.fromisoformat(e.date): [c.text for c in e.sentences] for e in entries}


def lead_baseline(annotated: Sequence[AnnotatedArticle], dates: int, per_date: int) -> Timeline:
    """The days with the most articles, each with the first sentences of that day's articles."""
    by_day: dict[datetime.date, list[AnnotatedArticle]] = defaultdict(list)
    for article in annotated:
        if article.article.published is not None:
            by_day[article.article.published].append(article)
    counts = Counter({day: len(items) for day, items in by_day.items()})
    timeline: Timeline = {}
    for day, _ in counts.most_common(dates):
        leads = [a.sentences[0].span.text for a in by_day[day] if a.sentences]
        timeline[day] = leads[:per_date]
    return timeline


@dataclass(frozen=True)
class ProductRun:
    """One `newsprism analyze` run: its day-precision timeline, wall time and peak RSS."""

    timeline: Timeline
    seconds: float
    max_rss_kib: int
    error: str | None = None  # why the run failed (its last stderr line); None if it did not

    def describe(self) -> str:
        if self.error is not None:
            return f"failed: {self.error}"
        return f"{self.seconds:.0f} s, {self.max_rss_kib / 1024:.0f} MiB"


def write_jsonl(topic: Topic, path: Path) -> None:
    """The topic's articles as `newsprism analyze` input, with the ids the bench computes."""
    with path.open("w", encoding="utf-8") as out:
        for article in topic.articles:
            record = {
                "id": article.id,
                "text": article.text,
                "published": article.published.isoformat() if article.published else None,
                "outlet": article.outlet,
            }
            out.write(json.dumps(record) + "\n")


def product_store(annotated: Sequence[AnnotatedArticle], jsonl: Path, db: Path) -> int:
    """A new store at `db` holding the bench's annotations of the topic, filed under the
    articles as `newsprism analyze` reads them from `jsonl`; returns how many of them the run
    will find cached (all, unless an id or text differs).

    The CLI reuses a cached annotation only if its stored article equals the one it reads,
    title and source path included, and a store never rewrites a stored article. The bench's
    articles have no title and their .txt path, so a copy of the bench's store would be
    annotated anew on every run. An annotation depends only on the article's id, text and
    date, which the JSON Lines file keeps, so filing it under the CLI's article is what the
    run would have stored itself. With `--any-annotator` the older annotations are filed under
    the current annotator version (the point of that flag).
    """
    read = {a.id: a for a in read_inputs([str(jsonl)]) if isinstance(a, Article)}
    annotator = annotator_version(Settings().model)
    same = [
        replace(a, article=read[a.article.id], annotator=annotator)
        for a in annotated
        if a.article.id in read
        and (read[a.article.id].text, read[a.article.id].published)
        == (a.article.text, a.article.published)
    ]
    with open_store(str(db)) as store:
        store.save_annotations(same)
    with open_store(str(db)) as store:  # the check annotate_with_cache makes
        cached = store.load_annotations(list(read), annotator)
    return sum(1 for key, value in cached.items() if value.article == read[key])


def newsprism_command() -> list[str]:
    """The `newsprism` console script of this environment (else the module it runs)."""
    script = Path(sys.executable).parent / "newsprism"
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsprism.cli"]


def run_product(
    jsonl: Path,
    seed_db: Path,
    work: Path,
    dates: int,
    per_date: int,
    memory_gb: float,
    timeout: float,
) -> ProductRun:
    """`newsprism analyze JSONL --one-story` on a copy of `seed_db`, in a child process under
    an address-space limit of `memory_gb` GiB, killed after `timeout` seconds (0: never)."""
    db, out = work / f"run-{dates}x{per_date}.db", work / f"run-{dates}x{per_date}.json"
    stderr_path = work / f"run-{dates}x{per_date}.stderr"
    shutil.copyfile(seed_db, db)
    command = [
        *newsprism_command(),
        "analyze",
        str(jsonl),
        "--one-story",
        "--db",
        str(db),
        "--json",
        str(out),
        "--timeline-dates",
        str(dates),
        "--timeline-sentences",
        str(per_date),
        "--quiet",
    ]
    limit = int(memory_gb * 1024**3)

    def limit_memory() -> None:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    timed_out = False
    with stderr_path.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=limit_memory
        )
        while True:  # os.wait4 reaps the child and gives its rusage (Popen.wait does not)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout and time.perf_counter() - started > timeout:
                process.kill()
                timed_out = True
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped above, not by Popen
    if timed_out or process.returncode != 0:
        lines = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        if timed_out:
            error = f"timed out after {timeout:.0f} s"
        else:
            error = lines[-1].strip() if lines else f"exit status {process.returncode}"
        return ProductRun({}, seconds, usage.ru_maxrss, error)
    try:
        export = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        return ProductRun({}, seconds, usage.ru_maxrss, f"no JSON export ({problem})")
    timeline: Timeline = {}
    for entry in export.get("timeline", []):
        if DAY_VALUE.match(entry["date"]):
            day = datetime.date.fromisoformat(entry["date"])
            timeline.setdefault(day, []).extend(s["text"] for s in entry["sentences"])
    return ProductRun(timeline, seconds, usage.ru_maxrss)


def scorers():  # type: ignore[no-untyped-def]
    """tilse's evaluator (Perl ROUGE if it runs, else tilse's Python ROUGE) and its name."""
    from tilse.data import timelines
    from tilse.evaluation import dates, rouge

    probe = timelines.Timeline({datetime.date(2000, 1, 1): ["a b c"]})
    truth = timelines.GroundTruth([probe])
    perl_ready = (
        subprocess.run(["perl", "-MXML::Parser", "-e", "1"], capture_output=True).returncode == 0
    )
    for computation in ("original", "reimpl") if perl_ready else ("reimpl",):
        try:
            evaluator = rouge.TimelineRougeEvaluator(
                measures=["rouge_1", "rouge_2"], rouge_computation=computation
            )
            evaluator.evaluate_align_date_content_costs_many_to_one(probe, truth)
            return evaluator, dates, timelines, computation
        except Exception:  # noqa: BLE001 - the Perl script fails in many ways when unset up
            continue
    raise RuntimeError("tilse's ROUGE could not be run")


def score(evaluator, dates, timelines, predicted: Timeline, gold: Timeline) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    truth = timelines.GroundTruth([timelines.Timeline(gold)])
    pred = timelines.Timeline({d: s for d, s in predicted.items() if s})
    if not pred.get_dates():
        return 0.0, 0.0, 0.0
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(pred, truth)
    date_f1 = dates.evaluate_dates(pred, truth)["f_score"]
    return rouge["rouge_1"]["f_score"], rouge["rouge_2"]["f_score"], date_f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "np-t17.db")
    parser.add_argument("--limit", type=int, default=None, help="about N articles per topic")
    parser.add_argument("--topics", default="", help="comma-separated topic folder names")
    parser.add_argument(
        "--max-words", type=int, default=1500, help="read each article up to about N words"
    )
    parser.add_argument(
        "--any-annotator",
        action="store_true",
        help="reuse cached annotations made by any annotator version",
    )
    parser.add_argument(
        "--gold-dates",
        action="store_true",
        help="also summarise the gold dates (scores the sentence choice alone)",
    )
    parser.add_argument(
        "--product",
        action="store_true",
        help="also score `newsprism analyze --one-story` (the whole CLI path, shipped ranker)",
    )
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=10.0,
        help="address-space limit of each --product analyze run, in GiB (default 10)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds after which a --product analyze run is killed (default 3600, 0: never)",
    )
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    evaluator, dates, timelines, computation = scorers()
    started = time.perf_counter()
    topics = list(
        load_topics(args.data_dir, args.db, args.any_annotator, args.limit, args.max_words, wanted)
    )
    if len({story_of(topic.name) for topic, _ in topics}) < 2:
        print(f"held-out figures need topics of two stories under {args.data_dir}", file=sys.stderr)
        return 1
    days = {
        topic.name: topic_days(
            topic.name, annotated, {d.isoformat() for _, g in topic.gold for d in g}
        )
        for topic, annotated in topics
    }
    systems: tuple[str, ...] = ("newsprism (held out)", "newsprism (shipped)", "lead baseline")
    if args.gold_dates:
        systems += ("newsprism (gold dates)",)
    if args.product:
        systems += ("newsprism (product)",)
    results: dict[str, list[tuple[float, ...]]] = {system: [] for system in systems}
    product_runs: list[ProductRun] = []
    with tempfile.TemporaryDirectory(prefix="np-t17-product-") as scratch:
        for topic, annotated in topics:
            held_out = fit([d for n, d in days.items() if story_of(n) != story_of(topic.name)])
            runs: dict[tuple[int, int], ProductRun] = {}  # one analyze run per (dates, per date)
            if args.product:
                work = Path(scratch) / topic.name
                work.mkdir()
                jsonl, seed_db = work / "articles.jsonl", work / "seed.db"
                write_jsonl(topic, jsonl)
                cached = product_store(annotated, jsonl, seed_db)
                if cached < len(topic.articles):
                    print(
                        f"{topic.name}: only {cached} of {len(topic.articles)} annotations are "
                        "cached for the product run; it annotates the rest",
                        flush=True,
                    )
            for name, gold in topic.gold:
                n_dates = len(gold)
                per_date = max(1, round(statistics.mean(len(s) for s in gold.values())))
                predicted = [
                    newsprism_timeline(topic, annotated, n_dates, per_date, held_out),
                    newsprism_timeline(topic, annotated, n_dates, per_date, shipped_date_model()),
                    lead_baseline(annotated, n_dates, per_date),
                ]
                if args.gold_dates:
                    predicted.append(gold_dates_timeline(topic, annotated, gold, per_date))
                product = ""
                if args.product:
                    key = (n_dates, per_date)
                    if key in runs:
                        product = f"; analyze: output of the same {n_dates} x {per_date} reused"
                    else:
                        runs[key] = run_product(
                            jsonl,
                            seed_db,
                            work,
                            n_dates,
                            per_date,
                            args.memory_limit_gb,
                            args.timeout,
                        )
                        product_runs.append(runs[key])
                        product = f"; analyze: {runs[key].describe()}"
                    predicted.append(runs[key].timeline)
                scores = [score(evaluator, dates, timelines, p, gold) for p in predicted]
                for system, row in zip(systems, scores, strict=True):
                    results[system].append(row)
                print(
                    f"{topic.name}/{name}: {len(topic.articles)} articles, {n_dates} dates x "
                    f"{per_date} | AR-1 AR-2 date F1: "
                    + " | ".join(f"{r[0]:.3f} {r[1]:.3f} {r[2]:.3f}" for r in scores)
                    + f"  ({', '.join(systems)}){product}",
                    flush=True,
                )
    print(
        f"\n{len(results[systems[0]])} timelines, tilse ROUGE: {computation}, "
        f"{time.perf_counter() - started:.0f} s"
    )
    for system, rows in results.items():
        means = [statistics.mean(column) for column in zip(*rows, strict=True)]
        print(f"{system:<23} AR-1 F {means[0]:.3f}  AR-2 F {means[1]:.3f}  date F1 {means[2]:.3f}")
    if product_runs:
        failed = sum(1 for run in product_runs if run.error is not None)
        print(
            f"product: {len(product_runs)} analyze runs ({failed} failed, scored 0), "
            f"longest {max(run.seconds for run in product_runs):.0f} s, "
            f"peak RSS max {max(run.max_rss_kib for run in product_runs) / 1024:.0f} MiB "
            f"(limit {args.memory_limit_gb:g} GiB address space)"
        )
    print("published (all 19 T17 timelines): DATEWISE .120 / .035 / .544, CLUST .082 / .020 / .407")
    return 0


if __name__ == "__main__":
    sys.exit(main())
