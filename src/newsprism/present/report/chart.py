"""The timeline chart of the HTML report: dated events on a time axis with their source counts.

Inline SVG, no script. Each timeline date is a marker placed in proportion to time: a date
given only to the month, season, quarter, week or year sits at the first day of its period
(where the date order of the timeline puts it too). A story's dates often run from years
back to the last few days, which one linear scale would crush together: while markers are
crowded, a long gap (see `Axis.next_cut`) is cut out of the axis and drawn as a fixed-width
break, two slanted lines titled with how long was skipped. Each stretch between breaks is as
wide as the dates it holds, and within it gaps are proportional to time; a chart without
crowding has no break and one scale.

Markers are sized by how many articles their date rests on; hovering one shows the date and
its first sentence. Date labels that would overlap are left out (the most-sourced and the
first and last dates are kept), the date stays in the marker's title. Every piece of text
goes through `html.escape`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from datetime import date
from html import escape

from newsprism.present.report.view import DatedLines

STEP = 64  # horizontal room per date, in SVG units: the time axis is this wide per date
MARGIN = 36
LEFT = 120  # the slanted labels reach left of their date: room for "weekend of 2016-12-10"
AXIS_Y = 70
LABEL_ROOM = 124  # below the axis, for the slanted date labels
MAX_TOOLTIP = 200
BREAK_WIDTH = STEP  # the room a cut-out gap takes
BREAK_SHARE = 0.3  # a gap may be cut when it holds more than this share of its segment's time
GAP_RATIO = 8  # or is this many times its segment's median gap
MIN_BREAK_DAYS = 30  # and is at least this long
MIN_SEPARATION = 14  # markers closer than this are crowded
LABEL_GAP = 20  # slanted 11-unit labels this far apart do not touch (20 * sin 40° ≈ 13)
COUNT_GAP = 16  # the source counts above the markers

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_PART_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}


def source_count(entry: DatedLines) -> int:
    """How many articles the entry's sentences cite."""
    return len({ref.anchor or ref.label for line in entry.lines for ref in line.refs})


def first_day(label: str) -> date | None:
    """The first day of the period a timeline date names ("2016-03-27", "2016-03", "2016",
    "2016-SU", "2016-Q2", "week of 2016-12-05", "2016-W49"), or None when it names none."""
    text = label.removeprefix("weekend of ").removeprefix("week of ")
    try:
        if match := _DAY.match(text):
            return date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
        if match := _PART.match(text):
            return date(int(match[1]), _PART_MONTH[match[2]], 1)
        if match := _WEEK.match(text):
            return date.fromisocalendar(int(match[1]), int(match[2]), 6 if match[3] else 1)
    except ValueError:
        return None
    return None


def day_numbers(entries: Sequence[DatedLines]) -> list[int]:
    """Each entry's day (an ordinal). A date that names no day takes its neighbour's in the
    timeline's order; when none does, the dates are evenly spaced a day apart."""
    days = [first_day(entry.date) for entry in entries]
    known = [d.toordinal() for d in days if d is not None]
    if not known:
        return list(range(1, len(entries) + 1))
    numbers, last = [], known[0]
    for day in days:
        last = day.toordinal() if day is not None else last
        numbers.append(last)
    return numbers


def duration(start: int, end: int) -> str:
    """The time from one ordinal day to a later one in words: "3 years 2 months", "45 days"."""
    a, b = date.fromordinal(start), date.fromordinal(end)
    months = (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)
    anchor_month = a.month - 1 + months
    anchor_year, anchor_month = a.year + anchor_month // 12, anchor_month % 12 + 1
    day = min(a.day, monthrange(anchor_year, anchor_month)[1])
    anchor = date(anchor_year, anchor_month, day).toordinal()
    days = end - anchor
    years, months = divmod(months, 12)
    units = [(years, "year"), (months, "month")] if years else [(months, "month"), (days, "day")]
    words = [f"{n} {unit}" + ("" if n == 1 else "s") for n, unit in units if n]
    return " ".join(words) or f"{end - start} days"


