"""The rules by which the name keys of mentions meet (see `newsprism.link.entities`).

Each `join_*` function unites keys in a `KeyUnion` when the texts show two names are one
thing: a lexicon alias, a gloss, initials, a generic suffix, a spelling, a country qualifier,
a partial, middle or familiar name, a headline's run-on. Written by hand: no library links
news names without a knowledge base.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import us
from nicknames import NickNamer

from newsprism.annotate.lexicon import known_aliases
from newsprism.link.names import (
    country_of_demonym,
    fold,
    initials,
    is_acronym,
    name_key,
    without_country,
)
from newsprism.model import AnnotatedArticle, Mention, Span

SpanKey = tuple[str, int, int]
SPELLING_MIN_LETTERS = 6
TITLE_WORD_LETTERS = 4  # shorter words ("of", "in", "to") are lower case in many headlines
TITLE_MIN_WORDS = 3
TITLE_CASE_SHARE = 0.8
GENERIC_ORG_WORDS = frozenset({
    "news", "agency", "group", "party", "movement", "organisation", "organization", "company",
    "corporation", "corp", "co", "inc", "ltd", "network", "channel", "television", "tv",
    "newspaper", "city", "province", "region", "state", "county", "district",
})  # fmt: skip


class KeyUnion:
    """Union-find over name keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def span_key(span: Span) -> SpanKey:
    return (span.article_id, span.start, span.end)


def mention_key(mention: Mention, countries: set[str]) -> str:
    """The key of a mention; an institution's owner is keyed by country ("Russian" -> russia)."""
    known = known_aliases().get(mention.span.text)
    if known is not None:
        return "known:" + name_key(known.canonical)
    key = name_key(mention.span.text)
    if mention.kind == "institution":
        first, _, rest = key.partition(" ")
        key = f"{country_of_demonym(first, countries) or first} {rest}"
        return "institution:" + key
    return key


def join_known_aliases(union: KeyUnion, mentions: Iterable[Mention], key_of: dict) -> None:
    """A mention written like a lexicon name in another case ("ISIS"/"Isis") joins it."""
    by_fold = {fold(alias): name_key(k.canonical) for alias, k in known_aliases().items()}
    for m in mentions:
        canonical = by_fold.get(fold(m.span.text))
        if canonical is not None:
            union.union(key_of[span_key(m.span)], "known:" + canonical)


def join_glosses(
    union: KeyUnion, mentions: Sequence[Mention], key_of: dict, countries: set[str]
) -> None:
    """ "Tadmur [the Arabic name for Palmyra]": the glossed and the gloss are one thing."""
    keys_by_text = {name_key(m.span.text): key_of[span_key(m.span)] for m in mentions}
    for m in mentions:
        if m.gloss:
            gloss = Mention(Span("", 0, 0, m.gloss), m.label, m.sentence)
            target = keys_by_text.get(name_key(m.gloss), mention_key(gloss, countries))
            union.union(key_of[span_key(m.span)], target)


STATE_ABBREVIATIONS = frozenset(
    s.ap_abbr.replace(" ", "") for s in us.states.STATES_AND_TERRITORIES if s.ap_abbr
)
"""The AP's abbreviations of US states ("S.C.", "W.Va."): not initials of other names
("South Charleston")."""


def join_acronyms(union: KeyUnion, mentions: Sequence[Mention], key_of: dict) -> None:
    """ "IS" joins "Islamic State" when its letters are the name's initials."""
    long_names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if len(m.span.text.split()) >= 2 and m.label not in ("PERSON", "NORP"):
            long_names[initials(m.span.text)].add(key_of[span_key(m.span)])
    for m in mentions:
        if is_acronym(m.span.text) and m.span.text.replace(" ", "") not in STATE_ABBREVIATIONS:
            candidates = long_names.get(m.span.text.replace(".", "").lower(), set())
            if len(candidates) == 1:
                union.union(key_of[span_key(m.span)], next(iter(candidates)))


def join_generic_suffixes(union: KeyUnion, mentions: Sequence[Mention], key_of: dict) -> None:
    """ "Amaq" joins "Amaq News Agency": the longer name only adds a generic noun."""
    keys = {key_of[span_key(m.span)] for m in mentions}
    for key in keys:
        words = key.split()
        for cut in range(1, len(words)):
            if all(w in GENERIC_ORG_WORDS for w in words[cut:]):
                shorter = " ".join(words[:cut])
                if shorter in keys:
                    union.union(key, shorter)
                    break


def join_headline_names(union: KeyUnion, article: AnnotatedArticle, key_of: dict) -> None:
    """In a headline written in title case the tagger runs a name into the words after it
    ("Lindsay Lohan Checks Out Of Rehab"): such a mention joins the longest name that starts
    it and that the article also gives in a sentence of ordinary case ("Lindsay Lohan")."""
    headlines = {s.index for s in article.sentences if is_title_case(s.span.text)}
    if not headlines:
        return
    plain = {
        name_key(m.span.text): key_of[span_key(m.span)]
        for m in article.mentions
        if m.sentence not in headlines
    }
    for m in article.mentions:
        words = name_key(m.span.text).split()
        if m.sentence not in headlines or " ".join(words) in plain:
            continue
        for cut in range(len(words) - 1, 0, -1):
            prefix = plain.get(" ".join(words[:cut]))
            if prefix is not None:
                union.union(key_of[span_key(m.span)], prefix)
                break


