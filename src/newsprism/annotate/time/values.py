"""Normalise one time expression to a TIMEX3 (type, value, granularity).

`normalise_timex("last May", date(2016, 12, 12))` -> ("DATE", "2016-05", "month").
Absolute dates with a year are read by dateparser; everything relative to the publication
date (weekdays by tense, "last May", "the weekend", "three years ago", quarters, seasons) and
durations and sets are resolved by hand-written rules: here, in `days` (weekdays, times
of day, month days, weekends), `amounts` (durations, sets, offsets) and `arithmetic`
(calendar arithmetic), because no library resolves them the way news text means them. Without a
publication date, absolute expressions keep their value and relative ones get an empty value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from dateparser.date import DateDataParser

from newsprism.annotate.time import arithmetic as cal
from newsprism.annotate.time.amounts import (
    HALF_AMOUNTS,
    HALVES,
    SPOKEN_YEAR_RE,
    as_duration,
    as_offset,
    as_set,
    duration_value,
    spoken_year,
)
from newsprism.annotate.time.arithmetic import Timex
from newsprism.annotate.time.days import (
    CLOCK_TEXT,
    as_day_with_part,
    as_month_day,
    as_weekend,
    clock_time,
)
from newsprism.annotate.time.rules import (
    MONTHS,
    ORDINALS,
    SEASONS,
    UNITS,
)

_MODIFIER = re.compile(
    r"^(?:(?:earlier|later|early|late|mid-|mid|right|the (?:end|beginning|start|middle) of"
    r"|about|around|approximately|roughly|nearly|almost|(?:more|less|fewer) than|at (?:least|most)"
    r"|no (?:more|less) than|up to)(?:\s+|(?<=-)))+"
)
_INNER_MODIFIER = re.compile(r"^the (?:early|late|mid-?)\b\s*")
_DATE_PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the present": "PRESENT_REF", "present": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "past": "PAST_REF", "soon": "FUTURE_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
}  # fmt: skip
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31)}  # fmt: skip
# Quarters relative to the publication one; "the year-ago quarter" is the one just reported,
# a year back.
_QUARTER_SHIFTS = {"year-ago": -5, "year-earlier": -5, "last": -1, "previous": -1, "latest": -1,
                   "next": 1, "current": 0, "this": 0, "same": 0}  # fmt: skip


_YEAR_WORD_OFFSETS = {"this year's": 0, "last year's": -1, "next year's": 1, "year-ago": -1,
                      "year-earlier": -1}  # fmt: skip


def _as_absolute(text: str, published: date | None, tense: str | None) -> Timex | None:
    """Dates with a month and a year, ISO dates and numeric dates, read by dateparser."""
    if not re.search(r"\b\d{4}\b", text) or not re.search(r"[a-z]{3}|\d[-/]\d", text):
        return None
    if re.search(r"\b(?:quarter|spring|summer|autumn|fall|winter|fiscal|century)\b", text):
        return None
    data = _DATE_PARSER.get_date_data(
        re.sub(r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s", "", text)
    )
    if data.date_obj is None:
        return None
    if data.period == "month":
        return "DATE", month_value_of(data.date_obj), "month"
    if data.period == "year":
        return "DATE", str(data.date_obj.year), "year"
    return "DATE", data.date_obj.date().isoformat(), "day"


def month_value_of(moment: date) -> str:
    return cal.month_value(moment.year, moment.month)


def _as_month_or_season(text: str, published: date | None, tense: str | None) -> Timex | None:
    match = re.fullmatch(
        r"(?:(last|next|this|past|coming|the) )?([a-z]+)\.?"
        r"(?:,? (?:of )?(\d{4})| (?:of )?(last|next|this) year)?",
        text,
    )
    if not match or (match.group(2) not in MONTHS and match.group(2) not in SEASONS):
        return None
    relation, name, year = match.group(1), match.group(2), match.group(3)
    if match.group(4):  # "June last year", "in April next year"
        if published is None:
            return "DATE", "", "season" if name in SEASONS else "month"
        year = str(published.year + _YEAR_WORD_OFFSETS[f"{match.group(4)} year's"])
    strict = relation in ("last", "next", "past", "coming")
    direction = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(
        relation or "", tense
    )
    if name in SEASONS:
        code = SEASONS[name]
        if year is None and published is None:
            return "DATE", "", "season"
        resolved = int(year) if year else cal.resolve_season(published, code, direction, strict)  # type: ignore[arg-type]
        return "DATE", f"{resolved}-{code}", "season"
    month = MONTHS[name]
    if year is None and published is None:
        return "DATE", "", "month"
    if year is None and relation == "this":
        return "DATE", cal.month_value(published.year, month), "month"  # type: ignore[union-attr]
    resolved = int(year) if year else cal.resolve_month(published, month, direction, strict)  # type: ignore[arg-type]
    return "DATE", cal.month_value(resolved, month), "month"


def _as_year_decade_century(text: str, published: date | None, tense: str | None) -> Timex | None:
    match = re.fullmatch(r"(?:fiscal |the year |the )?(\d{4})", text)
    if match:
        return "DATE", match.group(1), "year"
    match = re.fullmatch(r"(?:the )?(\d{3})0s|(?:the )?'(\d)0s", text)
    if match:
        century = str(published.year // 100) if published else "19"
        return "DATE", match.group(1) or century + match.group(2), "decade"
    match = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", text)
    if match:
        return "DATE", f"{int(match.group(1)) - 1:02d}", "century"
    return None


def _as_quarter(text: str, published: date | None, tense: str | None) -> Timex | None:
    text = re.sub(r"\bfiscal[ -](?=[\w-]+[ -]quarter)", "", text)  # "the fiscal first quarter"
    match = re.fullmatch(
        r"(?:the )?(?:(\d{4}|this year's|last year's|next year's|year-ago|year-earlier) )?"
        r"(?:([\w-]+)[ -])?quarter(?: (?:of )?(\d{4}))?",
        text,
    )
    if not match:
        return None
    year_word, qualifier, year = match.group(1), match.group(2), match.group(3)
    if year_word and year_word[0].isdigit():
        year = year_word
    if qualifier in ORDINALS and year:
        return "DATE", f"{year}-Q{ORDINALS[qualifier]}", "quarter"
    if published is None:
        return "DATE", "", "quarter"
    offset = _YEAR_WORD_OFFSETS.get(year_word or "", 0)
    if qualifier in ORDINALS:
        quarter = ORDINALS[qualifier]
        if year_word in _YEAR_WORD_OFFSETS:
            return "DATE", f"{published.year + offset}-Q{quarter}", "quarter"
        return "DATE", f"{cal.resolve_quarter(published, quarter, tense)}-Q{quarter}", "quarter"
    shift = _QUARTER_SHIFTS.get(qualifier or "", -1 if tense == "past" else 0)
    value, granularity = cal.shift_date(published, "Q", shift)
    if year is not None:
        return "DATE", year + value[4:], granularity
    return "DATE", cal.shift_years(value, offset), granularity


def _as_relative_unit(text: str, published: date | None, tense: str | None) -> Timex | None:
    """last week, this year, next month, the past year (a date, as in TimeBank's news)."""
    match = re.fullmatch(
        r"(?:the |(?:later |earlier )?(?=that))?"
        r"(last|next|this|past|coming|previous|following|same|that) "
        r"(day|week|month|year|decade|century|quarter)(?:'s)?",
        text,
    )
    if not match:
        return None
    relation, unit = match.groups()
    code = {"quarter": "Q"}.get(unit, UNITS.get(unit, ""))
    if relation in ("past", "coming") and text.startswith("the"):
        return "DURATION", duration_value("1", code), "duration"
    if published is None:
        return "DATE", "", cal.shift_date(date(2000, 1, 1), code, 0)[1]
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "following": 1}.get(
        relation, 0
    )
    if relation == "that":
        return "DATE", "", cal.shift_date(published, code, 0)[1]
    return ("DATE", *cal.shift_date(published, code, shift))


