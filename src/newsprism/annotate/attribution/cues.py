"""Attribution cues: which verbs report what someone said, wrote, thinks or found.

Hand-written lexicons (no library lists reporting verbs with the dependency frames we need):
`SPEECH_LEMMAS` report speech and may introduce direct quotes; `THOUGHT_LEMMAS` (believe, show,
find ...) attribute content only through a clause ("polls show that ..."); `DENIAL_LEMMAS` mark
the content as denied; `NOUN_OBJECT_LEMMAS` also take a noun phrase as content
("denied the allegations", "announced his candidacy").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

SPEECH_LEMMAS = frozenset(
    """
    say tell add claim deny warn insist admit state explain note argue announce report write
    tweet post ask suggest declare acknowledge confirm reply respond answer recall stress
    emphasise emphasize point predict promise vow pledge concede contend maintain assert allege
    accuse complain comment observe remark reveal disclose indicate urge caution estimate boast
    joke quip shout yell scream testify proclaim affirm reiterate repeat counter retort charge
    mention recount whisper agree disagree dispute reject refute dismiss criticize
    criticise blame lament concur speculate explain hint signal advise instruct order demand
    threaten guarantee assure inform notify brag complain admit acknowledge muse conclude
    """.split()
)
THOUGHT_LEMMAS = frozenset(
    """
    believe think feel fear hope expect know show find suggest reckon worry doubt wonder
    understand learn agree consider estimate determine conclude guess imagine suspect predict
    anticipate assume recognize recognise realize realise acknowledge demonstrate indicate prove
    """.split()
)
# Attributions that are neither speech nor belief but still say whose view the content is
# ("Russian television has portrayed ...", "calls for", "wants", "according to").
VIEW_LEMMAS = frozenset(
    """
    portray describe depict call label dub characterise characterize cite quote accord want
    intend plan urge seek appear seem praise condemn denounce slam blast mock attack applaud
    thank apologize apologise defend endorse support back oppose champion advocate tout
    propose discuss talk speak express decline refuse question challenge echo imply remind
    highlight compare liken reference refer rail offer welcome hail insult lambast berate
    """.split()
)
QUOTE_PUNCTUATION = frozenset({":", "-", "--", "\u2013", "\u2014", "\u2015"})  # Name: "…"
DENIAL_LEMMAS = frozenset({"deny", "reject", "refute", "dispute", "dismiss", "contest"})
# Negated, these withhold a word rather than deny ("has not commented on the video").
NO_COMMENT_LEMMAS = frozenset({"comment", "confirm", "verify", "respond", "reply", "answer"})
NOUN_OBJECT_LEMMAS = frozenset(
    """
    deny reject refute dispute dismiss announce confirm predict promise pledge vow propose
    criticize criticise acknowledge admit reveal call describe praise endorse defend
    accuse blame mock condemn denounce oppose cite question welcome applaud thank ask
    recommend tout decry
    """.split()
)
INFINITIVE_LEMMAS = frozenset(
    {
        "claim",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "agree",
        "refuse",
        "decline",
        "offer",
        "deny",
        "want",
        "plan",
        "hope",
        "seek",
        "intend",
        "urge",
        "ask",
        "expect",
        "call",
    }
)
QUOTE_ONLY_LEMMAS = frozenset({"continue"})
CUE_LEMMAS = SPEECH_LEMMAS | INFINITIVE_LEMMAS | NOUN_OBJECT_LEMMAS | THOUGHT_LEMMAS
AUXILIARY_DEPS = frozenset({"aux", "auxpass", "neg"})


def is_cue_verb(token: Token) -> bool:
    """Whether `token` is a verb that can report what someone said or thinks."""
    return (
        token.pos_ in {"VERB", "AUX"}
        and token.lemma_.lower() in CUE_LEMMAS
        and token.dep_ != "amod"
    )


def is_speech_verb(token: Token) -> bool:
    """Whether `token` reports speech (and so may introduce a direct quote)."""
    lemma = token.lemma_.lower()
    return token.pos_ == "VERB" and (lemma in SPEECH_LEMMAS or lemma in QUOTE_ONLY_LEMMAS)


def is_according_to(token: Token) -> bool:
    """Whether `token` is the "according" of "according to X"."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.lower_ == "according" and nxt is not None and nxt.lower_ == "to"


def is_negated(token: Token) -> bool:
    """Whether the cue verb is negated ("did not say")."""
    return any(child.dep_ == "neg" for child in token.children)


def is_denial(token: Token) -> bool:
    """Whether the cue denies its content (a denial verb, or a negated speech verb)."""
    if token.lemma_.lower() in DENIAL_LEMMAS:
        return True
    return is_negated(token) and is_speech_verb(token) and not is_no_comment(token)


def is_no_comment(token: Token) -> bool:
    """Whether the cue withholds comment or confirmation ("has not commented on", "did not
    confirm"): its content is left unconfirmed, not denied."""
    return is_negated(token) and token.lemma_.lower() in NO_COMMENT_LEMMAS


def cue_kind(cue: Iterable[Token]) -> str:
    """What the cue reports: "speech" (said, told, denied), "thought" (believes, shows, knows),
    "view" (portrayed as, called for, according to), or "other": a word the learned cue model
    took as a cue that reports no one's words or views ("delivering a coup", "laid siege")."""
    lemmas = {t.lemma_.lower() for t in cue}
    if lemmas & SPEECH_LEMMAS or lemmas & QUOTE_PUNCTUATION:
        return "speech"
    if lemmas & THOUGHT_LEMMAS:
        return "thought"
    return "view" if lemmas & VIEW_LEMMAS else "other"
