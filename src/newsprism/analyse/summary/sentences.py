"""Which sentences of an article may enter a summary: whole, not captions or quotations, not
cut short, not opening on a pronoun for a person not yet named, and compressed (datelines,
weekdays, opening connectives dropped), each in every shortened form the selection may choose
among (with and without an apposition or a date)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsprism.analyse.summary.compress import compressions
from newsprism.analyse.summary.concepts import Concept, text_concepts
from newsprism.analyse.summary.filters import (
    CAPTION,
    after_opening_quote,
    continues_previous,
    cut_at_abbreviation,
    dateline_length,
    opens_inside_quotation,
    pronoun_before_person,
    skip_reason,
)
from newsprism.model import AnnotatedArticle, Sentence, Span

WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SummarySentence:
    """A usable sentence of the story: where it is, what it says, what it weighs."""

    span: Span
    text: str
    terms: tuple[str, ...]
    concepts: frozenset[Concept]
    article_rank: int
    published: date | None
    position: int
    sentence_index: int


def trimmed_sentence(article: AnnotatedArticle, sentence: Sentence) -> Span:
    """The sentence's span without a leading dateline ("PALMYRA - ")."""
    skip = dateline_length(sentence.span.text)
    start = sentence.span.start + skip
    return Span(
        sentence.span.article_id,
        start,
        sentence.span.end,
        article.article.text[start : sentence.span.end],
    )


def paragraph_bounds(text: str, span: Span) -> tuple[int, int]:
    """Start and end offsets of the line (paragraph) of `text` that holds `span`."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return start, len(text) if end < 0 else end


def in_caption_or_quotation(article: AnnotatedArticle, span: Span) -> bool:
    """True when `span` sits in a photo caption paragraph or inside an open quotation."""
    text = article.article.text
    start, end = paragraph_bounds(text, span)
    if is_caption(text, start, end):
        return True
    return opens_inside_quotation(text[start : span.start]) or after_opening_quote(text, span.start)


@lru_cache(maxsize=1024)
def is_caption(text: str, start: int, end: int) -> bool:
    """True when the paragraph `text[start:end]` is a photo caption (asked once per paragraph,
    not per sentence: a text without line breaks is one long paragraph)."""
    return CAPTION.search(text, start, end) is not None


def unnamed_text(article: AnnotatedArticle, span: Span) -> tuple[str, list[int]]:
    """`span`'s text with the names that are not persons (places, organisations) blanked out,
    and where in it the PERSON mentions start."""
    text = list(span.text)
    persons = []
    for mention in article.mentions:
        if not span.start <= mention.span.start < span.end:
            continue
        start, end = mention.span.start - span.start, min(mention.span.end, span.end) - span.start
        if mention.label == "PERSON":
            persons.append(start)
        else:
            text[start:end] = " " * (end - start)
    return "".join(text), persons


def cut_short(text: str, span: Span) -> bool:
    """True when the sentence at `span` stops mid-way ("following a trial,") and is not a
    heading (a line of its own)."""
    if not continues_previous(span.text):
        return False
    line_start, line_end = paragraph_bounds(text, span)
    whole_line = not text[line_start : span.start].strip() and not text[span.end : line_end].strip()
    return not whole_line


def continues(text: str, previous: Span, piece: str) -> bool:
    """True when the segmenter's `piece` of `text` belongs to the sentence at `previous`."""
    return (
        piece[0].islower() or cut_short(text, previous) or cut_at_abbreviation(previous.text, piece)
    )


def whole_sentences(article: AnnotatedArticle) -> list[Sentence]:
    """The article's sentences with the pieces the segmenter cut off put back: a piece that
    starts in lower case, follows a piece that does not end ("... a Category 5 monster _" +
    "the highest rating.") or follows an abbreviation it continues ("U.N." + "Secretary-General
    Kofi Annan said ...") joins the sentence before it."""
    joined: list[Sentence] = []
    text = article.article.text
    for sentence in article.sentences:
        piece = sentence.span.text.strip()
        if joined and piece and continues(text, joined[-1].span, piece):
            first = joined[-1]
            start, end = first.span.start, sentence.span.end
            joined[-1] = Sentence(
                span=Span(first.span.article_id, start, end, text[start:end]),
                index=first.index,
                terms=first.terms + tuple(t for t in sentence.terms if t not in first.terms),
            )
        else:
            joined.append(sentence)
    return joined


@lru_cache(maxsize=1 << 15)
def usable_forms(text: str) -> tuple[tuple[str, frozenset[Concept]], ...]:
    """The forms of a sentence's text a summary may show, each with its concepts; none when
    the sentence itself may not be shown (memoised: pure, and asked again each time a watched
    story grows)."""
    if not text or skip_reason(text) is not None:
        return ()
    # "But they say ..." shortened to "They say ..." is refused
    forms = [form for form in compressions(text) if skip_reason(form) is None]
    return tuple((form, text_concepts(form)) for form in forms)


def usable_sentences(article: AnnotatedArticle, article_rank: int) -> list[SummarySentence]:
    """The article's sentences that may appear in a summary, numbered by position among them,
    each in its shortened forms (`compressions`), which share the sentence's position."""
    usable: list[SummarySentence] = []
    position = 0
    for sentence in whole_sentences(article):
        span = trimmed_sentence(article, sentence)
        text = WHITESPACE.sub(" ", span.text).strip()
        forms = usable_forms(text)
        if not forms:
            continue
        if pronoun_before_person(*unnamed_text(article, span)):
            continue
        if in_caption_or_quotation(article, span):
            continue
        usable += [
            SummarySentence(
                span=span,
                text=form,
                terms=sentence.terms,
                concepts=concepts,
                article_rank=article_rank,
                published=article.article.published,
                position=position,
                sentence_index=sentence.index,
            )
            for form, concepts in forms
        ]
        position += 1
    return usable
