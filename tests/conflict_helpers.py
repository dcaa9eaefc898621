"""Sentences for the conflict tests, written out by hand as the annotate stage would read them
(test_conflicts.py, test_number_conflicts.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from newsprism.analyse.conflicts import find_conflicts
from newsprism.analyse.statements import ActorMention, SentenceFacts
from newsprism.model import Fact, Quantity, Span


def said(
    article: str,
    text: str,
    index: int = 0,
    *,
    events: set[str] = frozenset(),
    months: tuple[str, ...] = (),
    durations: tuple[int, ...] = (),
    numbers: tuple[tuple[str, float, str, str | None], ...] = (),
    places: set[str] = frozenset(),
    actors: set[str] = frozenset(),
    named: tuple[tuple[str, str, str], ...] = (),
    by: str = "reporter",
    outlet: str = "",
    terms: set[str] = frozenset(),
) -> SentenceFacts:
    """What the annotate stage reads off one sentence, written out by hand; `named` holds the
    people, groups and nations linked (words as written, entity id, label)."""
    span = Span(article, 0, len(text), text)
    quantities = tuple(
        Quantity(
            Span(article, text.index(words), text.index(words) + len(words), words), v, u, q, index
        )
        for words, v, u, q in numbers
    )
    return SentenceFacts(
        span=span,
        index=index,
        outlet=outlet or article.upper(),
        events=frozenset(events),
        terms=frozenset(terms or {w.strip('.,"').lower() for w in text.split() if len(w) > 3}),
        months=months,
        durations_in_months=durations,
        quantities=quantities,
        places=frozenset(places),
        asserted_by=by,
        own_places=frozenset(places),
        actors=frozenset(actors) | {entity for _, entity, _ in named},
        actor_mentions=tuple(
            ActorMention(text.index(words), text.index(words) + len(words), entity, label)
            for words, entity, label in named
        ),
    )


def one_fact(*sides: SentenceFacts) -> Fact:
    return Fact("f", "s", tuple(s.span for s in sides), tuple(s.outlet for s in sides), len(sides))


def conflicts(sentences, facts=()):
    return find_conflicts("s", sentences, facts)


def flow(article: str, text: str, figure: str, value: float, day: int, month: int = 5, **kw):
    """A sentence giving one oil figure, published on the given day of 2010."""
    unit = figure.split()[-1]
    qualifier = next((q for q in ("at least", "about") if figure.lower().startswith(q)), None)
    sentence = said(article, text, numbers=((figure, value, unit, qualifier),), **kw)
    return replace(sentence, published=date(2010, month, day))
