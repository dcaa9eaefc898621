"""Document-level resolution of time expressions that lean on another date in the text.

The publication date anchors most relative expressions, but some lean on a date the text has
just given instead (the "reference time" of narrative, as in HeidelTime): "the following
year" after "On May 22, 1995" is 1996; "a year earlier" in a quarterly report is the same
quarter a year back; "10 p.m." in a sentence about Friday is Friday at 10 p.m. These passes
run over one document's expressions, in text order, after each was normalised on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from newsprism.annotate.time.arithmetic import shift_date, shift_years
from newsprism.model import TimeRef

_YEAR_BACK = re.compile(
    r"(?:(?:a|one) year (?:ago|earlier|before)|year-(?:ago|earlier))", re.IGNORECASE
)
_ANAPHORIC = re.compile(
    r"(?:the (following|next|previous|same)|(?:(?:later|earlier) )?(that)) (day|week|month|year)",
    re.IGNORECASE,
)
_BARE_CLOCK = re.compile(
    r"(?:about |around )?\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm)(?:\s[A-Z]{3})?|noon|midnight",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"(?:the )?(latest|comparable|year-ago|year-earlier|\d{4}) period", re.IGNORECASE
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_WORD = re.compile(rf"\b({_MONTH_NAMES})\b", re.IGNORECASE)
_LAST_MONTH = re.compile(rf"\blast ({_MONTH_NAMES})\b", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y"}
_SHIFTS = {"following": 1, "next": 1, "previous": -1, "same": 0, "that": 0}
# How fine a date must be to anchor each unit ("the following day" needs a day).
_FINE_ENOUGH = {"day": 10, "week": 10, "month": 7, "year": 4}


def resolve_in_context(refs: list[TimeRef], published: date | None = None) -> list[TimeRef]:
    """All document-level passes, in order."""
    refs = anchor_reported_periods(anchor_year_back(refs, published), published)
    return separate_last_month(anchor_clock_times(anchor_anaphora(refs)))


def separate_last_month(refs: list[TimeRef]) -> list[TimeRef]:
    """ "Last May" beside a plain "in early May" of the same year is the May before that.

    A writer who means the same month twice names it the same way (or "that May"); setting
    "last May" against "in early May" marks two different Mays, and "last" is the earlier.
    So when both resolve to one month, "last May" moves back a year (the Guardian's "Last
    May, the militants laid siege to the city", then "retook the town in March, and in
    early May ... a concert": May 2015, March 2016, May 2016).
    """
    plain = {
        (ref.value, match.group(1).lower())
        for ref in refs
        if ref.granularity == "month"
        and ref.value[:4].isdigit()
        and (match := _MONTH_WORD.search(ref.span.text)) is not None
        and not _LAST_MONTH.search(ref.span.text)
        and not re.search(r"\d", ref.span.text)
    }
    resolved = []
    for ref in refs:
        match = _LAST_MONTH.search(ref.span.text)
        if match and ref.granularity == "month" and (ref.value, match.group(1).lower()) in plain:
            ref = replace(ref, value=shift_years(ref.value, -1))
        resolved.append(ref)
    return resolved


def _can_be_reported(ref: TimeRef, published: date | None) -> bool:
    """Whether a quarter or month has begun by publication: a forecast ("the third quarter of
    1990" in a 1989 report) is no anchor for "a year ago" or "the latest period"."""
    if published is None:
        return True
    if ref.granularity == "quarter":
        return ref.value <= f"{published.year}-Q{(published.month - 1) // 3 + 1}"
    return ref.value[:7] <= f"{published.year}-{published.month:02d}"


def anchor_reported_periods(refs: list[TimeRef], published: date | None = None) -> list[TimeRef]:
    """ "the latest period", "the year-ago period", "the 1988 period" in a quarterly report.

    They name the quarter being reported (the last quarter named before them that had begun
    by publication), that quarter a year back, or that quarter in the year given.
    """

    def resolve(ref: TimeRef, earlier: list[TimeRef]) -> TimeRef:
        match = _PERIOD.fullmatch(ref.span.text)
        anchor = next(
            (
                e
                for e in reversed(earlier)
                if e.granularity == "quarter"
                and e.value[:4].isdigit()
                and not _YEAR_BACK.search(e.span.text)
                and _can_be_reported(e, published)
            ),
            None,
        )
        if match is None or anchor is None:
            return ref
        which = match.group(1).lower()
        if which.isdigit():
            value = which + anchor.value[4:]
        elif which.startswith("year-"):
            value = shift_years(anchor.value, -1)
        else:
            value = anchor.value
        return replace(ref, value=value, granularity="quarter")

    return _resolve_each(refs, resolve)


def _resolve_each(
    refs: list[TimeRef], resolve: Callable[[TimeRef, list[TimeRef]], TimeRef]
) -> list[TimeRef]:
    resolved: list[TimeRef] = []
    for ref in refs:
        resolved.append(resolve(ref, resolved))
    return resolved


def anchor_year_back(refs: list[TimeRef], published: date | None = None) -> list[TimeRef]:
    """ "a year ago" / "year-earlier" beside a reported period means that period a year back.

    "Profit rose in the third quarter from a year earlier": the anchor is the last quarter
    named before it in the document (the period being reported), or a month named in the
    same or the previous sentence; a period still to come is no anchor.
    """

    def resolve(ref: TimeRef, earlier: list[TimeRef]) -> TimeRef:
        if not _YEAR_BACK.fullmatch(ref.span.text):
            return ref
        anchor = next(
            (
                e
                for e in reversed(earlier)
                if e.value[:4].isdigit()
                and not _YEAR_BACK.search(e.span.text)
                and _can_be_reported(e, published)
                and (
                    e.granularity == "quarter"
                    or (e.granularity == "month" and ref.sentence - e.sentence <= 1)
                )
            ),
            None,
        )
        if anchor is None:
            return ref
        return replace(
            ref, type="DATE", value=shift_years(anchor.value, -1), granularity=anchor.granularity
        )

    return _resolve_each(refs, resolve)


def anchor_anaphora(refs: list[TimeRef]) -> list[TimeRef]:
    """ "the following year", "the next day", "that month": shifted from the last date given.

    The anchor is the nearest earlier calendar date at least as fine as the unit, within the
    three sentences before; without one the expression keeps its own value.
    """

    def resolve(ref: TimeRef, earlier: list[TimeRef]) -> TimeRef:
        match = _ANAPHORIC.fullmatch(ref.span.text)
        if match is None:
            return ref
        relation = (match.group(1) or match.group(2)).lower()
        unit = match.group(3).lower()
        anchor = next(
            (
                e
                for e in reversed(earlier)
                if e.type == "DATE"
                and _CALENDAR.match(e.value)
                and len(e.value) >= _FINE_ENOUGH[unit]
                and ref.sentence - e.sentence <= 3
            ),
            None,
        )
        if anchor is None:
            return ref
        year, month, day = (int(x) for x in (anchor.value + "-01-01")[:10].split("-"))
        value, granularity = shift_date(
            date(year, month, day), _UNIT_CODES[unit], _SHIFTS[relation]
        )
        return replace(ref, type="DATE", value=value, granularity=granularity)

    return _resolve_each(refs, resolve)


def anchor_clock_times(refs: list[TimeRef]) -> list[TimeRef]:
    """A clock time with no day of its own takes the day named in its sentence, if any."""
    days_by_sentence: dict[int, str] = {}
    for ref in refs:
        if ref.type == "DATE" and _DAY.match(ref.value):
            days_by_sentence.setdefault(ref.sentence, ref.value)
    resolved = []
    for ref in refs:
        day = days_by_sentence.get(ref.sentence)
        if ref.type == "TIME" and day and "T" in ref.value and _BARE_CLOCK.fullmatch(ref.span.text):
            ref = replace(ref, value=day + ref.value[ref.value.index("T") :])
        resolved.append(ref)
    return resolved
