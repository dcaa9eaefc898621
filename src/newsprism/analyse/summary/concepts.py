"""Concepts of the coverage summary: stemmed word bigrams weighted by how many articles use them.

As in ICSISumm (Gillick & Favre 2009), a concept is a pair of adjacent stemmed words of a
sentence, unless both are stop words ("of the"), and its weight is the number of documents
(articles) that contain it, plus a bonus per article that halves with each sentence before the
concept's first use there (1 in the lead sentence, 1/2 in the second, 1/4 in the third, ...),
since news puts what matters first; concepts found in too few documents are dropped, since what
one article alone says is not what the story is about. Words are stemmed with NLTK's Porter stemmer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from nltk.stem.porter import PorterStemmer
from spacy.lang.en.stop_words import STOP_WORDS

Concept = tuple[str, ...]
WORD = re.compile(r"[a-z0-9]+")
STEMMER = PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word; stop words are kept whole ("was", not "wa")."""
    return word if word in STOP_WORDS else str(STEMMER.stem(word))


def stemmed_words(text: str) -> tuple[str, ...]:
    """The lower-case alphanumeric words of `text`, stemmed."""
    return tuple(stem(w) for w in WORD.findall(text.lower()))


@lru_cache(maxsize=1 << 16)
def text_concepts(text: str) -> frozenset[Concept]:
    """The concepts of a sentence's text (memoised: a watched story's sentences are weighed
    again each time the story grows, and a sentence is weighed and selected in one run)."""
    return bigram_concepts(stemmed_words(text))


@lru_cache(maxsize=1 << 15)
def word_stems(text: str) -> tuple[tuple[str, ...], ...]:
    """The stemmed words of each whitespace-separated word of `text` (memoised, as
    `text_concepts`)."""
    return tuple(stemmed_words(w) for w in text.split())


def bigram_concepts(words: Sequence[str]) -> frozenset[Concept]:
    """Adjacent word pairs of a sentence, except pairs of two stop words."""
    return frozenset(
        (a, b)
        for a, b in zip(words, words[1:], strict=False)
        if a not in STOP_WORDS or b not in STOP_WORDS
    )


def document_frequency_weights(
    documents: Iterable[Iterable[Concept]], min_documents: int
) -> dict[Concept, float]:
    """Each concept's number of documents, for concepts found in at least `min_documents`."""
    counts: Counter[Concept] = Counter()
    for concepts in documents:
        counts.update(set(concepts))
    return {c: float(n) for c, n in counts.items() if n >= min_documents}


def lead_weighted_frequencies(
    documents: Iterable[Sequence[frozenset[Concept]]], lead_decay: float, min_documents: int
) -> dict[Concept, float]:
    """Documents containing each concept, plus a lead bonus per document: `lead_decay` to the
    power of the index of the document's first sentence with the concept (1 in the first
    sentence, `lead_decay` in the second, ...).

    `documents` gives each document as its sentences' concepts; concepts in fewer than
    `min_documents` documents get no weight.
    """
    counts: Counter[Concept] = Counter()
    leads: dict[Concept, float] = defaultdict(float)
    for sentences in documents:
        first: dict[Concept, int] = {}
        for index, concepts in enumerate(sentences):
            for concept in concepts:
                first.setdefault(concept, index)
        counts.update(first.keys())
        for concept, index in first.items():
            leads[concept] += lead_decay**index
    return {c: n + leads[c] for c, n in counts.items() if n >= min_documents}
