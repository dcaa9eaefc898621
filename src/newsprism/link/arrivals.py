"""New articles meet the stories stored by earlier runs: which stories a run touches.

A daily run reads only the day's articles. Its stories are those that hold at least one of
them: a stored story a new article joins (with the members read in earlier runs, so that its
timeline, comparison and summary cover the whole story), a stored story re-read unchanged, or
a story the new articles open. Stored stories that no new article joins stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Story
from newsprism.settings import Settings


def stories_of_run(
    run: Sequence[AnnotatedArticle],
    earlier: Sequence[AnnotatedArticle],
    settings: Settings,
    prior_stories: Sequence[Story] = (),
) -> tuple[list[Story], list[AnnotatedArticle]]:
    """The stories holding an article of `run`, and the articles they need.

    `earlier` are the annotated members of `prior_stories` (oldest first) that `run` does not
    repeat; the articles returned are `run` plus those earlier ones the stories hold.
    """
    run_ids = {a.article.id for a in run}
    extra = [a for a in earlier if a.article.id not in run_ids]
    # earlier articles first: among undated copies, the one seen first is the original
    stories = group_stories([*extra, *run], settings, () if settings.one_story else prior_stories)
    kept = [s for s in stories if run_ids.intersection(s.article_ids)]
    members = {i for s in kept for i in s.article_ids}
    return kept, [*run, *(a for a in extra if a.article.id in members)]
