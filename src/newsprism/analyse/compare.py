"""Compare a story's articles: what several outlets corroborate (aligned statements, and
descriptions of one entity: descriptions.py), what only one reports, and where statements
conflict (see the conflicts package)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsprism.analyse.conflicts import find_conflicts
from newsprism.analyse.descriptions import corroborated_descriptions
from newsprism.analyse.statements import SentenceFacts, sentence_facts
from newsprism.model import AnnotatedArticle, Fact, Finding, Story

SpanKey = tuple[str, int, int]
ALIGNED_SLOTS = frozenset({"number", "negation", "denial", "actor"})
RESTATED_SHARE = 0.8  # a sentence whose words another of its article holds (80%) restates it


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
    copies = {copy for copy, _ in story.duplicates}  # a copy's statements are its original's
    originals = [s for s in sentences if s.span.article_id not in copies]
    conflicts = find_conflicts(story.id, originals, facts)
    disputed = {
        frozenset(f.statements) for f in conflicts if f.slot in ALIGNED_SLOTS
    }  # a fact whose statements disagree is a conflict, not a corroboration
    agreed = [f for f in facts if not any(pair <= set(f.statements) for pair in disputed)]
    findings = [corroborated(story.id, f) for f in agreed if f.sources >= 2]
    findings += corroborated_descriptions(story, by_id, entity_of)
    findings += single_source(story, originals, facts)
    return findings + conflicts


def corroborated(story_id: str, fact: Fact) -> Finding:
    copies = len(fact.outlets) - fact.sources
    note = f"{fact.sources} independent outlets"  # which ones: Finding.outlets
    if copies:
        note += f" ({copies} of them by copying another's article)"
    if fact.one_sided_by:
        note += f"; every outlet attributes it to {fact.one_sided_by}"
    return Finding(
        story_id=story_id,
        kind="corroborated",
        statements=fact.statements,
        note=note,
        outlets=fact.outlets,
        sources=fact.sources,
        one_sided_by=fact.one_sided_by,
    )


def single_source(
    story: Story, sentences: Sequence[SentenceFacts], facts: Sequence[Fact]
) -> list[Finding]:
    """Every checkable statement (a number, a date, an attributed claim) that no independent
    outlet also carries (agreeing or not), most checkable first within each outlet; only
    meaningful when the story has more than one outlet. (Reports show the first few per
    outlet; the export has them all.)"""
    outlets = {s.outlet for s in sentences}
    if len(outlets) < 2:
        return []
    aligned = {(sp.article_id, sp.start) for f in facts if f.sources >= 2 for sp in f.statements}
    told: dict[str, list[frozenset[str]]] = {}  # per article: what it says elsewhere
    for s in sentences:
        if (s.span.article_id, s.span.start) in aligned:
            told.setdefault(s.span.article_id, []).append(s.terms)
    candidates = []
    for s in sorted(sentences, key=lambda s: (s.span.article_id, s.index)):
        if (s.span.article_id, s.span.start) in aligned or not is_checkable(s):
            continue
        if restates(s.terms, told.get(s.span.article_id, [])):
            continue  # a caption or standfirst repeating the article's own sentence
        told.setdefault(s.span.article_id, []).append(s.terms)
        candidates.append(s)
    candidates.sort(key=lambda s: (s.outlet, -checkability(s), s.span.article_id, s.index))
    return [
        Finding(
            story_id=story.id,
            kind="single_source",
            statements=(s.span,),
            note=f"only {s.outlet} reports this",
            outlets=(s.outlet,),
            asserted_by=(s.asserted_by,),
            sources=1,
            one_sided_by=None if s.asserted_by == "reporter" else s.asserted_by,
        )
        for s in candidates
    ]


def restates(terms: frozenset[str], others: Sequence[frozenset[str]]) -> bool:
    """Whether another sentence holds nearly all of these words (RESTATED_SHARE)."""
    return any(len(terms & other) >= RESTATED_SHARE * len(terms) for other in others)


def checkability(s: SentenceFacts) -> int:
    """How many handles a reader has to check the statement: numbers, dates, a named source."""
    return len(s.quantities) + len(s.months) + (s.asserted_by != "reporter")


def is_checkable(s: SentenceFacts) -> bool:
    return bool(s.quantities or s.months or s.asserted_by != "reporter") and len(s.terms) >= 4
