"""Article context for alignment: how much closer two articles are than the story's usual pair.

A story can hold two events of one kind (two pirate captures a week apart, two rehab
check-ins): a sentence such as "The Indian navy captured pirates in the Gulf of Aden" then
reads the same in articles about either event, and only the rest of each article tells which
event it reports (23 or 26 pirates, a date, INS Mysore or INS Sukanya). Articles reporting the
same event share those names, dates and numbers. The affinity of two articles is the tf-idf
cosine of the entities, dates and numbers their statements state, less the median over the
story's article pairs: positive for articles closer than usual, negative for those further,
zero when a story has only two articles (nothing to compare with). On ECB+ (bench/facts.py)
the names, dates and numbers alone tell the events apart better than all the words. Capped,
as in a story of one event the spread of article affinities is mostly noise: uncapped, it
cost stories of one event (ECB+ sub-topics) 2 points of precision.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from newsprism.link.pairs import SparseRows, paired_dot

MAX_AFFINITY = 0.25  # context tips a borderline pair; it does not make a fact of a loose one
MEDIAN_SAMPLE = 200_000

if TYPE_CHECKING:
    from newsprism.link.align import Statement


def article_vectors(statements: Sequence[Statement]) -> tuple[list[str], sparse.csr_matrix]:
    """The story's articles (in order of first statement) and their unit tf-idf vectors over
    the entities, dates and numbers of their statements (counted once a statement)."""
    counts: dict[str, Counter[str]] = {}
    for s in statements:
        counts.setdefault(s.article_id, Counter()).update(s.entities | s.facts)
    articles = list(counts)
    document_frequency = Counter(f for c in counts.values() for f in c)
    index = {f: k for k, f in enumerate(document_frequency)}
    n = len(articles)
    idf = {f: math.log((1 + n) / (1 + df)) + 1 for f, df in document_frequency.items()}
    rows, columns, data = [], [], []
    for row, article in enumerate(articles):
        for f, count in counts[article].items():
            rows.append(row)
            columns.append(index[f])
            data.append(count * idf[f])
    matrix = sparse.csr_matrix((data, (rows, columns)), shape=(n, max(1, len(index))))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return articles, (sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix).tocsr()


class ContextAffinity:
    """For pairs of statements, the affinity of their articles: the cosine of the two articles
    less the story's median article-pair cosine, within +-MAX_AFFINITY (0 within one article).
    The median is taken over every article pair up to MEDIAN_SAMPLE pairs, else over a fixed
    random sample of that many (a story of 3,000 articles has 4.5 million pairs)."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        articles, vectors = article_vectors(statements)
        self.vectors = SparseRows(vectors)
        position = {a: k for k, a in enumerate(articles)}
        self.of = np.array([position[s.article_id] for s in statements], dtype=int)
        self.active = len(articles) >= 3
        self.median = story_median(self.vectors) if self.active else 0.0

    def __call__(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        if not self.active:
            return np.zeros(len(first))
        a, b = self.of[first], self.of[second]
        # each article pair once: two long articles have many statement pairs, and their
        # rows thousands of entries
        n = len(self.vectors.indptr) - 1
        pairs, inverse = np.unique(a.astype(np.int64) * n + b, return_inverse=True)
        cosine = paired_dot(self.vectors, self.vectors, pairs // n, pairs % n)[inverse]
        affinity = np.clip(cosine - self.median, -MAX_AFFINITY, MAX_AFFINITY)
        return np.where(a != b, affinity, 0.0)


def story_median(vectors: SparseRows) -> float:
    """The median cosine of the story's article pairs (or of a fixed sample of them)."""
    n = len(vectors.indptr) - 1
    if n * (n - 1) // 2 <= MEDIAN_SAMPLE:
        first, second = np.triu_indices(n, 1)
    else:
        generator = np.random.default_rng(0)
        first = generator.integers(0, n, MEDIAN_SAMPLE)
        second = (first + generator.integers(1, n, MEDIAN_SAMPLE)) % n
    return float(np.median(paired_dot(vectors, vectors, first, second)))
