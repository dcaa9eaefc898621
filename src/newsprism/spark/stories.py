"""The library's story linkage inside one component, and its per-story analysis.

Linkage can only join articles the candidate graph connects, so a component holds whole
stories. In each one, `newsprism.link.arrivals.stories_of_run` groups the articles with the
run's document frequencies (`TermStatistics`: each article gets the TF-IDF vector it has in
the whole run), joining the stories a store holds from earlier runs (found as
`newsprism.analyze` finds them), and
`families_of_run` relates them. Each story is then analysed on its own by
`newsprism.api.analyse_articles`, given the story as a stored one so it keeps its id, members
and family: entities, facts, timeline, findings and summary, as `analyze` makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsprism.analyse.growth import grow
from newsprism.api import (
    analyse_articles,
    growth_of,
    load_story_members,
    prior_candidates,
    related_hits,
)
from newsprism.errors import failure_reason
from newsprism.link.arrivals import stories_of_run
from newsprism.link.families import families_of_run
from newsprism.link.similarity import TermStatistics
from newsprism.model import Analysis, AnnotatedArticle, InputProblem, Story
from newsprism.settings import Settings
from newsprism.store import open_store

LinkedStory = tuple[Story, list[AnnotatedArticle], tuple[Story, ...]]
"""A story, its members' annotations, and the big stored stories it grows (whole; the story
holds only a window of their members)."""


def link_component(
    members: Sequence[AnnotatedArticle],
    settings: Settings,
    db: str | None = None,
    statistics: TermStatistics | None = None,
) -> list[LinkedStory] | InputProblem:
    """The stories of one component's articles (with the stored stories they join when `db`
    is given), or the problem that stopped it (naming the component's first article).
    `statistics` are the whole run's document frequencies, so that the component's articles
    get the TF-IDF vectors they have in the whole run. Of a stored story bigger than
    `settings.growth_window`, only a window of members is read, as `analyze` reads it
    (`newsprism.api.growth_of`)."""
    try:
        prior: list[Story] = []
        windows: dict[str, tuple[str, ...]] = {}
        earlier: list[AnnotatedArticle] = []
        if db is not None:
            with open_store(db) as store:
                hits = related_hits(members, store)
                prior = prior_candidates(members, store, hits)
                windows, _ = growth_of(prior, hits, members, settings, store)
                prior = [replace(s, article_ids=windows.get(s.id, s.article_ids)) for s in prior]
                earlier = load_story_members(prior, members, settings, store)
        stories, annotated = stories_of_run(members, earlier, settings, prior, statistics)
        stories = families_of_run(stories, annotated, settings.family_threshold, prior, earlier)
        whole = {s.id: s for s in whole_stories(db, windows)}
    except Exception as error:
        first = min(a.article.id for a in members)
        reason = failure_reason(error, f"linked into stories ({len(members)} articles)")
        return InputProblem(f"component of {first}", reason)
    by_id = {a.article.id: a for a in annotated}
    linked = []
    for story in stories:
        grows = tuple(whole[i] for i in (story.id, *story.merged_from) if i in whole)
        members_of = [by_id[i] for i in story.article_ids]
        linked.append((story, members_of, grows))
    return linked


def whole_stories(db: str | None, windows: dict[str, tuple[str, ...]]) -> list[Story]:
    """The stored stories that `windows` cut, whole."""
    if db is None or not windows:
        return []
    with open_store(db) as store:
        return [s for s in store.load_stories() if s.id in windows]


def analyse_story(
    story: Story,
    members: Sequence[AnnotatedArticle],
    settings: Settings,
    db: str | None = None,
    grows: Sequence[Story] = (),
) -> Analysis | InputProblem:
    """The library's per-story analysis of one linked story, or the problem that stopped it.
    A story over a window of big stored stories (`grows`) is then merged with their stored
    results (`newsprism.analyse.growth.grow`, as `analyze` does), read from the store at `db`
    by this task: a big story costs its window and the new articles, wherever it runs."""
    try:
        windowed = {story.id} if grows else set()  # facts_model "auto": as `analyze` decides
        analysis = analyse_articles(members, settings, prior_stories=(story,), windowed=windowed)
        found = [s.id for s in analysis.stories]
        if found != [story.id]:
            return InputProblem(story.id, f"analysed as stories {found}, not as one")
        analysis = replace(analysis, stories=(story,))
        if grows and db is not None:
            with open_store(db) as store:
                stored = store.load_results(s.id for s in grows)
                entities = store.load_entities(e.id for e in analysis.entities)
            analysis = grow(analysis, grows, stored, entities, settings)
    except Exception as error:
        return InputProblem(story.id, failure_reason(error, "analysed"))
    return analysis
