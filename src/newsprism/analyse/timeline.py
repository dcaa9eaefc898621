"""A story's timeline: each statement anchored to the date it is about, merged across articles.

A sentence is anchored to the first calendar date it states outside quotation (normalised
against its article's publication date), not to the date it was published. Sentences of
different articles on the same date that report the same fact are merged into one entry
sentence citing every source span.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from newsprism.model import AnnotatedArticle, CitedSentence, Fact, Span, Story, TimelineEntry

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|SP|SU|FA|WI|Q\d))?$")


def build_timeline(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    facts: Sequence[Fact],
    max_dates: int | None = None,
    sentences_per_date: int = 2,
) -> list[TimelineEntry]:
    """Dated entries of one story, oldest first; `max_dates` keeps the best-sourced dates."""
    fact_of = {(s.article_id, s.start): f for f in facts for s in f.statements}
    dated: dict[str, list[Span]] = defaultdict(list)
    for article_id in story.article_ids:
        for date_value, span in anchored_sentences(by_id[article_id]):
            dated[date_value].append(span)
    entries = []
    for date_value, spans in dated.items():
        sentences = merge_same_facts(spans, fact_of, by_id)
        sentences.sort(key=lambda c: -len({s.article_id for s in c.sources}))
        entries.append(TimelineEntry(story.id, date_value, tuple(sentences[:sentences_per_date])))
    if max_dates is not None:
        entries.sort(key=lambda e: -sum(len(c.sources) for c in e.sentences))
        entries = entries[:max_dates]
    return sorted(entries, key=lambda e: e.date)


def anchored_sentences(article: AnnotatedArticle) -> list[tuple[str, Span]]:
    """(date value, sentence span) for each sentence that states a calendar date."""
    quoted = [(c.start, c.end) for q in article.quotes if q.kind == "direct" for c in q.content]
    sentences = {s.index: s for s in article.sentences}
    anchored, seen = [], set()
    for time in sorted(article.times, key=lambda t: t.span.start):
        if time.type != "DATE" or not CALENDAR_VALUE.match(time.value):
            continue
        if any(start <= time.span.start < end for start, end in quoted):
            continue
        sentence = sentences.get(time.sentence)
        if sentence is None or time.sentence in seen:
            continue
        seen.add(time.sentence)
        anchored.append((time.value, sentence.span))
    return anchored


def merge_same_facts(
    spans: Sequence[Span],
    fact_of: Mapping[tuple[str, int], Fact],
    by_id: Mapping[str, AnnotatedArticle],
) -> list[CitedSentence]:
    """One cited sentence per fact: the first article's wording, every source span."""
    groups: dict[str, list[Span]] = {}
    for span in spans:
        fact = fact_of.get((span.article_id, span.start))
        key = fact.id if fact is not None else f"{span.article_id}:{span.start}"
        groups.setdefault(key, []).append(span)
    cited = []
    for key, members in groups.items():
        fact = next((f for f in fact_of.values() if f.id == key), None)
        sources = tuple(fact.statements) if fact is not None else tuple(members)
        lead = min(members, key=lambda s: (published_order(by_id[s.article_id]), s.start))
        cited.append(CitedSentence(lead.text, sources))
    return cited


def published_order(article: AnnotatedArticle) -> str:
    published = article.article.published
    return published.isoformat() if published else "9999"
