"""Give quotes and claims the entity of their speaker, once entities are linked.

A speaker span is matched to the mention that heads it ("the US Coast Guard" -> "Coast Guard",
not "US"), else by name to the one entity whose mentions are written that way, allowing for
compounds and a country qualifier ("US coastguard", which the tagger leaves untagged, is the
"Coast Guard" named elsewhere).
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from newsprism.link.names import name_key, without_country
from newsprism.model import AnnotatedArticle, Claim, Mention, Quote, Span

SpanKey = tuple[str, int, int]


def attach_entities(
    annotated: Sequence[AnnotatedArticle], entity_of: dict[SpanKey, str]
) -> list[AnnotatedArticle]:
    """Copies of `annotated` whose quotes and claims name their speaker's entity id (an article
    whose quotes and claims already do is handed back as it is)."""
    mentions = [m for article in annotated for m in article.mentions]
    by_name = names_of_entities(mentions, entity_of)
    countries = {name_key(m.span.text) for m in mentions if m.label == "GPE"}
    result = []
    for article in annotated:
        heads = MentionsBySpan(article.mentions)

        def lookup(span: Span | None, heads: MentionsBySpan = heads) -> str | None:
            found = entity_for_span(span, heads, entity_of)
            if found is None and span is not None:
                found = entity_by_name(span.text, by_name, countries)
            return found

        quotes = tuple(
            with_speaker(q, lookup(q.speaker_mention) or lookup(q.speaker)) for q in article.quotes
        )
        claims = tuple(with_source(c, lookup(c.source)) for c in article.claims)
        unchanged = all(map(operator.is_, quotes, article.quotes)) and all(
            map(operator.is_, claims, article.claims)
        )  # then the article itself: the store need not write back what it read (records.py)
        result.append(article if unchanged else replace(article, quotes=quotes, claims=claims))
    return result


def with_speaker(quote: Quote, entity: str | None) -> Quote:
    """`quote` naming `entity` as its speaker's (itself when it already does: most quotes'
    speakers have no entity, and copying thousands of them each pass was half the cost)."""
    return quote if quote.speaker_entity == entity else replace(quote, speaker_entity=entity)


def with_source(claim: Claim, entity: str | None) -> Claim:
    """`claim` naming `entity` as its source's (itself when it already does)."""
    return claim if claim.source_entity == entity else replace(claim, source_entity=entity)


class MentionsBySpan:
    """An article's mentions sorted by where they start, to find those inside a span without
    scanning them all: every quote's speaker and claim's source asks, and each pass of a
    watched story attaches all its articles again."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._ordered = sorted(enumerate(mentions), key=lambda om: om[1].span.start)
        self._starts = [m.span.start for _, m in self._ordered]

    def inside(self, span: Span) -> list[Mention]:
        """The mentions within `span`, in the order given."""
        lo = bisect_left(self._starts, span.start)
        hi = bisect_right(self._starts, span.end)
        found = [
            (order, m)
            for order, m in self._ordered[lo:hi]
            if m.span.end <= span.end and m.span.article_id == span.article_id
        ]
        return [m for _, m in sorted(found, key=lambda om: om[0])]


def entity_for_span(
    span: Span | None,
    mentions: Sequence[Mention] | MentionsBySpan,
    entity_of: dict[SpanKey, str],
) -> str | None:
    """The entity of the mention at `span`, else of the longest mention that ends where the
    span ends (its head: "the US Coast Guard" is the Coast Guard, "Russia's defence ministry"
    the ministry); a name that only modifies the span ("US officials") is not its entity."""
    if span is None:
        return None
    exact = entity_of.get((span.article_id, span.start, span.end))
    if exact is not None:
        return exact
    within = mentions if isinstance(mentions, MentionsBySpan) else MentionsBySpan(mentions)
    inside = [m for m in within.inside(span) if m.span.end == span.end or m.kind == "institution"]
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
