"""Helpers the quote tests share: find the quotes of a text and pick one by its words."""

from __future__ import annotations

from spacy.language import Language

from newsprism.annotate.attribution import find_quotes
from newsprism.model import Quote


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    return find_quotes(nlp(text), "art")


def content_text(quote: Quote) -> str:
    return " ".join(span.text for span in quote.content)


def quote_with(quotes: list[Quote], words: str) -> Quote:
    matches = [q for q in quotes if words in content_text(q)]
    assert matches, f"no quote contains {words!r}: {[content_text(q) for q in quotes]}"
    return matches[0]
