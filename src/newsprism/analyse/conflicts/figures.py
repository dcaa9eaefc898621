"""Figures a story reports for one quantity: how much oil leaks a day, how many people died.

A figure is a number the annotate stage found (Quantity) read as what a fact-checker compares:
- its slot: what is measured (the nearest measure word: leaking, captured, killed, ...), in
  which unit (gallons and litres converted to barrels, km to miles) and per what time (a day,
  an hour, or in all);
- its value as an interval: "12,000-19,000" and "between 35,000 and 60,000" are ranges, "at
  least 5,000" has no upper end, "up to 40,000" no lower one, "about 5,000" is loose;
- whether it is the story's figure now: a figure given as an earlier one ("initially",
  "up from", "had estimated"), a hypothetical one ("could", "if", "capacity") or one about
  another event (a sentence naming another year: "the Exxon Valdez spilled 11 million gallons
  in 1989") is not compared with today's.
Written by hand: no library reads these off text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from newsprism.analyse.statements import SentenceFacts, lemma_guess
from newsprism.model import Quantity

TOLERANCE = 0.15  # a plain figure stands for anything within 15% (rounding, conversions)
MEASURES: dict[str, tuple[str, ...]] = {
    "leaking": (
        "leak", "spill", "gush", "spew", "flow", "pour", "escape", "discharge", "release",
        "seep", "bleed", "flowrate",
    ),
    "captured": (
        "collect", "capture", "siphon", "suck", "funnel", "recover", "skim", "burn", "flare",
        "catch", "remove", "contain", "pump", "collection",
    ),
    "killed": ("kill", "die", "dead", "death", "toll", "perish", "drown"),
    "injured": ("injure", "wound", "hurt", "injury"),
    "evacuated": ("evacuate", "displace", "flee", "evacuation"),
    "missing": ("missing",),
    "arrested": ("arrest", "detain", "jail"),
}  # fmt: skip
MEASURE_OF = {word: name for name, words in MEASURES.items() for word in words}
VOLUME_MEASURES = frozenset({"leaking", "captured"})
VOLUMES = frozenset({"barrel", "ton", "tonne", "cubic"})  # what leaks or is captured
NOT_COUNTS = frozenset(
    {"usd", "gbp", "eur", "jpy", "mile", "foot", "feet", "ft", "inch", "metre", "meter", "yard",
     "pound", "acre", "mph", "degree", "point", "pence", "cent", "dollar"}
)  # money and measures: not counts of people  # fmt: skip
MEASURE_REACH = 8  # words either side of the figure searched for what it measures
CONTEXT_CHARS = 400  # text either side of a figure its cues are looked for in (a 70,000-
# character "sentence" of 7,000 figures must not cost 7,000 scans of itself)
CONVERSIONS = {  # unit -> (unit compared in, factor)
    "gallon": ("barrel", 1 / 42),
    "liter": ("barrel", 1 / 159),
    "litre": ("barrel", 1 / 159),
    "bpd": ("barrel", 1.0),
    "km": ("mile", 0.621),
    "kilometre": ("mile", 0.621),
    "kilometer": ("mile", 0.621),
    "person": ("people", 1.0),
}
LOWER_BOUNDS = frozenset(
    {"more than", "at least", "over", "upwards of", "in excess of", "just over", "no fewer than"}
)
UPPER_BOUNDS = frozenset(
    {"up to", "less than", "fewer than", "at most", "as many as", "no more than", "under",
     "just under"}
)  # fmt: skip
LOOSE = frozenset(
    {"about", "around", "nearly", "almost", "approximately", "roughly", "some", "close to",
     "an estimated", "estimated"}
)  # fmt: skip
UNCOMPARED = frozenset(
    {"percent", "%", "second", "minute", "hour", "day", "week", "month", "year", "decade"}
)  # shares of varying wholes, and durations (left to the date rules)
VAGUE = frozenset({"several", "dozens of", "hundreds of", "thousands of"})
UPPER_CUE = re.compile(r"\bas (?:high|much|many) as\s*$|\bup to\s*$", re.I)
RATE = re.compile(
    r"\b(?:a|per|each|every|an) (day|hour|week)\b|\b(bpd)\b"
    r"|^(?:\s*\([^)]*\))?(?:\s+of \w+)?\s+(daily|hourly)\b",
    re.I,
)
RATES = frozenset({"day", "hour", "week"})
CUMULATIVE = re.compile(r"\b(?:since|so far|to date|already|in all|in total|altogether)\b", re.I)
RATE_REACH = 70  # characters after the figure searched for "a day"
AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand|bn|m)?\b", re.I)
SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}
RANGE_BEFORE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand|bn|m)?\s*(?:-|\u2013|to|and)\s*$", re.I
)
HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|if|scenario|capacity|plan(?:s|ned)? to|hop(?:es|ed)? to|expects?|"
    r"aims? to|able to|worst[- ]case|maximum|handle|increase \w+ to|in the event|warn\w*|"
    r"can|will)\b",
    re.I,
)
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATED_ENTRY = re.compile(  # a chronology's entry: "April 25 - The Coast Guard says ..."
    rf"^\W*(?:(?:{MONTH_NAMES})\.? \d{{1,2}}|\d{{1,2}} (?:{MONTH_NAMES}))\s*[-:\u2013\u2014]", re.I
)
EARLIER = re.compile(
    rf"\b(?:initial(?:ly)?|original(?:ly)?|earlier|previous(?:ly)?|early estimates?|first "
    r"estimate|later revised|by contrast|up from|down from|had (?:estimated|said|put|been)|"
    r"early in|at first|first estimated|at one point|days after|revised (?:up|down)ward|"
    r"then upped|was revised|were revised|before (?:it|the "
    rf"well) was|before (?:{MONTH_NAMES})\b)\b",
    re.I,
)
WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Figure:
    sentence: SentenceFacts
    quantity: Quantity
    text: str  # as written, with its range and rate: "12,000-19,000 barrels a day"
    slot: tuple[str, str, str, str]  # (measure, unit, rate, weekday named or "")
    low: float  # in the slot's unit; -inf / inf for open ends
    high: float
    current: bool  # the story's figure at the time, not an earlier or hypothetical one
    loose: bool = False  # "about 5,000": the interval is 5,000 give or take TOLERANCE

    @property
    def value_key(self) -> tuple[float, float]:
        """The value as stated, to two significant figures: "about 5,000", "5,000" and
        "210,000 gallons" are one value; "at least 12,000" is (12,000, inf)."""
        if self.loose:
            middle = (self.low + self.high) / 2
            return (significant(middle), significant(middle))
        return (significant(self.low), significant(self.high))

    @property
    def label(self) -> str:
        """The slot in words: "leaking, barrels a day"."""
        measure, unit, rate, _ = self.slot
        what = f"{unit if unit == 'people' else unit + 's'} {measure}".strip()
        return what + {"total": "", "cumulative": " so far"}.get(rate, f" a {rate}")


def significant(value: float, digits: int = 2) -> float:
    if not math.isfinite(value) or value == 0:
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def story_figures(sentences: Sequence[SentenceFacts]) -> list[Figure]:
    return [f for s in sentences for f in sentence_figures(s)]


def sentence_figures(s: SentenceFacts) -> list[Figure]:
    """The figures of one sentence (measure "" where no measure word is near); a quantity
    inside another's span ("19,000 barrels" of "12,000-19,000 barrels") is skipped."""
    if not s.quantities:  # most sentences: no need to read their cues
        return []
    text = s.span.text
    start = s.span.start
    cues = sentence_cues(text)
    other_event = bool(s.published and cues.years - {s.published.year}) or cues.dated_entry
    current = not (cues.earlier or cues.hypothetical or other_event)
    nested = inside_others(s.quantities)
    figures = []
    for q in s.quantities:
        if id(q) in nested or q.qualifier in VAGUE or "/" in q.span.text:
            continue  # "210,000 gallons/795,000 liters" restates the figure before it
        begin, end = q.span.start - start, q.span.end - start
        unit, factor = canonical_unit(q.unit)
        if not unit or unit in UNCOMPARED:
            continue
        before = text[max(0, begin - CONTEXT_CHARS) : begin]
        interval = value_interval(q, before, factor)
        if interval is None:
            continue
        rate_match = RATE.search(text[end : end + RATE_REACH])
        rate_match = rate_match or RATE.search(q.span.text)  # "25,000-30,000 bpd"
        rate = rate_of(rate_match, cues.cumulative)
        measure = measure_of(nearest_measure(text, begin, end), unit, rate)
        range_start = RANGE_BEFORE.search(before)
        shown_from = begin - (len(range_start.group(0)) if range_start else 0)
        per = f" a {rate}" if rate in RATES and not RATE.search(q.span.text) else ""
        shown = text[shown_from:end] + per
        figures.append(
            Figure(
                sentence=s,
                quantity=q,
                text=" ".join(shown.split()),
                slot=(measure or "", unit, rate, cues.weekday),
                low=interval[0],
                high=interval[1],
                current=current,
                loose=q.qualifier in LOOSE and not range_start,
            )
        )
    return figures


