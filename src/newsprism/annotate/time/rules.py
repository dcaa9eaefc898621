"""Recognise time expressions in raw text: the vocabulary and regular expressions.

Hand-written because no maintained library finds TIMEX3 extents in English with exact
character offsets (dateparser's `search_dates` finds dates but mis-spans and misses durations,
sets and relative expressions; spaCy's DATE/TIME entities include prepositions and miss
many). Extents follow the TimeML guidelines: determiners and modifiers belong to the
expression ("the past three years", "early May", "the weekend"), prepositions do not ("on",
"in", "since"). Ages ("2,000-year-old") are not time expressions, as in TimeBank.

`candidate_spans(text)` returns non-overlapping (start, end) pairs, longest match first;
`timexes.py` then drops candidates that the parse shows are not times ("May" the modal).
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "half": 0.5, "a couple of": 2, "couple of": 2,
}  # fmt: skip
VAGUE_NUMBERS = ("several", "a few", "few", "many", "some")
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
    "year": "Y", "decade": "DE", "century": "CE", "weekend": "WE",
}  # fmt: skip


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_COMPOUND = rf"(?:{_TENS})[- ](?:one|two|three|four|five|six|seven|eight|nine)"
_NUM_WORD = rf"(?:{_COMPOUND}|{_alternation(list(NUMBER_WORDS))})"
NUMBER = rf"(?:\d+\s1/2|\d+(?:[.,]\d+)?|{_NUM_WORD}|{_alternation(VAGUE_NUMBERS)})"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter|[Ff]all)"
PART = r"(?:morning|afternoon|evening|night)"
UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
SPOKEN_YEAR = (
    rf"(?:nineteen[- ](?:(?:{_TENS})(?:[- ](?:{_ONES}))?|ten|eleven|twelve|thirteen|fourteen"
    rf"|fifteen|sixteen|seventeen|eighteen|nineteen)"
    rf"|(?<=year\s)two[- ]thousand(?:[- ](?:and[- ])?(?:{_ONES}|ten))?)(?![\w-])"
)
YEAR = rf"(?:1[6-9]\d\d|20\d\d|{SPOKEN_YEAR})"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
REL = r"(?i:last|next|this|past|coming|previous|following)"
MOD = r"(?:(?i:early|late|earlier|later|the (?:end|beginning|start|middle) of)\s|(?i:mid-))"
CLOCK = (
    r"(?:(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?i:a\.m\.|p\.m\.|am\b|pm\b)|(?:[01]?\d|2[0-3]):[0-5]\d"
    r"|(?i:noon|midnight))(?:\s(?:EST|EDT|CST|PST|GMT|UTC|BST|CET))?"
)
_ORDINAL = (
    r"(?i:first|second|third|fourth|1st|2nd|3rd|4th|latest|current|fiscal|year-ago|year-earlier)"
)
# Approximators and bounds belong to the expression (TimeML's mod attribute: APPROX,
# LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE): "nearly two years", "at least 30 days".
APPROX = (
    r"(?:(?i:about|around|approximately|roughly|nearly|almost|more\sthan|less\sthan|fewer\sthan"
    r"|at\sleast|at\smost|no\smore\sthan|no\sless\sthan|up\sto)\s)?"
)
_SEQUENCE = r"(?:past|last|next|first|coming|previous|following|final)"
_START = r"(?<![\w$£€.,-])"
_END = r"(?![\w])"

_PATTERNS = [
    rf"\d{{4}}-[01]\d-[0-3]\d{_END}",
    rf"(?:[01]?\d)/(?:[0-3]?\d)/(?:\d{{4}}|\d\d){_END}",
    # Monday, Dec. 12, 2016 / Dec. 12 / December 2016 / 12 December 2016
    rf"(?:{CLOCK},?\s)?(?:{WEEKDAY},?\s)?(?:{MOD})?(?:(?i:last|next|this)\s)?{MONTH}\s{DAYNUM}(?:,?\s{YEAR})?{_END}",
    rf"(?:{WEEKDAY},?\s)?(?:the\s)?{DAYNUM}(?:\sof)?\s{MONTH}(?:,?\s{YEAR})?{_END}",
    rf"(?:{CLOCK}\s)?(?:(?i:early|late)\s)?(?:(?i:the\s(?=previous|following)))?(?:{REL}\s)?"
    rf"{WEEKDAY}(?:\s{PART}|\s{CLOCK})?{_END}",
    rf"(?:(?i:the)\s(?=(?:(?i:early|late)\s)?{SEASON}))?(?:{MOD})?(?:{REL}\s)?(?:{MONTH}|{SEASON})(?:,?\s(?:of\s)?{YEAR}|\s(?i:(?:of\s)?(?:last|next|this)\syear))?{_END}",
    rf"(?:{MOD})?(?:(?i:the\s))?{SEASON}\s(?:of\s)?{YEAR}{_END}",
    rf"(?:(?i:fiscal|the year|the (?:end|beginning|start|middle) of)\s|(?i:early|late|mid-?)\s?)?"
    rf"{YEAR}{_END}(?!-)",
    r"(?:(?i:the)\s)?(?:(?i:early|late|mid-?)\s?)?(?:(?:1[6-9]|20)\d0s|'\d0s|(?i:the\s)?(?:[12]?\d)(?:st|nd|rd|th)\scentury)",
    rf"(?i:(?:the\s(?:(?:{_ORDINAL})[\s-]){{0,2}}|(?:(?:{_ORDINAL})[\s-]){{1,2}})quarter)"
    rf"(?:\s(?:of\s)?{YEAR})?{_END}",
    rf"(?i:year-(?:ago|earlier)){_END}",
    # the 1988 second quarter, this year's third quarter, the year-ago quarter
    rf"(?i:(?:the\s)?(?:{YEAR}|(?:this|last|next)\syear's|year-ago|year-earlier)\s"
    rf"(?:(?:first|second|third|fourth|fiscal)[\s-])?quarter){_END}",
    rf"(?i:(?:(?:later|earlier)\s)?that\s(?:day|week|month|year)){_END}",
    rf"(?i:the\s(?:(?:current|full|latest|fiscal)\s)*year){_END}(?![-'])(?!\s(?:ago|earlier|before|later))",
    rf"(?i:(?:the\s)?(?:latest|comparable|year-ago|year-earlier|{YEAR})\speriod){_END}",
    rf"(?i:(?:{MOD})?(?:the\s)?(?:last|next|this|past|coming|previous|following|same)\s"
    rf"(?:week|month|year|weekend|decade|century|quarter){_END})",
    rf"(?i:the\s(?:next|previous|following|same)\sday){_END}",
    rf"(?i:(?:{MOD})?(?:this|last|next)\s(?:week|month|year){_END})",
    rf"(?i:(?:{MOD})?(?:today|tonight|yesterday|tomorrow)(?:\s{PART})?{_END})",
    rf"(?i:(?:this|last|tomorrow|yesterday)\s{PART}{_END})",
    rf"(?i:(?:the\s)?weekend{_END})",
    r"(?i:(?:right\s)?now|currently|nowadays|recently|soon|lately|(?:the\s)?(?:(?:near|distant)\s(?=future))?(?:past|future|present)(?!\s\w+s\b))(?![\w-])",
    rf"(?i:recent\s(?:days|weeks|months|years|decades)){_END}",
    r"(?i:current)(?=\s[a-z])(?!\s(?:account|events|affairs|assets|liabilities|year|quarter|fiscal))",
    rf"(?:(?i:about|around|approximately|roughly)\s)?{CLOCK}(?:\s(?i:today|tonight|yesterday|tomorrow))?{_END}",
    rf"{APPROX}(?i:(?:the\s(?:{_SEQUENCE}\s)?|{_SEQUENCE}\s)?(?:{NUMBER})[\s-]{UNIT})"
    rf"(?:(?i:\s(?:ago|earlier|later|before|from\snow))|(?:-long|\slong)?)(?:\sor\sso)?{_END}"
    r"(?!-(?:old|ago|earlier)|\sold\b)",
    rf"(?i:(?:(?:the\s)?(?:past|last|next|coming)\s)?(?:{UNIT})(?:-long|\s(?:ago|earlier|later))){_END}",
    rf"(?i:(?:a|an|one|two|three)\s(?:minute|hour|day|week|month|year)s?\sand\sa\shalf)"
    rf"(?:(?i:\s(?:ago|earlier|later|before)))?{_END}",
    rf"(?i:(?:(?:over|for|within|in)\s)(?:the\s)?(?:past\s|coming\s|next\s|last\s)?)(?P<plural>(?i:days|weeks|months|years|decades)){_END}",
    rf"(?i:daily|weekly|monthly|annually|yearly|hourly|nightly|every\s(?:other\s)?(?:{UNIT}|{PART})"
    rf"|each\s(?:day|week|month|year|morning|night)|(?:once|twice)\s(?:a|per)\s(?:day|week|month|year)){_END}",
    rf"(?:every|each)\s(?:{WEEKDAY}|{MONTH}){_END}",
    r"(?:New Year's (?:Day|Eve)|Christmas(?: Day| Eve)?|Thanksgiving(?: Day)?)(?!\w)",
]
_COMPILED = [re.compile(_START + p) for p in _PATTERNS]


def candidate_spans(text: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `text` that look like time expressions."""
    found: list[tuple[int, int]] = []
    for pattern in _COMPILED:
        for match in pattern.finditer(text):
            if "plural" in pattern.groupindex and match.group("plural"):
                found.append(match.span("plural"))
            elif match.end() > match.start():
                found.append(match.span())
    found.sort(key=lambda span: (span[0], span[0] - span[1]))
    chosen: list[tuple[int, int]] = []
    for start, end in found:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    return chosen
