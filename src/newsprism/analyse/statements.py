"""What the comparison needs to know about each sentence of a story, read off its annotations:
its dates, durations, numbers, places, event classes, and who asserts it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from newsprism.analyse.one_sided import Attributions
from newsprism.link.events import event_class
from newsprism.model import AnnotatedArticle, Finding, Quantity, Span, TimeRef

SpanKey = tuple[str, int, int]
MONTH_VALUE = re.compile(r"^(\d{4})-(\d{2})$")
MONTHS_DURATION = re.compile(r"^P(\d+)([MY])$")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_LOOKBACK = 3
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})


class ActorMention(NamedTuple):
    """A person, group or nation named in a sentence: where (offsets in the sentence's text),
    which linked entity, and its label (PERSON, ORG, NORP)."""

    start: int
    end: int
    entity: str
    label: str


@dataclass(frozen=True)
class SentenceFacts:
    span: Span
    index: int
    outlet: str
    events: frozenset[str]
    terms: frozenset[str]
    months: tuple[str, ...]  # month-level dates stated, in text order ("2016-03")
    durations_in_months: tuple[int, ...]
    quantities: tuple[Quantity, ...]
    places: frozenset[str]  # entity ids of the places named, and of the last one named before
    asserted_by: str  # "reporter" or the speaker's name
    own_places: frozenset[str] = frozenset()  # entity ids of the places this sentence names
    actors: frozenset[str] = frozenset()  # entity ids of the people, groups, nations it names
    published: date | None = None  # publication date of the article
    actor_mentions: tuple[ActorMention, ...] = ()  # the actors' mentions, in text order


def sentence_facts(
    article: AnnotatedArticle, entity_of: Mapping[SpanKey, str], entity_types: Mapping[str, str]
) -> list[SentenceFacts]:
    """The comparable facts of each sentence of `article`, in text order."""
    places_by_sentence: dict[int, list[str]] = {}
    actors_by_sentence: dict[int, list[tuple[Span, str, str]]] = {}
    for m in article.mentions:
        entity = entity_of.get((m.span.article_id, m.span.start, m.span.end))
        label = entity_types.get(entity, "") if entity else ""
        if entity and label in PLACE_LABELS:
            places_by_sentence.setdefault(m.sentence, []).append(entity)
        elif entity and label in ACTOR_LABELS:
            actors_by_sentence.setdefault(m.sentence, []).append((m.span, entity, label))
    times_by_sentence: dict[int, list[TimeRef]] = {}  # one pass, not one per sentence
    for t in article.times:
        times_by_sentence.setdefault(t.sentence, []).append(t)
    quantities_by_sentence: dict[int, list[Quantity]] = {}
    for q in article.quantities:
        quantities_by_sentence.setdefault(q.sentence, []).append(q)
    result = []
    recent_places: list[str] = []
    attributions = Attributions(article)
    for sentence in sorted(article.sentences, key=lambda s: s.index):
        own_places = places_by_sentence.get(sentence.index, [])
        places = {*own_places, *recent_places[-1:]}  # "the town" is most likely the last place
        if own_places:
            recent_places = own_places
        times = times_by_sentence.get(sentence.index, [])
        actors = sorted(actors_by_sentence.get(sentence.index, ()), key=lambda a: a[0].start)
        result.append(
            SentenceFacts(
                span=sentence.span,
                index=sentence.index,
                outlet=article.article.outlet or f"article {article.article.id}",
                events=frozenset(c for c in map(event_class, sentence.terms) if c),
                terms=frozenset(sentence.terms),
                months=tuple(
                    t.value for t in times if t.type == "DATE" and MONTH_VALUE.match(t.value)
                ),
                durations_in_months=tuple(
                    months_of(t.value)
                    for t in times
                    if t.type == "DURATION" and MONTHS_DURATION.match(t.value)
                ),
                quantities=tuple(quantities_by_sentence.get(sentence.index, ())),
                places=frozenset(places),
                asserted_by=attributions.asserter(sentence.span),
                own_places=frozenset(own_places),
                actors=frozenset(entity for _, entity, _ in actors),
                published=article.article.published,
                actor_mentions=tuple(
                    ActorMention(
                        span.start - sentence.span.start,
                        span.end - sentence.span.start,
                        entity,
                        label,
                    )
                    for span, entity, label in actors
                ),
            )
        )
    return result


def lemma_guess(word: str) -> str:
    """A crude lemma for inflected regular verbs and nouns ("stopped" -> "stop")."""
    for suffix, replacement in (("pped", "p"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def months_of(duration: str) -> int:
    match = MONTHS_DURATION.match(duration)
    assert match is not None
    return int(match.group(1)) * (12 if match.group(2) == "Y" else 1)


def month_number(value: str) -> int:
    """ "2016-03" -> months since year 0, for differences."""
    match = MONTH_VALUE.match(value)
    assert match is not None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def asserter(article: AnnotatedArticle, span: Span) -> str:
    """Who the sentence's content is attributed to: the source of an attributed claim in it or
    a quote's speaker, else the reporter (`Attributions.asserter`; build `Attributions` once
    to ask about many spans of one article)."""
    return Attributions(article).asserter(span)


def conflict(story_id: str, sides: Sequence[SentenceFacts], slot: str, note: str) -> Finding:
    """A conflict finding over the sentences `sides`, with their outlets and who asserts each."""
    return Finding(
        story_id=story_id,
        kind="conflict",
        statements=tuple(s.span for s in sides),
        note=note,
        outlets=tuple(dict.fromkeys(s.outlet for s in sides)),
        asserted_by=tuple(s.asserted_by for s in sides),
        slot=slot,
    )