class SentenceCues(NamedTuple):
    """What a sentence's words say about all its figures (see `sentence_cues`)."""

    years: frozenset[int]  # years named
    dated_entry: bool  # a chronology's entry ("April 25 - ...")
    hypothetical: bool  # "could", "if", "capacity", ...
    cumulative: bool  # "so far", "since", ...
    weekday: str  # the first weekday named, lower case, or ""
    earlier: bool  # "initially", "up from", ...


@lru_cache(maxsize=8192)
def sentence_cues(text: str) -> SentenceCues:
    """The cues of a sentence's text, read once per distinct text: a watched story's
    sentences are compared again each time it grows, and these regular expressions were
    most of the cost of reading its figures."""
    weekday = WEEKDAY.search(text)
    return SentenceCues(
        years=frozenset(int(y) for y in YEAR.findall(text)),
        dated_entry=bool(DATED_ENTRY.match(text)),
        hypothetical=bool(HYPOTHETICAL.search(text)),
        cumulative=CUMULATIVE.search(text) is not None,
        weekday=weekday.group(1).lower() if weekday else "",
        earlier=bool(EARLIER.search(text)),
    )


def inside_others(quantities: Sequence[Quantity]) -> set[int]:
    """ids of the quantities whose span another quantity's span holds ("19,000 barrels" in
    "12,000-19,000 barrels"); one pass over the spans sorted by start, longest first."""
    ordered = sorted(quantities, key=lambda q: (q.span.start, -q.span.end))
    nested: set[int] = set()
    reach, reach_span = -1, (-1, -1)
    for q in ordered:
        span = (q.span.start, q.span.end)
        if q.span.end <= reach and span != reach_span:
            nested.add(id(q))
        if q.span.end > reach:
            reach, reach_span = q.span.end, span
    return nested


