"""Group articles into stories: the articles of all outlets and days that report one event.

Articles are compared by TF-IDF cosine similarity over their lemmas and names (see
`newsprism.link.similarity`), then merged by average-linkage agglomerative clustering: the
two groups whose mean pairwise similarity is highest merge, until no two groups are more alike
than `settings.story_threshold`. Pairs outside the sparse similarity graph count as 0, so the
clustering needs memory for the graph only. The sparse average linkage is written by hand
(scipy's and scikit-learn's need the dense n x n distance matrix).

A story's id is "s-" plus the id of its earliest article (by published date, then id), so
the same articles always give the same ids whatever their order.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from datetime import date

import numpy as np
import scipy.sparse as sp

from newsprism.link.similarity import article_features, similar_pairs, tfidf_matrix
from newsprism.model import AnnotatedArticle, Story
from newsprism.settings import Settings

GRAPH_FLOOR = 0.05
TITLE_WORDS = 12


def group_stories(annotated: Sequence[AnnotatedArticle], settings: Settings) -> list[Story]:
    """Stories of `annotated`, largest first, then earliest; one story if `settings.one_story`."""
    ordered = sorted(annotated, key=chronological_key)
    if not ordered:
        return []
    vectors = tfidf_matrix([article_features(a) for a in ordered])
    if settings.one_story:
        groups = [list(range(len(ordered)))]
    else:
        dates = [a.article.published for a in ordered]
        graph = similar_pairs(vectors, dates, GRAPH_FLOOR)
        groups = average_linkage(len(ordered), graph, settings.story_threshold)
    stories = [make_story([ordered[i] for i in group], vectors[group]) for group in groups]
    return sorted(stories, key=lambda s: (-len(s.article_ids), date_key(s.first_published), s.id))


def chronological_key(annotated: AnnotatedArticle) -> tuple[date, str]:
    return date_key(annotated.article.published), annotated.article.id


def date_key(value: date | None) -> date:
    """Sort key that puts undated articles after dated ones."""
    return value if value is not None else date.max


def average_linkage(n: int, graph: sp.coo_matrix, threshold: float) -> list[list[int]]:
    """Groups of 0..n-1 merged by average linkage while some mean similarity >= threshold.

    `graph` holds the similarity of pairs (i < j); absent pairs count as 0. Each group keeps
    the sum of similarities to its neighbours, so a merge costs the size of its neighbourhood.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for i, j, value in zip(
        graph.row.tolist(), graph.col.tolist(), graph.data.tolist(), strict=True
    ):
        links[i][j] = value
        links[j][i] = value
    heap = [
        (-value, i, j)
        for i, neighbours in links.items()
        for j, value in neighbours.items()
        if i < j and value >= threshold
    ]
    heapq.heapify(heap)
    next_id = n
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        merged = next_id
        next_id += 1
        members[merged] = members.pop(a) + members.pop(b)
        links[merged] = merge_links(links.pop(a), links.pop(b), a, b)
        for neighbour, total in links[merged].items():
            neighbour_links = links[neighbour]
            neighbour_links.pop(a, None)
            neighbour_links.pop(b, None)
            neighbour_links[merged] = total
            mean = total / (len(members[merged]) * len(members[neighbour]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, neighbour, merged))
    return [sorted(group) for group in members.values()]


def merge_links(
    first: dict[int, float], second: dict[int, float], a: int, b: int
) -> dict[int, float]:
    """Summed similarities of the union of groups a and b to every other group."""
    merged = {k: v for k, v in first.items() if k != b}
    for neighbour, total in second.items():
        if neighbour != a:
            merged[neighbour] = merged.get(neighbour, 0.0) + total
    return merged


def make_story(articles: list[AnnotatedArticle], vectors: sp.csr_matrix) -> Story:
    """A story of `articles` (in chronological order), titled after its most central one."""
    dates = [a.article.published for a in articles if a.article.published is not None]
    centrality = np.asarray(vectors @ vectors.sum(axis=0).T).ravel()
    central = articles[int(np.argmax(centrality))]
    return Story(
        id="s-" + articles[0].article.id,
        title=story_title(central),
        article_ids=tuple(a.article.id for a in articles),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
    )


def story_title(annotated: AnnotatedArticle) -> str:
    """The article's title, or the first words of its first sentence when it has none."""
    if annotated.article.title.strip():
        return annotated.article.title.strip()
    if not annotated.sentences:
        return ""
    words = annotated.sentences[0].span.text.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
