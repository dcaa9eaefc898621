"""A story's coded events: the annotate stage's event candidates with their actors resolved to
entities, their place to a place entity, their time to its normalised value, and, for an event
the text reports someone saying ("the ministry said its planes struck ..."), who says so.

- An actor is the entity of the name its head word belongs to ("Kremlin spokesman Dmitry
  Peskov" -> Dmitry Peskov), else of the first name inside its phrase ("Russia's defence
  ministry" -> Russia), else none (a pronoun, "the jihadists"): its words are kept.
- The place is the place entity of the place phrase, when it has one.
- The date is the TIMEX3 value of the time expression in the event's clause (after the
  publication dates the story gives), else none.
- A pronoun source ("it", "they") in the sentence of, or the one after, an event with a named
  source is that source ("IS began an assault ... It quickly overran army checkpoints").
- Attribution: the claim (attributed, hedged, denied) or quote whose words hold the event's
  trigger gives its standing and its source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsprism.model import AnnotatedArticle, Entity, Event, EventCandidate, Span, Story

REPORTED = frozenset({"attributed", "hedged", "denied", "unverified"})
Names = list[tuple[int, int, str]]  # (start, end, entity id) of one article's named mentions


def story_events(
    story: Story, by_id: Mapping[str, AnnotatedArticle], entities: Sequence[Entity]
) -> list[Event]:
    """The events of `story`'s articles, in article order and text order."""
    names = names_by_article(entities, set(story.article_ids))
    places = {e.id for e in entities if e.place is not None and e.place.geonameid is not None}
    kinds = {e.id: e.type for e in entities}
    events = []
    for article_id in story.article_ids:
        annotated = by_id.get(article_id)
        if annotated is None:
            continue
        article_names = names.get(article_id, [])
        last: tuple[int, str] | None = None  # (sentence, entity) of the last named source
        for candidate in annotated.events:
            event = resolve_event(candidate, story.id, annotated, article_names, places)
            if event.source is None and last is not None and carries_over(candidate, last[0]):
                event = replace(event, source=last[1])
            if event.source is not None and kinds.get(event.source) != "NORP":
                last = (candidate.sentence, event.source)  # not "Russian" (air strikes)
            events.append(event)
    return events


PRONOUNS = frozenset({"it", "they", "he", "she"})


def carries_over(candidate: EventCandidate, sentence: int) -> bool:
    """Whether the candidate's source is a pronoun in the sentence of, or the one after, the
    last event with a named source: "IS began an assault ... It quickly overran ..." """
    source = candidate.source
    return (
        source is not None
        and source.text.lower() in PRONOUNS
        and 0 <= candidate.sentence - sentence <= 1
    )


def names_by_article(entities: Sequence[Entity], articles: set[str]) -> dict[str, Names]:
    found: dict[str, Names] = {}
    for entity in entities:
        for span in entity.mentions:
            if span.article_id in articles:
                found.setdefault(span.article_id, []).append((span.start, span.end, entity.id))
    for names in found.values():
        names.sort()
    return found


def resolve_event(
    candidate: EventCandidate,
    story_id: str,
    annotated: AnnotatedArticle,
    names: Names,
    places: set[str],
) -> Event:
    status, attributed_to, attributed_name = attribution(candidate.trigger, annotated)
    place = entity_at(candidate.place, candidate.place, names)
    return Event(
        id=event_id(candidate),
        story_id=story_id,
        type=candidate.type,
        mode=candidate.mode,
        context=candidate.context,
        evidence=evidence_of(candidate, annotated),
        trigger=candidate.trigger,
        source=entity_at(candidate.source_head, candidate.source, names),
        target=entity_at(candidate.target_head, candidate.target, names),
        place=place if place in places else None,
        date=date_of(candidate.when, annotated),
        source_text=candidate.source.text if candidate.source else None,
        target_text=candidate.target.text if candidate.target else None,
        place_text=candidate.place.text if candidate.place else None,
        status=status,
        attributed_to=attributed_to,
        attributed_name=attributed_name,
    )


def event_id(candidate: EventCandidate) -> str:
    key = f"{candidate.trigger.article_id}:{candidate.trigger.start}:{candidate.type}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def entity_at(head: Span | None, phrase: Span | None, names: Names) -> str | None:
    """The entity of the name holding `head`, else of the first name inside `phrase`."""
    if head is not None:
        for start, end, entity in names:
            if start <= head.start and head.end <= end or (start, end) == (head.start, head.end):
                return entity
    if phrase is not None:
        for start, end, entity in names:
            if phrase.start <= start and end <= phrase.end:
                return entity
    return None


def evidence_of(candidate: EventCandidate, annotated: AnnotatedArticle) -> Span:
    """The sentence holding the event's trigger (the trigger itself if none does)."""
    trigger = candidate.trigger
    for sentence in annotated.sentences:
        if sentence.span.start <= trigger.start and trigger.end <= sentence.span.end:
            return sentence.span
    return trigger


def date_of(when: Span | None, annotated: AnnotatedArticle) -> str | None:
    if when is None:
        return None
    for time in annotated.times:
        if (time.span.start, time.span.end) == (when.start, when.end):
            return time.value or None
    return None


def attribution(trigger: Span, annotated: AnnotatedArticle) -> tuple[str, str | None, str | None]:
    """(status, source entity, source name) of the claim or quote holding `trigger`."""
    for claim in annotated.claims:
        span = claim.span
        if span.start <= trigger.start and trigger.end <= span.end and claim.status in REPORTED:
            return claim.status, claim.source_entity, claim.source_name
    for quote in annotated.quotes:
        if quote.cue_kind != "speech":
            continue
        if any(c.start <= trigger.start and trigger.end <= c.end for c in quote.content):
            return "attributed", quote.speaker_entity, quote.speaker_name
    return "asserted", None, None
