"""Near-duplicates: wire copies and republished versions of one article, linked to the original.

"AFP reported it, 12 outlets ran the AFP copy" is one source, not 13. Each article's text is
cut into word shingles (SHINGLE_WORDS lower-case words in a row); MinHash signatures estimate
the Jaccard similarity of two shingle sets and locality-sensitive hashing (datasketch) finds
the pairs above COPY_JACCARD without comparing every pair, so the cost grows linearly with the
number of articles. An outlet that adds a headline, a byline or a closing paragraph to the wire
text still shares most shingles with it; two reports of one event in their own words share
almost none.

Copies form groups (a copy of a copy is a copy of the original); a group's original is its
earliest published article, else the one seen first (input order).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsprism.model import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 64
COPY_JACCARD = 0.6  # estimated shingle overlap from which two texts are one article
MIN_SHINGLES = 10  # shorter texts say too little to call them copies
SEED = 1
SHINGLE_MULTIPLIER = np.uint64(1_000_003)
MASK32 = np.uint64(0xFFFFFFFF)
WORD = re.compile(r"\w+")
SIGNATURES_KEPT = 1024  # texts whose MinHash is kept (1 kB each, plus the text itself)


def shingles(text: str) -> np.ndarray:
    """32-bit hashes of the text's runs of SHINGLE_WORDS lower-case words, each once.

    Word hashes (CRC-32) are combined by a polynomial over the run in NumPy: one C-level pass
    per text instead of a cryptographic hash per shingle.
    """
    words = WORD.findall(text.lower())
    count = len(words) - SHINGLE_WORDS + 1
    if count < 1:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter(
        (zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words)
    )
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined = (combined * SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]) & MASK32
    return np.unique(combined)


@lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations, drawn once (the same SEED gives the same ones every run)."""
    a, b = MinHash(num_perm=PERMUTATIONS, seed=SEED).permutations
    return a, b


@lru_cache(maxsize=SIGNATURES_KEPT)
def signature(text: str) -> MinHash | None:
    """The MinHash of the text's shingles; None for a text too short to judge. Memoised by
    the text (a watch pass compares every member of the stories it grows again; the MinHash
    is only read, never updated, once made)."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(
        num_perm=PERMUTATIONS,
        seed=SEED,
        hashfunc=int,
        permutations=permutations(),
        scheme="affine32",
    )
    minhash.update_batch(found.tolist())
    return minhash


def find_duplicates(articles: Sequence[Article]) -> dict[str, str]:
    """copy article id -> original article id, for every near-duplicate among `articles`."""
    signatures = [signature(a.text) for a in articles]
    index = MinHashLSH(threshold=COPY_JACCARD, num_perm=PERMUTATIONS)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, minhash in enumerate(signatures):
        if minhash is None:
            continue
        for j in index.query(minhash):
            other = signatures[int(j)]
            if other is not None and minhash.jaccard(other) >= COPY_JACCARD:
                parent[root(i)] = root(int(j))
        index.insert(str(i), minhash)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    copies = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: (published_key(articles[i].published), i))
        for i in members:
            if i != original:
                copies[articles[i].id] = articles[original].id
    return copies


def published_key(value: date | None) -> int:
    """Sort key: earlier dates first, undated articles after all dated ones."""
    return value.toordinal() if value is not None else int(np.iinfo(np.int32).max)


def story_duplicates(
    article_ids: Sequence[str], copies: dict[str, str]
) -> tuple[tuple[str, str], ...]:
    """(copy, original) pairs of a story's articles whose original is in the story too."""
    members = set(article_ids)
    return tuple(
        (copy, copies[copy]) for copy in article_ids if copy in copies and copies[copy] in members
    )
