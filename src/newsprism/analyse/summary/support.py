"""Does a generated sentence say only what its cited source spans say?

A sentence written by a language model is kept only if its cited spans support it: most of
its content words (stemmed) occur in them, and every number, every capitalised name and every
negation it contains occurs in them too, since a changed figure ("5,000" for "3,000"), a name
from elsewhere or a dropped or added "not" is exactly what a fluent but wrong sentence gets
wrong. Written by hand: a lexical check is transparent to the reader and needs no model;
entailment models are too slow for the CPU budget and none ships with newsprism.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.analyse.summary.concepts import stem

MIN_CONTENT_COVERAGE = 0.75
TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*\d|\d")
NEGATION = frozenset({"not", "no", "never", "n't", "nobody", "nothing", "neither", "nor"})
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "thousand": "1000", "million": "1000000",
}  # fmt: skip


def tokens(text: str) -> list[str]:
    """Word and number tokens of `text`, with "n't" split off as its own token."""
    return TOKEN.findall(re.sub(r"n['\u2019]t\b", " n't", text.replace("\u2019", "'")))


def number_value(token: str) -> str | None:
    """A number token's canonical form ("5,000" -> "5000"; "five" -> "5"), else None."""
    if token[0].isdigit():
        return token.replace(",", "").rstrip(".")
    return NUMBER_WORDS.get(token.lower())


def content_stems(words: Iterable[str]) -> set[str]:
    """Stems of the words that are not stop words, numbers or negations."""
    return {
        stem(w.lower())
        for w in words
        if w.lower() not in STOP_WORDS and w.lower() not in NEGATION and not w[0].isdigit()
    }


def names(words: list[str]) -> set[str]:
    """Capitalised words after the first (a crude but safe stand-in for named entities)."""
    return {stem(w.lower()) for w in words[1:] if w[0].isupper() and w.lower() not in STOP_WORDS}


def is_negated(words: Iterable[str]) -> bool:
    """True when the words hold a negation ("not", "n't", "never", ...)."""
    return any(w.lower() in NEGATION for w in words)


def unsupported_parts(sentence: str, sources: Iterable[str]) -> list[str]:
    """What in `sentence` its `sources` do not back: numbers, names, negation (added, or
    dropped from every source), or "content" when too few of its content words occur in them.
    Empty when the sentence is supported."""
    said = tokens(sentence)
    cited = [tokens(source) for source in sources]
    evidence = [t for source in cited for t in source]
    evidence_stems = {stem(t.lower()) for t in evidence}
    evidence_numbers = {n for n in map(number_value, evidence) if n}
    problems = [
        f"number {t}"
        for t in said
        if (value := number_value(t)) and t[0].isdigit() and value not in evidence_numbers
    ]
    problems += [f"name {n}" for n in sorted(names(said) - evidence_stems)]
    negated = [is_negated(source) for source in cited]
    if is_negated(said) != any(negated) and (is_negated(said) or all(negated)):
        problems.append("negation")
    content = content_stems(said)
    if content and len(content & evidence_stems) / len(content) < MIN_CONTENT_COVERAGE:
        problems.append("content")
    return problems


def is_supported(sentence: str, sources: Iterable[str]) -> bool:
    """True when `sources` back everything `sentence` says (see `unsupported_parts`)."""
    return not unsupported_parts(sentence, list(sources))
