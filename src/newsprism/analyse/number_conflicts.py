"""Number conflicts: outlets giving incompatible figures for the same quantity at the same time
("5,000 barrels a day" vs "12,000-19,000 barrels a day" the same day).

Two figures (figures.py) are compared when they measure the same thing in the same unit per
the same time (or the two sentences are aligned as one report, for counts no measure word
names: "5,000 vs 3,000 militants took part"), come from different outlets, and were published
within SAME_DAYS of each other. What a user wants from an evolving figure is not a list of
contradictions: an estimate revised over weeks (1,000, then 5,000, then 12,000-19,000 barrels
a day) differs over time, and a figure a sentence gives as an earlier one ("had estimated
5,000") is history. Those are not conflicts: each quantity whose current figure changed gets
one `revised` finding instead, its values in date order (revisions.py). A range and its end
("35,000-60,000" vs "60,000"), a bound and a value within it ("at least 12,000" vs 19,000)
agree. Conflicts are grouped by quantity and pair of values, with every pair of sentences
that carries them as evidence.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import date
from itertools import combinations

from newsprism.analyse.figures import RATES, Figure, compatible
from newsprism.analyse.statements import SentenceFacts
from newsprism.model import Finding, Span

SAME_DAYS = 1
REVISION_DAYS = 21  # further apart, two figures are not compared at all
SpanPair = frozenset[Span]


def figure_conflicts(
    story_id: str, figures: Sequence[Figure], aligned: Collection[SpanPair] = ()
) -> list[Finding]:
    """One conflict per quantity and pair of incompatible values, all sentence pairs kept:
    `number` when reported at the same time, `revised` when weeks apart."""
    current = [f for f in figures if f.current]
    by_sentence: dict[Span, list[Figure]] = {}
    for f in current:
        by_sentence.setdefault(key_of(f), []).append(f)
    groups: dict[tuple, list[tuple[Figure, Figure]]] = {}
    for a, b in combinations(current, 2):
        if not comparable(a, b, aligned) or compatible(a, b):
            continue
        if mentions_both(by_sentence[key_of(a)], b) or mentions_both(by_sentence[key_of(b)], a):
            continue  # a sentence giving both values is weighing them, not disagreeing
        if same_time(a, b):
            first, second = sorted((a, b), key=lambda f: (f.low, f.high))
            slot = "number"
        elif a.slot[0] and a.slot[2] in RATES and days_apart(a, b) <= REVISION_DAYS:
            first, second = sorted((a, b), key=lambda f: f.sentence.published or date.min)
            slot = "outdated" if outdated(second, first, current) else "revised"
        else:
            continue
        key = (slot, first.slot[:3], first.value_key, second.value_key)
        groups.setdefault(key, []).append((first, second))
    return [grouped(story_id, key[0], pairs) for key, pairs in groups.items()]


def outdated(later: Figure, earlier: Figure, figures: Sequence[Figure]) -> bool:
    """The later report gives a figure the story had before the earlier one's: it repeats an
    outdated figure ("up to 5,000 barrels a day" a month after the estimate rose to 35,000)."""
    before = earlier.sentence.published
    return (
        before is not None
        and closed(later)
        and any(
            f.slot[:3] == later.slot[:3]
            and closed(f)
            and f.sentence.published is not None
            and (before - f.sentence.published).days > SAME_DAYS
            and compatible(f, later)
            and not compatible(f, earlier)
            for f in figures
        )
    )


def closed(f: Figure) -> bool:
    """A value or range, not an open bound ("at least 12,000")."""
    return math.isfinite(f.low) and math.isfinite(f.high)


def comparable(a: Figure, b: Figure, aligned: Collection[SpanPair]) -> bool:
    """The same quantity at the same time from two outlets."""
    if a.sentence.outlet == b.sentence.outlet:
        return False
    if a.slot[1:] != b.slot[1:] or elsewhere(a.sentence, b.sentence):
        return False
    if a.slot[0] and a.slot[0] == b.slot[0]:
        return True
    return not a.slot[0] and not b.slot[0] and frozenset({key_of(a), key_of(b)}) in aligned


def elsewhere(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Both sentences name places and none in common: two events ("the explosion killed 11"
    in the Gulf, "the Lockerbie bombing killed 270")."""
    return bool(a.own_places and b.own_places and not a.own_places & b.own_places)


def same_time(a: Figure, b: Figure) -> bool:
    return days_apart(a, b) <= SAME_DAYS


def days_apart(a: Figure, b: Figure) -> int:
    first, second = a.sentence.published, b.sentence.published
    return 0 if first is None or second is None else abs((first - second).days)


def mentions_both(own: Sequence[Figure], other: Figure) -> bool:
    return any(f.slot[1:3] == other.slot[1:3] and compatible(f, other) for f in own)


def key_of(f: Figure) -> Span:
    return f.sentence.span


def grouped(story_id: str, slot: str, pairs: Sequence[tuple[Figure, Figure]]) -> Finding:
    """The conflict of a quantity's two values: the sentences giving the first value (the
    lower one, or the earlier one for a revision), then those giving the second."""
    firsts = list({key_of(f): f for f, _ in pairs}.values())
    seconds = list({key_of(s): s for _, s in pairs}.values())
    sides = [f.sentence for f in firsts + seconds]
    first, second = pairs[0]
    if slot == "number":
        note = (
            f"{first.label}: {first.text!r} ({outlet_count(firsts)}) vs {second.text!r} "
            f"({outlet_count(seconds)}), reported within {SAME_DAYS} day"
            + ("s" if SAME_DAYS > 1 else "")
        )
    elif slot == "outdated":
        note = (
            f"{first.label}: {first.text!r} ({dates_of(firsts)}), then {second.text!r} "
            f"({dates_of(seconds)}), a figure the story had before: the later report repeats "
            "an outdated figure"
        )
    else:
        note = (
            f"{first.label}: {first.text!r} ({dates_of(firsts)}), then {second.text!r} "
            f"({dates_of(seconds)}): the figure differs over time (revised), not a contradiction"
        )
    return Finding(
        story_id=story_id,
        kind="conflict",
        statements=tuple(s.span for s in sides),
        note=note,
        outlets=tuple(dict.fromkeys(s.outlet for s in sides)),
        asserted_by=tuple(s.asserted_by for s in sides),
        slot=slot,
    )


def dates_of(figures: Sequence[Figure]) -> str:
    days = sorted({f.sentence.published for f in figures if f.sentence.published})
    if not days:
        return "undated"
    span = days[0].isoformat() if len(days) == 1 else f"{days[0]} to {days[-1]}"
    return f"{outlet_count(figures)}, {span}"


def outlet_count(figures: Sequence[Figure]) -> str:
    n = len({f.sentence.outlet for f in figures})
    return f"{n} outlet" + ("s" if n > 1 else "")
