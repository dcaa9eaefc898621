"""Named-entity mentions of one article, cleaned, with the roles and glosses the text gives.

spaCy's NER finds the names; this module trims what it mis-spans (paragraph breaks,
possessives, trailing common nouns: "Islamic State jihadists" -> "Islamic State"), drops
"IS" read as a verb, and reads from the parse what the text says the thing is:
- a title before a name: "Kremlin spokesman Dmitry Peskov" -> role "Kremlin spokesman";
- an appositive: "Romain Caillet, an expert on jihadist groups" / "The Syrian president,
  Bashar al-Assad," -> role;
- a gloss naming the same thing: "Tadmur [the Arabic name for Palmyra]", "Daesh [ISIS]",
  "Islamic State (IS)", "X, also known as Y" -> gloss "Palmyra" / "ISIS" / ...
The rules over the dependency parse are ours (no library reads roles and glosses).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsprism.annotate.nlp import named_entities, text_of
from newsprism.model import Mention, Span

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW"}
)
ROLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "det", "punct"})
CAPITALISED_INNER = frozenset(
    {"of", "the", "for", "and", "de", "al", "bin", "van", "von", "-", "&"}
)
GLOSS_NAME = re.compile(
    r"^(?:the |an? )?(?:[\w-]+ ){0,3}(?:name|word|term|spelling) for (.+)$", re.I
)
AKA = re.compile(r"^\s*,?\s*(?:also known as|known as|aka)\s+$|^\s*,\s*or\s+$", re.I)
"""Between a name and another name of it: "also known as", "aka", or an appositive ", or"
("Daesh, or Islamic State"); a bare "or" joins two things ("North Korea or Iran")."""
VERB_READING_PREV = frozenset({"PRON", "DET"})
ADMIN_UNITS = frozenset({"province", "governorate", "region", "district", "county", "prefecture"})
INSTITUTION_HEADS = frozenset({
    "ministry", "army", "military", "government", "police", "parliament", "embassy", "navy",
    "cabinet", "presidency", "regime", "authorities", "air force", "foreign ministry",
})  # fmt: skip
ORGANISATION_KINDS = frozenset({
    "agency", "group", "channel", "network", "newspaper", "website", "broadcaster", "party",
    "militia", "movement", "organisation", "organization", "company", "firm", "outlet",
    "station", "faction", "coalition", "alliance", "observatory", "monitor",
})  # fmt: skip


def find_mentions(doc: Doc, article_id: str) -> list[Mention]:
    """Every named mention in `doc`, in text order."""
    sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
    text = text_of(doc)
    mentions = []
    for ent in named_entities(doc):
        if ent.label_ not in NAME_LABELS:
            continue
        tokens = trim_name(ent)
        if tokens is None or is_verb_reading(tokens):
            continue
        start, end = tokens.start_char, tokens.end_char
        mentions.append(
            Mention(
                span=Span(article_id, start, end, text[start:end]),
                label=ent.label_,
                sentence=sentence_of[ent.sent.start],
                role=find_role(tokens),
                gloss=find_gloss(tokens),
            )
        )
    mentions.extend(find_institutions(doc, article_id, sentence_of))
    return sorted(mentions, key=lambda m: m.span.start)


def find_institutions(doc: Doc, article_id: str, sentence_of: dict[int, int]) -> list[Mention]:
    """A country's institution named by a common noun: "Russia's defence ministry"."""
    found = []
    text = text_of(doc)
    for token in doc:
        if token.lemma_.lower() not in INSTITUTION_HEADS or token.pos_ != "NOUN" or token.ent_type_:
            continue
        owners = [
            t
            for t in token.lefts
            if t.ent_type_ in ("GPE", "NORP") and t.dep_ in ("poss", "amod", "compound")
        ]
        if not owners:
            continue
        first = owners[0].i
        while (
            first > 0
            and doc[first - 1].ent_type_ == owners[0].ent_type_
            and doc[first - 1].ent_iob_ != "O"
        ):
            first -= 1
        start, end = doc[first].idx, token.idx + len(token)
        found.append(
            Mention(
                span=Span(article_id, start, end, text[start:end]),
                label="ORG",
                sentence=sentence_of[token.sent.start],
                kind="institution",
            )
        )
    return found


