"""How alike two articles are: TF-IDF vectors over their lemmas and lemma bigrams.

An article's features are the content-word lemmas of its sentences and the bigrams of
adjacent lemmas ("wye river", "space station"), which name an event more precisely than its
words alone; the lead sentences, where news states its event, count more. Weights are TF-IDF
over the articles given (1 + log tf, smoothed idf), rows L2-normalised, so a dot product is a
cosine similarity. Named-entity mentions are not added: names are already among the lemmas,
and weighting them up again made DUC 2004 and ECB+ scores slightly worse.

The similarity of a pair is its cosine raised to SIMILARITY_POWER (a monotone rescaling
that puts the best measured threshold, cosine ~0.08, at 0.35 on a 0..1 scale), halved for
each week by which the two publication dates lie more than a week apart.

The graph is computed in dense row blocks of about BLOCK_CELLS values and keeps, per article,
its NEIGHBOURS most similar others above a floor, so memory grows linearly with the number of
articles. Written by hand over scipy.sparse: scikit-learn (a bench extra only) would give the
TF-IDF but not the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np
import scipy.sparse as sp

from newsprism.model import AnnotatedArticle

LEAD_SENTENCES = 3
LEAD_WEIGHT = 3.0
BIGRAM_WEIGHT = 2.0
PRUNE_SINGLETONS_FROM = 20
SIMILARITY_POWER = 0.4
SAME_TIME_DAYS = 7
BLOCK_CELLS = 4_000_000  # similarities computed at once (32 MB of float64)
NEIGHBOURS = 50
COMMON_SHARE = 0.05
MAX_DAYS_APART = 3650  # beyond ten years apart the factor is that of ten years
FACTOR_BY_DAYS = 0.5 ** (
    np.maximum(0, np.arange(MAX_DAYS_APART + 1) - SAME_TIME_DAYS) / SAME_TIME_DAYS
)  # looked up, not computed per pair: blocks hold millions of pairs
COMMON_MIN_ARTICLES = 500


def article_features(annotated: AnnotatedArticle) -> dict[str, float]:
    """Weighted counts of an article's lemmas and lemma bigrams; lead sentences count more."""
    features: defaultdict[str, float] = defaultdict(float)
    for position, sentence in enumerate(annotated.sentences):
        weight = LEAD_WEIGHT if position < LEAD_SENTENCES else 1.0
        for term in sentence.terms:
            features[term] += weight
        for pair in zip(sentence.terms, sentence.terms[1:], strict=False):
            features[" ".join(pair)] += weight * BIGRAM_WEIGHT
    return features


