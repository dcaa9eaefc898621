"""Whom a quote's speaker stands for: pronouns, relative pronouns and carried-over speakers
resolved in text order (a pronoun takes the previous person speaker, or the last PERSON named
before it; a surname maps to the full name given earlier), and roles remembered by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsprism.annotate.attribution.frames import Draft
from newsprism.annotate.attribution.speakers import Speaker, full_name, last_person_before
from newsprism.annotate.nlp import named_entities

RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
IMPERSONAL_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})


def resolve_speakers(doc: Doc, drafts: Sequence[Draft]) -> None:
    """Give pronoun, relative and carried-over speakers the name of whom they stand for."""
    resolved: list[Speaker] = []
    roles: dict[str, str] = {}
    for draft in drafts:
        speaker = draft.speaker
        if speaker is None:
            if draft.follows is not None:
                draft.carried = draft.follows.speaker or draft.follows.carried
            elif resolved and not _impersonal(doc, draft):
                draft.carried = resolved[-1]
            continue
        if speaker.is_pronoun:
            draft.speaker = _resolve_pronoun(doc, speaker, resolved)
        elif speaker.name.lower() in RELATIVE_PRONOUNS:
            draft.speaker = _resolve_relative(doc, speaker)
        if draft.speaker is not None:
            draft.speaker = _with_known_role(draft.speaker, roles)
            resolved.append(draft.speaker)


def _impersonal(doc: Doc, draft: Draft) -> bool:
    """Whether the cue's subject is an impersonal "it" ("nor is it known how ...", "it is said
    that ..."): the words are nobody's, and no earlier speaker carries over to them."""
    if draft.cue is None:
        return False
    cue = doc.char_span(*draft.cue, alignment_mode="expand")
    return cue is not None and any(
        child.lower_ == "it" and child.dep_ in IMPERSONAL_DEPS
        for token in cue
        for child in token.children
    )


def _resolve_pronoun(doc: Doc, pronoun: Speaker, resolved: Sequence[Speaker]) -> Speaker:
    word = pronoun.name.lower()
    if word in {"they", "we", "them"}:
        if resolved and not resolved[-1].is_person:
            return _as(pronoun, resolved[-1])
        return pronoun
    if resolved and resolved[-1].is_person:
        return _as(pronoun, resolved[-1])
    person = last_person_before(doc, pronoun.start)
    if person is None:
        return Speaker(pronoun.start, pronoun.end, "", None, None, False, True)
    name, mention = full_name(person)
    return Speaker(pronoun.start, pronoun.end, name, mention, None, True, True)


def _resolve_relative(doc: Doc, relative: Speaker) -> Speaker:
    token = doc.char_span(relative.start, relative.end, alignment_mode="expand")
    if token is None:
        return relative
    verb = token[0].head
    noun = verb.head if verb.dep_ == "relcl" else None
    if noun is None:
        return relative
    person = next(
        (e for e in named_entities(doc) if e.label_ == "PERSON" and e.start <= noun.i < e.end), None
    )
    if person is None:
        return Speaker(relative.start, relative.end, noun.text, None, None, False, False)
    name, mention = full_name(person)
    return Speaker(relative.start, relative.end, name, mention, None, True, False)


def _with_known_role(speaker: Speaker, roles: dict[str, str]) -> Speaker:
    """`speaker` with the role given to the same name earlier, remembering new roles."""
    if speaker.role is not None:
        roles.setdefault(speaker.name, speaker.role)
        return speaker
    role = roles.get(speaker.name)
    if role is None:
        return speaker
    return Speaker(
        speaker.start,
        speaker.end,
        speaker.name,
        speaker.mention,
        role,
        speaker.is_person,
        speaker.is_pronoun,
    )


def _as(pronoun: Speaker, antecedent: Speaker) -> Speaker:
    return Speaker(
        pronoun.start,
        pronoun.end,
        antecedent.name,
        antecedent.mention,
        antecedent.role,
        antecedent.is_person,
        True,
    )
