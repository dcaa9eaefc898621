"""Amounts of time: durations, sets and offsets, with the numbers they are counted in.

"eight-month" -> P8M, "2 1/2 years" -> P2Y6M, "daily" -> P1D, "every Monday" -> XXXX-WXX-1,
"three years ago" -> the year three before publication, "several years ago" -> PAST_REF;
"hours later" counts from another event of the story, so it is a duration, not a date.
Part of `values.normalise_timex`.
"""

from __future__ import annotations

import re
from datetime import date

from newsprism.annotate.time import arithmetic as cal
from newsprism.annotate.time.arithmetic import Timex
from newsprism.annotate.time.rules import (
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    SPOKEN_YEAR,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
)

SPOKEN_YEAR_RE = re.compile(SPOKEN_YEAR, re.IGNORECASE)
_SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
         "yearly": "P1Y", "hourly": "PT1H"}  # fmt: skip


def spoken_year(words: str) -> int:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000 (broadcast transcripts)."""
    parts = re.split(r"[- ]", words.lower().replace(" and ", " "))
    if parts[:2] == ["two", "thousand"]:
        return 2000 + int(sum(NUMBER_WORDS[p] for p in parts[2:]))
    return 1900 + int(sum(NUMBER_WORDS[p] for p in parts[1:]))


_UNIT_WORD = r"(second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_NUMBER_TEXT = r"(\d+(?:[.,]\d+)?|[a-z]+(?:[- ][a-z]+)*?)"
HALVES = re.compile(
    r"\b(a|an|one|two|three) (second|minute|hour|day|week|month|year)s? and a half\b"
)
HALF_AMOUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
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


def duration_value(amount: str, unit: str) -> str:
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


def as_set(text: str, published: date | None, tense: str | None) -> Timex | None:
    if text in _SETS:
        return "SET", _SETS[text], "set"
    match = re.fullmatch(r"(?:every|each)(?: other)? (\w+)", text)
    if match and match.group(1) in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[match.group(1)]}", "set"
    if match and match.group(1).rstrip(".") in MONTHS:
        return "SET", f"XXXX-{MONTHS[match.group(1).rstrip('.')]:02d}", "set"
    if match and match.group(1) in PARTS_OF_DAY:
        return "SET", f"TXX:XX{PARTS_OF_DAY[match.group(1)]}", "set"
    match = match or re.fullmatch(r"(?:once|twice) (?:a|per) (\w+)", text)
    if match and match.group(1).rstrip("s") in UNITS:
        return "SET", duration_value("1", _unit_code(match.group(1))), "set"
    return None


def as_offset(text: str, published: date | None, tense: str | None) -> Timex | None:
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
        return "DURATION", duration_value(amount, code), "duration"
    kind = "TIME" if code in ("H", "TM", "S") else "DATE"
    if amount == "X" and match.group(3) in ("ago", "from now"):  # "several years ago"
        return "DATE", "PAST_REF" if match.group(3) == "ago" else "FUTURE_REF", "unknown"
    if amount is None or published is None or kind == "TIME" or amount == "X" or "." in amount:
        granularity = "time" if kind == "TIME" else "unknown"
        return kind, "", granularity
    direction = {"ago": -1, "from now": 1}.get(match.group(3))
    if direction is None:
        return kind, "", "unknown"
    return (kind, *cal.shift_date(published, code, direction * int(amount)))


def as_duration(text: str, published: date | None, tense: str | None) -> Timex | None:
    """ten months, the past three years, eight-month, year-long, decades."""
    text = re.sub(r"^(?:the )?(?:past|last|next|first|coming|previous|following|final) ", "", text)
    text = re.sub(r"^the (?=\S+[ -])", "", text)
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
    return "DURATION", duration_value(amount, _unit_code(match.group(2))), "duration"
