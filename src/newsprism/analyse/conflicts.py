"""Conflicts inside a story: the same slot given different values, across articles or in one.

Kinds found (rules over the annotations; no library detects these):
- `date`: the same change of control of the same place (taken / retaken; "held X from A to B"
  gives both ends) dated to different months less than MONTH_WINDOW apart;
- `duration`: a sentence whose stated duration disagrees with its own range ("the 10 months
  it held Palmyra from March 2015 to May 2016" is 14 months);
- `number`, `negation`, `denial`, `place`, `actor`: statements aligned as one fact that differ
  in that slot (fact_conflicts.py);
- `claim_vs_outcome`: a party's claim to have stopped an attack on a place, and a statement
  that the place was taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from newsprism.analyse.fact_conflicts import aligned_conflicts
from newsprism.analyse.statements import SentenceFacts, month_number
from newsprism.model import Fact, Finding

MONTH_WINDOW = 6
TAKE_VERBS = frozenset({"seize", "capture", "storm", "overrun", "conquer", "takeover"})
RETAKE_VERBS = frozenset({"retake", "recapture", "liberate", "regain", "reclaim"})
HOLD_VERBS = frozenset({"hold", "occupy", "control"})
OFF_SENSE = frozenset({"oil", "gas", "share", "vote", "market", "image", "attention"})
PLACE_WORDS = re.compile(r"\bthe (?:city|town|village|base|region|province|territory)\b", re.I)
PREVENTION = frozenset({"thwart", "repel", "repulse", "foil", "prevent", "halt", "fend", "beat"})


def control_changes(facts: SentenceFacts) -> list[tuple[str, str]]:
    """(start|end of a hold, month) pairs a sentence states for its place. Only verbs that
    mean taking territory count ("took office", "shares fell", "capture the oil" do not),
    and only where a place is named or referred to as one ("the town")."""
    if not (facts.own_places or PLACE_WORDS.search(facts.span.text)):
        return []
    changes = []
    if facts.terms & HOLD_VERBS and len(facts.months) >= 2:
        changes += [("start", facts.months[0]), ("end", facts.months[1])]
    elif facts.months:
        if facts.terms & TAKE_VERBS and not facts.terms & OFF_SENSE:
            changes.append(("start", facts.months[0]))
        if facts.terms & RETAKE_VERBS:
            changes.append(("end", facts.months[0]))
    return changes


def find_conflicts(
    story_id: str, sentences: Sequence[SentenceFacts], facts: Sequence[Fact]
) -> list[Finding]:
    findings = date_conflicts(story_id, sentences)
    findings += duration_conflicts(story_id, sentences)
    findings += fact_conflicts(story_id, sentences, facts)
    findings += claim_outcome_conflicts(story_id, sentences)
    return drop_repeats(findings)


def drop_repeats(findings: Sequence[Finding]) -> list[Finding]:
    """One conflict per slot, note and pair of articles: an article repeating its own sentence
    (a standfirst restated in the body) does not make a second conflict."""
    kept, seen = [], set()
    for finding in findings:
        key = (finding.slot, finding.note, tuple(s.article_id for s in finding.statements))
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def date_conflicts(story_id: str, sentences: Sequence[SentenceFacts]) -> list[Finding]:
    events = [(s, kind, month) for s in sentences if s.places for kind, month in control_changes(s)]
    findings, seen = [], set()
    for (a, kind_a, month_a), (b, kind_b, month_b) in combinations(events, 2):
        if kind_a != kind_b or month_a == month_b or not a.places & b.places or a.span == b.span:
            continue
        if abs(month_number(month_a) - month_number(month_b)) >= MONTH_WINDOW:
            continue
        key = (a.span, b.span)
        if key in seen:
            continue
        seen.add(key)
        what = "taken" if kind_a == "start" else "retaken (end of the hold)"
        findings.append(
            conflict(
                story_id,
                (a, b),
                "date",
                f"the same place {what} in {month_a} according to one statement, "
                f"{month_b} to the other",
            )
        )
    return findings


def duration_conflicts(story_id: str, sentences: Sequence[SentenceFacts]) -> list[Finding]:
    findings = []
    for s in sentences:
        if len(s.months) < 2 or not s.durations_in_months:
            continue
        span_months = month_number(s.months[1]) - month_number(s.months[0])
        stated = s.durations_in_months[0]
        if span_months > 0 and abs(span_months - stated) > 1:
            findings.append(
                conflict(
                    story_id,
                    (s,),
                    "duration",
                    f"{s.months[0]} to {s.months[1]} is {span_months} months, not {stated} months",
                )
            )
    return findings


def fact_conflicts(
    story_id: str, sentences: Sequence[SentenceFacts], facts: Sequence[Fact]
) -> list[Finding]:
    """Aligned statements that differ in one slot (see fact_conflicts.py)."""
    return [
        conflict(story_id, sides, slot, note)
        for sides, slot, note in aligned_conflicts(sentences, facts)
    ]


def claim_outcome_conflicts(story_id: str, sentences: Sequence[SentenceFacts]) -> list[Finding]:
    claims = [
        s
        for s in sentences
        if s.asserted_by != "reporter" and s.terms & PREVENTION and "attack" in s.events
    ]  # a claim to have stopped attacks, not to halt anything at all
    outcomes = [s for s in sentences if "take" in s.events and s.places]
    findings = []
    for claim in claims:
        candidates = [
            o
            for o in outcomes
            if o.span != claim.span
            and claim.places & o.places
            and o.span.article_id == claim.span.article_id
            and o.index > claim.index
        ]
        if not candidates:
            continue
        outcome = min(candidates, key=lambda o: o.index)  # the report that follows the claim
        findings.append(
            conflict(
                story_id,
                (claim, outcome),
                "claim_vs_outcome",
                f"{claim.asserted_by} claims the attack was stopped; the next report says the "
                "place was taken",
            )
        )
    return findings


def conflict(story_id: str, sides: Sequence[SentenceFacts], slot: str, note: str) -> Finding:
    return Finding(
        story_id=story_id,
        kind="conflict",
        statements=tuple(s.span for s in sides),
        note=note,
        outlets=tuple(dict.fromkeys(s.outlet for s in sides)),
        asserted_by=tuple(s.asserted_by for s in sides),
        slot=slot,
    )
