"""A big stored story grown by a run: its stored results merged with those of a window.

When new articles join a stored story too big to re-read (`link/arrivals.growth_windows`),
the run analyses only a window of it: the new articles and the stored members most like them.
This module puts the window's results together with what is stored for the whole story, so a
day's batch costs what the batch and its window cost, not what the story holds:

- the story keeps its stored members (and title), and gains the new ones;
- facts: the new articles' statements of a window fact join the one stored fact it shares
  most statements with (their new outlets counted as new independent sources); window facts
  of stored statements alone change nothing (stored facts are never chained together); the
  others are added;
- timeline: entries of one date merge (the same sentence citing the union of sources), and
  with a cap on dates the most-cited dates stay;
- findings: corroborations are made again from the merged facts; single-source findings and
  conflicts are the stored ones and the window's, each once, without those a merged fact now
  corroborates;
- the summary is the window's, which re-reads the articles the stored summary cited;
- events: the stored ones and the window's new reports (an event re-read from a stored member
  keeps its id), reports of one event merged (`analyse.event_merge`).

Facts across the story's old members that the window does not re-read are not re-aligned.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace
from typing import Any

from newsprism.analyse.compare import ALIGNED_SLOTS, corroborated
from newsprism.analyse.event_merge import merge_events
from newsprism.analyse.timeline.anchors import chronological
from newsprism.link.align import independent_sources
from newsprism.link.align import outlet_of as outlet_of_article
from newsprism.model import (
    MAX_CITED_SOURCES,
    Analysis,
    CitedSentence,
    Entity,
    Fact,
    Finding,
    Span,
    Story,
    TimelineEntry,
)
from newsprism.settings import Settings

SpanKey = tuple[str, int, int]


def key(span: Span) -> SpanKey:
    return (span.article_id, span.start, span.end)


def grown_story(window: Story, stored: Sequence[Story]) -> Story:
    """The story `window` (the run's story over a window of the `stored` ones it holds) with
    every stored member, the oldest stored story's title, dates and copies of all."""
    members = tuple(
        dict.fromkeys([i for s in stored for i in s.article_ids] + list(window.article_ids))
    )
    firsts = [d for d in (window.first_published, *(s.first_published for s in stored)) if d]
    lasts = [d for d in (window.last_published, *(s.last_published for s in stored)) if d]
    copies = [c for s in (*stored, window) for c in s.duplicates]
    return replace(
        window,
        title=stored[0].title if stored else window.title,
        article_ids=members,
        first_published=min(firsts, default=None),
        last_published=max(lasts, default=None),
        duplicates=tuple(dict.fromkeys(copies)),
    )


def merge_facts(
    story: Story,
    stored: Sequence[Fact],
    window: Sequence[Fact],
    outlet_of: Mapping[str, str],
    new_articles: Set[str],
) -> list[Fact]:
    """The story's facts: the stored ones, each joined by the statements of `new_articles`
    that a window fact aligns with its stored statements (a window fact joins the one stored
    fact it shares most statements with); window facts that share none are added. The window
    regrouping stored statements among themselves changes nothing: stored facts are never
    chained together through it. `outlet_of` gives the outlet of each article the window read."""
    fact_of = {key(s): k for k, f in enumerate(stored) for s in f.statements}
    joining: dict[int, list[Fact]] = defaultdict(list)
    added = []
    for fact in window:
        if not any(s.article_id in new_articles for s in fact.statements):
            continue  # stored statements only: the stored facts already say it
        shared = Counter(fact_of[key(s)] for s in fact.statements if key(s) in fact_of)
        if shared:
            best = max(shared, key=lambda k: (shared[k], stored[k].sources, -k))
            joining[best].append(fact)
        else:
            added.append(replace(fact, story_id=story.id))
    merged = [
        _joined(story, fact, joining[k], outlet_of, new_articles) if k in joining else fact
        for k, fact in enumerate(stored)
    ]
    merged = [replace(f, story_id=story.id) for f in merged] + added
    return sorted(merged, key=lambda f: (-f.sources, -len(f.outlets), f.id))


def _joined(
    story: Story,
    old: Fact,
    news: Sequence[Fact],
    outlet_of: Mapping[str, str],
    new_articles: Set[str],
) -> Fact:
    """A stored fact with the new articles' statements of the window facts joining it."""
    spans = {key(s): s for s in old.statements}
    for fact in news:
        spans.update((key(s), s) for s in fact.statements if s.article_id in new_articles)
    ordered = tuple(sorted(spans.values(), key=lambda s: (s.article_id, s.start)))
    carriers = [
        (s.article_id, outlet_of[s.article_id])
        for s in ordered
        if s.article_id in new_articles and s.article_id in outlet_of
    ]
    fresh = [(a, o) for a, o in carriers if o not in old.outlets]
    sided = {old.one_sided_by, *(f.one_sided_by for f in news)}
    return Fact(
        id=old.id.replace(old.story_id, story.id, 1),
        story_id=story.id,
        statements=ordered,
        outlets=tuple(dict.fromkeys([*old.outlets, *(o for _, o in carriers)])),
        sources=old.sources + (independent_sources(fresh, story.duplicates) if fresh else 0),
        one_sided_by=sided.pop() if len(sided) == 1 else None,
    )


def merge_timeline(
    story: Story,
    stored: Sequence[TimelineEntry],
    window: Sequence[TimelineEntry],
    max_dates: int | None,
    sentences_per_date: int,
) -> list[TimelineEntry]:
    """The story's timeline: entries of one date merged (sentences of the same text cite the
    union of their sources; the most-sourced first), the `max_dates` most-cited dates kept."""
    by_date: dict[str, dict[str, list[Span]]] = defaultdict(dict)
    for entry in (*stored, *window):
        for sentence in entry.sentences:
            sources = by_date[entry.date].setdefault(sentence.text, [])
            sources.extend(s for s in sentence.sources if s not in sources)
    entries = []
    for date_value, sentences in by_date.items():
        cited = [
            CitedSentence(text, tuple(sources[:MAX_CITED_SOURCES]))
            for text, sources in sentences.items()
        ]
        cited.sort(key=lambda c: -len({s.article_id for s in c.sources}))
        entries.append(TimelineEntry(story.id, date_value, tuple(cited[:sentences_per_date])))
    if max_dates is not None and len(entries) > max_dates:
        entries.sort(key=lambda e: -len({s.article_id for c in e.sentences for s in c.sources}))
        entries = entries[:max_dates]
    return sorted(entries, key=lambda e: chronological(e.date))


def merge_findings(
    story: Story,
    facts: Sequence[Fact],
    stored: Sequence[Finding],
    window: Sequence[Finding],
) -> list[Finding]:
    """The story's findings: corroborations made again from the merged `facts`; the other
    stored and window findings once each, less single-source ones a fact now corroborates."""
    owner = {key(s): k for k, f in enumerate(facts) for s in f.statements}
    sourced = {k for k, f in enumerate(facts) if f.sources >= 2}

    def one_fact(spans: frozenset[SpanKey]) -> int | None:
        """The fact holding all these statements, if one does."""
        found = {owner.get(k) for k in spans}
        return found.pop() if len(found) == 1 else None

    others: dict[tuple[str, str | None, frozenset[SpanKey]], Finding] = {}
    for finding in (*stored, *window):
        spans = frozenset(key(s) for s in finding.statements)
        if finding.kind == "corroborated" and one_fact(spans) is not None:
            continue  # made again below, from the merged fact
        if finding.kind == "single_source" and all(owner.get(k) in sourced for k in spans):
            continue  # an independent outlet now carries it too
        others.setdefault((finding.kind, finding.slot, spans), replace(finding, story_id=story.id))
    conflicts = [f for f in others.values() if f.kind == "conflict"]
    disputed = {
        one_fact(frozenset(key(s) for s in f.statements))
        for f in conflicts
        if f.slot in ALIGNED_SLOTS
    }
    agreed = [f for k, f in enumerate(facts) if k in sourced and k not in disputed]
    made = [corroborated(story.id, f) for f in agreed]
    rest = [f for f in others.values() if f.kind != "conflict"]
    return made + rest + conflicts


def merge_entities(window: Iterable[Entity], stored: Iterable[Entity]) -> list[Entity]:
    """The window's entities, each with the mentions, aliases and roles stored under its id."""
    earlier = {e.id: e for e in stored}
    merged = []
    for entity in window:
        old = earlier.get(entity.id)
        if old is not None:
            mentions = {key(m): m for m in (*old.mentions, *entity.mentions)}
            entity = replace(
                entity,
                aliases=tuple(dict.fromkeys(entity.aliases + old.aliases)),
                mentions=tuple(sorted(mentions.values(), key=lambda s: (s.article_id, s.start))),
                roles=tuple(dict.fromkeys(entity.roles + old.roles)),
            )
        merged.append(entity)
    return merged


def grow(
    analysis: Analysis,
    stored_stories: Sequence[Story],
    stored: Analysis,
    stored_entities: Sequence[Entity],
    settings: Settings,
) -> Analysis:
    """`analysis` (a run over windows of the big `stored_stories`) with each story that holds
    a window made whole: its stored members and results merged with the window's. A story the
    run adds nothing to keeps its stored results as they are (re-reading is a no-op)."""
    whole = {s.id: s for s in stored_stories}
    old, new = _by_story(stored), _by_story(analysis)
    outlet_of = {a.article.id: outlet_of_article(a) for a in analysis.articles}
    stories: list[Story] = []
    results: dict[str, list[Any]] = {table: [] for table in RESULT_TABLES}
    for story in analysis.stories:
        grown_from = [whole[i] for i in (story.id, *story.merged_from) if i in whole]
        if not grown_from:
            stories.append(story)
            _extend(results, new[story.id])
            continue
        before = [old[s.id] for s in grown_from]
        if len(grown_from) == 1 and story.id == grown_from[0].id:
            if set(story.article_ids) <= set(grown_from[0].article_ids):
                stories.append(grown_from[0])
                _extend(results, before[0])
                continue
        grown = grown_story(story, grown_from)
        stories.append(grown)
        earlier = {t: [x for b in before for x in b[t]] for t in RESULT_TABLES}
        window = new[story.id]
        old_members = {i for s in grown_from for i in s.article_ids}
        fresh = {i for i in grown.article_ids if i not in old_members}
        facts = merge_facts(grown, earlier["facts"], window["facts"], outlet_of, fresh)
        results["facts"] += facts
        results["timeline"] += merge_timeline(
            grown,
            earlier["timeline"],
            window["timeline"],
            settings.timeline_dates,
            settings.timeline_sentences,
        )
        results["findings"] += merge_findings(grown, facts, earlier["findings"], window["findings"])
        results["summaries"] += window["summaries"]
        seen = {e.id for e in earlier["events"]}
        results["events"] += merge_events(
            [*earlier["events"], *(e for e in window["events"] if e.id not in seen)]
        )
    return replace(
        analysis,
        entities=tuple(merge_entities(analysis.entities, stored_entities)),
        stories=tuple(stories),
        **{table: tuple(items) for table, items in results.items()},
    )


RESULT_TABLES = ("facts", "timeline", "findings", "summaries", "events")


def _by_story(analysis: Analysis) -> defaultdict[str, dict[str, list[Any]]]:
    grouped: defaultdict[str, dict[str, list[Any]]] = defaultdict(
        lambda: {table: [] for table in RESULT_TABLES}
    )
    for table in RESULT_TABLES:
        for item in getattr(analysis, table):
            grouped[item.story_id][table].append(item)
    return grouped


def _extend(results: dict[str, list[Any]], more: Mapping[str, list[Any]]) -> None:
    for table in RESULT_TABLES:
        results[table] += more[table]
