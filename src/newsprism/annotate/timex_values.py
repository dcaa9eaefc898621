"""Normalise one time expression to a TIMEX3 (type, value, granularity).

`normalise_timex("last May", date(2016, 12, 12))` -> ("DATE", "2016-05", "month").
Absolute dates with a year are read by dateparser; everything relative to the publication
date (weekdays by tense, "last May", "the weekend", "three years ago", quarters, seasons) and
durations and sets are resolved by the hand-written rules here and in `timex_calendar`,
because no library resolves them the way news text means them. Without a publication date,
absolute expressions keep their value and relative ones get an empty value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dateparser.date import DateDataParser

from newsprism.annotate import timex_calendar as cal
from newsprism.annotate.timex_rules import (
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SPOKEN_YEAR,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)

Timex = tuple[str, str, str]
_MODIFIER = re.compile(
    r"^(?:(?:earlier|later|early|late|mid-|mid|right|the (?:end|beginning|start|middle) of)"
    r"(?:\s+|(?<=-)))+"
)
_INNER_MODIFIER = re.compile(r"^the (?:early|late|mid-?)\b\s*")
_DATE_PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the present": "PRESENT_REF", "present": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "past": "PAST_REF", "soon": "FUTURE_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF",
}  # fmt: skip
_SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
         "yearly": "P1Y", "hourly": "PT1H"}  # fmt: skip
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31)}  # fmt: skip
# Quarters relative to the publication one; "the year-ago quarter" is the one just reported,
# a year back.
_QUARTER_SHIFTS = {"year-ago": -5, "year-earlier": -5, "last": -1, "previous": -1, "latest": -1,
                   "next": 1, "current": 0, "this": 0, "same": 0}  # fmt: skip
_RELATION_WORDS = {"previous": "last ", "following": "next "}
SPOKEN_YEAR_RE = re.compile(SPOKEN_YEAR, re.IGNORECASE)


def spoken_year(words: str) -> int:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000 (broadcast transcripts)."""
    parts = re.split(r"[- ]", words.lower().replace(" and ", " "))
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBER_WORDS[p] for p in parts[2:])
    return 1900 + sum(NUMBER_WORDS[p] for p in parts[1:])


_YEAR_WORD_OFFSETS = {"this year's": 0, "last year's": -1, "next year's": 1, "year-ago": -1,
                      "year-earlier": -1}  # fmt: skip
_CLOCK_TEXT = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s(?:est|edt|cst|pst|gmt|utc|bst|cet)\b)?|noon|midnight"
)
_UNIT_WORD = r"(second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_NUMBER_TEXT = r"(\d+(?:[.,]\d+)?|[a-z]+(?:[- ][a-z]+)*?)"
_HALVES = re.compile(
    r"\b(a|an|one|two|three) (second|minute|hour|day|week|month|year)s? and a half\b"
)
_HALF_AMOUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
# A half of a unit in the next smaller unit: "2 1/2 years" -> P2Y6M.
_HALF_UNIT = {"Y": (6, "M"), "H": (30, "M"), "TM": (30, "S"), "D": (12, "H"), "W": (3.5, "D")}


def _number(text: str) -> str | None:
    """ "10" -> "10", "eight" -> "8", "twenty-four" -> "24", "several" -> "X"; None if not one."""
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    if text in VAGUE_NUMBERS:
        return "X"
    if text in NUMBER_WORDS:
        return f"{NUMBER_WORDS[text]:g}"
    parts = re.split(r"[- ]", text)
    if all(p in NUMBER_WORDS for p in parts):
        total = 0.0
        for part in parts:
            value = NUMBER_WORDS[part]
            total = max(total, 1) * value if value == 100 else total + value
        return f"{total:g}"
    return None


def _duration_value(amount: str, unit: str) -> str:
    """TIMEX3 duration: ("8", "M") -> "P8M"; hours, minutes and seconds go after "T"."""
    if unit == "DE":
        amount, unit = ("X" if amount == "X" else f"{float(amount) * 10:g}"), "Y"
    if unit == "CE":
        amount, unit = ("X" if amount == "X" else f"{float(amount) * 100:g}"), "Y"
    if amount.endswith(".5") and unit in _HALF_UNIT:
        whole = amount[:-2]
        half, smaller = _HALF_UNIT[unit]
        rest = f"{half:g}{smaller}"
        if unit in ("H", "TM"):
            return f"PT{whole}{unit[-1]}{rest}" if whole != "0" else f"PT{rest}"
        if smaller == "H":
            return f"P{whole}DT{rest}"
        return f"P{whole}{unit}{rest}"
    if unit in ("H", "S", "TM"):
        return f"PT{amount}{unit[-1]}"
    return f"P{amount}{unit}"


