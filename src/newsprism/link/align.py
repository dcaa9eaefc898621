"""Align statements across the articles of a story: sentences that report the same fact.

Two sentences of different articles are paired when their meaning is close: the cosine of
their idf-weighted mean word vectors (spaCy's md vectors: "retook" ~ "recaptured"), mixed
with the idf-weighted share of content words and entities they have in common. Pairs above
the threshold are joined into facts (best pairs first, groups kept cohesive).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from spacy.vocab import Vocab

from newsprism.link.events import event_class
from newsprism.model import AnnotatedArticle, Fact, Span, Story

SpanKey = tuple[str, int, int]
ALIGN_THRESHOLD = 0.42
SYNONYM_COSINE = 0.75
SYNONYM_CREDIT = 0.8
FRAME_BONUS = 0.2
MIN_TERMS = 3
COHESION_SLACK = 0.0


@dataclass(frozen=True)
class Statement:
    """A sentence with what comparing it needs."""

    span: Span
    article_id: str
    outlet: str
    sentence: int
    terms: frozenset[str]
    entities: frozenset[str]
    facts: frozenset[str]  # dates ("t:2016-03") and numbers ("n:5000") it states
    frames: frozenset[tuple[str, str]] = frozenset()  # (event class, entity id): ("take", IS)

    @property
    def features(self) -> frozenset[str]:
        return self.terms | self.entities | self.facts


def story_statements(
    story: Story, by_id: Mapping[str, AnnotatedArticle], entity_of: Mapping[SpanKey, str]
) -> list[Statement]:
    """The comparable sentences of a story's articles (enough content words to say something)."""
    statements = []
    for article_id in story.article_ids:
        article = by_id[article_id]
        entities_in: dict[int, set[str]] = {}
        for m in article.mentions:
            entity = entity_of.get((m.span.article_id, m.span.start, m.span.end))
            if entity:
                entities_in.setdefault(m.sentence, set()).add(entity)
        facts_in: dict[int, set[str]] = {}
        for t in article.times:
            if t.value and t.type == "DATE":
                facts_in.setdefault(t.sentence, set()).add("t:" + t.value)
        for q in article.quantities:
            facts_in.setdefault(q.sentence, set()).add(f"n:{q.value:g}")
        for sentence in article.sentences:
            if len(set(sentence.terms)) < MIN_TERMS:
                continue
            terms = {event_class(t) or t for t in sentence.terms}
            statements.append(
                Statement(
                    span=sentence.span,
                    article_id=article_id,
                    outlet=outlet_of(article),
                    sentence=sentence.index,
                    terms=frozenset(terms),
                    entities=frozenset(entities_in.get(sentence.index, ())),
                    facts=frozenset(facts_in.get(sentence.index, ())),
                    frames=event_frames(sentence.terms, entities_in.get(sentence.index, set())),
                )
            )
    return statements


def event_frames(terms: Sequence[str], entities: set[str]) -> frozenset[tuple[str, str]]:
    """Which lexicon events the sentence reports about which of its entities."""
    events = {c for c in map(event_class, terms) if c and c != "say"}
    return frozenset((event, entity) for event in events for entity in entities)


def outlet_of(article: AnnotatedArticle) -> str:
    """The outlet that published the article, or the article itself when unknown."""
    return article.article.outlet or f"article {article.article.id}"


def similarity_matrix(statements: Sequence[Statement], vocab: Vocab | None) -> np.ndarray:
    """Pairwise similarity in [0, 1]: the idf-weighted share of what two statements have in
    common (words, entities, dates, numbers), a word counting as shared when the other
    statement has a near-synonym (word vector cosine >= SYNONYM_COSINE). Sparse matrix
    products: a story of fifty articles has a thousand statements and half a million pairs."""
    n = len(statements)
    if n == 0:
        return np.zeros((0, 0))
    document_frequency = Counter(f for s in statements for f in s.features)
    index = {f: k for k, f in enumerate(document_frequency)}
    idf = np.array([math.log((1 + n) / (1 + df)) + 1 for df in document_frequency.values()])
    features = sparse_incidence([s.features for s in statements], index)
    terms = sparse_incidence([s.terms for s in statements], index)
    weighted = features.multiply(idf[None, :]).tocsr()
    shared = (weighted @ features.T).toarray()
    near = synonym_matrix(document_frequency, index, vocab)
    if near is not None:
        has_synonym = ((terms @ near) > 0).astype(np.float64)
        only_synonym = has_synonym - has_synonym.multiply(terms)  # lacks, has a synonym of
        credit = (terms.multiply(idf[None, :]).tocsr() @ only_synonym.T).toarray()
        upper = np.triu(credit, 1)
        shared += SYNONYM_CREDIT * (upper + upper.T)
    weights = np.asarray(weighted.sum(axis=1)).ravel()
    score = shared / np.sqrt(np.maximum(np.outer(weights, weights), 1e-12))
    frames = sparse_incidence([{f"{e}|{x}" for e, x in s.frames} for s in statements], {})
    score += FRAME_BONUS * ((frames @ frames.T).toarray() > 0)
    articles = np.array([s.article_id for s in statements])
    keep = (shared > 0) & (articles[:, None] != articles[None, :])
    return np.where(keep, np.minimum(score, 1.0), 0.0)