@lru_cache(maxsize=65536)
def is_title_case(text: str) -> bool:
    """Most words of four letters or more start with a capital: a headline's casing.
    Memoised (a pure function of the text): every sentence of every article is asked each
    time a watched story's entities are linked again."""
    words = [w for w in text.split() if len(w) >= TITLE_WORD_LETTERS and w[0].isalpha()]
    return len(words) >= TITLE_MIN_WORDS and (
        sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)
    )


def join_compound_spellings(union: KeyUnion, keys: Iterable[str]) -> None:
    """ "Coast Guard" joins "coastguard": the same name written as one word or two."""
    by_letters: dict[str, str] = {}
    for key in sorted(set(keys)):
        letters = key.replace(" ", "")
        if ":" in key or len(letters) < SPELLING_MIN_LETTERS:
            continue
        if letters in by_letters:
            union.union(key, by_letters[letters])
        else:
            by_letters[letters] = key


def join_country_qualified(
    union: KeyUnion, mentions: Sequence[Mention], key_of: dict, countries: set[str]
) -> None:
    """ "the US Coast Guard" joins "the Coast Guard" when no other country's Coast Guard is
    named: the bare name is then that one body."""
    bare = {key_of[span_key(m.span)] for m in mentions if m.label == "ORG"}
    owners: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        rest = without_country(key_of[span_key(m.span)], countries)
        if m.label == "ORG" and rest:
            owners[rest].add(union.find(key_of[span_key(m.span)]))
    for rest, qualified in owners.items():
        if rest in bare and len(qualified) == 1:
            union.union(rest, next(iter(qualified)))


def join_partial_names(
    union: KeyUnion, mentions: Sequence[Mention], key_of: dict, within_article: bool
) -> None:
    """A person's surname (or any final part of the name) joins the one full name it fits."""
    full_names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = name_key(m.span.text).split()
        if m.label == "PERSON" and len(words) >= 2:
            for i in range(1, len(words)):
                full_names[" ".join(words[i:])].add(union.find(key_of[span_key(m.span)]))
    for m in mentions:
        key = name_key(m.span.text)
        candidates = full_names.get(key, set())
        strict = not within_article and m.label != "PERSON"
        if len(candidates) == 1 and not strict and m.label not in ("NORP",):
            union.union(key_of[span_key(m.span)], next(iter(candidates)))


def join_middle_names(union: KeyUnion, mentions: Sequence[Mention], key_of: dict) -> None:
    """ "Mark Heller" joins "Mark Jay Heller" when that is the one such full name."""
    by_ends: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = name_key(m.span.text).split()
        if m.label == "PERSON" and len(words) >= 3:
            by_ends[f"{words[0]} {words[-1]}"].add(union.find(key_of[span_key(m.span)]))
    for m in mentions:
        words = name_key(m.span.text).split()
        candidates = by_ends.get(" ".join(words), set())
        if m.label == "PERSON" and len(words) == 2 and len(candidates) == 1:
            union.union(key_of[span_key(m.span)], next(iter(candidates)))


def join_spelling_variants(union: KeyUnion, mentions: Sequence[Mention], key_of: dict) -> None:
    """Transliterations one letter apart ("Heidar Alishvandi" / "Heydar Alishvandi").

    Names of the same type and number of words meet when every word has SPELLING_MIN_LETTERS
    letters or more and differs by at most one letter from its counterpart, with the same
    first letter; shorter words must match exactly ("Jansen"/"Jensen" are kept apart).
    """
    forms: dict[tuple[str, int, str, int], set[str]] = defaultdict(set)
    for m in mentions:
        key = key_of[span_key(m.span)]
        words = key.split()
        if m.label in ("PERSON", "GPE", "LOC", "ORG") and words and ":" not in key:
            forms[(m.label, len(words), words[-1][:1], len(words[-1]))].add(key)
    for (label, count, letter, length), keys in forms.items():
        longer = forms.get((label, count, letter, length + 1), set())
        for first in sorted(keys):
            for second in sorted(keys | longer):
                if first < second or second in longer:
                    if spelling_variants(first.split(), second.split()):
                        union.union(first, second)


def spelling_variants(first: list[str], second: list[str]) -> bool:
    if first == second:
        return False
    for a, b in zip(first, second, strict=True):
        if a == b:
            continue
        short = min(len(a), len(b)) < SPELLING_MIN_LETTERS
        if short or a[0] != b[0] or not one_edit_apart(a, b):
            return False
    return True


def one_edit_apart(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def join_nicknames(union: KeyUnion, mentions: Sequence[Mention], key_of: dict) -> None:
    """ "Fred LaRue" joins "Frederick C. LaRue": the same surname, and a first name that is a
    familiar form of the other's (the `nicknames` table), when that is the one such person."""
    people: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for m in mentions:
        words = name_key(m.span.text).split()
        given = "".join(c for c in fold(m.span.text).split()[0] if c.isalpha()) if words else ""
        if m.label == "PERSON" and len(words) >= 2:
            people[words[-1]].add((given, union.find(key_of[span_key(m.span)])))
    for named in people.values():
        for first, root in named:
            familiar = {
                other
                for given, other in named
                if other != root and given != first and familiar_forms(given, first)
            }
            if len(familiar) == 1:
                union.union(root, next(iter(familiar)))


def familiar_forms(first: str, second: str) -> bool:
    """True when one first name is a familiar form of the other ("bill" / "william")."""
    namer = nick_namer()
    return second in namer.nicknames_of(first) or first in namer.nicknames_of(second)


@cache
def nick_namer() -> NickNamer:
    return NickNamer()
