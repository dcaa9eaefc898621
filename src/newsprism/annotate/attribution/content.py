"""What an attribution cue attributes: the head of its content in the dependency parse.

Written by hand over spaCy's parse (PolNeAR's content conventions, measured on polnear/train):
a "that" clause ("added that ..."); for other cues their object ("denied the allegations"),
infinitive ("urged Republicans to focus"), prepositional object ("called for a ban"), or what
an object belonging to the cue is about ("made a reference to X", "went on to say that X");
a "that" clause the parser hung elsewhere; or the clause a reporting verb follows
("IS seized the city, a monitoring group said"). Where the content runs on over the cue's
later dependents ("did not mention her rival by name") is partly by hand, partly learned
(`CueModel.continues`); it stops before a writer's ", which ..." about one of its nouns
(`end_before_relative`). A passive cue's content is its subject and what the cue says it is
("is seen as <content>", `passive_predicate`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from spacy.tokens import Doc, Span, Token

from newsprism.annotate.attribution.cue_model import CueModel
from newsprism.annotate.attribution.cues import (
    INFINITIVE_LEMMAS,
    NOUN_OBJECT_LEMMAS,
    THOUGHT_LEMMAS,
    is_cue_verb,
    is_speech_verb,
)
from newsprism.annotate.attribution.layout import trim_content

CLAUSE_DEPS = ("ccomp",)
REVERSED_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj"})
MAX_WORDS_TO_THAT = 12
RECIPIENT_LEMMAS = frozenset(
    {"tell", "ask", "inform", "notify", "assure", "remind", "warn", "advise", "instruct", "email"}
)
LEARNED_PREPOSITIONS = frozenset({"for", "about", "of", "on", "to", "against", "with", "at"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
PREDICATE_PREPOSITIONS = frozenset({"as", "like"})
RAISING_LEMMAS = frozenset({"seem", "appear"})
# After an object content, the cue's phrases with these join the content ("called him a liar
# for ...", "compared abortion to the Holocaust", "praised her leadership in the aftermath").
OBJECT_PREDICATE_PREPOSITIONS = frozenset(
    {"as", "of", "for", "to", "in", "on", "over", "about", "against", "with"}
)


def content_of(
    verb: Token, owner: Sequence[int | None], text: str, model: CueModel
) -> tuple[Token | None, set[int]]:
    """The head of what `verb` attributes, and tokens that are not part of it."""
    low, high = paragraph_bounds(text, verb.idx)
    children = [c for c in verb.children if low <= c.idx < high]
    clauses = [c for c in children if c.dep_ in CLAUSE_DEPS]
    quoted = [c for c in clauses if any(owner[t.i] is not None for t in c.subtree)]
    if quoted or clauses:
        return (quoted or clauses)[0], set()
    found = _learned_content(verb, children, model)
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
        (speech or verb.lemma_.lower() in THOUGHT_LEMMAS)
        and verb.dep_ in REVERSED_DEPS
        and head.i < verb.i
        and head.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in children)
        and not any(c.dep_ in {"dobj", "xcomp"} and not _is_recipient(verb, c) for c in children)
    ):
        return head, {t.i for t in verb.subtree}
    if (speech or _has_as_mark(verb)) and head.pos_ in {"VERB", "AUX"} and _is_aside(verb):
        return head, {t.i for t in verb.subtree}  # "As the Hill reported, ...", "..., he said, ..."
    passive_subject = [c for c in children if c.dep_ == "nsubjpass" and c.i < verb.i]
    if passive_subject:  # "His views were echoed by a number of tax experts"
        return passive_subject[0], {verb.i}
    return None, set()


def _has_as_mark(verb: Token) -> bool:
    """ "As Ms. Simonyan put it, ..." """
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _is_aside(verb: Token) -> bool:
    """Whether `verb` reports the clause it is set into: "As X reported, <clause>", "As
    reported by X, <clause>", "<clause start>, he said, <clause end>"."""
    doc = verb.doc
    if verb.dep_ == "advcl" and _has_as_mark(verb):
        return True
    start, end = verb.left_edge.i, verb.right_edge.i
    while end > verb.i and doc[end].text == ",":  # the parser may hang the commas on the verb
        end -= 1
    while start < verb.i and doc[start].text == ",":
        start += 1
    return (
        verb.dep_ in {"parataxis", "ccomp", "advcl"}
        and verb.head.i > verb.i
        and end + 1 < len(doc)
        and doc[end + 1].text == ","
        and (start == verb.sent.start or doc[start - 1].text == ",")
    )


def _is_recipient(verb: Token, child: Token) -> bool:
    """Whether `child` is the person a speech verb addresses ("told me", "told Fox News")."""
    return (
        child.dep_ == "dobj"
        and verb.lemma_.lower() in RECIPIENT_LEMMAS
        and (child.pos_ in {"PROPN", "PRON"} or child.ent_type_ in {"PERSON", "ORG", "NORP"})
    )


