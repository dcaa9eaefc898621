"""Why an article is in its story: its strongest links with the other members.

Read off the numbers story linking uses (`newsprism.link.similarity`): each member's nearest
other member by TF-IDF cosine over lemmas and lemma bigrams (lead sentences weighted up) times
the date factor, and the shared words that make most of that cosine; then what the later
stages found shared: statements aligned into one fact with another member's, entities named
by other members, and normalised dates other members give. Nothing is invented: every reason
names the other members that share it and a number (a share of the cosine, or of the other
members). Weights are over the story's members only, so a big story costs one sparse product
per block of members.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp

from newsprism.link.similarity import (
    date_factors,
    term_stream,
    tfidf_matrix,
    web_address,
)
from newsprism.model import AnnotatedArticle, Entity, Fact, JoinReason, Membership, Story

SHOWN = {"sentences": 2, "names": 3, "dates": 2}  # the most reasons of each kind kept
WORDS_SHOWN = 5  # shared words named from the nearest member's cosine
BLOCK_ROWS = 256
TEXT_CHARS = 300  # a shared sentence is cut to this many characters


def story_memberships(
    story: Story,
    members: Sequence[AnnotatedArticle],
    entities: Sequence[Entity] = (),
    facts: Sequence[Fact] = (),
) -> tuple[Membership, ...]:
    """One `Membership` per member of `story` (in `members` order); none for a lone article."""
    if len(members) < 2:
        return ()
    ids = [a.article.id for a in members]
    vectors = tfidf_matrix(members)
    names = feature_names(members)
    nearest, similarity = nearest_members(vectors, members)
    shared_facts = facts_by_article(facts, set(ids))
    named = named_by(entities, set(ids))
    dated = dated_by(members)
    copies = {copy: original for copy, original in story.duplicates}
    copies.update({original: copy for copy, original in story.duplicates if original not in copies})
    others = len(ids) - 1
    result = []
    for row, article in enumerate(members):
        article_id = article.article.id
        reasons: list[JoinReason] = []
        if article_id in copies:
            reasons.append(JoinReason("copy", "near-duplicate", (copies[article_id],), 1.0))
        reasons += sentence_reasons(article_id, shared_facts.get(article_id, []), others)
        reasons += shared_reasons("names", article_id, named, others)
        reasons += shared_reasons("dates", article_id, dated, others)
        near = int(nearest[row])
        if near >= 0:
            words = shared_words(vectors, names, row, near, ids[near])
            if words is not None:
                reasons.append(words)
        result.append(
            Membership(
                story_id=story.id,
                article_id=article_id,
                nearest=ids[near] if near >= 0 else None,
                similarity=round(float(similarity[row]), 4),
                reasons=tuple(reasons),
            )
        )
    return tuple(result)


def feature_names(members: Sequence[AnnotatedArticle]) -> list[str]:
    """The name of each column of `tfidf_matrix(members)`: lemmas in first use, then lemma
    bigrams ("islamic state") in the order of their keys, as `similarity` builds them."""
    terms = [s.terms for a in members for s in a.sentences if not web_address(s.span.text)]
    lemmas = list(dict.fromkeys(chain.from_iterable(terms)))
    term_ids, lengths, _, _ = term_stream(members)
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    pair = sentence[1:] == sentence[:-1]
    keys = np.unique((term_ids[:-1] << 32 | term_ids[1:])[pair])
    bigrams = [f"{lemmas[k >> 32]} {lemmas[k & 0xFFFFFFFF]}" for k in keys.tolist()]
    return lemmas + bigrams


def nearest_members(
    vectors: sp.csr_matrix, members: Sequence[AnnotatedArticle]
) -> tuple[np.ndarray, np.ndarray]:
    """Each member's nearest other member (-1 if it shares nothing) and that similarity:
    the cosine times the date factor (halved per week beyond a week apart)."""
    n = vectors.shape[0]
    ordinals = np.array(
        [a.article.published.toordinal() if a.article.published else -1 for a in members]
    )
    nearest = np.full(n, -1)
    best = np.zeros(n)
    transposed = vectors.T.tocsr()
    for start in range(0, n, BLOCK_ROWS):
        rows = np.arange(start, min(n, start + BLOCK_ROWS))
        block = np.asarray((vectors[rows] @ transposed).todense())
        block *= date_factors(ordinals[rows][:, None], ordinals[None, :])
        block[np.arange(len(rows)), rows] = -1.0
        found = block.argmax(axis=1)
        value = block[np.arange(len(rows)), found]
        nearest[rows] = np.where(value > 0, found, -1)
        best[rows] = np.maximum(value, 0.0)
    return nearest, best


def shared_words(
    vectors: sp.csr_matrix, names: list[str], row: int, other: int, other_id: str
) -> JoinReason | None:
    """The words (lemmas, bigrams) that make most of the cosine of two members, with the share
    of the cosine they make together."""
    first, second = vectors.getrow(row), vectors.getrow(other)
    common, at_first, at_second = np.intersect1d(first.indices, second.indices, return_indices=True)
    if not len(common):
        return None
    products = first.data[at_first] * second.data[at_second]
    order = np.argsort(-products, kind="stable")[:WORDS_SHOWN]
    share = float(products[order].sum() / products.sum())
    words = ", ".join(names[int(common[k])] for k in order)
    return JoinReason("words", words, (other_id,), round(share, 4))


def facts_by_article(facts: Sequence[Fact], member_ids: set[str]) -> dict[str, list[Fact]]:
    """For each member, the facts that hold its statements and another member's."""
    found: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        carriers = {s.article_id for s in fact.statements} & member_ids
        if len(carriers) > 1:
            for article_id in carriers:
                found[article_id].append(fact)
    return found


