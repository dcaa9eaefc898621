"""Attributions read off the dependency parse: a cue verb, its subject and its clause.

Written by hand over spaCy's parse (textacy's `direct_quotations` only pairs quote marks with
a nearby verb, and nothing in spaCy finds reported speech). Frames handled:
- "Peskov added that jihadists ... had been flooding into Syria" (content = ccomp);
- "IS seized the city, a monitoring group said" (the clause before the cue is its ccomp);
- "claiming to have ..." (xcomp of a speech verb; the subject is the governing cue's);
- "denied the allegations" (noun object of a denial or announcement verb);
- "..., according to the ministry" (content = the clause the phrase modifies);
- "WALLACE: ..." (a transcript line).
Quoted passages that the content overlaps make the attribution direct or mixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution_model import CueModel, cue_span, load_cue_model
from newsprism.annotate.cues import (
    AUXILIARY_DEPS,
    INFINITIVE_LEMMAS,
    NOUN_OBJECT_LEMMAS,
    is_according_to,
    is_cue_verb,
    is_speech_verb,
)
from newsprism.annotate.quote_marks import QuotedPassage
from newsprism.annotate.speakers import Speaker, describe_speaker, phrase_span, subject_of

TRANSCRIPT_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,4}):[ \t]+(\S[^\n]*)", re.M
)
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
CLAUSE_DEPS = ("ccomp",)
REVERSED_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj"})
CONTENT_EDGE_PUNCT = ",;:-—–"
MAX_WORDS_TO_THAT = 12
TRAILING_CLAUSE_DEPS = frozenset({"ccomp", "advcl"})
OBJECT_PREDICATE_PREPOSITIONS = frozenset({"as", "of", "for"})
LEARNED_PREPOSITIONS = frozenset({"for", "about", "of", "on", "to", "against", "with", "at"})


@dataclass
class Draft:
    """An attribution being assembled; offsets are characters of the doc's text."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    speaker: Speaker | None
    cue_lemma: str = ""
    passages: list[int] = field(default_factory=list)
    quoted_only: bool = False
    carried: Speaker | None = None
    follows: Draft | None = None  # the quote whose speaker a bare quote paragraph carries over

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def token_passages(doc: Doc, passages: Sequence[QuotedPassage]) -> list[int | None]:
    """For each token of `doc`, the index of the quoted passage it lies in, or None."""
    owner: list[int | None] = [None] * len(doc)
    index = 0
    for token in doc:
        while index < len(passages) and passages[index].end <= token.idx:
            index += 1
        if index < len(passages) and passages[index].start <= token.idx:
            owner[token.i] = index
    return owner


def drafts_from_parse(
    doc: Doc, passages: Sequence[QuotedPassage], owner: Sequence[int | None]
) -> Iterator[Draft]:
    """Attributions found through cue verbs, "according to" and transcript lines."""
    text = doc.text  # spaCy rebuilds Doc.text on each access
    yield from _transcript_drafts(doc, text, passages)
    model = load_cue_model()
    cues = {t.i for t in doc if model.is_cue(t, owner[t.i] is not None) and not is_according_to(t)}
    for token in doc:
        if is_according_to(token) and owner[token.i] is None:
            draft = _according_to_draft(token, owner, text)
        elif token.i in cues:
            draft = _cue_verb_draft(token, owner, text, model, cues)
        else:
            continue
        if draft is not None:
            yield _with_passages(draft, text, passages)


def _cue_verb_draft(
    verb: Token, owner: Sequence[int | None], text: str, model: CueModel, cues: set[int]
) -> Draft | None:
    content_head, excluded = _content_of(verb, owner, text)
    if content_head is None:
        return None
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    subject = _agent_of(verb) if passive else subject_of(verb)
    if subject is None and verb.pos_ == "NOUN":
        subject = next((c for c in verb.children if c.dep_ == "poss"), None)
    excluded |= {verb.i}
    speaker = None
    if subject is not None:
        source = phrase_span(subject, excluded | {t.i for t in content_head.subtree})
        source = _with_closing_punct(source)
        speaker = describe_speaker(source)
        excluded |= set(range(source.start, source.end))
    excluded |= _other_attributions(content_head, cues)
    content = phrase_span(content_head, excluded)
    trailing = {"ccomp"} | ({"oprd", "xcomp", "ccomp"} if content_head.dep_ == "dobj" else set())
    content_end = max(
        [content.end_char]
        + [
            c.right_edge.idx + len(c.right_edge)
            for c in verb.children
            if c.i > content_head.i > verb.i
            and c.i not in cues
            and (
                c.dep_ in trailing
                or (content_head.dep_ == "dobj" and c.lower_ in OBJECT_PREDICATE_PREPOSITIONS)
            )
        ]
    )
    low, high = paragraph_bounds(text, verb.idx)
    if not any(owner[t.i] is not None for t in content):
        high = min(high, content_head.sent.end_char)
    start, end = _trim_content(text, max(low, content.start_char), min(high, content_end))
    if end <= start:
        return None
    blocked = set(excluded) - {verb.i} | {t.i for t in content_head.subtree}
    first, last = cue_span(model, verb, sorted(blocked))
    governor = content_head.head
    if governor.dep_ == "xcomp" and governor.head.i == verb.i and governor.i >= last:
        last = governor.i + 1
    cue = (verb.doc[first].idx, verb.doc[last - 1].idx + len(verb.doc[last - 1]))
    return Draft([(start, end)], cue, speaker, verb.lemma_.lower())