class Axis:
    """Where each distinct day goes. The axis is cut into segments at the gaps left out; each
    segment is as wide as `STEP` per gap it holds, and within it x is proportional to time."""

    def __init__(self, days: Sequence[int]) -> None:
        self.days = sorted(set(days))
        self.gaps = [b - a for a, b in zip(self.days, self.days[1:], strict=False)]
        self.cut: set[int] = set()  # indices into gaps
        while (k := self.next_cut()) is not None:
            self.cut.add(k)
        self.xs = self.place()
        self.x_of = dict(zip(self.days, self.xs, strict=True))

    def segments(self) -> list[range]:
        """The gap indices of each segment, left to right."""
        ends = [-1, *sorted(self.cut), len(self.gaps)]
        return [range(a + 1, b) for a, b in zip(ends, ends[1:], strict=False)]

    def place(self) -> list[float]:
        xs, x = [float(LEFT)], float(LEFT)
        for segment in self.segments():
            span = sum(self.gaps[k] for k in segment)
            for k in segment:
                x += STEP * len(segment) * self.gaps[k] / span
                xs.append(x)
            if segment.stop < len(self.gaps):
                x += BREAK_WIDTH
                xs.append(x)
        return xs

    def next_cut(self) -> int | None:
        """The gap to leave out next: the longest one of a crowded segment, when it is at least
        `MIN_BREAK_DAYS` and either holds more than `BREAK_SHARE` of its segment's time or is
        `GAP_RATIO` times the segment's median gap. None when nothing needs or bears cutting."""
        xs = self.place()
        candidates = []
        for segment in self.segments():
            if all(xs[k + 1] - xs[k] >= MIN_SEPARATION for k in segment):
                continue
            gaps = sorted(self.gaps[k] for k in segment)
            span, median = sum(gaps), gaps[len(gaps) // 2]
            longest = max(segment, key=lambda k: self.gaps[k])
            gap = self.gaps[longest]
            if gap >= MIN_BREAK_DAYS and (gap > BREAK_SHARE * span or gap >= GAP_RATIO * median):
                candidates.append(longest)
        return max(candidates, key=lambda k: self.gaps[k], default=None)

    @property
    def end(self) -> float:
        return self.xs[-1]

    def breaks(self) -> list[tuple[float, int, int]]:
        """(middle x, first day, last day) of each cut-out gap, left to right."""
        return [
            ((self.xs[k] + self.xs[k + 1]) / 2, self.days[k], self.days[k + 1])
            for k in sorted(self.cut)
        ]


def spaced(xs: Sequence[float], order: Sequence[int], gap: float) -> set[int]:
    """The indices, taken in `order`, whose x is at least `gap` from every one taken before."""
    taken: list[float] = []
    chosen = set()
    for index in order:
        if all(abs(xs[index] - x) >= gap for x in taken):
            taken.append(xs[index])
            chosen.add(index)
    return chosen


def _num(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def axis_lines(axis: Axis, names: dict[int, str]) -> list[str]:
    """The axis, broken at each cut-out gap, and the breaks' slanted lines (titled with the
    dates either side, as `names` gives them, and the time skipped)."""
    parts, start = [], LEFT - 12.0
    style = 'stroke="currentColor" stroke-opacity=".35" stroke-width="2"'
    for middle, first, last in axis.breaks():
        left, right = middle - BREAK_WIDTH / 2, middle + BREAK_WIDTH / 2
        parts.append(
            f'<line x1="{_num(start)}" y1="{AXIS_Y}" x2="{_num(left + 12)}" y2="{AXIS_Y}" {style}/>'
        )
        start = right - 12
        skipped = f"{duration(first, last)} skipped"
        title = f"{names[first]} to {names[last]}: {skipped}"
        slants = "".join(
            f'<line x1="{_num(middle + dx - 5)}" y1="{AXIS_Y + 10}" x2="{_num(middle + dx + 5)}" '
            f'y2="{AXIS_Y - 10}" stroke="currentColor" stroke-width="2"/>'
            for dx in (-4, 4)
        )
        parts.append(
            f'<g class="axis-break" role="img" aria-label="{escape(skipped)}">'
            f"<title>{escape(title)}</title>{slants}</g>"
        )
    parts.append(
        f'<line x1="{_num(start)}" y1="{AXIS_Y}" x2="{_num(axis.end + 12)}" y2="{AXIS_Y}" {style}/>'
    )
    return parts


def timeline_chart(entries: Sequence[DatedLines]) -> str:
    """An SVG chart of `entries` (in date order), or "" when there is nothing to plot."""
    if not entries:
        return ""
    days = day_numbers(entries)
    axis = Axis(days)
    xs = [axis.x_of[day] for day in days]
    counts = [source_count(entry) for entry in entries]
    width = round(max(axis.end, LEFT + STEP) + MARGIN)
    height = AXIS_Y + LABEL_ROOM
    ends = (xs.index(min(xs)), xs.index(max(xs)))
    by_weight = sorted(range(len(entries)), key=lambda i: (i not in ends, -counts[i], i))
    labelled = spaced(xs, by_weight, LABEL_GAP)
    numbered = spaced(xs, by_weight, COUNT_GAP)
    names: dict[int, str] = {}
    for day, entry in zip(days, entries, strict=True):
        names.setdefault(day, entry.date)
    parts = axis_lines(axis, names)
    # the biggest markers first, so a small one next to a big one stays on top, hoverable
    for index in sorted(range(len(entries)), key=lambda i: (-counts[i], i)):
        entry, x, count = entries[index], _num(xs[index]), counts[index]
        radius = 5 + 3 * min(count, 5)
        first = entry.lines[0].text if entry.lines else ""
        tooltip = first if len(first) <= MAX_TOOLTIP else first[: MAX_TOOLTIP - 1] + "…"
        sources = f"{count} source" + ("" if count == 1 else "s")
        number = (
            f'<text x="{x}" y="{AXIS_Y - radius - 6}" text-anchor="middle" '
            f'font-size="12">{count}</text>'
            if index in numbered
            else ""
        )
        label = (
            f'<text x="{x}" y="{AXIS_Y + 24}" font-size="11" text-anchor="end" '
            f'transform="rotate(-40 {x} {AXIS_Y + 24})">{escape(entry.date)}</text>'
            if index in labelled
            else ""
        )
        parts.append(
            f'<g class="event"><title>{escape(entry.date)} — {escape(sources)}: '
            f"{escape(tooltip)}</title>"
            f'<circle cx="{x}" cy="{AXIS_Y}" r="{radius}" fill="var(--accent, #2a5db0)" '
            f'fill-opacity=".8"/>{number}{label}</g>'
        )
    label = chart_label(entries[ends[0]].date, entries[ends[1]].date, len(entries), axis)
    return (
        f'<figure class="timeline-chart" tabindex="0"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{"".join(parts)}</svg>'
        f"<figcaption>{escape(label)}</figcaption></figure>"
    )


def chart_label(earliest: str, latest: str, count: int, axis: Axis) -> str:
    """What the chart shows, in words: its caption and its accessible name."""
    dates = f"{count} date" + ("" if count == 1 else "s")
    span = f" from {earliest} to {latest}" if count > 1 else ""
    label = f"Timeline: {dates}{span} on a time axis, marker size and number = sources"
    skipped = [duration(first, last) for _, first, last in axis.breaks()]
    if skipped:
        label += "; the axis skips " + ", ".join(skipped)
    return label