def tfidf_matrix(features: Sequence[dict[str, float]]) -> sp.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (1 + log tf, smoothed idf), one per article.

    In a collection of PRUNE_SINGLETONS_FROM articles or more, features that only one article
    has are dropped: they cannot make two articles alike, and their weight in the norm only
    dilutes what an article shares with its story. In a handful of articles document
    frequency says too little, so all features stay.
    """
    vocabulary: dict[str, int] = {}
    cols: list[int] = []
    counts: list[float] = []
    for weighted in features:
        cols.extend([vocabulary.setdefault(feature, len(vocabulary)) for feature in weighted])
        counts.extend(weighted.values())
    rows = np.repeat(np.arange(len(features)), [len(weighted) for weighted in features])
    values = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    shape = (len(features), len(vocabulary))
    matrix = sp.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)
    document_frequency = np.bincount(matrix.indices, minlength=shape[1])
    idf = np.log((1.0 + shape[0]) / (1.0 + document_frequency)) + 1.0
    if shape[0] >= PRUNE_SINGLETONS_FROM:
        idf[document_frequency < 2] = 0.0
    matrix = sp.csr_matrix(matrix @ sp.diags(idf))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def similar_pairs(
    vectors: sp.csr_matrix,
    dates: Sequence[date | None],
    floor: float,
    rows_to_compare: Sequence[int] | None = None,
) -> sp.coo_matrix:
    """Upper triangle of the similarity graph for pairs whose cosine x date factor >= floor.

    Values are rescaled by SIMILARITY_POWER.
    Each article keeps at most its NEIGHBOURS most similar others, so the graph has at most
    n * NEIGHBOURS edges whatever the number of articles. With `rows_to_compare`, only pairs
    that involve one of those articles are computed (new arrivals against everything).
    """
    n = vectors.shape[0]
    ordinals = np.array([d.toordinal() if d is not None else -1 for d in dates])
    vectors = without_common_features(vectors)
    transposed = vectors.T.tocsc()
    wanted = np.arange(n) if rows_to_compare is None else np.asarray(rows_to_compare, dtype=int)
    rows, cols, values = [], [], []
    block_rows = max(16, BLOCK_CELLS // max(n, 1))
    for start in range(0, len(wanted), block_rows):
        indexes = wanted[start : start + block_rows]
        block = (vectors[indexes] @ transposed).toarray()
        if (ordinals >= 0).any():
            block *= date_factors(ordinals[indexes][:, None], ordinals[None, :])
        block[np.arange(len(indexes)), indexes] = 0.0
        row, col = top_neighbours(block)
        value = block[row, col]
        keep = value >= floor
        rows.append(indexes[row[keep]])
        cols.append(col[keep])
        values.append(value[keep])
    if not rows:
        return sp.coo_matrix((n, n))
    graph = sp.coo_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    ).tocsr()
    graph.data = graph.data**SIMILARITY_POWER
    symmetric = graph.maximum(graph.T)
    return sp.triu(symmetric, k=1).tocoo()


def without_common_features(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """The vectors without the features of more than COMMON_SHARE of the articles (and of at
    least COMMON_MIN_ARTICLES), which stay in each vector's norm.

    Such words ("say", "year") weigh little (low idf) but pair every article with every
    other, which makes the pair search quadratic; below COMMON_MIN_ARTICLES articles nothing
    is dropped, so small collections keep exact cosines.
    """
    n = vectors.shape[0]
    limit = max(COMMON_MIN_ARTICLES, COMMON_SHARE * n)
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    if frequency.max(initial=0) <= limit:
        return vectors
    kept = sp.csr_matrix(vectors @ sp.diags((frequency <= limit).astype(np.float64)))
    kept.eliminate_zeros()
    return kept


def lead_text(annotated: AnnotatedArticle) -> str:
    """Title and lead sentences: what an embedding of the article's event needs."""
    sentences = [s.span.text for s in annotated.sentences[:LEAD_SENTENCES]]
    title = annotated.article.title.strip()
    return " ".join([title + "." if title else "", *sentences]).strip()


def blend_embeddings(graph: sp.coo_matrix, embeddings: np.ndarray, weight: float) -> sp.coo_matrix:
    """The graph's similarities mixed with the embedding cosines of the same pairs.

    Only pairs already in the TF-IDF graph are scored, so the lexical graph is the pre-filter
    and the embedding refines it.
    """
    cosines = np.einsum("ij,ij->i", embeddings[graph.row], embeddings[graph.col])
    values = (1.0 - weight) * graph.data + weight * np.clip(cosines, 0.0, 1.0)
    return sp.coo_matrix((values, (graph.row, graph.col)), shape=graph.shape)


def date_factors(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """1 within a week or when a date is unknown (-1), then halving with each further week.

    Dates are proleptic ordinals; articles weeks apart rarely report the same event.
    """
    days = np.minimum(np.abs(first - second), MAX_DAYS_APART)
    factor = FACTOR_BY_DAYS[days]
    return np.where((first < 0) | (second < 0), 1.0, factor)


def top_neighbours(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the NEIGHBOURS largest entries of each row of a dense block."""
    if block.shape[1] <= NEIGHBOURS:
        row, col = np.nonzero(block)
        return row, col
    top = np.argpartition(-block, NEIGHBOURS - 1, axis=1)[:, :NEIGHBOURS]
    return np.repeat(np.arange(block.shape[0]), NEIGHBOURS), top.ravel()
