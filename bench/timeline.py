"""Score timeline summarisation on Timeline17: alignment ROUGE-1/2 F and date F1, with a baseline.

Usage: python bench/timeline.py DATA_DIR [--db FILE] [--limit N] [--topics a,b] [--any-annotator]
                                          [--gold-dates]

DATA_DIR is the timeline17 folder: <topic>/InputDocs/<YYYY-MM-DD>/*.htm.txt (one tokenised
article each, dated by its folder) and <topic>/timelines/*.txt (gold timelines: a date line,
its sentences, a "-----" line). Each topic's articles form one story (as with --one-story);
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
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.analyse.timeline import build_timeline
from newsprism.analyse.timeline_anchors import DAY_VALUE, anchored_sentences
from newsprism.analyse.timeline_dates import DateModel, shipped_date_model
from newsprism.analyse.timeline_summary import summarise
from newsprism.api import annotate_with_cache
from newsprism.ingest.fields import article_id
from newsprism.model import AnnotatedArticle, Article, Span, Story
from newsprism.settings import Settings
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from train_timeline_dates import fit, story_of, topic_days  # noqa: E402

Timeline = dict[datetime.date, list[str]]


@dataclass(frozen=True)
class Topic:
    name: str
    articles: tuple[Article, ...]
    gold: tuple[tuple[str, Timeline], ...]


def read_gold(path: Path) -> Timeline:
    """A gold timeline file: date line, sentence lines, then a line of dashes.

    An entry whose date line is not a date (MJ_bbc has "2011-04-0") is left out, as a
    date-keyed scorer must.
    """
    timeline: Timeline = {}
    current: datetime.date | None = None
    skipping = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("---"):
            current, skipping = None, False
        elif skipping:
            continue
        elif current is None:
            try:
                current = datetime.date.fromisoformat(line)
            except ValueError:
                skipping = True
                continue
            timeline.setdefault(current, [])
        else:
            timeline[current].append(line)
    return timeline


def read_topic(folder: Path, limit: int | None, max_words: int) -> Topic:
    paths = sorted(folder.glob("InputDocs/*/*.txt"))
    if limit and len(paths) > limit:
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    articles = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        text = cap_words(text, max_words)
        published = datetime.date.fromisoformat(path.parent.name)
        articles.append(
            Article(
                id=article_id(f"{folder.name}\n{published}\n{text}"),
                title="",
                text=text,
                published=published,
                outlet=folder.name,
                source_path=str(path),
            )
        )
    gold = tuple((p.name, read_gold(p)) for p in sorted(folder.glob("timelines/*.txt")))
    return Topic(folder.name, tuple(articles), gold)


def cap_words(text: str, max_words: int) -> str:
    """The text up to the end of the line where its `max_words`-th word falls.

    A few Timeline17 "articles" are whole web pages of tens of thousands of words (up to
    389,000); the news is at the top, and parsing the rest would dominate the bench's time.
    """
    if max_words <= 0:
        return text
    words = 0
    for number, line in enumerate(text.splitlines()):
        words += len(line.split())
        if words >= max_words:
            return "\n".join(text.splitlines()[: number + 1])
    return text


def annotations_any_version(store, db: Path, articles: Sequence[Article]) -> list[AnnotatedArticle]:  # type: ignore[no-untyped-def]
    """Each article's newest cached annotation by any annotator version; the rest annotated.

    The timeline step reads sentences, times and quotes, which most extractor revisions leave
    alone; re-annotating Timeline17 takes about half an hour.
    """
    with sqlite3.connect(db) as connection:
        annotators = [
            row[0]
            for row in connection.execute(
                "SELECT annotator FROM annotations GROUP BY annotator ORDER BY MAX(saved_at)"
            )
        ]
    current = {a.id: a for a in articles}
    found: dict[str, AnnotatedArticle] = {}
    for annotator in annotators:  # oldest first, so newer versions replace older ones
        cached = store.load_annotations(list(current), annotator)
        found.update({k: v for k, v in cached.items() if v.article == current[k]})
    missing = [a for a in articles if a.id not in found]
    if missing:
        for annotated in annotate_with_cache(missing, Settings(), store, lambda *_: None):
            found[annotated.article.id] = annotated
    return [found[a.id] for a in articles]


def load_topics(
    data_dir: Path,
    db: Path,
    any_annotator: bool,
    limit: int | None = None,
    max_words: int = 1500,
    wanted: set[str] | frozenset[str] = frozenset(),
) -> Iterator[tuple[Topic, list[AnnotatedArticle]]]:
    """Each topic folder with its articles' annotations (from the cache when there)."""
    folders = sorted(
        p
        for p in data_dir.iterdir()
        if (p / "InputDocs").is_dir() and (not wanted or p.name in wanted)
    )
    with open_store(str(db)) as store:
        for folder in folders:
            topic = read_topic(folder, limit, max_words)
            store.add_articles(topic.articles)
            if any_annotator:
                yield topic, annotations_any_version(store, db, topic.articles)
            else:
                yield topic, annotate_with_cache(topic.articles, Settings(), store, lambda *_: None)


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
    results: dict[str, list[tuple[float, ...]]] = {system: [] for system in systems}
    for topic, annotated in topics:
        held_out = fit([d for n, d in days.items() if story_of(n) != story_of(topic.name)])
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
            scores = [score(evaluator, dates, timelines, p, gold) for p in predicted]
            for system, row in zip(systems, scores, strict=True):
                results[system].append(row)
            print(
                f"{topic.name}/{name}: {len(topic.articles)} articles, {n_dates} dates x "
                f"{per_date} | AR-1 AR-2 date F1: "
                + " | ".join(f"{r[0]:.3f} {r[1]:.3f} {r[2]:.3f}" for r in scores)
                + f"  ({', '.join(systems)})",
                flush=True,
            )
    print(
        f"\n{len(results[systems[0]])} timelines, tilse ROUGE: {computation}, "
        f"{time.perf_counter() - started:.0f} s"
    )
    for system, rows in results.items():
        means = [statistics.mean(column) for column in zip(*rows, strict=True)]
        print(f"{system:<23} AR-1 F {means[0]:.3f}  AR-2 F {means[1]:.3f}  date F1 {means[2]:.3f}")
    print("published (all 19 T17 timelines): DATEWISE .120 / .035 / .544, CLUST .082 / .020 / .407")
    return 0


if __name__ == "__main__":
    sys.exit(main())
