"""A daily run on a full store: time and work of adding a small batch of new articles.

    python bench/incremental.py DATA_DIR [--sizes 1000 2900] [--batch 10] [--any-annotator]

The stored collection is the Timeline17 input documents under DATA_DIR (about 2,900 articles
of 9 long-running topics, dated by their folder, read as bench/timeline.py reads them). For
each size N, a store holds N of them, annotated and grouped into stories (`group_stories`;
stored per-story results are left out: no run reads them), and a batch of other Timeline17
articles arrives as a JSON Lines file through `newsprism.analyze`. Both runs find the batch's
annotations cached, so the time is that of reading, choosing and loading stored stories,
clustering, analysing and saving.

Ours: `newsprism.analyze` (only candidate stored stories are loaded, see
`newsprism.link.arrivals`). Baseline: the same run with every stored story as a candidate
(what `analyze` did before): all stored members are loaded and clustered with the batch.
Printed per run: wall time, stored annotations loaded, stories re-analysed, and how many
batch articles end in the same story (by stored id) in both runs.

Annotations are cached in a store under /tmp (never in the repository); `--any-annotator`
reuses cached annotations of an older annotator version rather than re-annotating (hours).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import newsprism
from newsprism.annotate.nlp import annotator_version
from newsprism.annotate.pipeline import annotate_articles
from newsprism.api import analyse_articles, annotate_with_cache, load_story_members, read_articles
from newsprism.link.stories import group_stories
from newsprism.model import Analysis, AnnotatedArticle, Article
from newsprism.settings import Settings
from newsprism.store import Store, open_store

CACHE = Path("/tmp/newsprism-bench-incremental-annotations.db")
WORK = Path("/tmp/newsprism-bench-incremental")
SEED = 5
MAX_WORDS = 1500  # as bench/timeline.py reads Timeline17

sys.path.insert(0, str(Path(__file__).resolve().parent))
from t17_data import read_topic  # noqa: E402  (the Timeline17 reader of bench/timeline.py too)


class CountingStore:
    """A store that counts the annotations loaded through it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loaded = 0

    def load_annotations(self, article_ids: Any, annotator: str) -> dict[str, AnnotatedArticle]:
        found = self.store.load_annotations(article_ids, annotator)
        self.loaded += len(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def annotated_collection(
    articles: Sequence[Article], any_annotator: bool
) -> list[AnnotatedArticle]:
    """Annotations of `articles`, from the cache or made (and cached) now."""
    current = annotator_version(Settings().model)
    with open_store(str(CACHE)) as cache:
        found = cache.load_annotations([a.id for a in articles], current)
        if any_annotator:
            for annotator in older_annotators(current):
                missing = [a.id for a in articles if a.id not in found]
                older = cache.load_annotations(missing, annotator)
                found.update({k: replace(v, annotator=current) for k, v in older.items()})
        todo = [a for a in articles if a.id not in found or found[a.id].article != a]
        print(f"  {len(articles) - len(todo)} annotations cached, {len(todo)} to make")
        made = list(annotate_articles(todo, Settings()))
        cache.save_annotations(made)
    found.update({a.article.id: a for a in made})
    return [found[a.id] for a in articles]


def older_annotators(current: str) -> list[str]:
    with sqlite3.connect(CACHE) as connection:
        rows = connection.execute("SELECT DISTINCT annotator FROM annotations").fetchall()
    return sorted((row[0] for row in rows if row[0] != current), reverse=True)


def base_store(size: int, stored: Sequence[AnnotatedArticle]) -> Path:
    """A store of `stored` grouped into stories, built once per size."""
    path = WORK / f"base-{size}-{annotator_version(Settings().model)}.db"
    if not path.exists():
        started = time.perf_counter()
        stories = group_stories(stored, Settings())
        with open_store(str(path)) as store:
            store.save_analysis(Analysis(articles=tuple(stored), stories=tuple(stories)))
        print(
            f"  built {path.name}: {len(stories)} stories ({time.perf_counter() - started:.0f} s)"
        )
    return path


def baseline_run(paths: Sequence[Path], settings: Settings, store: Store) -> Analysis:
    """The run with every stored story a candidate: all their members loaded."""
    articles, problems = read_articles(paths, settings, lambda *_: None)
    store.add_articles(articles)
    annotated = annotate_with_cache(articles, settings, store, lambda *_: None)
    prior = store.load_stories()
    earlier = load_story_members(prior, annotated, settings, store)
    analysis = analyse_articles(annotated, settings, tuple(problems), None, prior, earlier)
    store.save_analysis(analysis)
    return analysis


def timed_run(
    name: str, base: Path, batch: Sequence[AnnotatedArticle], paths: Sequence[Path]
) -> tuple[float, int, Analysis]:
    """Seconds, annotations loaded and the analysis of one run on a fresh copy of `base`."""
    copy = WORK / f"{name}.db"
    shutil.copy(base, copy)
    settings = Settings(db=str(copy))
    with open_store(str(copy)) as store:
        store.save_annotations(batch)  # annotation is not what is timed
        counting = CountingStore(store)
        started = time.perf_counter()
        if name == "ours":
            analysis = newsprism.analyze(paths, settings, store=counting)  # type: ignore[arg-type]
        else:
            analysis = baseline_run(paths, settings, counting)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
    return elapsed, counting.loaded - len(batch), analysis


def story_of(analysis: Analysis, article_ids: Sequence[str]) -> dict[str, str]:
    return {i: s.id for s in analysis.stories for i in s.article_ids if i in article_ids}


def batch_file(articles: Sequence[Article]) -> Path:
    """The batch as a JSON Lines file, the form a daily feed arrives in."""
    path = WORK / "batch.jsonl"
    fields = ("text", "published", "outlet")
    records = [{k: str(v) for k in fields if (v := getattr(a, k)) is not None} for a in articles]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2900])
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--any-annotator", action="store_true")
    args = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    folders = sorted(p for p in (args.data_dir / "timeline17").iterdir() if p.is_dir())
    articles = list(
        {a.id: a for f in folders for a in read_topic(f, None, MAX_WORDS).articles}.values()
    )
    random.Random(SEED).shuffle(articles)
    incoming, rest = articles[: args.batch], articles[args.batch :]
    paths = [batch_file(incoming)]
    batch_articles, _ = read_articles(paths, Settings(), lambda *_: None)
    annotated = annotated_collection([*batch_articles, *rest], args.any_annotator)
    batch, stored = annotated[: len(batch_articles)], annotated[len(batch_articles) :]
    batch_ids = [a.article.id for a in batch]
    print(f"{len(articles)} Timeline17 articles; a batch of {len(batch)} new ones arrives")
    print(f"{'stored':>7} {'run':>9} {'wall s':>7} {'loaded':>7} {'stories':>8} {'same':>5}")
    for size in args.sizes:
        base = base_store(size, stored[:size])
        results = {name: timed_run(name, base, batch, paths) for name in ("baseline", "ours")}
        expected = story_of(results["baseline"][2], batch_ids)
        found = story_of(results["ours"][2], batch_ids)
        same = sum(found.get(i) == expected.get(i) for i in batch_ids)
        for name, (elapsed, loaded, analysis) in results.items():
            print(
                f"{size:>7} {name:>9} {elapsed:7.1f} {loaded:>7} {len(analysis.stories):>8} "
                f"{same if name == 'ours' else '':>5}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
