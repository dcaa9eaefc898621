"""Attributions read off the dependency parse: a cue, its source and its content.

Which words are cues is learned (`cue_model`: PolNeAR counts "called for", "endorsed",
"criticism of" as much as "said"); the source and the content are read off spaCy's parse by
hand (textacy's `direct_quotations` only pairs quote marks with a nearby verb). Frames:
- "Peskov added that jihadists ... had been flooding into Syria" (content = ccomp);
- "IS seized the city, a monitoring group said" (the clause before the cue is its ccomp);
- "claiming to have ..." (xcomp of a cue; the subject is the governing cue's);
- "denied the allegations", "called for a ban" (objects: `content`);
- "was first reported by the Post" (a passive cue's agent is its source);
- "..., according to the ministry" (content = the clause the phrase modifies);
- "In the three years since ..., Barden says, far too many lives ..." (content on both sides);
- "The birth is expected to coincide with ..." (the raised subject joins the content);
- "WALLACE: ...", "Pence: ...", "... ― Sonya Herridge" (`layout`).
Quoted passages that the content overlaps make the attribution direct or mixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution.content import (
    around_aside,
    content_of,
    continues,
    cue_extension,
    end_before_relative,
    paragraph_bounds,
    passive_predicate,
    raised_subject,
)
from newsprism.annotate.attribution.cue_model import CueModel, cue_span, load_cue_model
from newsprism.annotate.attribution.cues import (
    is_according_to,
)
from newsprism.annotate.attribution.layout import layout_drafts, trim_content
from newsprism.annotate.attribution.quote_cues import char_offsets
from newsprism.annotate.attribution.quote_marks import QuotedPassage
from newsprism.annotate.attribution.speakers import (
    Speaker,
    describe_speaker,
    phrase_span,
    subject_of,
)
from newsprism.annotate.nlp import text_of

COMPLEMENTISER = re.compile(r"that\s+", re.I)


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
    text = text_of(doc)
    laid_out = set()
    for (start, end), cue, speaker in layout_drafts(doc, text, passages):
        hit = [i for i, p in enumerate(passages) if p.start < end and p.end > start]
        laid_out.add(cue[0])
        yield Draft([(start, end)], cue, speaker, ":", passages=hit, quoted_only=bool(hit))
    model = load_cue_model()
    cues = {
        t.i
        for t in doc
        if model.is_cue(t, owner[t.i] is not None)
        and not is_according_to(t)
        and t.idx not in laid_out
    }
    for token in doc:
        if is_according_to(token) and owner[token.i] is None:
            draft = _according_to_draft(token, owner, text)
        elif token.i in cues and token.pos_ == "ADP":
            draft = _according_to_draft(token, owner, text, cue_end=token)
        elif token.i in cues:
            draft = _cue_verb_draft(token, owner, text, model, cues)
        else:
            continue
        if draft is not None:
            yield _with_passages(draft, text, passages)


def _cue_verb_draft(
    verb: Token, owner: Sequence[int | None], text: str, model: CueModel, cues: set[int]
) -> Draft | None:
    content_head, excluded = content_of(verb, owner, text, model)
    if content_head is None:
        return None
    passive = any(c.dep_ in {"auxpass", "agent"} for c in verb.children)
    raised = raised_subject(verb, content_head, passive)
    subject = _agent_of(verb) if passive else None if raised else subject_of(verb)
    if subject is None and verb.pos_ == "NOUN":
        subject = next((c for c in verb.children if c.dep_ == "poss"), None)
    aside = set(excluded)  # the attribution itself, when set into its content ("As X said, ...")
    excluded |= {verb.i}
    speaker = None
    if subject is not None:
        source = phrase_span(subject, ({t.i for t in content_head.subtree} - aside) | {verb.i})
        source = _source_edges(source)
        speaker = describe_speaker(source)
        excluded |= set(range(source.start, source.end))
    excluded |= _other_attributions(content_head, cues)
    content = phrase_span(content_head, excluded)
    content_end = max(
        [content.end_char]
        + [
            c.right_edge.idx + len(c.right_edge)
            for c in [*verb.children, *cue_extension(verb, content_head).children]
            if c.i > content_head.i > verb.i
            and c.i not in cues
            and continues(content_head, c, model, cues)
        ]
    )
    low, high = paragraph_bounds(text, verb.idx)
    if not any(owner[t.i] is not None for t in content):
        high = min(high, content_head.sent.end_char)
    start, end = trim_content(text, max(low, content.start_char), min(high, content_end))
    end = end_before_relative(verb.doc, text, (start, end), owner)
    if end <= start:
        return None
    fragments = [(start, end)]
    if aside:  # "<content>, he said, <content>": the part on the other side of the aside
        whole = phrase_span(content_head, excluded - aside - {verb.i})
        fragments = around_aside(text, (start, end), content, whole, aside, (low, high))
    if raised is not None:  # "The birth is expected to ...": the subject is part of the content
        part = phrase_span(raised, excluded)
        fragments.insert(0, trim_content(text, part.start_char, part.end_char))
        excluded |= set(range(part.start, part.end))
    blocked = set(excluded) - {verb.i} | {t.i for t in content_head.subtree}
    predicate = passive_predicate(verb, content_head)
    if predicate is not None:  # "X is seen as <content>": the cue takes "as"
        fragments.append(trim_content(text, predicate.start_char, predicate.end_char))
        blocked |= set(range(predicate.start, predicate.end))
    first, last = cue_span(model, verb, sorted(blocked))
    if predicate is not None and last == predicate.start - 1:
        last = predicate.start
    branch = next((a for a in [content_head, *content_head.ancestors] if a.head.i == verb.i), None)
    if (
        branch is not None
        and branch.i != content_head.i
        and branch.i > verb.i
        and (branch.dep_ == "xcomp" or model.includes(verb, branch))
    ):  # "went on to say that", "made a reference to": the cue runs up to the content
        last = max(last, content.start)
    cue = char_offsets(verb.doc, first, last)
    return Draft(fragments, cue, speaker, verb.lemma_.lower())


def _other_attributions(content_head: Token, cues: set[int]) -> set[int]:
    """Tokens of attributions of their own that hang off the content ("..., saying ...")."""
    found: set[int] = set()
    for token in content_head.subtree:
        if token.i in cues and token.i != content_head.i and _stands_apart(token):
            start = token.left_edge.i
            while start > content_head.i and token.doc[start - 1].dep_ in {"punct", "cc"}:
                start -= 1
            found |= set(range(start, token.right_edge.i + 1))
    return found


def _stands_apart(cue: Token) -> bool:
    """Whether a cue inside a content is an attribution of its own ("..., saying ...", "...
    and said ..."), not a subordinate clause of the content ("because she believed ...")."""
    return cue.dep_ == "conj" or (
        cue.dep_ == "advcl" and not any(c.dep_ == "mark" for c in cue.children)
    )


def _source_edges(source: Span) -> Span:
    """PolNeAR's source keeps the comma closing an appositive ("X, an expert,") and a
    closing bracket ("Sen. Mitch McConnell (R-Ky.)"), but not a leading "even" or "and"."""
    doc = source.doc
    start, end = source.start, source.end
    while end - start > 1 and doc[start].dep_ in {"advmod", "cc", "preconj"}:
        start += 1  # "Even right-leaning journalist Byron York": the source starts at the noun
    if end < len(doc):
        after = doc[end]
        opened = sum(t.text == "(" for t in source) > sum(t.text == ")" for t in source)
        if after.text == ")" and opened:
            end += 1
            after = doc[end] if end < len(doc) else after
        if after.text in {",", "—", "–", "-"} and any(t.text == after.text for t in source):
            end += 1
    return doc[start:end]


def _agent_of(verb: Token) -> Token | None:
    """The doer of a passive cue ("was first reported by the Post")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _according_to_draft(
    according: Token, owner: Sequence[int | None], text: str, cue_end: Token | None = None
) -> Draft | None:
    """ "..., according to the ministry" or (a learned prepositional cue, `cue_end` the
    preposition itself) "In a CNN poll, 38 percent of voters ...": the object is the source,
    the clause the phrase modifies is the content."""
    doc = according.doc
    to = cue_end or doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in according.children if c.dep_ == "pobj"
    ]
    if not objects:
        return None
    phrase_head = according if according.head.i != according.i else to
    excluded = {t.i for t in phrase_head.subtree} | {according.i, to.i}
    clause = phrase_head.head
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
    start, end = trim_content(text, content.start_char, content.end_char)
    if end <= start:
        return None
    cue = (according.idx, to.idx + len(to))
    return Draft([(start, end)], cue, describe_speaker(source), text[slice(*cue)].lower())


def _with_passages(draft: Draft, text: str, passages: Sequence[QuotedPassage]) -> Draft:
    """Mark the passages the content overlaps; a content that is only quotes becomes direct."""
    start, end = draft.start, draft.end
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
        if COMPLEMENTISER.fullmatch(text[start : first.start]):  # PolNeAR keeps 'that "..."'
            draft.content[0] = (start, first.end)
    else:  # the content runs on past the quotes: each part widens to the quotes it overlaps
        draft.content = [_widened(part, [passages[i] for i in hit]) for part in draft.content]
    return draft


def _widened(part: tuple[int, int], passages: Sequence[QuotedPassage]) -> tuple[int, int]:
    inside = [p for p in passages if p.start < part[1] and p.end > part[0]]
    return min([part[0], *(p.start for p in inside)]), max([part[1], *(p.end for p in inside)])


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