def _learned_content(verb: Token, children: Sequence[Token], model: CueModel) -> Token | None:
    """What a learned cue attributes: its object, infinitive or prepositional object (not
    the person a speech verb addresses: "told Fox News", "told him"; and past an object that
    belongs to the cue: "made a reference to <content>")."""
    for deps in (("dobj",), ("xcomp",), ("prep",), ("attr", "acomp", "oprd")):
        for child in children:
            if child.dep_ not in deps or child.i < verb.i:
                continue
            if _is_recipient(verb, child):
                continue
            if child.dep_ == "dobj" and model.includes(verb, child):
                inner = _object_of_noun(child)
                if inner is not None:
                    return inner
            if child.dep_ == "xcomp":  # "went on to say that ...": the cue runs to "say"
                said = [c for c in child.children if c.dep_ in {"ccomp", "dobj"} and c.i > child.i]
                return said[0] if said and is_cue_verb(child) else child
            if child.dep_ != "prep":
                return child
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects and child.lower_ in LEARNED_PREPOSITIONS:
                return objects[0]
    return None


def _object_of_noun(noun: Token) -> Token | None:
    """What a cue noun is about: "a reference to X", "the suggestion that X"."""
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp", "relcl"} and child.pos_ in {"VERB", "AUX"}:
            return child
        if child.dep_ == "prep" and child.lower_ in LEARNED_PREPOSITIONS:
            return next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
    return None


def _stray_that_clause(verb: Token) -> Token | None:
    """A "that" clause after `verb` the parser hung elsewhere ("told a hall in X that he ...")."""
    for token in verb.doc[verb.i + 1 : verb.i + MAX_WORDS_TO_THAT]:
        if token.is_sent_start:
            break
        if token.lower_ == "that" and token.head.pos_ in {"VERB", "AUX"} and token.head.i > token.i:
            return token.head
    return None


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph (line) holding `position`."""
    end = text.find("\n", position)
    return text.rfind("\n", 0, position) + 1, len(text) if end < 0 else end


def cue_extension(verb: Token, content_head: Token) -> Token:
    """The verb the cue runs on to when the content hangs off it ("appeared to blame <content>
    for ..."), else the cue verb itself."""
    governor = content_head.head
    if governor.i > verb.i and governor.dep_ == "xcomp" and governor.head.i == verb.i:
        return governor
    return verb


def passive_predicate(verb: Token, content_head: Token) -> Span | None:
    """What a passive cue says its subject is ("Mr. Sanders is seen as empowering voters",
    "was widely condemned as fearmongering"): PolNeAR's content is the subject and this."""
    if content_head.dep_ != "nsubjpass" or content_head.i > verb.i:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in PREDICATE_PREPOSITIONS and child.i > verb.i:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return verb.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
    return None


def raised_subject(verb: Token, content_head: Token, passive: bool) -> Token | None:
    """The subject of a cue that only raises it out of its content ("The birth is expected to
    come in ...", "They appear to have ..."): PolNeAR puts it in the content, not the source."""
    if content_head.dep_ != "xcomp" or content_head.head.i != verb.i:
        return None
    if not passive and verb.lemma_.lower() not in RAISING_LEMMAS:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i]
    return subjects[0] if subjects else None


def around_aside(
    text: str,
    part: tuple[int, int],
    content: Span,
    whole: Span,
    aside: set[int],
    bounds: tuple[int, int],
) -> list[tuple[int, int]]:
    """The content `part` (character offsets of `content`) with the stretch of `whole` (the
    content's phrase without the attribution) on the other side of the aside set into it:
    "In the three years since ..., Barden says, far too many lives have been lost"."""
    doc = content.doc
    first, last = doc[min(aside)], doc[max(aside)]
    parts = [part]
    if whole.start < first.i and content.start > last.i:
        parts.insert(0, trim_content(text, max(bounds[0], whole.start_char), first.idx))
    elif whole.end > last.i + 1 and content.end <= first.i:
        parts.append(trim_content(text, last.idx + len(last), min(bounds[1], whole.end_char)))
    return [p for p in parts if p[1] > p[0]]


def end_before_relative(
    doc: Doc, text: str, bounds: tuple[int, int], owner: Sequence[int | None]
) -> int:
    """The end of the content `bounds` (character offsets) without a non-restrictive relative
    clause that closes it outside quote marks (", which ...", ", who ..."): PolNeAR leaves the
    writer's asides about a noun of the content out more often than it keeps them."""
    start, end = bounds
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None or not len(span):
        return end
    last = span[-1]
    while last.is_punct and last.i > span.start:
        last = doc[last.i - 1]
    for token in span:
        first = token.left_edge
        if (
            token.dep_ == "relcl"
            and token.right_edge.i >= last.i
            and first.tag_ in RELATIVE_TAGS
            and first.i - 1 > span.start
            and doc[first.i - 1].text == ","
            and owner[first.i] is None
            and span.start <= token.head.i < first.i
        ):
            return trim_content(text, start, doc[first.i - 1].idx)[1]
    return end


def continues(
    content_head: Token, child: Token, model: CueModel, cues: Collection[int] = ()
) -> bool:
    """Whether `child`, a dependent of the cue after its content, carries the content on: by
    hand for a clause or an object's predicate, else as PolNeAR usually does (`model`) unless
    it holds another cue (`cues`, token indices)."""
    trailing = {"ccomp"} | ({"oprd", "xcomp", "ccomp"} if content_head.dep_ == "dobj" else set())
    return (
        child.dep_ in trailing
        or (content_head.dep_ == "dobj" and child.lower_ in OBJECT_PREDICATE_PREPOSITIONS)
        or (model.continues(content_head, child) and not any(t.i in cues for t in child.subtree))
    )
