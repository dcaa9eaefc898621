"""Compare a story's articles: what several outlets corroborate, what only one reports, and
where statements conflict (see conflicts.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsprism.analyse.conflicts import find_conflicts
from newsprism.analyse.statements import SentenceFacts, sentence_facts
from newsprism.model import AnnotatedArticle, Fact, Finding, Story

SpanKey = tuple[str, int, int]
SINGLE_SOURCE_PER_OUTLET = 8


def compare_story(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    facts: Sequence[Fact],
    entity_of: Mapping[SpanKey, str],
    entity_types: Mapping[str, str],
) -> list[Finding]:
    """Corroborated facts, single-source facts (per outlet) and conflicts of one story."""
    sentences = [
        s
        for article_id in story.article_ids
        for s in sentence_facts(by_id[article_id], entity_of, entity_types)
    ]
    findings = [corroborated(story.id, f) for f in facts if len(f.outlets) >= 2]
    findings += single_source(story.id, sentences, facts)
    findings += find_conflicts(story.id, sentences, facts)
    return findings


def corroborated(story_id: str, fact: Fact) -> Finding:
    return Finding(
        story_id=story_id,
        kind="corroborated",
        statements=fact.statements,
        note=f"reported by {len(fact.outlets)} outlets: {', '.join(fact.outlets)}",
        outlets=fact.outlets,
    )


def single_source(
    story_id: str, sentences: Sequence[SentenceFacts], facts: Sequence[Fact]
) -> list[Finding]:
    """Checkable statements (a number, a date, an attributed claim) that no other outlet
    carries; only meaningful when the story has more than one outlet."""
    outlets = {s.outlet for s in sentences}
    if len(outlets) < 2:
        return []
    aligned = {
        (sp.article_id, sp.start) for f in facts if len(f.outlets) >= 2 for sp in f.statements
    }
    findings: list[Finding] = []
    per_outlet: dict[str, int] = {}
    for s in sentences:
        if (s.span.article_id, s.span.start) in aligned or not is_checkable(s):
            continue
        if per_outlet.get(s.outlet, 0) >= SINGLE_SOURCE_PER_OUTLET:
            continue
        per_outlet[s.outlet] = per_outlet.get(s.outlet, 0) + 1
        findings.append(
            Finding(
                story_id=story_id,
                kind="single_source",
                statements=(s.span,),
                note=f"only {s.outlet} reports this",
                outlets=(s.outlet,),
                asserted_by=(s.asserted_by,),
            )
        )
    return findings


def is_checkable(s: SentenceFacts) -> bool:
    return bool(s.quantities or s.months or s.asserted_by != "reporter") and len(s.terms) >= 4
