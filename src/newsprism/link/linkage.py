"""Sparse average-linkage clustering, with a floor on the plain cosine of small groups.

The two groups whose mean pairwise similarity is highest merge, until no two groups are more
alike than the threshold; pairs outside the sparse graph count as 0, so memory is that of the
graph (scipy's and scikit-learn's average linkage need the dense n x n distance matrix).

Stories also pass a second graph: the plain cosines of the same pairs over the articles' full
TF-IDF vectors, their own features included (`newsprism.link.similarity`). Two groups then
merge only if their mean plain cosine is at least LONE_COSINE + SIZE_COSINE / the larger
group's size: 0.075 for two lone articles, about 0.04 for an article joining a story of ten.
The relative similarity alone let lone articles of one kind merge (crime, US politics,
sport: the 5th neighbour of a lone article is another story's, so its scale is low), and a
lone article's features are mostly its own, so over its full vector its cosine with
same-kind articles is low where a story member's with its story is not. A mean over many
pairs says more than one pair's cosine, so larger groups need less; DUC 2004's topical
clusters, whose weakest members join at cosines near 0.04, keep them. Two lone articles that
are each other's nearest, each NEAREST_GAP times nearer than to its second nearest, need no
floor: they stand out from their neighbourhood as same-kind articles do not.

Measured (B³ F1 with 1 / 2 / 3 articles per gold story of DUC and ECB+ pooled, then DUC /
ECB+; before: .40 / .59 / .72, .890 / .949): kept .80 / .78 / .79, .892 / .949. Trade-off:
of the 5,125 articles cut in two halves in a feed of 10,435 halves (bench/stories.py
--halves), 1,572 keep both halves in one story, 2,194 before (1,100 without the
nearest-pair exemption; a gap of 1.5 gives 1,670 but .79 with one article per story); B³ of
the feed's DUC and ECB+ halves .551 against .565, precision .945 against .938. Other
constants: LONE_COSINE 0.03, SIZE_COSINE 0.05: .79 / .76 / .78, .895; 0.04, 0.03: .80 / .79
/ .79, .889; 0.04, 0.04: .85 / .81 / .80, .874; 0.05, 0.03: .87 / .83 / .81, .852; 0.035,
0.02: .70 / .74 / .77, .889 (halves 1,527 without the exemption). A floor over the product
of the sizes (0.035 + 0.06 / sqrt(size x size)) .89 / .83 / .81 but DUC .839; over the
smaller size DUC .84 or less. The gate on pruned cosines (the articles' own features left
out), floor over the product of sizes: .57 / .69 / .76 at DUC .888, .66 / .71 / .76 at .882;
on cosines with the own features' share counted half (its square root): .69-.77 / .75-.81
/ .78-.80 at DUC .898-.851. What stays merged with 2 or 3 articles per story is mostly ECB+'s
pairs of like events (a topic's two sub-topics: two arrests of one player, two quakes in one
region), whose cosines run 0.2-0.5, and DUC topics of one kind.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from newsprism.link.similarity import ranked_in_row

LONE_COSINE = 0.035  # mean full-vector cosine that groups need whatever their sizes ...
SIZE_COSINE = 0.04  # ... plus this over the larger group's size
NEAREST_GAP = 2.0  # two lone articles this much nearer each other than to any other skip it


def average_linkage(
    n: int,
    graph: sp.coo_matrix,
    threshold: float,
    fixed: Sequence[Sequence[int]] = (),
    cosines: sp.coo_matrix | None = None,
) -> list[list[int]]:
    """Groups of 0..n-1 merged by average linkage while some mean similarity >= threshold.

    `graph` holds the similarity of pairs (i < j); absent pairs count as 0. Each group keeps
    the sum of similarities to its neighbours, so a merge costs the size of its neighbourhood.
    `fixed` groups (disjoint) start merged. With `cosines` (plain cosines of the same pairs),
    two groups also need a mean cosine of at least `cosine_floor` of their sizes, unless they
    are two lone articles of `mutual_nearest_pairs`.
    """
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for number, group in enumerate(g for g in fixed if g):
        label = n + number
        members[label] = sorted(group)
        for i in group:
            del members[i]
            group_of[i] = label
    links: dict[int, dict[int, float]] = {label: {} for label in members}
    cosine_links: dict[int, dict[int, float]] = {label: {} for label in members}
    plain = graph.data if cosines is None or not graph.nnz else cosine_of_pairs(cosines, graph)
    for i, j, value, cosine in zip(
        graph.row.tolist(), graph.col.tolist(), graph.data.tolist(), plain.tolist(), strict=True
    ):
        a, b = group_of[i], group_of[j]
        if a != b:
            for sums, added in ((links, value), (cosine_links, cosine)):
                sums[a][b] = sums[a].get(b, 0.0) + added
                sums[b][a] = sums[b].get(a, 0.0) + added

    clear_pairs = mutual_nearest_pairs(cosines) if cosines is not None else set()

    def mergeable(a: int, b: int) -> float | None:
        """The mean similarity of groups a and b if they may merge."""
        size_a, size_b = len(members[a]), len(members[b])
        mean = links[a][b] / (size_a * size_b)
        if mean < threshold:
            return None
        if size_a == size_b == 1 and tuple(sorted(members[a] + members[b])) in clear_pairs:
            return mean
        if cosines is not None and cosine_links[a][b] / (size_a * size_b) < cosine_floor(
            size_a, size_b
        ):
            return None
        return mean

    heap = [
        (-mean, a, b)
        for a, neighbours in links.items()
        for b in neighbours
        if a < b and (mean := mergeable(a, b)) is not None
    ]
    heapq.heapify(heap)
    next_id = n + len(fixed)
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        merged = next_id
        next_id += 1
        members[merged] = members.pop(a) + members.pop(b)
        for sums in (links, cosine_links):
            sums[merged] = merge_links(sums.pop(a), sums.pop(b), a, b)
            for neighbour, total in sums[merged].items():
                sums[neighbour].pop(a, None)
                sums[neighbour].pop(b, None)
                sums[neighbour][merged] = total
        for neighbour in links[merged]:
            if (mean := mergeable(merged, neighbour)) is not None:
                heapq.heappush(heap, (-mean, neighbour, merged))
    return [sorted(group) for group in members.values()]


def cosine_of_pairs(cosines: sp.coo_matrix, graph: sp.coo_matrix) -> np.ndarray:
    """The entries of `cosines` at the pairs of `graph` (0 where absent)."""
    return np.asarray(cosines.tocsr()[graph.row, graph.col]).ravel()


def mutual_nearest_pairs(cosines: sp.coo_matrix) -> set[tuple[int, int]]:
    """Pairs (i < j) that are each other's nearest article, each at least NEAREST_GAP times
    as alike as its second nearest: the pair stands out from its neighbourhood."""
    symmetric = sp.coo_matrix(cosines.tocsr().maximum(cosines.tocsr().T))
    row, col, value, rank = ranked_in_row(symmetric.row, symmetric.col, symmetric.data)
    n = symmetric.shape[0]
    nearest, best, second = np.full(n, -1), np.zeros(n), np.zeros(n)
    nearest[row[rank == 0]] = col[rank == 0]
    best[row[rank == 0]] = value[rank == 0]
    second[row[rank == 1]] = value[rank == 1]
    i = np.flatnonzero(nearest >= 0)
    j = nearest[i]
    clear = (j > i) & (nearest[j] == i) & (best[i] >= NEAREST_GAP * second[i])
    clear &= best[j] >= NEAREST_GAP * second[j]
    return set(zip(i[clear].tolist(), j[clear].tolist(), strict=True))


def cosine_floor(size_a: int, size_b: int) -> float:
    """The mean plain cosine two groups need: LONE_COSINE + SIZE_COSINE / the larger size.

    Two lone articles need 0.075, an article joining a story of ten about 0.04.
    """
    return LONE_COSINE + SIZE_COSINE / max(size_a, size_b)


def merge_links(
    first: dict[int, float], second: dict[int, float], a: int, b: int
) -> dict[int, float]:
    """Summed similarities of the union of groups a and b to every other group."""
    merged = {k: v for k, v in first.items() if k != b}
    for neighbour, total in second.items():
        if neighbour != a:
            merged[neighbour] = merged.get(neighbour, 0.0) + total
    return merged
