"""Statements anchored to the dates they state, and merged across articles.

A sentence is anchored to each calendar date it states outside quotation (normalised
against its article's publication date), not to the date it was published. Sentences of
different articles that report the same fact become one cited sentence with every source span.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from newsprism.model import MAX_CITED_SOURCES, AnnotatedArticle, CitedSentence, Fact, Span

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|SP|SU|FA|WI|Q\d))?$")
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_VALUE = re.compile(r"^\d{4}-\d{2}$")


def quoted_ranges(article: AnnotatedArticle) -> list[tuple[int, int]]:
    return [(c.start, c.end) for q in article.quotes if q.kind == "direct" for c in q.content]


def anchored_sentences(article: AnnotatedArticle) -> list[tuple[str, Span]]:
    """(date value, sentence span) for each calendar date a sentence states.

    A sentence stating two dates is anchored to both: "retook the town in March, and in early
    May ... a concert" reports two events, "held Palmyra from March 2015 to May 2016" a span
    whose both ends are events.
    """
    quoted = quoted_ranges(article)
    sentences = {s.index: s for s in article.sentences}
    anchored, seen = [], set()
    for time in sorted(article.times, key=lambda t: t.span.start):
        if time.type != "DATE" or not CALENDAR_VALUE.match(time.value):
            continue
        if any(start <= time.span.start < end for start, end in quoted):
            continue
        sentence = sentences.get(time.sentence)
        if sentence is None or (time.sentence, time.value) in seen:
            continue
        seen.add((time.sentence, time.value))
        anchored.append((time.value, sentence.span))
    return anchored


def merge_same_facts(
    spans: Sequence[Span],
    fact_of: Mapping[tuple[str, int], Fact],
    by_id: Mapping[str, AnnotatedArticle],
) -> list[CitedSentence]:
    """One cited sentence per fact: the first article's wording, its source spans (the
    wording's own first: its words are what repeats are checked on; at most
    MAX_CITED_SOURCES, as a fact of a big story has thousands and each of its days would cite
    them all again; the fact itself keeps every one)."""
    groups: dict[str, list[Span]] = {}
    facts_by_id = {f.id: f for f in fact_of.values()}
    for span in spans:
        fact = fact_of.get((span.article_id, span.start))
        key = fact.id if fact is not None else f"{span.article_id}:{span.start}"
        groups.setdefault(key, []).append(span)
    cited = []
    for key, members in groups.items():
        fact = facts_by_id.get(key)
        sources = tuple(fact.statements) if fact is not None else tuple(members)
        lead = min(members, key=lambda s: (published_order(by_id[s.article_id]), s.start))
        shown = (lead.article_id, lead.start)
        sources = tuple(sorted(sources, key=lambda s: (s.article_id, s.start) != shown))
        cited.append(CitedSentence(lead.text, sources[:MAX_CITED_SOURCES]))
    return cited


def published_order(article: AnnotatedArticle) -> str:
    published = article.article.published
    return published.isoformat() if published else "9999"


def chronological(value: str) -> tuple[str, str]:
    """A sort key putting ISO weeks ("2016-W49", "2016-W49-WE") at their first day among
    dates, months and years (plain strings would put them after every day of the year)."""
    if "-W" in value:
        year, week = value.split("-W")[0], value.split("-W")[1][:2]
        if year.isdigit() and week.isdigit():
            start = date.fromisocalendar(int(year), int(week), 6 if value.endswith("WE") else 1)
            return start.isoformat(), value
    return value, value
