"""Numbers with what they count and how exact they are: "more than 60 overnight strikes".

spaCy marks the numbers (CARDINAL, QUANTITY, MONEY, PERCENT and like_num tokens); the parse
gives the counted noun (the head of a `nummod`) and its modifiers; the qualifier is read from
the words before the number. Calendar numbers (years, days of the month, clock times) and
ordinals are left to the time extractor. Written by hand: no library reads the counted noun
and qualifier off a parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsprism.annotate.nlp import text_of
from newsprism.model import Quantity, Span

QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
    "as few as", "no more than", "no fewer than", "an estimated", "nearly", "almost", "around",
    "about", "approximately", "roughly", "some", "over", "under", "just over", "just under",
    "close to", "upwards of", "in excess of", "estimated", "several", "dozens of", "hundreds of",
    "thousands of", "exactly", "only",
)  # fmt: skip
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}  # fmt: skip
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE"})
DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
UNIT_DEPS = frozenset({"compound", "amod", "nmod"})


def find_quantities(doc: Doc, article_id: str) -> list[Quantity]:
    """Every counted quantity in `doc`, in text order."""
    sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
    text = text_of(doc)
    found = []
    for number in number_groups(doc):
        value = parse_number(number)
        if value is None or is_calendar_number(number, value):
            continue
        unit_tokens = counted_noun_phrase(number)
        unit = unit_words(unit_tokens) if unit_tokens else currency_or_percent(number)
        if not unit:
            continue
        start_token, qualifier = find_qualifier(number)
        end_token = (
            unit_tokens[-1].i + 1 if unit_tokens and unit_tokens[-1].i >= number.end else number.end
        )
        begin, finish = doc[start_token].idx, doc[end_token - 1].idx + len(doc[end_token - 1])
        found.append(
            Quantity(
                span=Span(article_id, begin, finish, text[begin:finish]),
                value=value,
                unit=unit,
                qualifier=qualifier,
                sentence=sentence_of[number.sent.start],
            )
        )
    return found


def number_groups(doc: Doc) -> list[SpacySpan]:
    """Maximal runs of number tokens ("300,000", "5 million", "two dozen")."""
    groups, start = [], None
    for token in doc:
        is_number = token.like_num or token.lower_ in SCALES or token.lower_ in WORD_NUMBERS
        if is_number and token.ent_type_ != "ORDINAL" and token.lower_ not in ("one",):
            if start is None:
                start = token.i
            continue
        if start is not None:
            groups.append(doc[start : token.i])
            start = None
    if start is not None:
        groups.append(doc[start:])
    return [g for g in groups if any(t.like_num or t.lower_ in WORD_NUMBERS for t in g)]


def parse_number(number: SpacySpan) -> float | None:
    """The value of a number group: "300,000" -> 300000, "5 million" -> 5e6, "six" -> 6."""
    total: float | None = None
    for token in number:
        word = token.lower_
        if DIGITS.match(word):
            total = (total or 0) + float(word.replace(",", ""))
        elif word in WORD_NUMBERS:
            total = (total or 0) + WORD_NUMBERS[word]
        elif word in SCALES and total is not None:
            total *= SCALES[word]
        else:
            return None
    return total


def is_calendar_number(number: SpacySpan, value: float) -> bool:
    """Years, days of the month and clock times belong to the time extractor."""
    if number.root.ent_type_ in ("DATE", "TIME") and (
        YEAR.match(number.text)
        or value <= 31
        and number.root.dep_ in ("nummod", "npadvmod")
        and number.root.head.ent_type_ == "DATE"
        and number.root.head.pos_ == "PROPN"
    ):
        return True
    return (
        bool(YEAR.match(number.text))
        and number.root.dep_ in ("pobj", "npadvmod", "nummod")
        and (number.root.head.ent_type_ == "DATE" or number.root.head.pos_ == "ADP")
    )


def counted_noun_phrase(number: SpacySpan) -> list[Token]:
    """The noun the number counts, with the modifiers between them ("overnight strikes")."""
    root = number.root
    head = root.head
    if root.dep_ == "nummod" and head.pos_ in ("NOUN", "PROPN") and head.i > root.i:
        between = [t for t in head.lefts if t.i > number.end - 1 and t.dep_ in UNIT_DEPS]
        return [*between, head]
    if root.dep_ == "nummod" and head.lower_ in ("year", "month", "week", "day", "metre", "mile"):
        return [head]
    if root.dep_ == "pobj" and root.head.lower_ == "of":  # "five of the soldiers"
        return []
    for child in root.rights:  # "60 of them" is not counted; "10,000 troops" parses as nummod
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = [t for t in child.rights if t.dep_ == "pobj"]
            return obj[:1]
    return []


def unit_words(tokens: list[Token]) -> str:
    """The counted noun phrase as written; "eight-month" counts months, "2,000-year" years."""
    head = tokens[-1]
    if head.i > 0 and head.doc[head.i - 1].text == "-" and head.tag_ == "NN":
        return head.lemma_ + "s"
    return " ".join(t.text for t in tokens)


def currency_or_percent(number: SpacySpan) -> str:
    doc = number.doc
    after = doc[number.end] if number.end < len(doc) else None
    before = doc[number.start - 1] if number.start > 0 else None
    if after is not None and after.lower_ in ("%", "percent", "per"):
        return "percent"
    if before is not None and before.text in ("$", "£", "€", "¥"):
        return {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}[before.text]
    return ""


def find_qualifier(number: SpacySpan) -> tuple[int, str | None]:
    """(first token of the quantity, qualifier words) from the words before the number."""
    doc = number.doc
    start = number.start
    if start > 0 and doc[start - 1].text in ("$", "£", "€", "¥"):
        start -= 1
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        words = qualifier.split()
        first = start - len(words)
        if first >= 0 and [t.lower_ for t in doc[first:start]] == words:
            return first, qualifier
    return start, None