def _unit_code(word: str) -> str:
    word = word.rstrip("s").replace("centurie", "century")
    if word == "minute":
        return "TM"
    return UNITS[word]


def _as_set(text: str, published: date | None, tense: str | None) -> Timex | None:
    if text in _SETS:
        return "SET", _SETS[text], "set"
    match = re.fullmatch(r"(?:every|each)(?: other)? (\w+)", text)
    if match and match.group(1) in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[match.group(1)]}", "set"
    if match and match.group(1) in PARTS_OF_DAY:
        return "SET", f"TXX:XX{PARTS_OF_DAY[match.group(1)]}", "set"
    match = match or re.fullmatch(r"(?:once|twice) (?:a|per) (\w+)", text)
    if match and match.group(1).rstrip("s") in UNITS:
        return "SET", _duration_value("1", _unit_code(match.group(1))), "set"
    return None


def _clock(text: str) -> str | None:
    """ "3:30 p.m." -> "T15:30"; "noon" -> "T12:00"; None if no clock time in `text`."""
    if "noon" in text:
        return "T12:00"
    if "midnight" in text:
        return "T24:00"
    match = re.search(
        r"\b(\d{1,2})(?::(\d\d)\s?(a\.m\.|p\.m\.|am\b|pm\b)?|\s?(a\.m\.|p\.m\.|am\b|pm\b))", text
    )
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = match.group(3) or match.group(4) or ""
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    if meridiem.startswith("a") and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute:02d}"


def _as_day_with_part(text: str, published: date | None, tense: str | None) -> Timex | None:
    """today, tonight, yesterday evening, this morning, Monday night, 3 p.m. Friday."""
    clock = _clock(text)
    words = re.sub(
        r"[\d:.]+\s?(?:a\.m\.|p\.m\.|am|pm)?|noon|midnight|\b(?:est|edt|gmt|utc|pst)\b", " ", text
    )
    words = " ".join(words.split())
    words = re.sub(r"^the (previous|following) ", lambda m: _RELATION_WORDS[m.group(1)], words)
    part = next((PARTS_OF_DAY[w] for w in words.split() if w in PARTS_OF_DAY), None)
    base = words.split()[0] if words else ""
    time_part = clock or (f"T{part}" if part else "")
    if text == "tonight" or (base == "tonight" and not clock):
        time_part = "TNI"
    if not base:
        day = published
    elif base in _DAY_WORDS and (base not in ("this", "last") or part):
        day = published and date.fromordinal(published.toordinal() + _DAY_WORDS[base])
    elif base in WEEKDAYS:
        day = published and cal.resolve_weekday(published, WEEKDAYS[base], tense)
    elif (
        base in ("last", "next", "this") and len(words.split()) > 1 and words.split()[1] in WEEKDAYS
    ):
        day = published and cal.resolve_relative_weekday(
            published, WEEKDAYS[words.split()[1]], base
        )
    else:
        return None
    if not time_part:
        return "DATE", cal.day_value(day) if day else "", "day"
    return "TIME", (cal.day_value(day) + time_part) if day else "", "time"


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


def _as_month_day(text: str, published: date | None, tense: str | None) -> Timex | None:
    match = re.fullmatch(
        r"(?:(\w+),? )?(?:the )?"
        r"(?:(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?|([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?)",
        text,
    )
    if not match:
        return None
    month_word = match.group(3) or match.group(4)
    day = int(match.group(2) or match.group(5))
    if month_word not in MONTHS or not 1 <= day <= 31:
        return None
    if published is None:
        return "DATE", "", "day"
    relation = match.group(1)
    direction = {"last": "past", "next": "future"}.get(relation or "", tense)
    year = cal.resolve_month(published, MONTHS[month_word], direction)
    return "DATE", f"{year}-{MONTHS[month_word]:02d}-{day:02d}", "day"