def _other_attributions(content_head: Token, cues: set[int]) -> set[int]:
    """Tokens of attributions of their own that hang off the content ("..., saying ...")."""
    found: set[int] = set()
    for token in content_head.subtree:
        if token.i in cues and token.i != content_head.i and token.dep_ in {"advcl", "conj"}:
            start = token.left_edge.i
            while start > content_head.i and token.doc[start - 1].dep_ in {"punct", "cc"}:
                start -= 1
            found |= set(range(start, token.right_edge.i + 1))
    return found


def _with_closing_punct(source: Span) -> Span:
    """PolNeAR's source keeps the comma closing an appositive ("X, an expert,") and a
    closing bracket ("Sen. Mitch McConnell (R-Ky.)")."""
    doc = source.doc
    end = source.end
    if end < len(doc):
        after = doc[end]
        opened = sum(t.text == "(" for t in source) > sum(t.text == ")" for t in source)
        if after.text == ")" and opened:
            end += 1
            after = doc[end] if end < len(doc) else after
        if after.text in {",", "—", "–", "-"} and any(t.text == after.text for t in source):
            end += 1
    return doc[source.start : end]


def _agent_of(verb: Token) -> Token | None:
    """The doer of a passive cue ("was first reported by the Post")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _content_of(
    verb: Token, owner: Sequence[int | None], text: str
) -> tuple[Token | None, set[int]]:
    """The head of what `verb` attributes, and tokens that are not part of it."""
    low, high = paragraph_bounds(text, verb.idx)
    children = [c for c in verb.children if low <= c.idx < high]
    clauses = [c for c in children if c.dep_ in CLAUSE_DEPS]
    quoted = [c for c in clauses if any(owner[t.i] is not None for t in c.subtree)]
    if quoted or clauses:
        return (quoted or clauses)[0], set()
    found = _learned_content(verb, children, recipients=is_speech_verb(verb))
    if found is not None:
        return found, set()
    speech = is_speech_verb(verb)
    for child in children:
        if (
            child.dep_ == "xcomp"
            and verb.lemma_.lower() in INFINITIVE_LEMMAS
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
        ):
            return child, set()
        if child.dep_ == "dobj" and (
            verb.lemma_.lower() in NOUN_OBJECT_LEMMAS or (speech and owner[child.i] is not None)
        ):
            return child, set()
    complementiser = _stray_that_clause(verb)
    if complementiser is not None:
        return complementiser, set()
    head = verb.head
    if (
        speech
        and verb.dep_ in REVERSED_DEPS
        and head.i < verb.i
        and head.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in children)
        and not any(c.dep_ in {"dobj", "xcomp"} for c in children)
    ):
        return head, {t.i for t in verb.subtree}
    return None, set()


def _learned_content(verb: Token, children: Sequence[Token], recipients: bool) -> Token | None:
    """What a learned cue attributes: its object, infinitive or prepositional object (not
    the person a speech verb addresses: "told Fox News", "told him")."""
    for deps in (("dobj",), ("xcomp",), ("prep",), ("attr", "acomp", "oprd")):
        for child in children:
            if child.dep_ not in deps or child.i < verb.i:
                continue
            if recipients and child.dep_ == "dobj" and child.pos_ in {"PROPN", "PRON"}:
                continue
            if child.dep_ == "xcomp":  # "went on to say that ...": the cue runs to "say"
                inner = [c for c in child.children if c.dep_ in {"ccomp", "dobj"} and c.i > child.i]
                return inner[0] if inner and is_cue_verb(child) else child
            if child.dep_ != "prep":
                return child
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects and child.lower_ in LEARNED_PREPOSITIONS:
                return objects[0]
    return None


def _stray_that_clause(verb: Token) -> Token | None:
    """A "that" clause after `verb` the parser hung elsewhere ("told a hall in X that he ...")."""
    for token in verb.doc[verb.i + 1 : verb.i + MAX_WORDS_TO_THAT]:
        if token.is_sent_start:
            break
        if token.lower_ == "that" and token.head.pos_ in {"VERB", "AUX"} and token.head.i > token.i:
            return token.head
    return None


def _according_to_draft(according: Token, owner: Sequence[int | None], text: str) -> Draft | None:
    doc = according.doc
    to = doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in according.children if c.dep_ == "pobj"
    ]
    if not objects:
        return None
    phrase_head = according if according.head.i != according.i else to
    excluded = {t.i for t in phrase_head.subtree} | {according.i, to.i}
    clause = according.head
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.i in excluded:
        return None
    source = phrase_span(objects[0], {according.i, to.i} | {clause.i})
    comma = next((t.i for t in source if t.text == "," and t.i > objects[0].i), None)
    if according.i < clause.i and comma is not None:  # "According to X, one feature is ..."
        source = doc[source.start : comma]
        excluded = (excluded - set(range(comma, clause.i))) | {comma}
    content = phrase_span(clause, excluded)
    start, end = _trim_content(text, content.start_char, content.end_char)
    if end <= start:
        return None
    return Draft(
        [(start, end)], (according.idx, to.idx + len(to)), describe_speaker(source), "according to"
    )


def _transcript_drafts(doc: Doc, text: str, passages: Sequence[QuotedPassage]) -> Iterator[Draft]:
    for match in TRANSCRIPT_LINE.finditer(text):
        source = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if source is None or any(p.start <= match.start(1) < p.end for p in passages):
            continue
        if not source.text.isupper() and not any(t.ent_type_ in NAMED_LABELS for t in source):
            continue
        start, end = _trim_content(text, match.start(2), match.end(2))
        speaker = describe_speaker(source)
        yield Draft([(start, end)], (match.end(1), match.end(1) + 1), speaker, ":")


def _with_passages(draft: Draft, text: str, passages: Sequence[QuotedPassage]) -> Draft:
    """Mark the passages the content overlaps; a content that is only quotes becomes direct."""
    start, end = draft.content[0]
    hit = [i for i, p in enumerate(passages) if p.start < end and p.end > start]
    if not hit:
        return draft
    first, last = passages[hit[0]], passages[hit[-1]]
    text = _without_attribution(text, draft)
    outside = text[start : first.start] + text[last.end : end]
    between = "".join(
        text[passages[a].end : passages[b].start] for a, b in zip(hit, hit[1:], strict=False)
    )
    draft.passages = hit
    if is_filler(outside) and is_filler(between):
        draft.content = [(passages[i].start, passages[i].end) for i in hit]
        draft.quoted_only = True
    else:
        draft.content = [(min(start, first.start), max(end, last.end))]
    return draft


def _without_attribution(text: str, draft: Draft) -> str:
    """`text` with the draft's cue and source blanked out."""
    for part in (
        draft.cue,
        None if draft.speaker is None else (draft.speaker.start, draft.speaker.end),
    ):
        if part is not None:
            text = text[: part[0]] + " " * (part[1] - part[0]) + text[part[1] :]
    return text


def is_filler(text: str) -> bool:
    """Whether `text` holds nothing but punctuation, blanks or a complementiser."""
    words = re.sub(r"[^\w]+", " ", text).split()
    return all(w.lower() in {"that", "and"} for w in words)


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph (line) holding `position`."""
    end = text.find("\n", position)
    return text.rfind("\n", 0, position) + 1, len(text) if end < 0 else end


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in CONTENT_EDGE_PUNCT + "."):
        if text[end - 1] == "." and end - start > 1 and text[end - 2] == ".":
            break
        end -= 1
    while start < end and (text[start].isspace() or text[start] in CONTENT_EDGE_PUNCT):
        start += 1
    return start, end


def cue_offsets(verb: Token) -> tuple[int, int]:
    """The cue with its auxiliaries, negation and particle ("has also said", "pointed out")."""
    doc = verb.doc
    start = verb.i
    while (
        start > 0
        and doc[start - 1].head.i == verb.i
        and (doc[start - 1].dep_ in AUXILIARY_DEPS or doc[start - 1].lower_ == "also")
    ):
        start -= 1
    end = verb.i + 1
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == verb.i:
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


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
