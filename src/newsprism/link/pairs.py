"""Statement pairs without a statements x statements matrix: candidates, pair scores, best pairs.

A story of 3,000 articles has 30,000 statements and 450 million pairs; a dense matrix of their
scores takes 7 GB. Alignment therefore scores pairs, given as two index arrays (i < j), and
only the pairs worth scoring: every cross-article pair while a story has at most
ALL_PAIRS_BUDGET of them (a journalist's dozens of articles: the same pairs as ever), otherwise
each statement's NEIGHBOURS nearest by the idf-weighted share of the rarer features two
statements have in common (blocking on shared words, names, dates and numbers, as record
linkage does). A feature in more than RARE_FEATURE statements ("oil", "BP" in a story on the
spill) opens no candidate pair on its own: such a word says what the story is about, not which
fact a sentence reports, and its pairs would make the work quadratic again. Memory and time
grow with statements x NEIGHBOURS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from scipy import sparse

ALL_PAIRS_BUDGET = 300_000
NEIGHBOURS = 32
RARE_FEATURE = 400
PAIR_CHUNK = 100_000
ENTRY_CHUNK = 2_000_000  # row entries expanded at once in paired_dot (about 100 MB of arrays)
BANDS = 12
BAND_WINDOW = 4
ROW_BLOCK = 1_024
DENSE_PRODUCT_CELLS = 1 << 21  # row x row products paired_dot may hold as one matrix (16 MB)
DENSE_PRODUCT_SHARE = 8  # ... when the pairs asked for are at least 1/8 of its cells

PairScore = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""scores(I, J) for statement pairs given as index arrays (i < j)."""


class SparseRows:
    """A sparse matrix kept for pair products: each stored entry also under one sorted key
    (row x width + column), so any row of another matrix can be looked up in it without
    building submatrices (scipy's row indexing costs a millisecond a call; alignment makes
    thousands of small calls, one per group it considers joining)."""

    def __init__(self, matrix: sparse.spmatrix) -> None:
        rows = sparse.csr_matrix(matrix)
        rows.sum_duplicates()
        rows.sort_indices()
        self.indptr, self.indices, self.data = rows.indptr, rows.indices, rows.data
        self.width = max(1, rows.shape[1])
        row_of = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))
        self.keys = row_of.astype(np.int64) * self.width + rows.indices