@lru_cache(maxsize=8192)
def nearest_measure(text: str, begin: int, end: int) -> str | None:
    """What the figure at text[begin:end] measures: the measure class of the nearest measure
    word within MEASURE_REACH words either side (the figure's own words excluded). Memoised:
    a pure function of the text, asked again each time a watched story grows."""
    window_start = max(0, begin - CONTEXT_CHARS)
    before_text = text[window_start:begin]
    if window_start > 0:  # not a word cut in two
        before_text = before_text.split(maxsplit=1)[-1] if " " in before_text else ""
    after_text = text[end : end + CONTEXT_CHARS]
    if end + CONTEXT_CHARS < len(text):
        after_text = after_text.rsplit(maxsplit=1)[0] if " " in after_text else ""
    before = [m.group(0).lower() for m in WORD.finditer(before_text)][-MEASURE_REACH:]
    after = [m.group(0).lower() for m in WORD.finditer(after_text)][:MEASURE_REACH]
    candidates = [(len(before) - i + 0.5, w) for i, w in enumerate(before)]
    candidates += [(i + 1, w) for i, w in enumerate(after)]  # a tie goes to the verb after:
    # "17 people were injured", "5,000 barrels are leaking"
    for _, word in sorted(candidates, key=lambda c: c[0]):
        measure = measure_word(word)
        if measure:
            return measure
    return None


