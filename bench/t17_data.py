"""Timeline17 as the benches read it: topics, their articles (capped) and gold timelines.

DATA_DIR is the timeline17 folder: <topic>/InputDocs/<YYYY-MM-DD>/*.htm.txt (one tokenised
article each, dated by its folder) and <topic>/timelines/*.txt (gold timelines: a date line,
its sentences, a "-----" line). Shared by bench/timeline.py, bench/train_timeline_dates.py and
bench/incremental.py (same articles, same ids, so one annotation cache serves them all).
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.api import annotate_with_cache
from newsprism.ingest.fields import article_id
from newsprism.model import AnnotatedArticle, Article
from newsprism.settings import Settings
from newsprism.store import open_store

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
