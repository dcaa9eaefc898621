"""Candidate pairs of articles that could share a story, computed on Spark.

The story linkage itself runs inside connected components of this graph (`stories.py`), so
the graph only has to keep every pair that linkage could join. Articles are the library's
TF-IDF features (content-word lemmas and lemma bigrams of each sentence, the lead counted
LEAD_WEIGHT times, `newsprism.link.similarity`), weighted with document frequencies computed
once over the whole run and broadcast. A pair is a candidate when its cosine times the
library's date factor (1 within SAME_TIME_DAYS, then halving each week) reaches
`CANDIDATE_FLOOR`, half the floor below which the linkage's own graph keeps no pair (the
linkage gets the same statistics, so its cosines are these; the margin covers the common
features it leaves out of its products, counted in the component); so the date window is
implied: beyond about five weeks no pair can reach it. Features of more than COMMON_SHARE of
the articles (and more than COMMON_MIN_ARTICLES) stay in the norms but pair nobody, as in the
library. Near-duplicates (wire copies) are candidates whatever their dates: articles sharing a
MinHash band (the library's signatures, `newsprism.link.duplicates`, and datasketch's bands
for its COPY_JACCARD threshold) whose estimated Jaccard reaches COPY_JACCARD.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH

from newsprism.link.duplicates import COPY_JACCARD, PERMUTATIONS, signature
from newsprism.link.similarity import (
    BIGRAM_WEIGHT,
    COMMON_MIN_ARTICLES,
    COMMON_SHARE,
    LEAD_SENTENCES,
    LEAD_WEIGHT,
    SAME_TIME_DAYS,
    web_address,
)
from newsprism.link.stories import GRAPH_FLOOR
from newsprism.model import AnnotatedArticle

CANDIDATE_FLOOR = GRAPH_FLOOR / 2
COPY = 1e9  # the score of a copy pair: above any sum of cosines, a candidate whatever its dates
Pair = tuple[str, str]


def article_features(annotated: AnnotatedArticle) -> dict[str, float]:
    """Lead-weighted counts of an article's lemmas and in-sentence lemma bigrams."""
    counts: dict[str, float] = {}
    said = [s for s in annotated.sentences if not web_address(s.span.text)]
    for position, sentence in enumerate(said):
        weight = LEAD_WEIGHT if position < LEAD_SENTENCES else 1.0
        for term in sentence.terms:
            counts["w " + term] = counts.get("w " + term, 0.0) + weight
        for first, second in zip(sentence.terms, sentence.terms[1:], strict=False):
            key = f"b {first} {second}"
            counts[key] = counts.get(key, 0.0) + weight * BIGRAM_WEIGHT
    return counts


def common_limit(articles: int) -> float:
    """Document frequency above which a feature pairs nobody (it stays in the norms)."""
    return max(COMMON_MIN_ARTICLES, COMMON_SHARE * articles)


def idf(frequency: int, articles: int) -> float:
    """Smoothed idf, as the library's TF-IDF."""
    return math.log((1.0 + articles) / (1.0 + frequency)) + 1.0


def postings(
    article: str, features: dict[str, float], idf_of: dict[str, float], common: frozenset[str]
) -> Iterator[tuple[str, str, float]]:
    """(feature, article id, normalised weight) for the article's features that can pair it:
    seen in another article and not common. Features seen once are out of the norm too."""
    weights = {f: (1.0 + math.log(c)) * idf_of[f] for f, c in features.items() if f in idf_of}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    for feature, weight in weights.items():
        if feature not in common:
            yield feature, article, weight / norm


def feature_pairs(
    postings_of_feature: Sequence[tuple[str, float]],
) -> Iterator[tuple[Pair, float]]:
    """((a, b), product of weights) for each pair (a < b) of articles sharing one feature."""
    ordered = sorted(postings_of_feature)
    for number, (a, wa) in enumerate(ordered):
        for b, wb in ordered[number + 1 :]:
            if a != b:
                yield (a, b), wa * wb


def date_factor(first: int | None, second: int | None) -> float:
    """The library's date factor for two proleptic ordinals (None: undated): 1 within
    SAME_TIME_DAYS, then halving with each further week."""
    if first is None or second is None:
        return 1.0
    late = max(0, abs(first - second) - SAME_TIME_DAYS)
    return float(0.5 ** (late / SAME_TIME_DAYS))


def is_candidate(
    pair: Pair, cosine: float, day_of: dict[str, int | None], floor: float = CANDIDATE_FLOOR
) -> bool:
    """Whether the pair's cosine times its date factor reaches `floor`."""
    return cosine * date_factor(day_of.get(pair[0]), day_of.get(pair[1])) >= floor


@lru_cache(maxsize=1)
def band_shape() -> tuple[int, int]:
    """(bands, rows per band) datasketch picks for COPY_JACCARD over PERMUTATIONS hashes."""
    lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=PERMUTATIONS)
    return lsh.b, lsh.r


def band_values(text: str) -> list[int] | None:
    """The text's MinHash values (the library's signature); None for a text too short."""
    found = signature(text)
    return None if found is None else [int(v) for v in found.hashvalues]


def band_keys(
    article: str, values: list[int] | None
) -> Iterator[tuple[str, tuple[str, list[int]]]]:
    """(band key, (article id, its MinHash values)) for each band of the signature."""
    if values is None:
        return
    bands, rows = band_shape()
    for band in range(bands):
        key = f"{band}:" + ",".join(map(str, values[band * rows : (band + 1) * rows]))
        yield key, (article, values)


def copy_edges(members: Sequence[tuple[str, list[int]]]) -> list[Pair]:
    """Edges joining the articles of one band bucket to its first (by id) whose estimated
    Jaccard with it reaches COPY_JACCARD (a star: components need no more)."""
    ordered = sorted(members)
    first_id, first_values = ordered[0]
    anchor = np.asarray(first_values)
    edges = []
    for other_id, values in ordered[1:]:
        if other_id != first_id and float(np.mean(anchor == np.asarray(values))) >= COPY_JACCARD:
            edges.append((first_id, other_id))
    return edges
