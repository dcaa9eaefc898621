"""Who is speaking: the source phrase of a cue verb, its name and its role.

Written by hand over spaCy's dependency parse and named entities (no library resolves speakers
of attributions): the source is the subject of the cue (climbing to the governing verb for
participles like "..., saying that ..."), the name is the PERSON entity in it, a surname is
mapped to the full name given earlier in the article, and the words around the name
("Kremlin spokesman", ", an expert on jihadist groups") are its role. Pronouns are resolved by
`newsprism.annotate.attribution.quote_speakers`, which knows the previous speakers.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution.cues import is_cue_verb
from newsprism.annotate.nlp import named_entities

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
EXPLETIVE_VERBS = frozenset({"appear", "seem"})  # "it appears that ...": a hedge, no source
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})
EDGE_TRIM = frozenset({"PUNCT", "CCONJ", "SPACE"})
ROLE_TRIM = frozenset({"of", "at", "from", "with", "for", ",", "-", "--", "—", "–", "(", ")"})


@dataclass(frozen=True)
class Speaker:
    """A source phrase and what it names (character offsets into the doc's text)."""

    start: int
    end: int
    name: str
    mention: tuple[int, int] | None
    role: str | None
    is_person: bool
    is_pronoun: bool


def subject_of(verb: Token) -> Token | None:
    """The subject of `verb`, or of the verb it hangs from when it has none ("..., saying",
    "went on to say"; "urged Republicans to vote": the object)."""
    own = _own_subject(verb)
    if own is not None:
        return own
    ancestors = [a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"}]
    if verb.dep_ == "xcomp" and verb.head.pos_ in {"VERB", "AUX"}:  # "went on to say"
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        return objects[0] if objects else _own_subject(verb.head)
    if verb.dep_ != "conj" and verb.tag_ != "VBG":
        return None  # only "..., saying that" and "X smiled and said" borrow a subject
    for ancestor in ancestors:
        if is_cue_verb(ancestor) and _own_subject(ancestor) is not None:
            return _own_subject(ancestor)
    for ancestor in ancestors:
        found = _own_subject(ancestor)
        if found is not None:
            return found
    return None


def _own_subject(verb: Token) -> Token | None:
    """The verb's subject; an expletive "it" ("it appears that ...") is nobody."""
    subjects = [
        c
        for c in verb.children
        if c.dep_ in SUBJECT_DEPS and not (c.lower_ == "it" and verb.lemma_ in EXPLETIVE_VERBS)
    ]
    if subjects:
        return subjects[0]
    if verb.dep_ == "relcl" and verb.head.pos_ in {"PROPN", "NOUN"}:
        relative = [c for c in verb.children if c.tag_ in {"WP", "WDT"}]
        return relative[0] if relative else None
    return None


def phrase_span(head: Token, excluded: set[int]) -> Span:
    """The text from the first to the last word headed by `head`, trimmed of edge punctuation
    and cut short where it would run into an `excluded` token."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    for i in range(head.i - 1, start - 1, -1):
        if i in excluded:
            start = i + 1
            break
    for i in range(head.i + 1, end):
        if i in excluded:
            end = i
            break
    while end - start > 1 and doc[end - 1].pos_ in EDGE_TRIM:
        end -= 1
    while end - start > 1 and doc[start].pos_ in EDGE_TRIM:
        start += 1
    return doc[start:end]


def describe_speaker(phrase: Span) -> Speaker:
    """Name, mention and role of the source `phrase` (a pronoun is left for the caller)."""
    person = _person_in(phrase)
    is_pronoun = len(phrase) == 1 and phrase[0].lower_ in PERSONAL_PRONOUNS
    if person is None:
        return Speaker(
            phrase.start_char,
            phrase.end_char,
            _name_without_clauses(phrase),
            None,
            None,
            False,
            is_pronoun,
        )
    name, mention = full_name(person)
    return Speaker(
        phrase.start_char, phrase.end_char, name, mention, _role_around(phrase, person), True, False
    )


def _person_in(phrase: Span) -> Span | None:
    """The PERSON entity in `phrase`, or a bare surname of a person named earlier ("Winter")."""
    doc = phrase.doc
    persons = [
        e
        for e in named_entities(doc)
        if e.label_ == "PERSON" and e.start >= phrase.start and e.end <= phrase.end
    ]
    if persons:
        return persons[0]
    names = [t for t in phrase if t.is_title and t.is_alpha]
    if len(names) != 1 or len(phrase) > 3:
        return None
    surname = names[0]
    known = any(
        e.label_ == "PERSON" and len(e) > 1 and e[-1].text == surname.text and e.end <= surname.i
        for e in named_entities(doc)
    )
    return doc[surname.i : surname.i + 1] if known else None


def full_name(person: Span) -> tuple[str, tuple[int, int]]:
    """The fullest earlier form of a PERSON name ("Winter" -> "Charlie Winter") and its offsets."""
    surname = person[-1].text
    for earlier in named_entities(person.doc):
        if earlier.start >= person.start:
            break
        if (
            earlier.label_ == "PERSON"
            and len(earlier) > len(person)
            and earlier[-1].text == surname
        ):
            return earlier.text, (earlier.start_char, earlier.end_char)
    return person.text, (person.start_char, person.end_char)


def last_person_before(doc: Doc, position: int) -> Span | None:
    """The last PERSON entity ending before character `position`."""
    found = None
    for ent in named_entities(doc):
        if ent.end_char > position:
            break
        if ent.label_ == "PERSON":
            found = ent
    return found


def _role_around(phrase: Span, person: Span) -> str | None:
    before = _trim_role(phrase.doc[phrase.start : person.start])
    after = _trim_role(phrase.doc[person.end : phrase.end])
    parts = [p for p in (before, after) if p]
    return ", ".join(parts) if parts else None


def _trim_role(tokens: Span) -> str:
    words = list(tokens)
    while words and (words[0].lower_ in ROLE_TRIM or words[0].pos_ in EDGE_TRIM):
        words = words[1:]
    while words and (
        words[-1].lower_ in ROLE_TRIM or words[-1].pos_ in EDGE_TRIM or words[-1].dep_ == "case"
    ):
        words = words[:-1]
    if not words or all(w.pos_ == "DET" for w in words):
        return ""
    return tokens.doc[words[0].i : words[-1].i + 1].text


def _name_without_clauses(phrase: Span) -> str:
    """The source phrase without a relative clause or appositive ("experts, who ...")."""
    end = phrase.end
    for token in phrase:
        if (
            token.i > phrase.start
            and token.dep_ in {"relcl", "appos", "acl"}
            and token.head.i < token.i
        ):
            end = min(end, token.left_edge.i)
    while end - phrase.start > 1 and phrase.doc[end - 1].pos_ in EDGE_TRIM:
        end -= 1
    return phrase.doc[phrase.start : end].text
