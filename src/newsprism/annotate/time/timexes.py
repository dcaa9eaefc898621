"""Find time expressions in a parsed article and normalise them against its publication date.

`find_times(doc, article_id, published)` returns every TIMEX3-style expression (DATE, TIME,
DURATION, SET) with its exact character span, TIMEX3 value, granularity and sentence index.

How: candidate extents come from the regular expressions of `rules` over `doc.text`
(spaCy's DATE/TIME entities are used only to accept ambiguous words such as "May"); the
parse then vetoes candidates that are not times ("May" the modal, "fall" the verb, "2000
people"), and the tense of the governing verb (token morphology, "will") tells which way
weekday, month and season names point. Values come from `values.normalise_timex`:
dateparser reads absolute dates; the relative resolution is hand-written (see there).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.nlp import named_entities, text_of
from newsprism.annotate.time.context import resolve_in_context
from newsprism.annotate.time.rules import SEASONS, WEEKDAYS, candidate_spans
from newsprism.annotate.time.values import normalise_timex
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
_UNIT_PLURALS = {"days", "weeks", "months", "years"}  # "for days a week": not a rate
_BARE_REFS = {"past", "present", "future", "the past", "the present", "the future"}
# Heads under which a "to" infinitive looks ahead, and verbs of planning and scheduling.
_INTENTION = {
    "plan", "want", "intend", "expect", "hope", "aim", "seek", "agree", "decide", "promise",
    "vow", "pledge", "threaten", "prepare", "propose", "schedule", "set", "due", "likely",
    "go", "try", "need", "wish", "ready", "able", "scheduled", "slate", "poise", "poised",
    "agreement", "proposal", "offer", "bid", "decision", "commitment", "intention",
}  # fmt: skip
_CLIMB = "climb"  # an infinitive that takes the tense of the verb above it
_SCHEDULING = {"plan", "schedule", "slate", "expect", "set"}
# Words before a date that say which way it points.
_LOOKS_BACK = {"since"}
_UNTIL = {"until", "till"}  # ahead, unless in the past perfect ("until Friday, they had not")
_LOOKS_AHEAD = {"payable", "effective", "due", "expires", "expiring"}


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
    """The tense of the nearest finite verb above `span` in the parse, None if there is none.

    A "to" infinitive looks ahead only under a verb or adjective of intention ("plans to
    meet on Friday", "due to expire"); a purpose or complement infinitive ("staged
    celebrations to mark the entry into NATO on Friday") takes the tense of the verb above.
    Plans and schedules in the past ("planned a rally on Saturday", "has scheduled a news
    conference Thursday") point to the nearest such day, as do intentions in the past;
    a past perfect ("had been due to expire Friday") stays in the past.
    """
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            tense = verb_tense(token)
            if tense == "future" and _is_infinitive(token):
                tense = _infinitive_tense(token)
                if tense != _CLIMB:
                    return tense
            elif tense in ("past", "present") and token.lemma_ in _SCHEDULING:
                return "past" if _is_past_perfect(token) else None
            elif tense is not None:
                return tense
        if token.head is token:
            return None
        token = token.head
    return None


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) and not any(
        c.lower_ in _FUTURE_AUX or c.tag_ == "MD" for c in verb.children
    )


def _is_past_perfect(verb: Token) -> bool:
    return any(c.lower_ in ("had", "'d") for c in verb.children if c.dep_ == "aux")


def _infinitive_tense(verb: Token) -> str | None:
    """Tense of a "to" infinitive: ahead under an intention, else that of the verb above."""
    head = verb.head
    if head is verb or head.lemma_ not in _INTENTION:
        return _CLIMB
    head_tense = verb_tense(head) if head.pos_ in ("VERB", "AUX") else None
    if head.pos_ == "ADJ":
        governor = next((c for c in head.children if c.dep_ in ("aux", "auxpass")), head.head)
        head_tense = verb_tense(governor) if governor.pos_ in ("VERB", "AUX") else None
        if governor.pos_ in ("VERB", "AUX") and _is_past_perfect(governor):
            return "past"
    if _is_past_perfect(head):
        return "past"
    return None if head_tense == "past" else "future"


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
    if text == "current":
        return span[0].dep_ == "amod" and span[0].head.pos_ == "NOUN"
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
    for entity in named_entities(doc):
        if entity.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"):
            continue
        overlaps = entity.start < span.end and span.start < entity.end
        if overlaps and (entity.start < span.start or entity.end > span.end):
            return True
    return False


def _is_a_year_to_a_date(doc: Doc, span: Span) -> bool:
    """ "the (fiscal) year ended March 31": twelve months to that date, not a calendar year."""
    following = doc[span.end].lower_ if span.end < len(doc) else ""
    return (
        span[-1].lower_ == "year"
        and span[0].lower_ in ("the", "fiscal", "year")
        and following in ("ended", "ending", "to")
    )


def _modifies_a_noun_after(doc: Doc, span: Span) -> bool:
    """ "the" before a hyphenated time that modifies a noun ("the third-quarter results", "the
    30-day period") is the determiner of that noun, not part of the time expression."""
    if len(span) < 2 or span[0].lower_ != "the" or "-" not in span.text:
        return False
    last = span[-1]
    return last.dep_ in ("amod", "compound", "nmod", "nummod") and last.head.i >= span.end


def _is_a_rate(doc: Doc, span: Span) -> bool:
    """ "$33 million a year", "four flights a week": an amount per unit of time is a SET."""
    if len(span) != 2 or span[0].lower_ not in ("a", "an", "per") or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.tag_ in ("CD", "NNS") and before.lower_ not in _UNIT_PLURALS


def _direction(doc: Doc, span: Span) -> str | None:
    """Tense of the governing verb, unless the words around the date say which way it points.

    "until spring" (unless in the past perfect) and "payable Dec. 7" look ahead and "since
    Jan. 13" looks back whatever the verb's tense; a weekday in the possessive ("Wednesday's
    ruling") names a day that has been.
    """
    previous = _previous_word(doc, span)
    before_previous = doc[span.start - 2].lower_ if span.start > 1 else ""
    if previous in _UNTIL:
        in_past_perfect = any(t.lower_ in ("had", "'d") and t.dep_ == "aux" for t in span.sent)
        return "past" if in_past_perfect else "future"
    if previous in _LOOKS_AHEAD or (before_previous, previous) == ("ahead", "of"):
        return "future"
    if previous in _LOOKS_BACK:
        return "past"
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.tag_ == "POS" and span[-1].lower_ in WEEKDAYS:
        return "past"
    return governing_tense(span)


def find_times(doc: Doc, article_id: str, published: date | None) -> list[TimeRef]:
    """Every time expression of `doc`, normalised against the publication date `published`."""
    sentence_starts = [sentence.start_char for sentence in doc.sents]
    text = text_of(doc)
    found: list[TimeRef] = []
    for start, end in candidate_spans(text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not _is_time_in_context(doc, span):
            continue
        if _modifies_a_noun_after(doc, span):
            start, span = span[1].idx, span[1:]
        normalised = normalise_timex(text[start:end], published, _direction(doc, span))
        if normalised is None:
            continue
        kind, value, granularity = normalised
        if _is_a_year_to_a_date(doc, span):
            kind, value, granularity = "DURATION", "P1Y", "duration"
        if kind == "DURATION" and _is_a_rate(doc, span):
            kind, granularity = "SET", "set"
        found.append(
            TimeRef(
                span=TextSpan(article_id, start, end, text[start:end]),
                type=kind,
                value=value,
                granularity=granularity,
                sentence=max(bisect_right(sentence_starts, start) - 1, 0),
            )
        )
    return resolve_in_context(found, published)
