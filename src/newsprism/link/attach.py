"""Give quotes and claims the entity of their speaker, once entities are linked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsprism.model import AnnotatedArticle, Mention, Span

SpanKey = tuple[str, int, int]


def attach_entities(
    annotated: Sequence[AnnotatedArticle], entity_of: dict[SpanKey, str]
) -> list[AnnotatedArticle]:
    """Copies of `annotated` whose quotes and claims name their speaker's entity id."""
    result = []
    for article in annotated:

        def lookup(
            span: Span | None, mentions: tuple[Mention, ...] = article.mentions
        ) -> str | None:
            return entity_for_span(span, mentions, entity_of)

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
    """The entity of the mention at `span`, else of the longest mention inside it."""
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
    ]
    if not inside:
        return None
    best = max(inside, key=lambda m: (m.kind == "institution", m.span.end - m.span.start))
    return entity_of.get((best.span.article_id, best.span.start, best.span.end))
