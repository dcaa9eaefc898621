"""Group stories into families: stories of one kind or topic that are not one event.

Two celebrities entering rehab, two earthquakes, a summit and an arrest in the same country in
successive weeks: each is its own story, and together they are a family, shown to the reader
as related stories. Families are made after stories, by carrying the stories' average-linkage
clustering on at a looser threshold (`settings.family_threshold`) with each story starting as
one fixed group: two families merge while the mean cosine of their articles' TF-IDF vectors
(`newsprism.link.similarity.tfidf_matrix`) is at least the threshold.

The mean cosine of two groups of L2-normalised vectors is the dot product of their mean
vectors, so articles are summed into one mean vector per story once and pairs are scored
story by story (the pair search of `similar_pairs`, which keeps each story's nearest others).
For 10,000 documents (bench/families.py --scale) this takes 2-4 s beside 10-17 s for their
stories, most of it computing the TF-IDF matrix again. Publication dates are left out: the two
events of a family may lie years apart. Measured on ECB+ topics and DUC 2004 clusters
(bench/families.py), cosines relative to each story's neighbourhood (as for stories) scored
as well on ECB+ but joined more DUC clusters; leaving names out of the vectors (to keep the
kind of event) and cutting each mean vector to its top terms did no better.

A family's id is "f-" plus the id of its oldest story (first published, then id); a story
with no relative has no family (None). Stored stories keep their family: a family holding
stored stories keeps that of the first stored one that had one, and a stored story alone in
this run keeps the family it had, since its relatives may not be in the run. A run's stories
are also compared with the stored stories it does not touch but that its articles resemble
(`families_of_run`): a new story can join a family read in earlier runs. A stored story is
saved again only when a run touches it, so one that had no family keeps None in the store
when a new story names it as the oldest of their family ("f-" plus its id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from newsprism.link.similarity import similar_pairs, tfidf_matrix
from newsprism.link.stories import average_linkage, date_key
from newsprism.model import AnnotatedArticle, Story


def group_families(
    stories: Sequence[Story],
    annotated: Sequence[AnnotatedArticle],
    threshold: float,
    prior_stories: Sequence[Story] = (),
) -> list[Story]:
    """`stories` (in their order) with `family` set; `annotated` holds their articles.

    `prior_stories` are the stored stories (oldest first) whose families the run's stories
    inherit, by id or through `merged_from`.
    """
    groups = story_groups(stories, annotated, threshold)
    inherited = stored_families(stories, prior_stories)
    family_of: dict[str, str | None] = {}
    for group in groups:
        members = [stories[i] for i in group]
        kept = [inherited[s.id] for s in members if s.id in inherited]
        if kept:
            family = min(kept, key=lambda pair: pair[0])[1]
        elif len(members) > 1:
            oldest = min(members, key=lambda s: (date_key(s.first_published), s.id))
            family = "f-" + oldest.id
        else:
            family = None
        family_of.update({s.id: family for s in members})
    return [replace(s, family=family_of[s.id]) for s in stories]


def families_of_run(
    stories: Sequence[Story],
    annotated: Sequence[AnnotatedArticle],
    threshold: float,
    prior_stories: Sequence[Story] = (),
    earlier: Sequence[AnnotatedArticle] = (),
) -> list[Story]:
    """The run's `stories` with `family` set, judged beside the `prior_stories` (stored
    candidates, oldest first) that none of them holds; `earlier` has those stories' articles."""
    taken = {i for s in stories for i in (s.id, *s.merged_from)}
    resting = [p for p in prior_stories if p.id not in taken]
    present = {a.article.id for a in annotated}
    extra = [a for a in earlier if a.article.id not in present]
    familied = group_families([*stories, *resting], [*annotated, *extra], threshold, prior_stories)
    return familied[: len(stories)]


def story_groups(
    stories: Sequence[Story], annotated: Sequence[AnnotatedArticle], threshold: float
) -> list[list[int]]:
    """Indexes into `stories`, grouped by average linkage over their articles' TF-IDF vectors
    (stories kept whole) while two groups' mean cosine is at least `threshold`."""
    position = {a.article.id: i for i, a in enumerate(annotated)}
    members = [[position[i] for i in s.article_ids if i in position] for s in stories]
    present = [number for number, rows in enumerate(members) if rows]
    if len(present) < 2:
        return [[number] for number in range(len(stories))]
    rows = [members[number] for number in present]
    sizes = np.array([len(r) for r in rows], dtype=np.float64)
    owner = sp.csr_matrix(
        (
            np.repeat(1.0 / sizes, sizes.astype(int)),
            (np.repeat(np.arange(len(rows)), sizes.astype(int)), np.concatenate(rows)),
        ),
        shape=(len(rows), len(annotated)),
    )
    means = sp.csr_matrix(owner @ tfidf_matrix(annotated))
    norms = np.sqrt(np.asarray(means.multiply(means).sum(axis=1)).ravel())
    directions = sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ means)
    # a mean cosine >= threshold needs a cosine of the means >= threshold (norms are <= 1)
    cosines, _ = similar_pairs(directions, [None] * len(rows), threshold)
    first = np.array([r[0] for r in rows])
    # average_linkage sums a pair's similarities into its two groups: one pair per two stories
    # carries the sum over all their article pairs, the stories enter as fixed groups
    totals = cosines.data * norms[cosines.row] * norms[cosines.col]
    totals *= sizes[cosines.row] * sizes[cosines.col]
    a, b = first[cosines.row], first[cosines.col]
    graph = sp.coo_matrix(
        (totals, (np.minimum(a, b), np.maximum(a, b))), shape=(len(annotated), len(annotated))
    )
    story_at = {row: present[number] for number, r in enumerate(rows) for row in r}
    grouped = average_linkage(len(annotated), graph, threshold, rows)
    families = [sorted({story_at[i] for i in group if i in story_at}) for group in grouped]
    absent = [[number] for number, r in enumerate(members) if not r]
    return [f for f in families if f] + absent


def stored_families(
    stories: Sequence[Story], prior_stories: Sequence[Story]
) -> dict[str, tuple[int, str]]:
    """Story id -> (position of the stored story, its family) for the run's stories that are,
    or absorbed, a stored story with a family."""
    stored = {p.id: (n, p.family) for n, p in enumerate(prior_stories) if p.family is not None}
    found: dict[str, tuple[int, str]] = {}
    for story in stories:
        candidates = [stored[i] for i in (story.id, *story.merged_from) if i in stored]
        if candidates:
            found[story.id] = min(candidates)
    return found
