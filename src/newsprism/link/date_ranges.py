"""The days a normalised date covers, to tell whether two sentences can report the same day.

TIMEX values name spans of different sizes: a day ("2016-12-10"), a week ("2016-W49"), a
weekend ("2016-W49-WE"), a month, a season ("2017-SP"), a quarter, a year. Two dates fit when
their spans overlap: "on Saturday" (2016-12-10) fits "at the weekend" (2016-W49-WE) and
"in December", not "on Monday" (2016-12-12).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from newsprism.link.pairs import pair_groups

DATE_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|W(?P<week>\d{2})(?P<weekend>-WE)?|(?P<season>SP|SU|FA|WI)|Q(?P<quarter>[1-4])))?$"
)
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # 14: next February


def day_span(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX date value covers, or None for other values
    ("PAST_REF", "XXXX-12")."""
    match = DATE_VALUE.match(value)
    if not match:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            return month_span(year, int(match["month"]), int(match["month"]))
        if match["week"]:
            monday = date.fromisocalendar(year, int(match["week"]), 1)
            start = monday + timedelta(days=5) if match["weekend"] else monday
            return start, monday + timedelta(days=6)
        if match["season"]:
            return month_span(year, *SEASON_MONTHS[match["season"]])
        if match["quarter"]:
            first = 3 * int(match["quarter"]) - 2
            return month_span(year, first, first + 2)
    except ValueError:  # "2016-02-30", week 54
        return None
    return date(year, 1, 1), date(year, 12, 31)


def month_span(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    last_day = calendar.monthrange(end_year, end_month)[1]
    return date(year, first, 1), date(end_year, end_month, last_day)


class DateSpans:
    """The days each statement's dates cover, to ask of any pair whether they fit."""

    def __init__(self, dates: Sequence[set[str]]) -> None:
        counts, starts, ends = [], [], []
        for values in dates:
            spans = [span for span in map(day_span, sorted(values)) if span]
            counts.append(len(spans))
            starts += [first.toordinal() for first, _ in spans]
            ends += [last.toordinal() for _, last in spans]
        self.counts = np.array(counts, dtype=int)
        self.offsets = np.cumsum(self.counts) - self.counts
        self.starts, self.ends = np.array(starts, dtype=int), np.array(ends, dtype=int)
        self.dated = self.counts > 0

    def fit(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """For each pair, whether some date of one overlaps some date of the other."""
        pair, a, b = pair_groups(self.counts[first], self.counts[second])
        i = self.offsets[first][pair] + a
        j = self.offsets[second][pair] + b
        overlap = (self.starts[i] <= self.ends[j]) & (self.starts[j] <= self.ends[i])
        return np.bincount(pair, weights=overlap, minlength=len(first)) > 0
