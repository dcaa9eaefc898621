"""Group articles into stories: the articles of all outlets and days that report one event.

Articles are compared by TF-IDF cosine similarity over their lemmas and lemma pairs, made
relative to each article's neighbourhood (see `newsprism.link.similarity`), then merged by
sparse average-linkage agglomerative clustering (`newsprism.link.linkage`) until no two
groups are more alike than `settings.story_threshold`, and only while their mean plain cosine
over the articles' full vectors clears a floor that falls as the larger group grows.

Measured on top of it and not kept (B³ F1 DUC 2004 / ECB+ events, then .890 / .947):
moving single articles, k-means-like, to the story whose TF-IDF centroid (without them) or
whose members they resemble most (.879 / .938 and .885 / .945; with a margin of 0.05, one
article each way); the articles DUC files elsewhere read like their host story (a House
vote on the Nazi-Soviet pact among election reports). Splitting a story at its spectral
bisection finds the halves of DUC's merged topic pairs, but whole stories have as low a
normalised cut (0.60-0.85 against 0.70-0.85), and so as low a last-merge-to-halves ratio, so
no cut value tells them apart. Stories of one or two articles joining the story they
resemble most at a lower threshold (0.08) gave .893 / .949, but lone articles then join
unrelated stories (of one ECB+ article per topic pooled with DUC, 5 rather than 8 of 33
stay alone). A logistic pair score trained on ECB+ pairs only (relative similarity, first
sentence and name cosines, shared numbers) ranks DUC pairs barely better (AUC .907 to .912)
and clusters DUC worse (.874 at its best threshold). DUC's six topic pairs of successive weeks
are nearly as alike across as within (mean cross similarity 0.66-1.08 of the lower inner
mean), and DUC files carry no dates to part them.

Small stories: with 1, 2 or 3 articles of each gold story of DUC and ECB+ pooled
(bench/stories.py --diagnose), a lone article's 5th neighbour is another story's, so its
scale is low, and on the relative similarity alone articles of one kind (crime, US politics,
sport) merged: B³ F1 .40 / .59 / .72 against .86 / .83 / .83 for the TF-IDF baseline at
t=0.14. The plain-cosine floor of `newsprism.link.linkage` brings this to .80 / .78 / .79
with DUC / ECB+ at .892 / .949 (from .890 / .949). Before it, every remedy traded DUC for it
(small-story F1s, then DUC / ECB+): a scale floor of 0.15 (.47 / .70 / .77, .863 / .947) or
0.2 (.59 / .77 / .82, .810 / .950); a scale of at least 2.5 or 4 times the 30th neighbour's
similarity (.45 / .69 / .77, .878 / .949; .68 / .80 / .82, .832 / .946); merging only while
the mean pruned cosine is at least 0.08 (.44 / .69 / .76, .889 / .949) or 3 times the 30th
neighbour's (.78 / .85 / .85, .783 / .947); two lone articles opening a story only from a
cosine of 0.12 (no change). Also measured and not kept: weak pairs (little shared
bigram weight, or fewer than 1-5 shared bigrams held by at most 2% of the articles) judged
against a scale floor of 0.2-0.3 (.49-.75 / .65-.84 / .74-.84 at DUC .78-.89: the more
small stories gain, the more DUC loses); keeping the articles' own features in the vectors
(.79 / .83 / .83 but DUC .770), or at 0.2-0.7 of their weight (DUC .892-.841 as small
stories go .43-.66). DUC's gold stories are topics whose articles are often barely alike (a
tenth of their pairs under a pruned cosine of 0.08).

A story's id is "s-" plus the id of its earliest article (by published date, then id), so
the same articles always give the same ids whatever their order.

Articles arrive day by day: with `prior_stories` (the stories stored by earlier runs), those
stories enter the clustering as fixed groups and only pairs that involve a new article (or a
member of a story a new article resembles) are computed, so nothing is re-clustered. A story
keeps its id as it grows; a new article unlike every story opens a new one; when new articles
bring two stored stories together, the merged story keeps the older id and lists the other in
`merged_from`. Near-duplicates (`newsprism.link.duplicates`) always share their original's
story and are listed in `Story.duplicates`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import numpy as np
import scipy.sparse as sp

from newsprism.embed import load_encoder
from newsprism.embed_cache import Encoder
from newsprism.link.duplicates import find_duplicates, story_duplicates
from newsprism.link.linkage import average_linkage
from newsprism.link.similarity import (
    WEB,
    TermStatistics,
    blend_embeddings,
    lead_text,
    relative_similarity,
    similar_pairs,
    tfidf_with_shared_share,
)
from newsprism.model import AnnotatedArticle, Story
from newsprism.settings import Settings

GRAPH_FLOOR = 0.05
TITLE_WORDS = 12
TITLE_MIN_WORDS = 6
LEFTOVER_EXTENSION = re.compile(r"^(html?|ece|aspx?|php|cms|shtml)\s+", re.IGNORECASE)


def group_stories(
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    prior_stories: Sequence[Story] = (),
    statistics: TermStatistics | None = None,
    encoder: Encoder | None = None,
) -> list[Story]:
    """Stories of `annotated`, largest first, then earliest; one story if `settings.one_story`.

    `prior_stories` (oldest first) are kept whole: their members among `annotated` start as
    one group each, and a story that takes one in keeps (or, merging, the oldest's) id.
    Python's cycle collector is paused meanwhile: the step makes millions of small objects and
    no cycles, and each collection would scan every object alive (10,000 articles took 13-15
    times as long as 1,000 with it, 11.6 times without; bench/scaling.py).
    """
    with collector_paused():
        return _group_stories(annotated, settings, prior_stories, statistics, encoder)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block (if it was on), then back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _group_stories(
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    prior_stories: Sequence[Story],
    statistics: TermStatistics | None = None,
    encoder: Encoder | None = None,
) -> list[Story]:
    ordered = sorted(annotated, key=chronological_key)
    if not ordered:
        return []
    position = {a.article.id: i for i, a in enumerate(ordered)}
    copies = find_duplicates([a.article for a in annotated])
    vectors, shared_share = tfidf_with_shared_share(ordered, statistics)
    if settings.one_story:
        groups = [list(range(len(ordered)))]
        prior_stories = ()
    else:
        fixed = [
            [position[i] for i in story.article_ids if i in position] for story in prior_stories
        ]
        dates = [a.article.published for a in ordered]
        weight = settings.story_embedding_weight
        embeddings = (
            (encoder or load_encoder("minilm")).encode([lead_text(a) for a in ordered])
            if weight > 0
            else None
        )
        graph, cosines = story_graph(
            vectors, shared_share, dates, fixed, copies, position, embeddings, weight
        )
        groups = average_linkage(len(ordered), graph, settings.story_threshold, fixed, cosines)
    stories = [
        name_story(make_story([ordered[i] for i in group], vectors[group], copies), prior_stories)
        for group in groups
    ]
    return sorted(stories, key=lambda s: (-len(s.article_ids), date_key(s.first_published), s.id))


def story_graph(
    vectors: sp.csr_matrix,
    shared_share: np.ndarray,
    dates: Sequence[date | None],
    fixed: Sequence[Sequence[int]],
    copies: dict[str, str],
    position: dict[str, int],
    embeddings: np.ndarray | None = None,
    embedding_weight: float = 0.0,
) -> tuple[sp.coo_matrix, sp.coo_matrix]:
    """The relative similarity graph, computed only where a merge can happen, and the plain
    cosines of its pairs over the articles' full vectors (with their own features); copies
    weigh 1 in both.

    Without fixed groups every pair counts. With them, the rows computed are the new articles
    and the members of the fixed groups that some new article resembles; the scale of the
    other articles these pairs reach is computed too.
    """
    n = vectors.shape[0]
    if not any(fixed):
        graph, scale = similar_pairs(vectors, dates, GRAPH_FLOOR)
    else:
        in_group = np.full(n, -1)
        for number, members in enumerate(fixed):
            in_group[members] = number
        new = np.flatnonzero(in_group < 0)
        first = similar_pairs(vectors, dates, GRAPH_FLOOR, new)[0].tocsr()
        first = first + first.T
        touched = set(in_group[first[new].indices].tolist()) - {-1}
        members = [i for number in sorted(touched) for i in fixed[number]]
        graph, scale = similar_pairs(vectors, dates, GRAPH_FLOOR, [*new.tolist(), *members])
        unscaled = np.setdiff1d(np.union1d(graph.row, graph.col), np.flatnonzero(~np.isnan(scale)))
        if len(unscaled):
            scale[unscaled] = similar_pairs(vectors, dates, GRAPH_FLOOR, unscaled)[1][unscaled]
    if embeddings is not None:
        graph = blend_embeddings(graph, embeddings, embedding_weight)
    cosines = sp.coo_matrix(
        (graph.data * shared_share[graph.row] * shared_share[graph.col], (graph.row, graph.col)),
        shape=graph.shape,
    )
    graph = relative_similarity(graph, scale)
    pairs = [
        (min(position[c], position[o]), max(position[c], position[o]))
        for c, o in copies.items()
        if c in position and o in position
    ]
    if not pairs:
        return graph, cosines
    forced = sp.coo_matrix(
        (np.ones(len(pairs)), ([a for a, _ in pairs], [b for _, b in pairs])), shape=(n, n)
    )
    forced = forced.tocsr()
    return (
        sp.coo_matrix(graph.tocsr().maximum(forced)),
        sp.coo_matrix(cosines.tocsr().maximum(forced)),
    )


def chronological_key(annotated: AnnotatedArticle) -> tuple[date, str]:
    return date_key(annotated.article.published), annotated.article.id


def date_key(value: date | None) -> date:
    """Sort key that puts undated articles after dated ones."""
    return value if value is not None else date.max


def make_story(
    articles: list[AnnotatedArticle], vectors: sp.csr_matrix, copies: dict[str, str]
) -> Story:
    """A story of `articles` (in chronological order), titled after its most central one."""
    dates = [a.article.published for a in articles if a.article.published is not None]
    central = articles[int(np.argmax(centrality(vectors)))] if len(articles) > 1 else articles[0]
    article_ids = tuple(a.article.id for a in articles)
    return Story(
        id="s-" + articles[0].article.id,
        title=story_title(central),
        article_ids=article_ids,
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        duplicates=story_duplicates(article_ids, copies),
    )


def centrality(vectors: sp.csr_matrix) -> np.ndarray:
    """Each row's dot product with the sum of all rows, in time proportional to the non-zeros
    (scipy's sums and products allocate arrays as long as the whole vocabulary)."""
    _, inverse = np.unique(vectors.indices, return_inverse=True)
    column_sums = np.bincount(inverse, weights=vectors.data)
    rows = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    return np.bincount(
        rows, weights=vectors.data * column_sums[inverse], minlength=vectors.shape[0]
    )


def name_story(story: Story, prior_stories: Sequence[Story]) -> Story:
    """The story under the id of the oldest stored story it contains, listing the others."""
    members = set(story.article_ids)
    contained = [p for p in prior_stories if members & set(p.article_ids)]
    if not contained:
        return story
    kept, *merged = contained
    earlier = tuple(i for p in merged for i in (*p.merged_from, p.id))
    return replace(story, id=kept.id, merged_from=tuple(dict.fromkeys(kept.merged_from + earlier)))


def story_title(annotated: AnnotatedArticle) -> str:
    """The article's title, or the first words of its first real sentence when it has none
    (not a web address, a dateline or a byline of a few words)."""
    if annotated.article.title.strip():
        return annotated.article.title.strip()
    texts = [s.span.text for s in annotated.sentences]
    if not texts:
        return ""
    first = next(
        (t for t in texts if len(t.split()) >= TITLE_MIN_WORDS and not WEB.search(t)), texts[0]
    )
    words = LEFTOVER_EXTENSION.sub("", first).split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
