"""Conflicts inside a story: the same slot given different values, across articles or in one.

Kinds found (rules over the annotations; no library detects these):
- `date`: the same change of control of the same place (taken / retaken; "held X from A to B"
  gives both ends) dated to different months less than MONTH_WINDOW apart;
- `duration`: a sentence whose stated duration disagrees with its own range ("the 10 months
  it held Palmyra from March 2015 to May 2016" is 14 months);
- `number`: outlets giving incompatible figures for one quantity at the same time
  (numbers.py);
- `negation`, `denial`, `actor`: statements aligned as one fact that report the same event
  and differ in that slot (aligned.py);
- `claim_vs_outcome`: a party's claim to have stopped an attack on a place, and a statement
  that the place was taken.
A conflict is one per slot and pair of values, however many sentence pairs carry it: all of
them are its statements (the sentences of one side first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from newsprism.analyse.conflicts.aligned import aligned_conflicts, close_pairs
from newsprism.analyse.conflicts.figures import story_figures
from newsprism.analyse.conflicts.numbers import figure_conflicts
from newsprism.analyse.statements import SentenceFacts, conflict, month_number
from newsprism.model import Fact, Finding

Conflict = tuple[Sequence[SentenceFacts], str, str]  # the sides, the slot, what differs

MONTH_WINDOW = 6
TAKE_VERBS = frozenset({"seize", "capture", "storm", "overrun", "conquer", "takeover"})
RETAKE_VERBS = frozenset({"retake", "recapture", "liberate", "regain", "reclaim"})
HOLD_VERBS = frozenset({"hold", "occupy", "control"})
OFF_SENSE = frozenset({"oil", "gas", "share", "vote", "market", "image", "attention"})
PLACE_WORDS = re.compile(r"\bthe (?:city|town|village|base|region|province|territory)\b", re.I)
NOTE_NAMES_VALUES = frozenset({"date", "duration", "claim_vs_outcome"})
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
    pairs = date_conflicts(sentences)
    pairs += duration_conflicts(sentences)
    pairs += aligned_conflicts(sentences, facts)
    pairs += claim_outcome_conflicts(sentences)
    findings = group_conflicts(story_id, pairs)
    aligned = close_pairs(sentences, facts)
    return findings + figure_conflicts(story_id, story_figures(sentences), aligned)


def group_conflicts(story_id: str, found: Sequence[Conflict]) -> list[Finding]:
    """One finding per slot and note where the note names the values (NOTE_NAMES_VALUES), with
    the sentences of every pair that carries it: a standfirst restated in the body, or two
    sentences of one article dating the same capture, do not make a second conflict."""
    groups: dict[tuple, list[Sequence[SentenceFacts]]] = {}
    for sides, slot, note in found:
        own = () if slot in NOTE_NAMES_VALUES else tuple(s.span for s in sides)
        groups.setdefault((slot, note, own), []).append(sides)
    findings = []
    for (slot, note, _), pairs in groups.items():
        width = max(len(p) for p in pairs)
        ordered = [p[k] for k in range(width) for p in pairs if k < len(p)]
        sides = list({s.span: s for s in ordered}.values())
        findings.append(conflict(story_id, sides, slot, note))
    return findings


def date_conflicts(sentences: Sequence[SentenceFacts]) -> list[Conflict]:
    """The same change of control of a shared place dated to two months: the earlier month's
    sentence first, so that every pair dating it so reads the same."""
    events = [(s, kind, month) for s in sentences if s.places for kind, month in control_changes(s)]
    found: list[Conflict] = []
    for (a, kind_a, month_a), (b, kind_b, month_b) in combinations(events, 2):
        if kind_a != kind_b or month_a == month_b or not a.places & b.places or a.span == b.span:
            continue
        if abs(month_number(month_a) - month_number(month_b)) >= MONTH_WINDOW:
            continue
        (first, early), (second, late) = sorted([(a, month_a), (b, month_b)], key=lambda x: x[1])
        what = "taken" if kind_a == "start" else "retaken (end of the hold)"
        note = f"the same place {what} in {early} according to one statement, {late} to the other"
        found.append(((first, second), "date", note))
    return found


def duration_conflicts(sentences: Sequence[SentenceFacts]) -> list[Conflict]:
    findings: list[Conflict] = []
    for s in sentences:
        if len(s.months) < 2 or not s.durations_in_months:
            continue
        span_months = month_number(s.months[1]) - month_number(s.months[0])
        stated = s.durations_in_months[0]
        if span_months > 0 and abs(span_months - stated) > 1:
            note = f"{s.months[0]} to {s.months[1]} is {span_months} months, not {stated} months"
            findings.append(((s,), "duration", note))
    return findings


def claim_outcome_conflicts(sentences: Sequence[SentenceFacts]) -> list[Conflict]:
    claims = [
        s
        for s in sentences
        if s.asserted_by != "reporter" and s.terms & PREVENTION and "attack" in s.events
    ]  # a claim to have stopped attacks, not to halt anything at all
    outcomes = [s for s in sentences if "take" in s.events and s.places]
    findings: list[Conflict] = []
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
        note = (
            f"{claim.asserted_by} claims the attack was stopped; the next report says the "
            "place was taken"
        )
        findings.append(((claim, outcome), "claim_vs_outcome", note))
    return findings
