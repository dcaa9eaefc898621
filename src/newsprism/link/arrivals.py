"""New articles meet the stories stored by earlier runs: which stories a run touches.

A daily run reads only the day's articles. Its stories are those that hold at least one of
them: a stored story a new article joins (with the members read in earlier runs, so that its
timeline, comparison and summary cover the whole story), a stored story re-read unchanged, or
a story the new articles open. Stored stories that no new article joins stay as they are.

So that a run costs what its articles cost, not what the store holds, only candidate stored
stories enter the clustering: those holding an article of the run, and those holding one of
the stored articles a full-text search (BM25 over the store's FTS5 index) ranks most like a
run article, queried with its most frequent content words (`related_query`).

A stored story bigger than `Settings.growth_window` is not re-read whole when new articles
join it: the run re-reads a window of it (`growth_windows`), the members the search ranks most
like the new articles, and its results are merged with the stored ones (analyse/growth.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain, zip_longest

from newsprism.embed_cache import Encoder
from newsprism.link.similarity import TermStatistics
from newsprism.link.stories import group_stories, name_story
from newsprism.model import AnnotatedArticle, Story
from newsprism.settings import Settings

QUERY_WORDS = 30  # the most frequent content words of an article make its search query
RELATED_ARTICLES = 60  # stored articles a search returns per run article


def stories_of_run(
    run: Sequence[AnnotatedArticle],
    earlier: Sequence[AnnotatedArticle],
    settings: Settings,
    prior_stories: Sequence[Story] = (),
    statistics: TermStatistics | None = None,
    encoder: Encoder | None = None,
) -> tuple[list[Story], list[AnnotatedArticle]]:
    """The stories holding an article of `run`, and the articles they need.

    `earlier` are the annotated members of `prior_stories` (oldest first) that `run` does not
    repeat; the articles returned are `run` plus those earlier ones the stories hold.
    `statistics`: document frequencies of a larger collection the run is part of. With
    `settings.story`, the run and the members of the first prior story are one story under
    that story's id. `encoder` embeds lead sentences when stories weigh them in.
    """
    run_ids = {a.article.id for a in run}
    extra = [a for a in earlier if a.article.id not in run_ids]
    # earlier articles first: among undated copies, the one seen first is the original
    if settings.story is not None and prior_stories:  # the run joins that stored story
        one = replace(settings, one_story=True)
        whole = group_stories([*extra, *run], one, (), statistics, encoder)
        stories = [name_story(story, prior_stories[:1]) for story in whole]
    else:
        prior = () if settings.one_story else prior_stories
        stories = group_stories([*extra, *run], settings, prior, statistics, encoder)
    kept = [s for s in stories if run_ids.intersection(s.article_ids)]
    members = {i for s in kept for i in s.article_ids}
    return kept, [*run, *(a for a in extra if a.article.id in members)]


def related_query(annotated: AnnotatedArticle) -> str:
    """An FTS5 query matching the articles that share any of this article's QUERY_WORDS most
    frequent content words (words of letters only, each quoted so none is FTS5 syntax)."""
    counts = Counter(
        term.lower()
        for sentence in annotated.sentences
        for term in sentence.terms
        if len(term) > 2 and term.isalpha()
    )
    words = sorted(counts, key=lambda word: (-counts[word], word))[:QUERY_WORDS]
    return " OR ".join(f'"{word}"' for word in words)


def candidate_stories(stored: Sequence[Story], article_ids: Iterable[str]) -> list[Story]:
    """The stored stories (in stored order) holding at least one of `article_ids`."""
    wanted = set(article_ids)
    return [story for story in stored if wanted.intersection(story.article_ids)]


def growth_windows(
    stories: Sequence[Story],
    hits: Sequence[Sequence[str]],
    pinned: Iterable[str],
    window: int,
) -> dict[str, tuple[str, ...]]:
    """For each story of more than `window` members (none when `window` is 0): the members a
    run re-reads, in stored order. They are the `pinned` ones it holds (the run's own, those
    its stored summary cites) and up to `window` more, taken in turn from each run article's
    ranked search hits (`hits`), best first."""
    if window <= 0:
        return {}
    wanted = set(pinned)
    ranked = [h for h in chain.from_iterable(zip_longest(*hits)) if h is not None]
    windows = {}
    for story in stories:
        if len(story.article_ids) <= window:
            continue
        members = set(story.article_ids)
        chosen = {i for i in wanted if i in members}
        most = len(chosen) + window
        for hit in ranked:
            if len(chosen) >= most:
                break
            if hit in members:
                chosen.add(hit)
        windows[story.id] = tuple(i for i in story.article_ids if i in chosen)
    return windows