def sentence_reasons(article_id: str, facts: list[Fact], others: int) -> list[JoinReason]:
    """The facts most other members share with this article, its own sentence as the text."""
    reasons = []
    for fact in facts:
        own = next(s for s in fact.statements if s.article_id == article_id)
        sharing = tuple(
            dict.fromkeys(s.article_id for s in fact.statements if s.article_id != article_id)
        )
        text = " ".join(own.text.split())
        text = text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"
        reasons.append(JoinReason("sentences", text, sharing, round(len(sharing) / others, 4)))
    return strongest(reasons, SHOWN["sentences"])


def named_by(entities: Sequence[Entity], member_ids: set[str]) -> dict[str, Counter[str]]:
    """Entity name -> how often each member mentions it (entities of one member left out)."""
    found = {}
    for entity in entities:
        holders = Counter(m.article_id for m in entity.mentions if m.article_id in member_ids)
        if len(holders) > 1:
            found[" ".join(entity.name.split())] = holders
    return found


def dated_by(members: Sequence[AnnotatedArticle]) -> dict[str, Counter[str]]:
    """Normalised date value (2016-12-11, 2016-12) -> how often each member gives it."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for article in members:
        for time in article.times:
            if time.type == "DATE" and time.value[:1].isdigit():
                found[time.value][article.article.id] += 1
    return {value: holders for value, holders in found.items() if len(holders) > 1}


def shared_reasons(
    kind: str, article_id: str, holders: dict[str, Counter[str]], others: int
) -> list[JoinReason]:
    """What most other members share with this article; ties: the more precise date (a day
    before a month), then what this article gives more often."""
    ranked = sorted(
        (
            (-(len(held) - 1), -len(text) if kind == "dates" else 0, -held[article_id], text, held)
            for text, held in holders.items()
            if article_id in held
        ),
        key=lambda item: item[:3],
    )
    return [
        JoinReason(
            kind, text, tuple(sorted(set(held) - {article_id})), round((len(held) - 1) / others, 4)
        )
        for *_, text, held in ranked[: SHOWN[kind]]
    ]


def strongest(reasons: list[JoinReason], limit: int) -> list[JoinReason]:
    """The `limit` reasons most other members share (ties: first found)."""
    return sorted(reasons, key=lambda r: -r.weight)[:limit]
