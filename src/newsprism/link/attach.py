"""Give quotes and claims the entity of their speaker, once entities are linked.

A speaker span is matched to the mention that heads it ("the US Coast Guard" -> "Coast Guard",
not "US"), else by name to the one entity whose mentions are written that way, allowing for
compounds and a country qualifier ("US coastguard", which the tagger leaves untagged, is the
"Coast Guard" named elsewhere).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from newsprism.link.names import name_key, without_country
from newsprism.model import AnnotatedArticle, Mention, Span

SpanKey = tuple[str, int, int]


def attach_entities(
    annotated: Sequence[AnnotatedArticle], entity_of: dict[SpanKey, str]
) -> list[AnnotatedArticle]:
    """Copies of `annotated` whose quotes and claims name their speaker's entity id."""
    mentions = [m for article in annotated for m in article.mentions]
    by_name = names_of_entities(mentions, entity_of)
    countries = {name_key(m.span.text) for m in mentions if m.label == "GPE"}
    result = []
    for article in annotated:

        def lookup(
            span: Span | None, mentions: tuple[Mention, ...] = article.mentions
        ) -> str | None:
            found = entity_for_span(span, mentions, entity_of)
            if found is None and span is not None:
                found = entity_by_name(span.text, by_name, countries)
            return found

        quotes = tuple(
            replace(q, speaker_entity=lookup(q.speaker_mention) or lookup(q.speaker))
            for q in article.quotes
        )
        claims = tuple(replace(c, source_entity=lookup(c.source)) for c in article.claims)
        result.append(replace(article, quotes=quotes, claims=claims))
    return result


def entity_for_span(
    span: Span | None, mentions: Sequence[Mention], entity_of: dict[SpanKey, str]
) -> str | None:
    """The entity of the mention at `span`, else of the longest mention that ends where the
    span ends (its head: "the US Coast Guard" is the Coast Guard, "Russia's defence ministry"
    the ministry); a name that only modifies the span ("US officials") is not its entity."""
    if span is None:
        return None
    exact = entity_of.get((span.article_id, span.start, span.end))
    if exact is not None:
        return exact
    inside = [
        m
        for m in mentions
        if m.span.article_id == span.article_id
        and span.start <= m.span.start
        and m.span.end <= span.end
        and (m.span.end == span.end or m.kind == "institution")
    ]
    if not inside:
        return None
    best = max(inside, key=lambda m: (m.kind == "institution", m.span.end - m.span.start))
    return entity_of.get((best.span.article_id, best.span.start, best.span.end))


def names_of_entities(
    mentions: Sequence[Mention], entity_of: dict[SpanKey, str]
) -> dict[str, set[str]]:
    """Each written form (name key, and the same without spaces) -> the entities it names."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        entity = entity_of.get((m.span.article_id, m.span.start, m.span.end))
        if entity is not None and m.kind == "name":
            key = name_key(m.span.text)
            by_name[key].add(entity)
            by_name[key.replace(" ", "")].add(entity)
    return by_name


def entity_by_name(text: str, by_name: dict[str, set[str]], countries: set[str]) -> str | None:
    """The one entity named `text`, or named `text` without a country qualifier."""
    key = name_key(text)
    forms = [key, key.replace(" ", "")]
    rest = without_country(key, countries)
    if rest:
        forms += [rest, rest.replace(" ", "")]
    for form in forms:
        entities = by_name.get(form, set())
        if len(entities) == 1:
            return next(iter(entities))
    return None