def paired_dot(a: SparseRows, b: SparseRows, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each k, the dot product of row rows[k] of `a` with row cols[k] of `b` (both over
    the same columns), in chunks of at most PAIR_CHUNK pairs and about ENTRY_CHUNK entries of
    `a` (rows of long articles hold thousands), so memory stays with the chunk."""
    out = np.zeros(len(rows))
    if not len(b.keys):
        return out
    cells = (len(a.indptr) - 1) * (len(b.indptr) - 1)
    if a.width == b.width and cells <= min(DENSE_PRODUCT_CELLS, DENSE_PRODUCT_SHARE * len(rows)):
        return all_products(a, b)[rows, cols]
    sizes = np.diff(a.indptr)
    for start, stop in chunks(sizes[rows]):
        left, right = rows[start:stop], cols[start:stop]
        counts = sizes[left]
        pair = np.repeat(np.arange(len(left)), counts)
        first_entry = np.repeat(a.indptr[left] - (np.cumsum(counts) - counts), counts)
        entry = np.arange(len(pair)) + first_entry
        query = right[pair].astype(np.int64) * b.width + a.indices[entry]
        position = np.minimum(np.searchsorted(b.keys, query), len(b.keys) - 1)
        hit = b.keys[position] == query
        products = a.data[entry[hit]] * b.data[position[hit]]
        out[start : start + len(left)] = np.bincount(pair[hit], products, minlength=len(left))
    return out


def all_products(a: SparseRows, b: SparseRows) -> np.ndarray:
    """Every row of `a` dotted with every row of `b`, as a dense matrix: for a small story
    scored on all its pairs (ALL_PAIRS_BUDGET), one sparse product costs a fraction of
    looking each pair's entries up. Each dot sums the same products in the same order as
    `paired_dot` (a's row entries by column; scipy's csr product accumulates row i of the
    result over a's row i in stored order), so the scores are the same to the last bit."""
    left = sparse.csr_matrix((a.data, a.indices, a.indptr), shape=(len(a.indptr) - 1, a.width))
    right = sparse.csr_matrix((b.data, b.indices, b.indptr), shape=(len(b.indptr) - 1, b.width))
    return np.asarray((left @ right.T).toarray(), dtype=np.float64)


def chunks(entries: np.ndarray) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive runs of at most PAIR_CHUNK items and ENTRY_CHUNK entries
    (a run of one item may hold more)."""
    ends = np.cumsum(entries)
    start = 0
    while start < len(entries):
        before = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, before + ENTRY_CHUNK, side="right"))
        stop = min(max(stop, start + 1), start + PAIR_CHUNK, len(entries))
        yield start, stop
        start = stop


def cross_article_pairs(articles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) of statements from different articles (`articles`: one integer per
    statement)."""
    n = len(articles)
    first, second = np.triu_indices(n, 1)
    keep = articles[first] != articles[second]
    return first[keep], second[keep]


def candidate_pairs(
    articles: np.ndarray, weighted: sparse.csr_matrix, targets: sparse.csr_matrix, weights
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j, different articles) alignment scores: all of them while within
    ALL_PAIRS_BUDGET, else each statement's NEIGHBOURS best by the idf-weighted rare features
    it shares with the other (`weighted` row i . `targets` row j, over the norm of both
    `weights`), and the pairs MinHash bands find alike over all their features."""
    n = len(articles)
    if n * (n - 1) // 2 <= ALL_PAIRS_BUDGET:
        return cross_article_pairs(articles)
    frequency = np.bincount(targets.indices, minlength=targets.shape[1])
    rare = sparse.diags((frequency <= RARE_FEATURE).astype(np.float64))
    left = (weighted @ rare).tocsr()
    right_t = (targets @ rare).T.tocsr()
    norm = np.sqrt(np.maximum(weights, 1e-12))
    firsts, seconds = [], []
    for start in range(0, n, ROW_BLOCK):
        block = (left[start : start + ROW_BLOCK] @ right_t).tocoo()
        row, col = block.row + start, block.col
        keep = articles[row] != articles[col]
        row, col = row[keep], col[keep]
        value = block.data[keep] / (norm[row] * norm[col])
        chosen = top_per_row(row, value, NEIGHBOURS)
        firsts.append(row[chosen])
        seconds.append(col[chosen])
    banded = minhash_pairs(sparse.csr_matrix(weighted))
    first = np.concatenate([*firsts, banded[0]])
    second = np.concatenate([*seconds, banded[1]])
    keep = articles[first] != articles[second]
    low, high = np.minimum(first[keep], second[keep]), np.maximum(first[keep], second[keep])
    unique = np.unique(low.astype(np.int64) * n + high)
    return unique // n, unique % n


def minhash_pairs(rows: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows alike over all their features (Jaccard), found by MinHash banding
    (BANDS bands of two hashes: rows of Jaccard 0.3 meet in a band with probability 0.7, of
    0.6 almost surely). The sentence a thousand outlets print shares only frequent words
    with its copies, which open no rare-feature pair; in a band's bucket each row is paired
    with the next BAND_WINDOW rows, so a bucket of a thousand copies costs a thousand pairs,
    not half a million, and still chains them together."""
    n = rows.shape[0]
    if n < 2 or not rows.nnz:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    generator = np.random.default_rng(0)
    hashes = generator.integers(0, 2**31 - 1, size=(rows.shape[1], 2 * BANDS), dtype=np.int64)
    filled = np.flatnonzero(np.diff(rows.indptr))
    signature = np.full((n, 2 * BANDS), np.iinfo(np.int64).max)
    signature[filled] = np.minimum.reduceat(hashes[rows.indices], rows.indptr[filled], axis=0)
    firsts, seconds = [], []
    for band in range(BANDS):
        key = signature[:, 2 * band] * (2**31 - 1) + signature[:, 2 * band + 1]
        order = np.lexsort((np.arange(n), key))
        for offset in range(1, BAND_WINDOW + 1):
            same = key[order[:-offset]] == key[order[offset:]]
            firsts.append(order[:-offset][same])
            seconds.append(order[offset:][same])
    return np.concatenate(firsts), np.concatenate(seconds)


def top_per_row(rows: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the `k` highest values of each row (ties: first listed)."""
    order = np.lexsort((-values, rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order[np.arange(len(order)) - starts < k]


def best_of_each_article(
    first: np.ndarray, second: np.ndarray, score: np.ndarray, articles: np.ndarray, rank: int
) -> np.ndarray:
    """Which pairs are mutual best matches: each statement among the other's `rank` best
    matches in its article (ties: the earlier statement), among the pairs given."""
    source = np.concatenate([first, second])
    target = np.concatenate([second, first])
    value = np.concatenate([score, score])
    group = source.astype(np.int64) * (int(articles.max(initial=0)) + 1) + articles[target]
    m = len(first)
    if rank == 1 and not np.isnan(value).any():
        chosen = first_best(group, value, target)
        return chosen[:m] & chosen[m:]
    order = np.lexsort((target, -value, group))
    grouped = group[order]
    starts = np.searchsorted(grouped, grouped, side="left")
    chosen = np.zeros(len(source), dtype=bool)
    chosen[order] = np.arange(len(order)) - starts < rank
    return chosen[:m] & chosen[m:]


def first_best(group: np.ndarray, value: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Which entries hold their group's highest value (ties: the lowest target; the
    (group, target) pairs are distinct): the first of each group in the lexsort
    `best_of_each_article` makes for any rank, found with one stable integer sort and two
    reductions instead of sorting on three keys (alignment asks it for rank 1)."""
    chosen = np.zeros(len(group), dtype=bool)
    if not len(group):
        return chosen
    order = np.argsort(group, kind="stable")
    grouped = group[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(grouped)])
    ordered = value[order]
    tied = ordered == np.repeat(np.maximum.reduceat(ordered, starts), sizes)
    targets = np.where(tied, target[order], np.iinfo(np.int64).max)
    lowest = np.repeat(np.minimum.reduceat(targets, starts), sizes)
    chosen[order] = tied & (target[order] == lowest)
    return chosen


def pair_groups(counts_a: np.ndarray, counts_b: np.ndarray):
    """For pairs whose two sides hold counts_a[k] and counts_b[k] items (dates, clauses): the
    pair of each combination and the position of its item on each side."""
    sizes = counts_a * counts_b
    pair = np.repeat(np.arange(len(sizes)), sizes)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = counts_b[pair]
    return pair, offset // np.maximum(width, 1), offset % np.maximum(width, 1)