def _as_period(text: str, published: date | None, tense: str | None) -> Timex | None:
    """ "the year" / "the fiscal year" (this one); "the 1988 period" (a reported quarter)."""
    if re.fullmatch(r"the (?:(?:current|full|latest|fiscal) )*year", text):
        return "DATE", str(published.year) if published else "", "year"
    match = re.fullmatch(r"(?:the )?(latest|comparable|year-ago|year-earlier|\d{4}) period", text)
    if match is None:
        return None
    year = match.group(1)
    if year.isdigit():
        return "DATE", year, "year"  # made a quarter by the report's quarter, in context
    return "DATE", "", "quarter"


def _as_reference(text: str, published: date | None, tense: str | None) -> Timex | None:
    if text in _REFS:
        return "DATE", _REFS[text], "unknown"
    if re.fullmatch(r"recent (?:days|weeks|months|years|decades)", text):
        return "DATE", "PAST_REF", "unknown"
    if text in ("thanksgiving", "thanksgiving day"):
        if published is None:
            return "DATE", "", "day"
        return "DATE", cal.thanksgiving(cal.resolve_month(published, 11, tense)).isoformat(), "day"
    if text in ("year-ago", "year-earlier"):
        return "DATE", str(published.year - 1) if published else "", "year"
    if text in _HOLIDAYS:
        month, day = _HOLIDAYS[text]
        if published is None:
            return "DATE", "", "day"
        return "DATE", f"{cal.resolve_month(published, month, tense)}-{month:02d}-{day:02d}", "day"
    return None


_NORMALISERS: list[Callable[[str, date | None, str | None], Timex | None]] = [
    _as_reference, as_set, _as_absolute, _as_year_decade_century, as_month_day,
    _as_month_or_season, as_weekend, _as_relative_unit, _as_quarter, as_offset,
    as_duration, as_day_with_part, _as_period,
]  # fmt: skip


@lru_cache(maxsize=1 << 14)
def normalise_timex(text: str, published: date | None, tense: str | None = None) -> Timex | None:
    """(type, value, granularity) of the time expression `text`, or None if it is not one.

    `tense` ("past", "present", "future" or None) is that of the governing verb; it decides
    which way weekday and month names without a year point (present points to the nearest).
    Memoised: a pure function of its arguments, asked again of every stored member each time
    a story with undated articles grows (their publication dates are inferred afresh).
    """
    cleaned = " ".join(text.lower().replace("’", "'").split())
    cleaned = re.sub(r"\b(\d+) 1/2\b", r"\1.5", cleaned)
    cleaned = re.sub(r" or so$", "", cleaned)
    cleaned = SPOKEN_YEAR_RE.sub(lambda m: str(spoken_year(m.group(0))), cleaned)
    cleaned = HALVES.sub(lambda m: f"{HALF_AMOUNTS[m.group(1)] + 0.5:g} {m.group(2)}s", cleaned)
    core = _INNER_MODIFIER.sub("the ", _MODIFIER.sub("", cleaned)) or cleaned
    direction = {"past": "past", "future": "future"}.get(tense or "")
    clock = clock_time(core)
    if clock and (day_part := CLOCK_TEXT.sub("", core).strip(" ,")):
        day = as_month_day(day_part, published, direction)
        if day is not None:
            return ("TIME", day[1] + clock, "time") if day[1] else ("TIME", "", "time")
    for normaliser in _NORMALISERS:
        found = normaliser(core, published, direction)
        if found is not None:
            return found
    return None
