"""Descriptions several outlets agree on: what each says a named thing is.

"the jihadist-linked Amaq news agency" (AFP) and "Amaq, Islamic State's news agency" (The
Guardian) both call Amaq a news agency: a fact two outlets corroborate although no sentence of
one paraphrases a sentence of the other. The descriptions are the roles the annotate stage reads
(`Mention.role`: a title before a name, an appositive, the kind of organisation a name
modifies); two agree when their head noun is the same ("agency", "spokesman"). One finding per
entity: its description carried by the most independent outlets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from newsprism.link.align import independent_sources, outlet_of
from newsprism.model import AnnotatedArticle, Finding, Span, Story

SpanKey = tuple[str, int, int]
HEAD_END = re.compile(r"\s+(?:of|at|for|in|with|from|on|to|who|which|that)\s.*$", re.I)


@dataclass(frozen=True)
class Description:
    outlet: str
    article_id: str
    sentence: Span
    role: str
    name: str


def description_head(role: str) -> str | None:
    """The noun a description ends in before any complement: "Syria's director of
    antiquities" -> "director"; None when it does not end in a lower-case word."""
    words = re.findall(r"[\w-]+", HEAD_END.sub("", role))
    if not words or not words[-1].islower() or not words[-1].isalpha():
        return None
    return words[-1]


def corroborated_descriptions(
    story: Story, by_id: Mapping[str, AnnotatedArticle], entity_of: Mapping[SpanKey, str]
) -> list[Finding]:
    """For each entity two or more independent outlets describe alike, one `corroborated`
    finding with the sentence of each outlet's description."""
    by_entity: dict[str, dict[str, list[Description]]] = {}
    for article_id in story.article_ids:
        article = by_id[article_id]
        sentences = {s.index: s.span for s in article.sentences}
        for mention in article.mentions:
            entity = entity_of.get((article_id, mention.span.start, mention.span.end))
            head = description_head(mention.role) if mention.role else None
            if entity is None or head is None or mention.sentence not in sentences:
                continue
            by_entity.setdefault(entity, {}).setdefault(head, []).append(
                Description(
                    outlet_of(article),
                    article_id,
                    sentences[mention.sentence],
                    mention.role or "",
                    mention.span.text,
                )
            )
    findings = []
    for heads in by_entity.values():
        candidates = [agreeing(story, items) for items in heads.values()]
        best = max(candidates, key=lambda found: found[0], default=(0, []))
        sources, chosen = best
        if sources < 2:
            continue
        name = max((d.name for d in chosen), key=len)
        roles = " / ".join(dict.fromkeys(d.role for d in chosen))
        findings.append(
            Finding(
                story_id=story.id,
                kind="corroborated",
                statements=tuple(d.sentence for d in chosen),
                note=f"{sources} independent outlets describe {name} alike: {roles}",
                outlets=tuple(d.outlet for d in chosen),
                sources=sources,
            )
        )
    return sorted(findings, key=lambda f: -f.sources)


def agreeing(story: Story, items: list[Description]) -> tuple[int, list[Description]]:
    """The first description of each outlet, and how many independent outlets they are."""
    first: dict[str, Description] = {}
    for item in items:
        first.setdefault(item.outlet, item)
    chosen = list(first.values())
    carriers = [(d.article_id, d.outlet) for d in chosen]
    return independent_sources(carriers, story.duplicates), chosen
