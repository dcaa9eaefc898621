"""Timeline summarisation: the N days that matter most in a topic's coverage, K sentences each.

Date selection follows the date-reference features of Ghalandari & Ifrim (2020, DATEWISE) and
Tran et al. (2013): a day matters when many sentences of the collection state it, and most
when they come from articles published on the day or just after it (the news of that day),
less when they look back at it long after (a milestone still recalled), and least when they
announce it beforehand (a plan that may not happen). Articles published on a day count too.

Each chosen day gets the sentences that state it explicitly, plus the dateless opening
sentences of that day's articles; they are ranked by their TF-IDF similarity to the centroid
of that day's candidates (what the articles agree happened that day), and a sentence that
repeats a better one is skipped. Every sentence keeps its source spans.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from newsprism.model import AnnotatedArticle, CitedSentence, Span

NEWS_DAYS = 2  # a day's events are reported that day and the next two
NEWS_WEIGHT = 1.0  # a mention of a day in its own or the next days' news
RECALL_WEIGHT = 0.5  # a mention of a day looked back on later
AHEAD_WEIGHT = 0.1  # a mention of a day still to come
PER_ARTICLE = True
OLD_RANK = False
NEWS_SHARE = 0.0
SCORE = "cos"
IDF_POWER = 1.0
POOL_LAG = 100000
LEADS = True
POSITION_BONUS = 0.0
POOL_MIN = 1
LENGTH_DAMP = 5
PUBLISHED_WEIGHT = 0.5  # an article published on a day is half a reference to it
LEAD_SENTENCES = 2  # the dateless opening sentences of an article report its day's news
MAX_SENTENCE_WORDS = 60  # longer "sentences" are usually several run together
MIN_SENTENCE_WORDS = 6  # shorter ones are headlines, datelines and captions
REPEAT_SIMILARITY = 0.5  # a sentence this close to a better one repeats it
EXPLICIT_BONUS = 0.1  # a sentence that states the day is about it, not only published on it


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
            if PER_ARTICLE:
                weights[span.article_id] = max(weight, weights.get(span.article_id, 0.0))
            else:
                weights[f"{span.article_id}:{span.start}"] = weight
        scores[value] += sum(weights.values())
    for article in articles:
        if article.article.published is not None:
            scores[article.article.published.isoformat()] += PUBLISHED_WEIGHT
    return dict(scores)


def inverse_document_frequency(articles: Sequence[AnnotatedArticle]) -> dict[str, float]:
    """log(N / sentences using the term) over every sentence of the collection."""
    counts: Counter[str] = Counter()
    total = 0
    for article in articles:
        for sentence in article.sentences:
            counts.update(set(sentence.terms))
            total += 1
    return {term: math.log((total + 1) / (count + 0.5)) for term, count in counts.items()}


def select_sentences(
    candidates: Sequence[tuple[CitedSentence, bool]],
    terms_of: Callable[[CitedSentence], Sequence[str]],
    idf: Mapping[str, float],
    count: int,
    news: Mapping[str, int] | None = None,
    position: Callable[[CitedSentence], int] = lambda c: 0,
) -> list[CitedSentence]:
    """The `count` candidates closest to the TF-IDF centroid of all candidates, no repeats.

    Each candidate comes with whether it states the day explicitly (a small bonus: it is about
    the day, not only published on it).
    """
    vectors = [tf_idf(terms_of(c), idf) for c, _ in candidates]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector)
    if news:
        centroid.update({t: NEWS_SHARE * n * idf.get(t, 0.0) ** IDF_POWER for t, n in news.items()})
    scored = []
    for (candidate, explicit), vector in zip(candidates, vectors, strict=True):
        words = len(candidate.text.split())
        if not vector or not MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS:
            continue
        if SCORE == "cos":
            similarity = cosine(vector, centroid)
        else:
            similarity = sum(centroid[t] for t in vector) / (len(vector) + LENGTH_DAMP)
        similarity += EXPLICIT_BONUS if explicit else 0.0
        similarity += POSITION_BONUS / (1 + position(candidate))
        support = len({s.article_id for s in candidate.sources})
        scored.append((-support, -similarity, candidate.text, candidate, vector))
    scored.sort(key=lambda row: row[:3])
    chosen: list[tuple[CitedSentence, dict[str, float]]] = []
    for *_, candidate, vector in scored:
        if any(cosine(vector, kept) > REPEAT_SIMILARITY for _, kept in chosen):
            continue
        chosen.append((candidate, vector))
        if len(chosen) == count:
            break
    return [c for c, _ in chosen]


def tf_idf(terms: Sequence[str], idf: Mapping[str, float]) -> dict[str, float]:
    counts = Counter(terms)
    return {t: n * idf.get(t, 0.0) ** IDF_POWER for t, n in counts.items() if idf.get(t, 0.0) > 0}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