def _as_month_or_season(text: str, published: date | None, tense: str | None) -> Timex | None:
    match = re.fullmatch(
        r"(?:(last|next|this|past|coming|the) )?([a-z]+)\.?(?:,? (?:of )?(\d{4}))?", text
    )
    if not match or (match.group(2) not in MONTHS and match.group(2) not in SEASONS):
        return None
    relation, name, year = match.group(1), match.group(2), match.group(3)
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
        return "DURATION", _duration_value("1", code), "duration"
    if published is None:
        return "DATE", "", cal.shift_date(date(2000, 1, 1), code, 0)[1]
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "following": 1}.get(
        relation, 0
    )
    if relation == "that":
        return "DATE", "", cal.shift_date(published, code, 0)[1]
    return ("DATE", *cal.shift_date(published, code, shift))


def _as_weekend(text: str, published: date | None, tense: str | None) -> Timex | None:
    match = re.fullmatch(r"(?:(the|this|last|next|past|coming) )?weekend", text)
    if not match:
        return None
    if published is None:
        return "DATE", "", "weekend"
    relation = match.group(1)
    direction = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(
        relation or "", tense
    )
    if relation == "this" and tense != "past":
        direction = "future"
    return "DATE", cal.weekend_value(published, direction), "weekend"


def _as_offset(text: str, published: date | None, tense: str | None) -> Timex | None:
    """three years ago, a week earlier, hours later (later: no anchor, so no value)."""
    match = re.fullmatch(
        rf"(?:{_NUMBER_TEXT} )?{_UNIT_WORD} (ago|earlier|later|before|from now)", text
    )
    if not match:
        return None
    amount = _number(match.group(1)) if match.group(1) else "X"
    code = _unit_code(match.group(2))
    if match.group(3) in ("later", "earlier", "before") and amount is not None:
        if match.group(3) == "earlier" and amount == "1" and code == "Y":
            return "DATE", str(published.year - 1) if published else "", "year"
        # Counted from another event of the story, not from publication: a duration.
        return "DURATION", _duration_value(amount, code), "duration"
    kind = "TIME" if code in ("H", "TM", "S") else "DATE"
    if amount is None or published is None or kind == "TIME" or amount == "X" or "." in amount:
        granularity = "time" if kind == "TIME" else "unknown"
        return kind, "", granularity
    direction = {"ago": -1, "from now": 1}.get(match.group(3))
    if direction is None:
        return kind, "", "unknown"
    return (kind, *cal.shift_date(published, code, direction * int(amount)))


def _as_duration(text: str, published: date | None, tense: str | None) -> Timex | None:
    """ten months, the past three years, eight-month, year-long, decades."""
    text = re.sub(r"^(?:the )?(?:past|last|next|first|coming|previous|following|final) ", "", text)
    match = re.fullmatch(rf"(?:{_NUMBER_TEXT}[ -])?{_UNIT_WORD}(?:-long| long)?", text)
    if not match:
        return None
    if match.group(1) is None:
        plural = text.split("-")[0].endswith("s")
        amount: str | None = "X" if plural else "1"
    else:
        amount = _number(match.group(1))
    if amount is None:
        return None
    return "DURATION", _duration_value(amount, _unit_code(match.group(2))), "duration"


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
    _as_reference, _as_set, _as_absolute, _as_year_decade_century, _as_month_day,
    _as_month_or_season, _as_weekend, _as_relative_unit, _as_quarter, _as_offset,
    _as_duration, _as_day_with_part, _as_period,
]  # fmt: skip


def normalise_timex(text: str, published: date | None, tense: str | None = None) -> Timex | None:
    """(type, value, granularity) of the time expression `text`, or None if it is not one.

    `tense` ("past", "present", "future" or None) is that of the governing verb; it decides
    which way weekday and month names without a year point (present points to the nearest).
    """
    cleaned = " ".join(text.lower().replace("’", "'").split())
    cleaned = re.sub(r"\b(\d+) 1/2\b", r"\1.5", cleaned)
    cleaned = SPOKEN_YEAR_RE.sub(lambda m: str(spoken_year(m.group(0))), cleaned)
    cleaned = _HALVES.sub(lambda m: f"{_HALF_AMOUNTS[m.group(1)] + 0.5:g} {m.group(2)}s", cleaned)
    core = _INNER_MODIFIER.sub("the ", _MODIFIER.sub("", cleaned)) or cleaned
    direction = {"past": "past", "future": "future"}.get(tense or "")
    clock = _clock(core)
    if clock and (day_part := _CLOCK_TEXT.sub("", core).strip(" ,")):
        day = _as_month_day(day_part, published, direction)
        if day is not None:
            return ("TIME", day[1] + clock, "time") if day[1] else ("TIME", "", "time")
    for normaliser in _NORMALISERS:
        found = normaliser(core, published, direction)
        if found is not None:
            return found
    return None
