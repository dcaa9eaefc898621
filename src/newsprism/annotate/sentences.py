"""Sentences of a parsed article, with the content-word lemmas later stages compare."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsprism.model import Sentence, Span

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def find_sentences(doc: Doc, article_id: str) -> Iterator[Sentence]:
    """Each non-blank sentence of `doc`; `index` counts every sentence spaCy found."""
    for index, sent in enumerate(doc.sents):
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        terms = tuple(
            t.lemma_.lower()
            for t in sent
            if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha or t.like_num
        )
        yield Sentence(Span(article_id, start, start + len(stripped), stripped), index, terms)