def trim_name(ent: SpacySpan) -> SpacySpan | None:
    """The name proper: cut at a line break, drop possessives and trailing lowercase words."""
    doc = ent.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + (0 if "\n" in doc[i].text else 1)
            break
    while start < end and (doc[start].is_punct or doc[start].lower_ == "the"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    while (
        end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ not in CAPITALISED_INNER
    ):
        end -= 1
    if ent.label_ in ("GPE", "LOC") and end < len(doc) and doc[end].lower_ in ADMIN_UNITS:
        end += 1  # "Homs province" names the province, not the city
    while end > start and doc[end - 1].lower_ in CAPITALISED_INNER:
        end -= 1
    if end <= start or not any(c.isalpha() for t in doc[start:end] for c in t.text):
        return None  # "U.S." and "Neb." have letters, though no token is all letters
    return doc[start:end]


def is_verb_reading(name: SpacySpan) -> bool:
    """True for "IS" in "That IS true": an all-caps copula after a pronoun or determiner."""
    if len(name) != 1 or name.text != "IS" or name.start == 0:
        return False
    return name.doc[name.start - 1].pos_ in VERB_READING_PREV


def find_role(name: SpacySpan) -> str | None:
    """The title before the name, or the appositive beside it, as written."""
    doc, root = name.doc, name.root
    title_tokens = [
        t for t in root.lefts if t.i < name.start and t.dep_ in ("compound", "amod", "nmod")
    ]
    if title_tokens:
        first = min(t.left_edge.i for t in title_tokens)
        last = name.start
        while last > first and doc[last - 1].is_punct:
            last -= 1
        words = doc[first:last]
        if any(t.is_lower and t.pos_ == "NOUN" for t in words) and not any(
            t.like_num for t in words
        ):
            return strip_determiner(words)
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and is_after_comma(name, child):
            end = child.right_edge.i + 1
            clauses = [t.left_edge.i for t in child.rights if t.dep_ in ("relcl", "acl")]
            return strip_determiner(doc[child.left_edge.i : min([end, *clauses])])
    if root.dep_ == "appos" and root.head.i < name.start and root.head.pos_ == "NOUN":
        head = root.head
        return strip_determiner(doc[head.left_edge.i : head.i + 1])
    return kind_noun_role(name)


def kind_noun_role(name: SpacySpan) -> str | None:
    """The kind of organisation a name modifies: "the jihadist-linked Amaq news agency" ->
    "jihadist-linked news agency" (the name itself and the determiner left out)."""
    root, doc = name.root, name.doc
    head = root.head
    if (
        root.dep_ not in ("compound", "amod")
        or head.i < name.end
        or head.pos_ != "NOUN"
        or head.lemma_.lower() not in ORGANISATION_KINDS
    ):
        return None
    words = [t for t in doc[head.left_edge.i : head.i + 1] if not name.start <= t.i < name.end]
    while words and words[0].dep_ == "det":
        words = words[1:]
    text = "".join(t.text_with_ws for t in words).strip(" ,")
    return text or None


def is_after_comma(name: SpacySpan, appositive_head: Token) -> bool:
    """True when the appositive starts right after "name,"."""
    doc = name.doc
    return (
        name.end < len(doc)
        and doc[name.end].text == ","
        and (appositive_head.left_edge.i == name.end + 1)
    )


def strip_determiner(words: SpacySpan) -> str | None:
    text = words.text.strip(" ,")
    return text or None


DATELINE_DASHES = frozenset({"-", "--", "_", "\u2013", "\u2014", ":"})


def is_dateline_credit(doc: Doc, close: int) -> bool:
    """ "JAKARTA, Indonesia (AP) _ ": the bracket credits the agency that filed from the place
    (a dash follows it), it is no other name of the place."""
    return close + 1 < len(doc) and doc[close + 1].text in DATELINE_DASHES


def in_list(name: SpacySpan) -> bool:
    """ "Libya, Turkey, or Egypt": a name after a comma is an item of a list."""
    return name.start > 0 and name.doc[name.start - 1].text == ","


def find_gloss(name: SpacySpan) -> str | None:
    """The other name the text explicitly gives for the same thing, if any."""
    doc = name.doc
    after = name.end
    if after < len(doc) and doc[after].text in ("[", "("):
        close = next((t.i for t in doc[after + 1 : after + 12] if t.text in ("]", ")")), None)
        if close is not None and not is_dateline_credit(doc, close):
            inside = doc[after + 1 : close].text.strip()
            match = GLOSS_NAME.match(inside)
            if match:
                return match.group(1).strip()
            if inside and inside[0].isupper() and len(inside.split()) <= 6:
                return inside
    for ent in named_entities(doc):
        if ent.start > name.end and ent.start - name.end <= 5:
            between = doc[name.end : ent.start].text
            if AKA.match(" " + between + " ") and not in_list(name):
                return ent.text
            break
    return None