def measure_word(word: str) -> str | None:
    """The measure class of an inflected word: "capturing", "captured", "leaks", "spilt"."""
    for stem in (word, lemma_guess(word), lemma_guess(word) + "e", word[:-1], word[:-2]):
        if stem in MEASURE_OF:
            return MEASURE_OF[stem]
    return None


def canonical_unit(unit: str) -> tuple[str, float]:
    """(unit compared in, factor to it): "gallons" -> ("barrel", 1/42)."""
    words = unit.lower().split()
    head = words[-1] if words else ""
    if head.endswith("s") and head not in ("bpd",):
        head = head[:-1]
    if head == "people" or head == "peoples":
        head = "people"
    return CONVERSIONS.get(head, (head, 1.0))


def value_interval(q: Quantity, before: str, factor: float) -> tuple[float, float] | None:
    """[low, high] of the quantity in the slot's unit (see the module note)."""
    matches = list(AMOUNT.finditer(q.span.text))
    if not matches:
        return None
    if len(matches) >= 2:  # "12,000-19,000 barrels", "1.5-2.5 million gallons"
        low, high = parse_amount(matches[0]), parse_amount(matches[1])
        if matches[0].group(2) is None:
            low *= SCALE.get((matches[1].group(2) or "").lower(), 1.0)
        return low * factor, high * factor
    value = parse_amount(matches[0])
    range_start = RANGE_BEFORE.search(before)
    if range_start:  # "5,000 to 25,000 barrels": the quantity is the upper end
        low = parse_amount(range_start)
        if range_start.group(2) is None:
            low *= SCALE.get((matches[0].group(2) or "").lower(), 1.0)
        return low * factor, value * factor
    qualifier = q.qualifier or ""
    if qualifier in LOWER_BOUNDS:
        return value * factor, math.inf
    if qualifier in UPPER_BOUNDS or UPPER_CUE.search(before):
        return -math.inf, value * factor
    if qualifier in LOOSE:
        return value * factor * (1 - TOLERANCE), value * factor * (1 + TOLERANCE)
    return value * factor, value * factor


def parse_amount(match: re.Match) -> float:
    number = float(match.group(1).replace(",", ""))
    return number * SCALE.get((match.group(2) or "").lower(), 1.0)


def measure_of(measure: str | None, unit: str, rate: str) -> str:
    """The measure a figure of this unit can have: volumes leak or are captured (at a rate,
    or so far: a bare "200,000 gallons" may be either, or another spill's), people are
    killed or injured; anything else is left unnamed ("")."""
    if measure is None:
        return ""
    if measure in VOLUME_MEASURES:
        return measure if unit in VOLUMES and rate != "total" else ""
    return measure if unit not in VOLUMES | NOT_COUNTS else ""


def rate_of(match: re.Match | None, cumulative: bool) -> str:
    """Per what time the figure counts: "day", "hour", "week", "cumulative" (so far, since
    ...), or "total"."""
    if match is None:
        return "cumulative" if cumulative else "total"
    word = next(g for g in match.groups() if g).lower()
    return {"daily": "day", "bpd": "day", "hourly": "hour"}.get(word, word)


def compatible(a: Figure, b: Figure) -> bool:
    """Whether the two intervals meet, each end loosened by TOLERANCE."""
    return a.low <= b.high * (1 + TOLERANCE) and b.low <= a.high * (1 + TOLERANCE)
