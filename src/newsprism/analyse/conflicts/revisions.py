"""How a story's figure for one quantity changed over time, and reports left behind.

Over a story of weeks an estimate is revised (1,000, then 5,000, then 12,000-19,000 barrels
a day): the values differ over time and contradict nothing. A value is *established* when two
or more outlets give it (one outlet's figure may be its own error or a stray estimate) and it
replaces the value before it: a *rival estimate* is not a revision. A later value that every
outlet gives only as a named party's figure (none in its own voice), while the value in force
is still given in the days it appears, is such an estimate (independent scientists' 70,000
barrels a day beside the government's 5,000): that is a disagreement, reported as `number`
where both are given the same day. The established values in the order they first appear are
the figure's history:
- `revised`: one finding per change from one established value to the next, with the
  sentences giving each;
- `outdated`: a report that, after the figure was revised, still gives an earlier established
  value incompatible with the one in force ("up to 5,000 barrels a day" in late June, when
  outlets had reported 35,000-60,000 for a week): what a fact-checker would correct.
Only rates (per day, hour, week) have a history: a total grows as it should.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsprism.analyse.conflicts.figures import RATES, Figure, compatible

ESTABLISHED_BY = 2  # outlets
SAME_DAYS = 1


@dataclass(frozen=True)
class Value:
    """An established value of a figure: the figures giving it, the first day it appeared."""

    figures: tuple[Figure, ...]
    since: date

    @property
    def first(self) -> Figure:
        return self.figures[0]


def history(figures: Sequence[Figure]) -> list[Value]:
    """The established values of one slot's dated figures, in the order they appear, each
    incompatible with the one before (a value the figure keeps is no change) and first given
    days after it (two values from the same days are a disagreement, not a revision)."""
    by_value: dict[tuple[float, float], list[Figure]] = {}
    for f in sorted(figures, key=published):
        by_value.setdefault(f.value_key, []).append(f)
    values = [
        Value(tuple(group), published(group[0]))
        for group in by_value.values()
        if len({f.sentence.outlet for f in group}) >= ESTABLISHED_BY
    ]
    chain: list[Value] = []
    for value in sorted(values, key=lambda v: v.since):
        if not chain:
            chain.append(value)
        elif not same_value(chain[-1].first, value.first):
            if (value.since - chain[-1].since).days > SAME_DAYS:
                if not rival(chain[-1], value, figures):
                    chain.append(value)
    return chain


def rival(in_force: Value, value: Value, figures: Sequence[Figure]) -> bool:
    """Whether `value` is a rival estimate to the value in force, not a revision of it: no
    outlet gives it in its own voice (each cites a party), and in the days it first appears
    the value in force is still given as the current figure."""
    if any(f.sentence.asserted_by == "reporter" for f in value.figures):
        return False
    return any(
        0 <= (published(f) - value.since).days <= SAME_DAYS and same_value(in_force.first, f)
        for f in figures
    )


def revisions(figures: Sequence[Figure]) -> list[tuple[str, list[Figure], list[Figure]]]:
    """(slot, the earlier sides, the later sides) of each revision and outdated report among
    the current, dated figures with a measure and a rate."""
    by_slot: dict[tuple, list[Figure]] = {}
    for f in figures:
        if f.current and f.slot[0] and f.slot[2] in RATES and f.sentence.published:
            by_slot.setdefault(f.slot[:3], []).append(f)
    found = []
    for slot_figures in by_slot.values():
        chain = history(slot_figures)
        for before, after in zip(chain, chain[1:], strict=False):
            while_in_force = [f for f in before.figures if published(f) <= after.since]
            found.append(("revised", while_in_force, list(after.figures)))
        found += outdated(slot_figures, chain)
    return found


def outdated(
    figures: Sequence[Figure], chain: Sequence[Value]
) -> list[tuple[str, list[Figure], list[Figure]]]:
    """Figures published more than a day after a revision that still give a superseded value:
    (the value in force, the outdated reports of one superseded value)."""
    stale: dict[tuple[int, int], list[Figure]] = {}
    for f in figures:
        day = published(f)
        in_force = [k for k, v in enumerate(chain) if (day - v.since).days > SAME_DAYS]
        if not in_force or compatible(chain[in_force[-1]].first, f):
            continue
        now = in_force[-1]
        if (day - max(published(g) for g in chain[now].figures)).days > SAME_DAYS:
            continue  # the outlets have moved on: a figure recalled later is history
        old = next((k for k in range(now) if compatible(chain[k].first, f)), None)
        if old is not None:
            stale.setdefault((now, old), []).append(f)
    return [("outdated", list(chain[now].figures), reports) for (now, _), reports in stale.items()]


def same_value(a: Figure, b: Figure) -> bool:
    """Whether two figures state one value, reading a bound as its number ("at least 12,000"
    is 12,000 here: a later 35,000-60,000 is a revision of it, not within it)."""
    return compatible(nominal(a), nominal(b))


def nominal(f: Figure) -> Figure:
    low, high = f.value_key
    low = low if math.isfinite(low) else high
    high = high if math.isfinite(high) else low
    return replace(f, low=low, high=high, loose=False)


def published(f: Figure) -> date:
    return f.sentence.published or date.min
