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

MAX_AFFINITY = 0.25  # context tips a borderline pair; it does not make a fact of a loose one

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
    return articles, sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix


def context_affinity(statements: Sequence[Statement]) -> np.ndarray:
    """For each pair of statements, the affinity of their articles: the cosine of the two
    articles less the story's median article-pair cosine, within +-MAX_AFFINITY (0 within
    one article)."""
    articles, vectors = article_vectors(statements)
    if len(articles) < 3:
        return np.zeros((len(statements), len(statements)))
    cosine = (vectors @ vectors.T).toarray()
    median = float(np.median(cosine[np.triu_indices(len(articles), 1)]))
    position = {a: k for k, a in enumerate(articles)}
    of = np.array([position[s.article_id] for s in statements])
    affinity = np.clip(cosine[np.ix_(of, of)] - median, -MAX_AFFINITY, MAX_AFFINITY)
    return np.where(of[:, None] != of[None, :], affinity, 0.0)
