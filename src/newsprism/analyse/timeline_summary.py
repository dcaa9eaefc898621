"""Timeline summarisation: the N days that matter most in a topic's coverage, K sentences each.

Date selection follows the date-reference features of Ghalandari & Ifrim (2020, DATEWISE) and
Tran et al. (2013): a day matters when many sentences of the collection state it, and most
when they come from articles published on the day or just after it (the news of that day),
less when they look back at it long after (a milestone still recalled), and least when they
announce it beforehand (a plan that may not happen). Articles published on a day count too.

Each chosen day gets the sentences that state it explicitly (from articles published on or
after it), plus the dateless opening sentences of that day's articles; they are ranked by
centrality to the day's coverage (what the articles agree happened that day), and a sentence
that repeats a better one is skipped. Every sentence keeps its source spans.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from newsprism.model import AnnotatedArticle, CitedSentence, Span

NEWS_DAYS = 1  # a day's events are reported that day and the next
NEWS_WEIGHT = 1.0  # a mention of a day in its own or the next day's news
RECALL_WEIGHT = 4.0  # a mention of a day looked back on later: a milestone still recalled
AHEAD_WEIGHT = 0.5  # a mention of a day still to come
PUBLISHED_WEIGHT = 0.5  # an article published on a day is half a reference to it
MAX_SENTENCE_WORDS = 60  # longer "sentences" are usually several run together
MIN_SENTENCE_WORDS = 10  # shorter ones are headlines, datelines and captions
REPEAT_SIMILARITY = 0.5  # a sentence this close to a better one repeats it
LENGTH_DAMP = 5  # centrality averages over a sentence's terms plus this many

def day_scores(
    mentions: Mapping[str, Sequence[tuple[date, Span]]], articles: Sequence[AnnotatedArticle]
) -> dict[str, float]:
    """How strongly the collection points at each day: mentions weighted by when they were
    published relative to the day, plus the articles published on it."""
    scores: dict[str, float] = defaultdict(float)
    for value, found in mentions.items():
        day = date.fromisoformat(value)
        weights: dict[str, float] = {}
        for published, span in found:
            lag = (published - day).days
            if 0 <= lag <= NEWS_DAYS:
                weight = NEWS_WEIGHT
            elif lag > NEWS_DAYS:
                weight = RECALL_WEIGHT
            else:
                weight = AHEAD_WEIGHT
            weights[span.article_id] = max(weight, weights.get(span.article_id, 0.0))
        scores[value] += sum(weights.values())
    for article in articles:
        if article.article.published is not None:
            scores[article.article.published.isoformat()] += PUBLISHED_WEIGHT
    return dict(scores)


def select_sentences(
    candidates: Sequence[tuple[CitedSentence, bool]],
    terms_of: Callable[[CitedSentence], Sequence[str]],
    count: int,
    news: Mapping[str, int] | None = None,
) -> list[CitedSentence]:
    """The `count` best-sourced candidates closest to the day's centroid, without repeats.

    The centroid counts each term over the day's candidates and over the openings of the
    articles published that day and the next (`news`): a sentence scores by how much of it the
    day's coverage repeats, averaged over its distinct terms so length alone gains nothing.
    Plain counts, not TF-IDF: the topic's own words (oil, spill, well) are what a summary of
    the day says, and IDF would push them down (measured on Timeline17).
    """
    vectors = [Counter(terms_of(c)) for c, _ in candidates]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector.keys())
    if news:
        centroid.update(news)
    scored = []
    for (candidate, _), vector in zip(candidates, vectors, strict=True):
        words = len(candidate.text.split())
        if not vector or not MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS:
            continue
        centrality = sum(centroid[t] - 1 for t in vector) / (len(vector) + LENGTH_DAMP)
        support = len({s.article_id for s in candidate.sources})
        scored.append((-support, -centrality, candidate.text, candidate, vector))
    scored.sort(key=lambda row: row[:3])
    chosen: list[tuple[CitedSentence, Counter[str]]] = []
    for *_, candidate, vector in scored:
        if any(cosine(vector, kept) > REPEAT_SIMILARITY for _, kept in chosen):
            continue
        chosen.append((candidate, vector))
        if len(chosen) == count:
            break
    return [c for c, _ in chosen]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
