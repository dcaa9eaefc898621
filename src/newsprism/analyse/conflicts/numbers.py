"""Number conflicts: outlets giving incompatible figures for the same quantity at the same time
("5,000 barrels a day" vs "12,000-19,000 barrels a day" the same day).

Two figures (figures.py) are compared when they measure the same thing in the same unit per
the same time (or the two sentences are aligned as one report, for counts no measure word
names: "5,000 vs 3,000 militants took part"), come from different outlets, and were published
within SAME_DAYS of each other. What a user wants from an evolving figure is not a list of
contradictions: an estimate revised over weeks (1,000, then 5,000, then 12,000-19,000 barrels
a day) differs over time, and a figure a sentence gives as an earlier one ("had estimated
5,000") is history. Those are not contradictions: revisions.py lists each change of an
established value as `revised`, and a report still giving a superseded value as `outdated`.
A range and its end ("35,000-60,000" vs "60,000"), a bound and a value within it ("at least
12,000" vs 19,000) agree. Conflicts are grouped by quantity and pair of values, with every
pair of sentences that carries them as evidence.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import combinations

from newsprism.analyse.conflicts.figures import (
    NOT_COUNTS,
    VOLUME_MEASURES,
    VOLUMES,
    Figure,
    compatible,
)
from newsprism.analyse.conflicts.revisions import revisions
from newsprism.analyse.statements import conflict
from newsprism.model import Finding, Span

SAME_DAYS = 1
ALL_PAIRS_UP_TO = 200  # figures of one unit compared pairwise
PAIRS_EACH = 50
SpanPair = frozenset[Span]


def figure_conflicts(
    story_id: str, figures: Sequence[Figure], aligned: Collection[SpanPair] = ()
) -> list[Finding]:
    """One `number` conflict per quantity and pair of values reported at the same time, all
    sentence pairs kept; then the figure's revisions and outdated reports (revisions.py)."""
    history = [grouped(story_id, *found) for found in revisions(figures)]
    stale = [set(f.statements) for f in history if f.slot == "outdated"]
    current = [f for f in figures if f.current]
    by_sentence: dict[Span, list[Figure]] = {}
    for f in current:
        by_sentence.setdefault(key_of(f), []).append(f)
    groups: dict[tuple, list[tuple[Figure, Figure]]] = {}
    for a, b in same_measure_pairs(current):
        if not comparable(a, b, aligned) or not same_time(a, b) or compatible(a, b):
            continue
        if mentions_both(by_sentence[key_of(a)], b) or mentions_both(by_sentence[key_of(b)], a):
            continue  # a sentence giving both values is weighing them, not disagreeing
        if any({key_of(a), key_of(b)} <= spans for spans in stale):
            continue  # one of them is an outdated report, said so
        low, high = sorted((a, b), key=lambda f: (f.low, f.high))
        groups.setdefault((low.slot[:3], low.value_key, high.value_key), []).append((low, high))
    numbers = [
        grouped(story_id, "number", [f for f, _ in pairs], [f for _, f in pairs])
        for pairs in groups.values()
    ]
    return numbers + history


def same_measure_pairs(figures: Sequence[Figure]) -> list[tuple[Figure, Figure]]:
    """The pairs of `figures` (in list order) that measure in the same unit and were
    published within SAME_DAYS of each other, or undated: what `comparable` and `same_time`
    can accept, found by blocking on the unit and the day, not by trying every pair (a big
    story has tens of thousands of figures). In a block of more than ALL_PAIRS_UP_TO figures
    (a toll a thousand outlets print) each is compared with the next PAIRS_EACH in date
    order: two values still meet where they are printed side by side in time."""
    blocks: dict[tuple, list[int]] = {}
    for k, figure in enumerate(figures):
        blocks.setdefault(tuple(figure.slot[1:]), []).append(k)
    found: list[tuple[int, int]] = []
    for members in blocks.values():
        undated = [k for k in members if figures[k].sentence.published is None]
        dated = sorted(
            (figures[k].sentence.published.toordinal(), k)  # type: ignore[union-attr]
            for k in members
            if figures[k].sentence.published is not None
        )
        if len(members) <= ALL_PAIRS_UP_TO:
            found += [(a, b) for a, b in combinations(undated, 2)]
            found += [(a, b) for a in undated for _, b in dated]
            reach = len(dated)
        else:  # each figure against the next PAIRS_EACH, the undated first
            dated = [(0, k) for k in undated] + dated
            reach = PAIRS_EACH
        for position, (day, k) in enumerate(dated):
            for later_day, other in dated[position + 1 : position + 1 + reach]:
                if later_day and day and later_day - day > SAME_DAYS:
                    break
                found.append((k, other))
    return [(figures[a], figures[b]) for a, b in sorted((min(p), max(p)) for p in found)]


