"""The JSON export: an `Analysis` as one JSON object, schema "newsprism/1".

This is the contract other tools read (see docs/schema.md, kept in step by a test). Every span
is `{"article", "start", "end", "text"}` with character offsets into that article's exported
`text`, which is the article text exactly as stored. Dates are ISO strings; missing values are
null. Per-article records (quotes, claims, times, quantities) follow the order of the articles
and, within an article, the order of their words; the other lists keep the order the analysis
gave them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from newsprism.analyse.coverage import Coverage, outlet_names, story_coverage
from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    CitedSentence,
    Claim,
    Entity,
    Event,
    Fact,
    Finding,
    InputProblem,
    Membership,
    Quantity,
    Quote,
    Span,
    Story,
    Summary,
    TimelineEntry,
    TimeRef,
)

SCHEMA = "newsprism/1"

JsonObject = dict[str, Any]


def export_sections(analysis: Analysis) -> list[tuple[str, Any]]:
    """The export's top-level keys (as in the contract) with their values; the lists as
    generators, so that a big story's export can be written one item at a time."""
    annotated = analysis.articles
    outlet_of = outlet_names((a.article.id, a.article.outlet) for a in annotated)
    article_order = {a.article.id: i for i, a in enumerate(annotated)}
    return [
        ("schema", SCHEMA),
        ("articles", (article_json(a) for a in annotated)),
        ("entities", (entity_json(e, article_order) for e in analysis.entities)),
        (
            "places",
            (place_json(e, article_order) for e in analysis.entities if e.place is not None),
        ),
        (
            "quotes",
            (quote_json(q) for a in annotated for q in sorted(a.quotes, key=quote_position)),
        ),
        (
            "claims",
            (
                claim_json(c)
                for a in annotated
                for c in sorted(a.claims, key=lambda c: span_position(c.span))
            ),
        ),
        (
            "times",
            (
                time_json(t)
                for a in annotated
                for t in sorted(a.times, key=lambda t: span_position(t.span))
            ),
        ),
        (
            "quantities",
            (
                quantity_json(q)
                for a in annotated
                for q in sorted(a.quantities, key=lambda q: span_position(q.span))
            ),
        ),
        ("stories", (story_json(s) for s in analysis.stories)),
        ("timeline", (timeline_entry_json(t) for t in analysis.timeline)),
        ("findings", (finding_json(f) for f in analysis.findings)),
        ("summaries", (summary_json(s) for s in analysis.summaries)),
        ("facts", (fact_json(f) for f in analysis.facts)),
        ("events", (event_json(e, outlet_of) for e in analysis.events)),
        ("coverage", coverage_list_json(analysis)),
        ("problems", (problem_json(p) for p in analysis.problems)),
        ("memberships", (membership_json(m) for m in analysis.memberships)),
    ]


def analysis_to_json(analysis: Analysis) -> JsonObject:
    """The whole analysis as a JSON-ready dict (top-level keys as in the contract)."""
    return {
        key: value if isinstance(value, str) else list(value)
        for key, value in export_sections(analysis)
    }


def write_json(analysis: Analysis, path: str | Path) -> None:
    """Write the export to `path` as UTF-8 JSON (non-ASCII kept as is, indented by 2), one
    list item at a time: the same bytes as dumping `analysis_to_json` whole, without holding
    a big story's export (hundreds of megabytes of dicts and text) in memory."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("{")
        for number, (key, value) in enumerate(export_sections(analysis)):
            out.write(("," if number else "") + "\n  " + json.dumps(key) + ": ")
            if isinstance(value, str):
                out.write(json.dumps(value, ensure_ascii=False))
                continue
            empty = True
            for item in value:
                text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                out.write(("[\n    " if empty else ",\n    ") + text)
                empty = False
            out.write("[]" if empty else "\n  ]")
        out.write("\n}\n")


def span_json(span: Span) -> JsonObject:
    return {"article": span.article_id, "start": span.start, "end": span.end, "text": span.text}


def optional_span_json(span: Span | None) -> JsonObject | None:
    return None if span is None else span_json(span)


def span_position(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


def quote_position(quote: Quote) -> tuple[int, int]:
    """Where a quote starts in its article: its first content span, else its cue or speaker."""
    anchors = [*quote.content, quote.cue, quote.speaker]
    starts = [span_position(s) for s in anchors if s is not None]
    return min(starts, default=(quote.sentence, 0))


def iso_date(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def json_number(value: float) -> int | float | None:
    """A quantity's value as JSON: whole numbers as integers, NaN/infinity as null."""
    number = float(value)  # annotators may hand over an int
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def article_json(annotated: AnnotatedArticle) -> JsonObject:
    article: Article = annotated.article
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": iso_date(article.published),
        "published_inferred": article.published_inferred,
        "published_granularity": article.published_granularity,
        "published_confidence": article.published_confidence,
        "published_source": article.published_source,
        "outlet": article.outlet,
        "url": article.url,
        "source_path": article.source_path,
        "annotator": annotated.annotator,
    }


def entity_json(entity: Entity, article_order: dict[str, int]) -> JsonObject:
    def mention_position(span: Span) -> tuple[int, int, int]:
        return (article_order.get(span.article_id, len(article_order)), span.start, span.end)

    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "mentions": [span_json(m) for m in sorted(entity.mentions, key=mention_position)],
    }


def place_json(entity: Entity, article_order: dict[str, int]) -> JsonObject:
    """A place entity with where it is (its GeoNames entry), or nulls when unresolved."""
    place = entity.place
    assert place is not None
    return {
        "id": entity.id,
        "name": entity.name,
        "geonameid": place.geonameid,
        "gazetteer_name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "feature": place.feature,
        "confidence": place.confidence,
        "note": place.note,
        "mentions": entity_json(entity, article_order)["mentions"],
    }