def sparse_incidence(feature_sets: Sequence[frozenset[str] | set[str]], index: dict[str, int]):
    """A sparse 0/1 matrix: row i marks the features of set i (columns from `index`, which
    grows with unseen features)."""
    rows, columns = [], []
    for i, features in enumerate(feature_sets):
        for f in features:
            rows.append(i)
            columns.append(index.setdefault(f, len(index)))
    data = np.ones(len(rows))
    shape = (len(feature_sets), max(1, len(index)))
    return sparse.csr_matrix((data, (rows, columns)), shape=shape)


def synonym_matrix(
    words: Mapping[str, int], index: dict[str, int], vocab: Vocab | None
) -> sparse.csr_matrix | None:
    """A sparse word x word 0/1 matrix of near-synonyms (columns as in `index`), or None."""
    near = near_synonyms(words, vocab)
    if not near:
        return None
    rows = [index[w] for w, others in near.items() for _ in others]
    columns = [index[o] for others in near.values() for o in others]
    size = len(index)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(size, size))


def near_synonyms(words: Mapping[str, int], vocab: Vocab | None) -> dict[str, set[str]]:
    """For each word with a vector, the other words whose vectors are very close to it."""
    if vocab is None or not len(vocab.vectors):
        return {}
    candidates = [w for w in words if w.isalpha() and vocab.has_vector(w)]
    if not candidates:
        return {}
    matrix: np.ndarray = np.stack([np.asarray(vocab.get_vector(w)) for w in candidates])
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    close = matrix @ matrix.T >= SYNONYM_COSINE
    return {
        w: {candidates[k] for k in np.flatnonzero(close[i]) if k != i}
        for i, w in enumerate(candidates)
    }


def align_story(
    story: Story,
    statements: Sequence[Statement],
    similarity: np.ndarray,
    threshold: float = ALIGN_THRESHOLD,
    cohesion: np.ndarray | None = None,
) -> list[Fact]:
    """Facts of one story: groups of statements from different articles that say the same.

    Pairs are joined best first. With `cohesion` (a full similarity matrix), two groups join
    only if their mean similarity stays within COHESION_SLACK of the threshold: in a story of
    fifty articles on one subject, chains of pairs would otherwise grow into one "fact"
    about the subject. A fact may hold two sentences of one article (a lead and the paragraph
    that restates it) when each pairs with the others: on ECB+ (bench/facts.py) allowing it
    finds 59% of the events two articles share instead of 52%, at the same precision."""
    pairs = sorted(
        (
            (similarity[i, j], i, j)
            for i in range(len(statements))
            for j in range(i + 1, len(statements))
            if statements[i].article_id != statements[j].article_id
            and similarity[i, j] >= threshold
        ),
        reverse=True,
    )
    group_of = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    for _, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if cohesion is not None and len(members[gi]) + len(members[gj]) > 2:
            mean = cohesion[np.ix_(members[gi], members[gj])].mean()
            if mean < threshold - COHESION_SLACK:
                continue
        members[gi].extend(members.pop(gj))
        for k in members[gi]:
            group_of[k] = gi
    facts = []
    for group in members.values():
        if len(group) < 2:
            continue
        chosen = sorted(group, key=lambda k: (statements[k].article_id, statements[k].span.start))
        spans = tuple(statements[k].span for k in chosen)
        outlets = tuple(dict.fromkeys(statements[k].outlet for k in chosen))
        carriers = [(statements[k].article_id, statements[k].outlet) for k in chosen]
        first = spans[0]
        facts.append(
            Fact(
                f"{story.id}:f{first.article_id}:{first.start}",
                story.id,
                spans,
                outlets,
                sources=independent_sources(carriers, story.duplicates),
            )
        )
    return sorted(facts, key=lambda f: (-f.sources, -len(f.outlets), f.id))


def independent_sources(
    carriers: Sequence[tuple[str, str]], duplicates: Sequence[tuple[str, str]]
) -> int:
    """How many independent outlets carry a fact, given (article id, outlet) of each of its
    statements: outlets are one source when one's article is a near-duplicate copy of the
    other's (a wire story run by both), however long the chain of copies."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    for copy, original in duplicates:
        join("a:" + copy, "a:" + original)
    for article_id, outlet in carriers:
        join("o:" + outlet, "a:" + article_id)
    return len({root("o:" + outlet) for _, outlet in carriers})
