"""Days and times of day relative to the publication date: weekdays, "yesterday evening",
"3:30 p.m. Tuesday", "Oct. 23", "the weekend". Part of `values.normalise_timex`.
"""

from __future__ import annotations

import re
from datetime import date

from newsprism.annotate.time import arithmetic as cal
from newsprism.annotate.time.arithmetic import Timex
from newsprism.annotate.time.rules import MONTHS, PARTS_OF_DAY, WEEKDAYS

_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
_RELATION_WORDS = {"previous": "last ", "following": "next "}
CLOCK_TEXT = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s(?:est|edt|cst|pst|gmt|utc|bst|cet)\b)?|noon|midnight"
)


def clock_time(text: str) -> str | None:
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


def as_day_with_part(text: str, published: date | None, tense: str | None) -> Timex | None:
    """today, tonight, yesterday evening, this morning, Monday night, 3 p.m. Friday."""
    clock = clock_time(text)
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


def as_month_day(text: str, published: date | None, tense: str | None) -> Timex | None:
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


def as_weekend(text: str, published: date | None, tense: str | None) -> Timex | None:
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