def quote_content_json(content: tuple[Span, ...]) -> JsonObject | list[JsonObject]:
    """One span when the quoted words are contiguous, a list of spans when they are not."""
    if len(content) == 1:
        return span_json(content[0])
    return [span_json(s) for s in content]


def speaker_json(quote: Quote) -> JsonObject:
    """The speaker span plus its entity; offsets are null when the speaker is carried over."""
    if quote.speaker is None:
        fields: JsonObject = {"article": quote.article_id, "start": None, "end": None, "text": None}
    else:
        fields = span_json(quote.speaker)
    return {**fields, "entity": quote.speaker_entity}


def quote_json(quote: Quote) -> JsonObject:
    return {
        "id": quote.id,
        "article": quote.article_id,
        "kind": quote.kind,
        "content": quote_content_json(quote.content),
        "speaker": speaker_json(quote),
        "cue": optional_span_json(quote.cue),
        "speaker_name": quote.speaker_name,
        "speaker_role": quote.speaker_role,
        "speaker_mention": optional_span_json(quote.speaker_mention),
        "sentence": quote.sentence,
        "cue_kind": quote.cue_kind,
    }


def claim_json(claim: Claim) -> JsonObject:
    return {
        "id": claim.id,
        **span_json(claim.span),
        "status": claim.status,
        "source_entity": claim.source_entity,
        "source_name": claim.source_name,
        "source": optional_span_json(claim.source),
        "cue": claim.cue,
        "refers_to": optional_span_json(claim.refers_to),
        "sentence": claim.sentence,
    }


def time_json(time: TimeRef) -> JsonObject:
    return {
        **span_json(time.span),
        "type": time.type,
        "value": time.value,
        "granularity": time.granularity,
        "sentence": time.sentence,
    }


def quantity_json(quantity: Quantity) -> JsonObject:
    return {
        **span_json(quantity.span),
        "value": json_number(quantity.value),
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "sentence": quantity.sentence,
    }


def story_json(story: Story) -> JsonObject:
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.article_ids),
        "first_published": iso_date(story.first_published),
        "last_published": iso_date(story.last_published),
        "duplicates": [{"copy": copy, "original": original} for copy, original in story.duplicates],
        "merged_from": list(story.merged_from),
        "family": story.family,
    }


def cited_sentence_json(sentence: CitedSentence) -> JsonObject:
    return {"text": sentence.text, "sources": [span_json(s) for s in sentence.sources]}


def timeline_entry_json(entry: TimelineEntry) -> JsonObject:
    return {
        "story": entry.story_id,
        "date": entry.date,
        "sentences": [cited_sentence_json(s) for s in entry.sentences],
    }


def finding_json(finding: Finding) -> JsonObject:
    return {
        "story": finding.story_id,
        "kind": finding.kind,
        "statements": [span_json(s) for s in finding.statements],
        "note": finding.note,
        "outlets": list(finding.outlets),
        "asserted_by": list(finding.asserted_by),
        "slot": finding.slot,
        "sources": finding.sources,
        "one_sided_by": finding.one_sided_by,
    }


def summary_json(summary: Summary) -> JsonObject:
    return {
        "story": summary.story_id,
        "sentences": [cited_sentence_json(s) for s in summary.sentences],
    }


def fact_json(fact: Fact) -> JsonObject:
    return {
        "id": fact.id,
        "story": fact.story_id,
        "statements": [span_json(s) for s in fact.statements],
        "outlets": list(fact.outlets),
        "sources": fact.sources,
        "one_sided_by": fact.one_sided_by,
    }


def event_json(event: Event, outlet_of: Mapping[str, str] | None = None) -> JsonObject:
    reports = event.evidence_all or (event.evidence,)
    articles = event.articles or (event.evidence.article_id,)
    outlets = [(outlet_of or {}).get(a, a) for a in articles]
    return {
        "id": event.id,
        "story": event.story_id,
        "type": event.type,
        "mode": event.mode,
        "context": event.context,
        "source": event.source,
        "target": event.target,
        "place": event.place,
        "date": event.date,
        "evidence": span_json(event.evidence),
        "trigger": span_json(event.trigger),
        "source_text": event.source_text,
        "target_text": event.target_text,
        "place_text": event.place_text,
        "status": event.status,
        "attributed_to": event.attributed_to,
        "attributed_name": event.attributed_name,
        "evidence_all": [span_json(s) for s in reports],
        "articles": list(articles),
        "outlets": list(dict.fromkeys(outlets)),
    }


def coverage_list_json(analysis: Analysis) -> list[JsonObject]:
    """One coverage matrix (outlet x fact) per story that has facts."""
    outlet_of = outlet_names((a.article.id, a.article.outlet) for a in analysis.articles)
    matrices = [
        story_coverage(story, outlet_of, analysis.facts, analysis.findings)
        for story in analysis.stories
    ]
    return [coverage_json(m) for m in matrices if m.facts]


def coverage_json(coverage: Coverage) -> JsonObject:
    return {
        "story": coverage.story_id,
        "outlets": list(coverage.outlets),
        "facts": [f.id for f in coverage.facts],
        "carried": [list(row) for row in coverage.carried],
        "single_source": list(coverage.single_source),
    }


def membership_json(membership: Membership) -> JsonObject:
    return {
        "story": membership.story_id,
        "article": membership.article_id,
        "nearest": membership.nearest,
        "similarity": membership.similarity,
        "reasons": [
            {"kind": r.kind, "text": r.text, "articles": list(r.articles), "weight": r.weight}
            for r in membership.reasons
        ],
    }


def problem_json(problem: InputProblem) -> JsonObject:
    return {"source": problem.source, "reason": problem.reason, "kept": problem.kept}