def comparable(a: Figure, b: Figure, aligned: Collection[SpanPair]) -> bool:
    """The same quantity at the same time from two outlets."""
    if a.sentence.outlet == b.sentence.outlet:
        return False
    if a.slot[1:] != b.slot[1:] or elsewhere(a, b):
        return False
    if a.slot[0] and a.slot[0] == b.slot[0]:
        return True
    if a.slot[0] or b.slot[0] or a.slot[1] in VOLUMES | NOT_COUNTS:
        return False  # money and volumes without a measure: too many things to count
    return frozenset({key_of(a), key_of(b)}) in aligned


def elsewhere(a: Figure, b: Figure) -> bool:
    """Two events, not one quantity: both sentences name places and none in common; or, for
    counts of people (a death toll), they name people or places and none in common ("the
    Deepwater Horizon explosion killed 11", "the Lockerbie bombing killed 270")."""
    first, second = a.sentence, b.sentence
    if first.own_places and second.own_places and not first.own_places & second.own_places:
        return True
    if a.slot[0] in VOLUME_MEASURES:
        return False
    named, other = first.own_places | first.actors, second.own_places | second.actors
    return bool(named and other and not named & other)


def same_time(a: Figure, b: Figure) -> bool:
    return days_apart(a, b) <= SAME_DAYS


def days_apart(a: Figure, b: Figure) -> int:
    first, second = a.sentence.published, b.sentence.published
    return 0 if first is None or second is None else abs((first - second).days)


def mentions_both(own: Sequence[Figure], other: Figure) -> bool:
    """Whether a sentence also gives the other figure's value in its unit, at any rate: "the
    two leaks combined gush 95,000 barrels a day, with 70,000 barrels from the largest" breaks
    a total down, it does not dispute 70,000."""
    return any(f.slot[1] == other.slot[1] and compatible(f, other) for f in own)


def key_of(f: Figure) -> Span:
    return f.sentence.span


def grouped(
    story_id: str, slot: str, firsts: Sequence[Figure], seconds: Sequence[Figure]
) -> Finding:
    """A conflict of a quantity's two values: the sentences giving the first value (the lower
    one, or the earlier one for a revision), then those giving the second."""
    firsts = list({key_of(f): f for f in firsts}.values())
    seconds = list({key_of(f): f for f in seconds}.values())
    sides = [f.sentence for f in firsts + seconds]
    first, second = firsts[0], seconds[0]
    if slot == "number":
        note = (
            f"{first.label}: {first.text!r} ({outlet_count(firsts)}) vs {second.text!r} "
            f"({outlet_count(seconds)}), reported within {SAME_DAYS} day"
            + ("s" if SAME_DAYS > 1 else "")
        )
    elif slot == "outdated":
        note = (
            f"{first.label}: {first.text!r} ({dates_of(firsts)}), then {second.text!r} "
            f"({dates_of(seconds)}): the later report gives a figure the story had before it "
            "was revised (outdated)"
        )
    else:
        note = (
            f"{first.label}: {first.text!r} ({dates_of(firsts)}), then {second.text!r} "
            f"({dates_of(seconds)}): the figure differs over time (revised), not a contradiction"
        )
    return conflict(story_id, sides, slot, note)


def dates_of(figures: Sequence[Figure]) -> str:
    days = sorted({f.sentence.published for f in figures if f.sentence.published})
    if not days:
        return "undated"
    span = days[0].isoformat() if len(days) == 1 else f"{days[0]} to {days[-1]}"
    return f"{outlet_count(figures)}, {span}"


def outlet_count(figures: Sequence[Figure]) -> str:
    n = len({f.sentence.outlet for f in figures})
    return f"{n} outlet" + ("s" if n > 1 else "")
