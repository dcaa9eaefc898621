"""Keys that let two written forms of a name meet: case, accents, articles, transliteration.

"Raqa" and "Raqqa" share the key "raqa" (doubled letters collapsed); "the United States" and
"United States" share "united states"; "Syria’s" and "Syria's" share "syria". Written by hand:
the variation here is orthographic, not something a library models for news names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEADING_WORDS = frozenset({"the", "a", "an"})
DEMONYM_SUFFIXES = ("ian", "ean", "an", "i", "ese", "ish", "n")
IRREGULAR_DEMONYMS = {
    "british": "united kingdom", "french": "france", "dutch": "netherlands", "swiss": "switzerland",
    "american": "united states", "us": "united states", "u.s.": "united states",
    "uk": "united kingdom",
    "greek": "greece", "turkish": "turkey", "chinese": "china", "israeli": "israel",
}  # fmt: skip


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The matching key of a name: folded, no leading article or possessive, no doubled letters."""
    words = re.sub(r"'s\b", "", fold(text)).replace("-", " ").split()
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    joined = " ".join(re.sub(r"[^\w ]", "", w) for w in words).strip()
    return re.sub(r"(\w)\1+", r"\1", joined)


def initials(text: str) -> str:
    """ "Islamic State" -> "is", "United Nations Children's Fund" -> "uncf"."""
    words = [
        w for w in fold(text).replace("-", " ").split() if w not in ("of", "the", "and", "for")
    ]
    return "".join(w[0] for w in words if w[0].isalpha())


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def country_of_demonym(word: str, countries: set[str]) -> str | None:
    """ "Russian" -> "russia" when "russia" is among `countries` (folded keys)."""
    folded = fold(word)
    if folded in IRREGULAR_DEMONYMS:
        return IRREGULAR_DEMONYMS[folded]
    if folded in countries:
        return folded
    for suffix in DEMONYM_SUFFIXES:
        stem = folded[: -len(suffix)] if folded.endswith(suffix) else ""
        for candidate in (stem, stem + "a", stem + "ia", stem + "y"):
            if candidate and candidate in countries:
                return candidate
    return None


def without_country(key: str, countries: set[str]) -> str | None:
    """A name key without its leading country or demonym ("us coast guard" -> "coast guard"),
    None when it has none."""
    first, _, rest = key.partition(" ")
    return rest if rest and country_of_demonym(first, countries) else None
