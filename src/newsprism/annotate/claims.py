"""Claims and their standing: one claim per statement, with who stands behind it.

The content of each quote is an `attributed` claim (unless its cue reports no one's words or
views: `Quote.cue_kind` "other"): `denied` when its cue denies ("denied
that", "rejected claims", "did not say"), `unverified` when the speaker withholds comment or
confirmation ("has not commented on", "did not confirm"), unless the cue is the reporter
hedging ("appears to show", "what is said to be"). Every other sentence is the reporter's:
`unverified` when the reporter says it could not be verified ("The video has not been
independently verified", "if the video is genuine, ..."), with `refers_to` pointing at what
is in doubt; `hedged` when the reporter hedges it ("reportedly", "appears to", "may have");
else `asserted`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as DocSpan

from newsprism.annotate.attribution.cues import is_denial, is_no_comment
from newsprism.annotate.hedges import Doubt, find_unverified, is_hedged, is_hedging_cue
from newsprism.model import Claim, Quote, Span


def find_claims(doc: Doc, article_id: str, quotes: Sequence[Quote]) -> list[Claim]:
    """Every statement of `doc` with its standing, in text order (ids c1, c2, ...)."""
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    quotes = [q for q in quotes if q.cue_kind != "other" and not _is_hedging(doc, q)]
    drafts = [claim for quote in quotes for claim in _attributed_claims(doc, quote, starts)]
    covered = _covered_ranges(quotes)
    for index, sentence in enumerate(sentences):
        if not any(t.is_alpha for t in sentence) or _overlaps(
            sentence.start_char, sentence.end_char, covered
        ):
            continue
        drafts.append(_reporter_claim(doc, article_id, sentences, index))
    drafts.sort(key=lambda c: (c.span.start, c.span.end))
    return [
        Claim(
            f"{article_id}:c{n}",
            c.span,
            c.status,
            c.sentence,
            c.source,
            c.source_name,
            c.cue,
            c.refers_to,
        )
        for n, c in enumerate(drafts, start=1)
    ]


def _attributed_claims(doc: Doc, quote: Quote, starts: Sequence[int]) -> list[Claim]:
    status = _standing(doc, quote)
    source = quote.speaker or quote.speaker_mention
    cue = None if quote.cue is None else quote.cue.text
    return [
        Claim(
            "",
            span,
            status,
            _sentence_of(starts, span.start),
            source,
            quote.speaker_name,
            cue,
            refers_to=span if status == "unverified" else None,  # the unconfirmed content
        )
        for span in quote.content
    ]


def _is_hedging(doc: Doc, quote: Quote) -> bool:
    """Whether the quote's cue is the reporter hedging, not someone speaking ("appears to")."""
    if quote.cue is None:
        return False
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return cue is not None and is_hedging_cue(cue)


def _standing(doc: Doc, quote: Quote) -> str:
    """`denied` when the cue denies, `unverified` when it withholds comment or confirmation
    ("has not commented on the authenticity of the video"), else `attributed`."""
    cue = None
    if quote.cue is not None:
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if cue is None:
        return "attributed"
    if any(is_denial(token) for token in cue):
        return "denied"
    return "unverified" if any(is_no_comment(token) for token in cue) else "attributed"


def _reporter_claim(doc: Doc, article_id: str, sentences: Sequence[DocSpan], index: int) -> Claim:
    sentence = sentences[index]
    doubt = find_unverified(sentence)
    if doubt is not None:
        span = _span(doc, article_id, doubt.start, doubt.end)
        return Claim(
            "",
            span,
            "unverified",
            index,
            refers_to=_doubted(doc, article_id, sentences, index, doubt),
        )
    status = "hedged" if is_hedged(sentence) else "asserted"
    return Claim("", _stripped(doc, article_id, sentence), status, index)


def _doubted(
    doc: Doc, article_id: str, sentences: Sequence[DocSpan], index: int, doubt: Doubt
) -> Span | None:
    """What the doubt is about: the earlier statement about the doubted thing, or the thing."""
    if doubt.refers_to is None:
        return None
    start, end = doubt.refers_to
    thing = doc[start:end]
    if thing.root.pos_ in {"NOUN", "PROPN"}:
        for earlier in reversed(sentences[:index]):
            if any(
                t.dep_ in {"nsubj", "nsubjpass"}
                and t.lemma_ == thing.root.lemma_
                and t.head.lemma_ != "be"
                for t in earlier
            ):
                return _stripped(doc, article_id, earlier)
    return _span(doc, article_id, start, end)


def _covered_ranges(quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    ranges = [(c.start, c.end) for q in quotes for c in q.content]
    ranges += [(q.cue.start, q.cue.end) for q in quotes if q.cue is not None]
    return ranges


def _overlaps(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _sentence_of(starts: Sequence[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _span(doc: Doc, article_id: str, start: int, end: int) -> Span:
    tokens = doc[start:end]
    return Span(article_id, tokens.start_char, tokens.end_char, tokens.text)


def _stripped(doc: Doc, article_id: str, sentence: DocSpan) -> Span:
    text = sentence.text
    lead = len(text) - len(text.lstrip())
    start = sentence.start_char + lead
    stripped = text.strip()
    return Span(article_id, start, start + len(stripped), stripped)
