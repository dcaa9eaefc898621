"""Attributions set by the page layout rather than by a verb: the source and its content on
one line, joined by a colon or a dash.

Written by hand (PolNeAR marks the colon or the dash as the cue, measured on polnear/train):
- "WALLACE: ..." (a transcript line: a capitalised name, a colon, what was said);
- "Pence: Gennifer Flowers Won't Be at Debate" (a headline: who, a colon, what they said; the
  first line of the article, where a single surname or "Poll" is enough);
- '"...." ― Sonya Herridge' or "... — Paul Ryan (@SpeakerRyan) July 5, 2016" (a signed
  quote or tweet: what was said, a dash, the name);
- "Caddell continued:" closing a paragraph: the next paragraph is what was said (the cue
  keeps its colon).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from newsprism.annotate.attribution.cues import is_speech_verb
from newsprism.annotate.attribution.quote_marks import QuotedPassage
from newsprism.annotate.attribution.speakers import (
    Speaker,
    describe_speaker,
    phrase_span,
    subject_of,
)
from newsprism.annotate.nlp import named_entities

NAME = r"[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,4}"
TRANSCRIPT_LINE = re.compile(rf"^[ \t\"“]*({NAME}):[ \t]+(\S[^\n]*)", re.M)
BLANK = r"[ \t\u00a0]*"
SIGNATURE = re.compile(rf"{BLANK}([―—–]|--?){BLANK}({NAME})(?={BLANK}(?:\(|$|\.$))", re.M)
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
SOURCE_NOUNS = frozenset({"poll", "survey", "study", "report", "newspaper", "sources", "analysis"})
CONTENT_EDGE_PUNCT = ",;:-—–"
INTRODUCTION = re.compile(r"\S:[ \t\u00a0]*\n\s*(\S[^\n]*)")
INITIALISM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
QUOTE_MARKS = "\"'“”‘’«»"


def layout_drafts(
    doc: Doc, text: str, passages: Sequence[QuotedPassage]
) -> Iterator[tuple[tuple[int, int], tuple[int, int], Speaker]]:
    """(content, cue, speaker) of each transcript line, headline, signed quote and paragraph
    introduced by "X added:"."""
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    for match in TRANSCRIPT_LINE.finditer(text):
        source = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        in_title = match.start() < title_end
        if source is None or any(p.start < match.start() < p.end for p in passages):
            continue
        if not _names_a_source(source, in_title):
            continue
        content = trim_content(text, match.start(2), match.end(2))
        if content[1] > content[0]:
            yield content, (match.end(1), match.end(1) + 1), describe_speaker(source)
    for match in SIGNATURE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        content = trim_content(text, line_start, match.start())
        if content[1] <= content[0]:  # the name on a line of its own: the quote is the line above
            above_end = len(text[:line_start].rstrip())
            content = trim_content(text, text.rfind("\n", 0, above_end) + 1, above_end)
        name_end = match.end(2) - match.group(2).endswith(".")
        source = doc.char_span(match.start(2), name_end, alignment_mode="expand")
        if source is None or content[1] - content[0] < 2 or not _is_name(source):
            continue
        quoted = text[content[0]] in QUOTE_MARKS
        if not quoted and (content[0] < line_start or match.group(1) == "-" or len(source) < 2):
            continue  # an unquoted line signed with a dash: a tweet signed with a full name
        yield content, (match.start(1), match.end(1)), describe_speaker(source)
    yield from _introduced_paragraphs(doc, text)


def _introduced_paragraphs(
    doc: Doc, text: str
) -> Iterator[tuple[tuple[int, int], tuple[int, int], Speaker]]:
    """ "Limbaugh added:" ending a paragraph, and the paragraph after it."""
    for match in INTRODUCTION.finditer(text):
        colon = match.start() + 1
        before = doc.char_span(text.rfind("\n", 0, colon) + 1, colon, alignment_mode="contract")
        if before is None or not len(before) or not is_speech_verb(before[-1]):
            continue
        verb = before[-1]
        subject = subject_of(verb)
        content = trim_content(text, match.start(1), match.end(1))
        if subject is None or subject.i > verb.i or content[1] <= content[0]:
            continue
        source = describe_speaker(phrase_span(subject, {verb.i}))
        yield content, (verb.idx, colon + 1), source


def _names_a_source(source: Span, in_title: bool) -> bool:
    """Whether the words before a line's colon name who speaks: a name or an all-capitals
    speaker label in a transcript; in a headline also "Poll" or a name the article gives
    ("Pence", tagged as a common noun in a title-case headline)."""
    if any(t.ent_type_ in NAMED_LABELS for t in source):
        return not in_title or source[0].lower_ != "the"
    if not in_title:
        return source.text.isupper()
    if source.text.isupper() or len(source) > 3 or not all(t.is_title for t in source):
        return False
    last = source[-1]
    return last.lemma_.lower() in SOURCE_NOUNS or any(
        e.label_ in NAMED_LABELS and last.text in e.text.split() for e in named_entities(source.doc)
    )


def _is_name(source: Span) -> bool:
    return all(t.pos_ == "PROPN" or t.is_punct for t in source) and not source.text.isupper()


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """`start:end` without blanks, edge punctuation and a final full stop (an ellipsis and the
    full stop of an initialism, "the U.S.", stay)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in CONTENT_EDGE_PUNCT + "."):
        if text[end - 1] == "." and (
            (end - start > 1 and text[end - 2] == ".") or INITIALISM.search(text, start, end)
        ):
            break
        end -= 1
    while start < end and (text[start].isspace() or text[start] in CONTENT_EDGE_PUNCT):
        start += 1
    return start, end
