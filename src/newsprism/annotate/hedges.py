"""Markers of a reporter's doubt in a sentence: unverified material and hedged statements.

Written by hand over spaCy's parse (no library marks these). Unverified: a negated or
impossible verification ("has not been independently verified", "could not be confirmed",
"unverified"), or a condition on authenticity ("if the video is genuine, ..."). Hedged:
"reportedly", "allegedly", "apparently", "appears to", "may have", "what is said to be",
"unconfirmed reports", "is believed to".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

VERIFY_LEMMAS = frozenset({"verify", "confirm", "authenticate", "corroborate"})
INABILITY_WORDS = frozenset({"unable", "impossible", "cannot", "can't", "not"})
UNVERIFIED_WORDS = frozenset({"unverified", "unauthenticated", "uncorroborated"})
AUTHENTIC_WORDS = frozenset(
    {
        "genuine",
        "authentic",
        "true",
        "real",
        "accurate",
        "correct",
        "verified",
        "confirmed",
        "authenticated",
    }
)
HEDGE_WORDS = frozenset(
    {
        "reportedly",
        "allegedly",
        "apparently",
        "purportedly",
        "supposedly",
        "ostensibly",
        "unconfirmed",
        "rumoured",
        "rumored",
        "alleged",
        "purported",
    }
)
APPEARANCE_LEMMAS = frozenset({"appear", "seem"})
HEARSAY_PASSIVE_LEMMAS = frozenset(
    {"say", "believe", "think", "understand", "allege", "report", "rumour", "rumor", "claim"}
)
PAST_MODALS = frozenset({"may", "might", "could"})


@dataclass(frozen=True)
class Doubt:
    """Where a sentence voices doubt: the statement's token range and what it doubts."""

    start: int
    end: int
    refers_to: tuple[int, int] | None = None


def find_unverified(sentence: Span) -> Doubt | None:
    """The unverified statement in `sentence`, with the token range it casts doubt on."""
    for token in sentence:
        if (
            token.lemma_.lower() in VERIFY_LEMMAS
            and token.pos_ == "VERB"
            and _is_denied_verification(token)
        ):
            start, end = _clause_without_conjuncts(token)
            subject = next((c for c in token.children if c.dep_ in {"nsubjpass", "nsubj"}), None)
            refers = None if subject is None else (subject.left_edge.i, subject.right_edge.i + 1)
            return Doubt(start, end, refers)
        if token.lower_ in UNVERIFIED_WORDS:
            return Doubt(*_trimmed(sentence.start, sentence.end, sentence.doc))
        if token.lower_ == "if" and token.dep_ == "mark" and _is_authenticity_condition(token.head):
            main = token.head.head
            main_start = min(
                (t.i for t in main.subtree if t.i > token.head.right_edge.i), default=main.i
            )
            main_start, main_end = _trimmed(main_start, main.right_edge.i + 1, sentence.doc)
            return Doubt(token.i, main_end, (main_start, main_end))
    return None


def is_hedged(sentence: Span) -> bool:
    """Whether the reporter hedges `sentence` ("reportedly", "appears to", "may have" ...)."""
    return any(_is_hedge(token) for token in sentence)


def is_hedging_cue(cue: Span) -> bool:
    """Whether an attribution cue is the reporter hedging ("appears to show", "it seems that",
    "what is said to be"): its content stays the reporter's own, hedged, claim."""
    return any(_is_hedge(token) for token in cue)


def _is_hedge(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.lower_ in HEDGE_WORDS:
        return True
    if lemma in APPEARANCE_LEMMAS and any(c.dep_ in {"xcomp", "ccomp"} for c in token.children):
        return True
    if lemma in HEARSAY_PASSIVE_LEMMAS and any(c.dep_ == "auxpass" for c in token.children):
        return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)
    if lemma in PAST_MODALS and token.tag_ == "MD":
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        after = token.doc[token.i + 2] if token.i + 2 < len(token.doc) else None
        return (
            nxt is not None
            and nxt.lower_ == "have"
            or (
                after is not None
                and nxt is not None
                and nxt.dep_ == "advmod"
                and after.lower_ == "have"
            )
        )
    return False


def _is_denied_verification(verb: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"cannot", "can't"} for c in verb.children):
        return True
    governor = verb.head
    return verb.dep_ == "xcomp" and (
        governor.lower_ in INABILITY_WORDS or any(c.dep_ == "neg" for c in governor.children)
    )


def _is_authenticity_condition(verb: Token) -> bool:
    words = {verb.lower_} | {c.lower_ for c in verb.children if c.dep_ in {"acomp", "attr"}}
    return bool(words & AUTHENTIC_WORDS) and verb.dep_ == "advcl"


def _clause_without_conjuncts(verb: Token) -> tuple[int, int]:
    """Token range of `verb`'s clause up to its first coordinated clause."""
    stop = min(
        (c.i for c in verb.children if c.dep_ in {"cc", "conj"} and c.i > verb.i),
        default=verb.right_edge.i + 1,
    )
    return _trimmed(verb.left_edge.i, stop, verb.doc)


def _trimmed(start: int, end: int, doc: Doc) -> tuple[int, int]:
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end
