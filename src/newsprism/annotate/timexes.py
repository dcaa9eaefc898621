"""Find time expressions in a parsed article and normalise them against its publication date.

`find_times(doc, article_id, published)` returns every TIMEX3-style expression (DATE, TIME,
DURATION, SET) with its exact character span, TIMEX3 value, granularity and sentence index.

How: candidate extents come from the regular expressions of `timex_rules` over `doc.text`
(spaCy's DATE/TIME entities are used only to accept ambiguous words such as "May"); the
parse then vetoes candidates that are not times ("May" the modal, "fall" the verb, "2000
people"), and the tense of the governing verb (token morphology, "will") tells which way
weekday, month and season names point. Values come from `timex_values.normalise_timex`:
dateparser reads absolute dates; the relative resolution is hand-written (see there).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.timex_calendar import shift_years
from newsprism.annotate.timex_rules import SEASONS, candidate_spans
from newsprism.annotate.timex_values import normalise_timex
from newsprism.model import Span as TextSpan
from newsprism.model import TimeRef

__all__ = ["find_times", "governing_tense", "normalise_timex"]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "gonna"}
_LEAD_WORDS = {
    "in", "on", "at", "since", "until", "till", "by", "from", "to", "through", "during", "of",
    "before", "after", "between", "and", "or", "early", "late", "mid", "last", "next", "this",
    "throughout", "around", "for", "as", "the", "that", "each", "every", "into", "than", "-",
}  # fmt: skip
_AMBIGUOUS_MONTHS = {"may", "march", "june", "august", "april", "jan", "mar"}
_YEAR_BACK = re.compile(
    r"(?:(?:a|one) year (?:ago|earlier|before)|year-(?:ago|earlier))", re.IGNORECASE
)
_BARE_REFS = {"past", "present", "future", "the past", "the present", "the future"}


def verb_tense(verb: Token) -> str | None:
    """ "past", "present" or "future" for a verb with its auxiliaries, None if non-finite.

    An infinitive with "to" ("plans to redeem", "set to expire") looks ahead; a present
    perfect ("has carried out") counts as past; a bare past participle ("uploaded on
    Tuesday") too.
    """
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries} | {verb.lower_}
    if words & _FUTURE_AUX or "going" in words or any(a.tag_ == "TO" for a in auxiliaries):
        return "future"
    if verb.tag_ == "MD" or any(a.tag_ == "MD" for a in auxiliaries):
        return "present"
    if verb.tag_ == "VBD" or any("Past" in a.morph.get("Tense", []) for a in auxiliaries):
        return "past"
    if any(a.lemma_ == "have" for a in auxiliaries) or (verb.tag_ == "VBN" and not auxiliaries):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return "present"
    return None


def governing_tense(span: Span) -> str | None:
    """The tense of the nearest finite verb above `span` in the parse, None if there is none."""
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            tense = verb_tense(token)
            if tense is not None:
                return tense
        if token.head is token:
            return None
        token = token.head
    return None


def _previous_word(doc: Doc, span: Span) -> str:
    return doc[span.start - 1].lower_ if span.start > 0 else ""


def _is_time_in_context(doc: Doc, span: Span) -> bool:
    """Whether the parse allows `span` to be a time expression (vetoes false friends)."""
    text = span.text.lower().rstrip(".")
    previous = _previous_word(doc, span)
    if _is_inside_a_name(doc, span) or _continues_a_name(doc, span):
        return False
    if text in _AMBIGUOUS_MONTHS:
        first = span[0]
        if first.tag_ == "MD" or first.ent_type_ in ("PERSON", "ORG"):
            return False
        return previous in _LEAD_WORDS or first.ent_type_ == "DATE"
    if text in SEASONS:
        return span[-1].pos_ == "NOUN" and previous in _LEAD_WORDS
    if text in _BARE_REFS:
        return span[-1].pos_ == "NOUN"
    if text.isdigit() and len(text) == 4:
        return _is_year_in_context(doc, span)
    words = text.split()
    if len(words) == 2 and words[0] in ("a", "an") and words[1].startswith("second"):
        return False
    return True


def _is_year_in_context(doc: Doc, span: Span) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 people")."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and (
        before.tag_ in ("$", "CD") or before.lower_ in ("no.", "number", "flight")
    ):
        return False
    if after is not None and (after.tag_ == "NNS" or after.pos_ == "NUM"):
        return False
    if after is not None and after.pos_ == "NOUN" and after.ent_type_ not in ("DATE", "TIME"):
        return span[0].ent_type_ == "DATE"
    return True


def _continues_a_name(doc: Doc, span: Span) -> bool:
    """A capitalised "May" or "Today" right after a name is part of it ("Theresa May")."""
    if len(span) != 1 or span.text.lower() not in _AMBIGUOUS_MONTHS | {"today"} or span.start == 0:
        return False
    before = doc[span.start - 1]
    return (
        span.text[0].isupper()
        and before.tag_ == "NNP"
        and before.ent_type_ in ("PERSON", "ORG", "GPE")
    )


def _is_inside_a_name(doc: Doc, span: Span) -> bool:
    """Whether `span` is part of a longer named entity ("Theresa May", "Russia Today")."""
    for entity in doc.ents:
        if entity.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"):
            continue
        overlaps = entity.start < span.end and span.start < entity.end
        if overlaps and (entity.start < span.start or entity.end > span.end):
            return True
    return False


def _direction(doc: Doc, span: Span) -> str | None:
    """Tense of the governing verb; "until spring" looks ahead whatever the verb's tense."""
    if span.text.lower() in SEASONS and _previous_word(doc, span) in ("until", "till"):
        return "future"
    return governing_tense(span)


def find_times(doc: Doc, article_id: str, published: date | None) -> list[TimeRef]:
    """Every time expression of `doc`, normalised against the publication date `published`."""
    sentence_starts = [sentence.start_char for sentence in doc.sents]
    found: list[TimeRef] = []
    for start, end in candidate_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not _is_time_in_context(doc, span):
            continue
        normalised = normalise_timex(doc.text[start:end], published, _direction(doc, span))
        if normalised is None:
            continue
        kind, value, granularity = normalised
        found.append(
            TimeRef(
                span=TextSpan(article_id, start, end, doc.text[start:end]),
                type=kind,
                value=value,
                granularity=granularity,
                sentence=max(bisect_right(sentence_starts, start) - 1, 0),
            )
        )
    return anchor_year_back(found)


def anchor_year_back(refs: list[TimeRef]) -> list[TimeRef]:
    """ "a year ago" / "a year earlier" next to a quarter or month means that period a year back.

    "Profit rose in the third quarter from a year earlier": the anchor is the nearest earlier
    quarter or month in the same or the previous sentence.
    """
    resolved: list[TimeRef] = []
    for ref in refs:
        anchor = next(
            (
                earlier
                for earlier in reversed(resolved)
                if ref.sentence - earlier.sentence <= 1
                and earlier.granularity in ("quarter", "month")
                and earlier.value[:4].isdigit()
            ),
            None,
        )
        if anchor is not None and _YEAR_BACK.fullmatch(ref.span.text):
            ref = replace(
                ref,
                type="DATE",
                value=shift_years(anchor.value, -1),
                granularity=anchor.granularity,
            )
        resolved.append(ref)
    return resolved
