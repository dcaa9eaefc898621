"""Cue and speaker of a quoted passage that no parse frame took, found by position
('"...," he said', 'told Russia Today that "..."'), and the character offsets of a cue."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution.cue_model import cue_span, load_cue_model
from newsprism.annotate.attribution.cues import is_speech_verb
from newsprism.annotate.attribution.speakers import (
    Speaker,
    describe_speaker,
    phrase_span,
    subject_of,
)


def char_offsets(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of cue tokens `first:last`, without trailing blanks or commas."""
    while last - first > 1 and (doc[last - 1].is_space or doc[last - 1].text in {",", "("}):
        last -= 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text.rstrip())


def learned_cue_offsets(verb: Token, owner: Sequence[int | None]) -> tuple[int, int]:
    """The cue of a verb introducing a quote, as far as PolNeAR counts it ("said:",
    "said in a statement"), stopping at the quote and the speaker."""
    sentence = verb.sent
    blocked = {t.i for t in sentence if owner[t.i] is not None}
    subject = subject_of(verb)
    if subject is not None:
        blocked |= {t.i for t in subject.subtree}
    first, last = cue_span(load_cue_model(), verb, sorted(blocked))
    return char_offsets(verb.doc, first, last)


def cue_verb_in(tokens: Span, owner: Sequence[int | None], last: bool = False) -> Token | None:
    """The first (or last) speech verb of `tokens` outside quoted passages."""
    found = [t for t in tokens if owner[t.i] is None and is_speech_verb(t)]
    if not found:
        return None
    return found[-1] if last else found[0]


def speaker_of_verb(verb: Token, owner: Sequence[int | None]) -> Speaker | None:
    """The speaker named by the subject of `verb`, outside quoted passages."""
    subject = subject_of(verb)
    if subject is None or owner[subject.i] is not None:
        return None
    excluded = {t.i for t in verb.doc if owner[t.i] is not None} | {verb.i}
    return describe_speaker(phrase_span(subject, excluded))
