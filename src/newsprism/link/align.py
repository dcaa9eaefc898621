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
from functools import lru_cache

import numpy as np
from scipy import sparse
from spacy.vocab import Vocab

import newsprism.link.pairs as pair_module
from newsprism.link.events import event_class
from newsprism.link.pairs import ROW_BLOCK, PairScore, SparseRows, candidate_pairs, paired_dot
from newsprism.model import AnnotatedArticle, Fact, Span, Story

SpanKey = tuple[str, int, int]
ALIGN_THRESHOLD = 0.42
SYNONYM_COSINE = 0.75
SYNONYM_CREDIT = 0.8
FRAME_BONUS = 0.2
MIN_TERMS = 3
COHESION_SLACK = 0.0
COHESION_SAMPLE = 24  # members of a group its cohesion is measured on
BIG_STORY_COHESION_SAMPLE = 12  # the same where a story has too many pairs to score them all


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


class LexicalSimilarity:
    """Pair similarity in [0, 1]: the idf-weighted share of what two statements have in common
    (words, entities, dates, numbers), a word counting as shared when the other statement has
    a near-synonym (word vector cosine >= SYNONYM_COSINE), plus FRAME_BONUS for a shared event
    about a shared entity; 0 for pairs that share nothing or come from one article. Built
    once per story from sparse incidence rows; scored per pair (link/pairs.py), never as a
    statements x statements matrix."""

    def __init__(self, statements: Sequence[Statement], vocab: Vocab | None) -> None:
        n = len(statements)
        document_frequency = Counter(f for s in statements for f in s.features)
        index = {f: k for k, f in enumerate(document_frequency)}
        idf = np.array([math.log((1 + n) / (1 + df)) + 1 for df in document_frequency.values()])
        features = sparse_incidence([s.features for s in statements], index)
        terms = sparse_incidence([s.terms for s in statements], index)
        weighted = features.multiply(idf[None, :]).tocsr() if n else features
        near = synonym_matrix(document_frequency, index, vocab)
        targets, self.only_synonym = features, None
        if near is not None:
            has_synonym = ((terms @ near) > 0).astype(np.float64)
            only_synonym = (has_synonym - has_synonym.multiply(terms)).tocsr()
            targets = (features + only_synonym).tocsr()
            self.only_synonym = SparseRows(only_synonym)
            self.term_weights = SparseRows(terms.multiply(idf[None, :]) if n else terms)
        self.features, self.weighted = SparseRows(features), SparseRows(weighted)
        self.weights = np.asarray(weighted.sum(axis=1)).ravel()
        frames = [{f"{e}|{x}" for e, x in s.frames} for s in statements]
        self.frames = SparseRows(sparse_incidence(frames, {}))
        self.articles = article_numbers(statements)
        self.rows_for_candidates, self.targets_for_candidates = weighted, targets

    def __call__(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Similarity of each pair (first[k] < second[k])."""
        shared = paired_dot(self.weighted, self.features, first, second)
        if self.only_synonym is not None:
            credit = paired_dot(self.term_weights, self.only_synonym, first, second)
            shared = shared + SYNONYM_CREDIT * credit
        norm = np.sqrt(np.maximum(self.weights[first] * self.weights[second], 1e-12))
        score = shared / norm
        score += FRAME_BONUS * (paired_dot(self.frames, self.frames, first, second) > 0)
        keep = (shared > 0) & (self.articles[first] != self.articles[second])
        return np.where(keep, np.minimum(score, 1.0), 0.0)

    def candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """The pairs worth scoring (link/pairs.py candidate_pairs)."""
        rows, targets = self.rows_for_candidates, self.targets_for_candidates
        return candidate_pairs(self.articles, rows, targets, self.weights)


def article_numbers(statements: Sequence[Statement]) -> np.ndarray:
    """One integer per statement naming its article."""
    number: dict[str, int] = {}
    return np.array([number.setdefault(s.article_id, len(number)) for s in statements], dtype=int)


def sparse_incidence(feature_sets: Sequence[frozenset[str] | set[str]], index: dict[str, int]):
    """A sparse 0/1 matrix: row i marks the features of set i (columns from `index`, which
    grows with unseen features). The row numbers are repeated by numpy, not appended one
    feature at a time (a story's statements hold tens of thousands of features)."""
    columns = [index.setdefault(f, len(index)) for features in feature_sets for f in features]
    rows = np.repeat(np.arange(len(feature_sets)), [len(f) for f in feature_sets])
    shape = (len(feature_sets), max(1, len(index)))
    return sparse.csr_matrix((np.ones(len(columns)), (rows, columns)), shape=shape)


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


VOCABULARIES: dict[int, Vocab] = {}
"""The vocabularies `vector_row` has read, by id: kept here so that an id is never reused by
another vocabulary while its rows are remembered (a process loads one or two pipelines)."""


@lru_cache(maxsize=1 << 18)
def vector_row(vocab_id: int, word: str) -> int | None:
    """The row of `word`'s vector in the vocabulary `vocab_id` (see VOCABULARIES), or None
    for a word without one or not alphabetic. Memoised by the word's string and the
    vocabulary: a story's words are looked up again each time it grows, and most words recur
    across stories; our vocabularies' vector tables are never changed once loaded."""
    vocab = VOCABULARIES[vocab_id]
    if not word.isalpha() or not vocab.has_vector(word):
        return None
    return int(vocab.vectors.find(key=word))


def near_synonyms(words: Mapping[str, int], vocab: Vocab | None) -> dict[str, set[str]]:
    """For each word with a vector, the other words whose vectors are very close to it.
    Words sharing one vector row (spaCy's md model keeps 20,000 rows for 500,000 keys) are
    compared once, a block of rows at a time: the vocabulary of a big story holds tens of
    thousands of words, and their full cosine matrix gigabytes."""
    if vocab is None or not len(vocab.vectors):
        return {}
    VOCABULARIES.setdefault(id(vocab), vocab)
    rows_of: dict[int, list[str]] = {}
    for w in words:
        row = vector_row(id(vocab), w)
        if row is not None:
            rows_of.setdefault(row, []).append(w)
    if not rows_of:
        return {}
    groups = list(rows_of.values())
    matrix = np.asarray(vocab.vectors.data[list(rows_of)], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    near: dict[str, set[str]] = {}
    for start in range(0, len(groups), ROW_BLOCK):
        close = matrix[start : start + ROW_BLOCK] @ matrix.T >= SYNONYM_COSINE
        for offset, k in zip(*np.nonzero(close), strict=True):
            for w in groups[start + offset]:
                near.setdefault(w, set()).update(groups[k])
    for w, others in list(near.items()):
        others.discard(w)
        if not others:
            del near[w]
    return near


@dataclass(frozen=True)
class ScoredPairs:
    """Statement pairs (first[k] < second[k]), the score alignment groups them by and, when
    known, their full similarity (what cohesion measures)."""

    first: np.ndarray
    second: np.ndarray
    score: np.ndarray
    similarity: np.ndarray | None = None


class Cohesion:
    """Mean similarity between two groups of statements: from the pairs already scored, and
    for the others from the pair scorer (remembered: a growing fact is measured against its
    members again and again)."""

    def __init__(self, similarity: PairScore, size: int, known: ScoredPairs) -> None:
        self.similarity = similarity
        self.size = size
        big = size * (size - 1) // 2 > pair_module.ALL_PAIRS_BUDGET
        self.sample = BIG_STORY_COHESION_SAMPLE if big else COHESION_SAMPLE
        keys = known.first.astype(np.int64) * size + known.second
        order = np.argsort(keys)
        self.keys = keys[order]
        self.values = (known.similarity if known.similarity is not None else known.score)[order]
        self.scored: dict[int, float] = {}

    def mean(self, group_a: Sequence[int], group_b: Sequence[int]) -> float:
        """The mean over every pair of members, or of COHESION_SAMPLE members of a larger
        group (evenly spread over it, the same each time): a fact a thousand outlets carry
        is checked against each sentence that could join it."""
        group_a, group_b = sample(group_a, self.sample), sample(group_b, self.sample)
        a = np.repeat(np.array(group_a), len(group_b))
        b = np.tile(np.array(group_b), len(group_a))
        keys = np.minimum(a, b).astype(np.int64) * self.size + np.maximum(a, b)
        position = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        found = self.keys[position] == keys if len(self.keys) else np.zeros(len(keys), bool)
        total = float(self.values[position[found]].sum()) if len(self.keys) else 0.0
        missing = [int(k) for k in keys[~found]]
        unknown = [k for k in dict.fromkeys(missing) if k not in self.scored]
        if unknown:
            first = np.array([k // self.size for k in unknown])
            second = np.array([k % self.size for k in unknown])
            self.scored.update(zip(unknown, self.similarity(first, second).tolist(), strict=True))
        total += sum(self.scored[k] for k in missing)
        return total / len(keys)


def sample(members: Sequence[int], most: int) -> Sequence[int]:
    """At most `most` of `members`, evenly spread."""
    if len(members) <= most:
        return members
    step = len(members) / most
    return [members[int(k * step)] for k in range(most)]


def align_story(
    story: Story,
    statements: Sequence[Statement],
    pairs: ScoredPairs,
    threshold: float = ALIGN_THRESHOLD,
    cohesion: PairScore | None = None,
) -> list[Fact]:
    """Facts of one story: groups of statements from different articles that say the same.

    Pairs are joined best first. With `cohesion` (the full similarity of any pair), two groups
    join only if their mean similarity stays within COHESION_SLACK of the threshold: in a story
    of fifty articles on one subject, chains of pairs would otherwise grow into one "fact"
    about the subject. A fact may hold two sentences of one article (a lead and the paragraph
    that restates it) when each pairs with the others: on ECB+ (bench/facts.py) allowing it
    finds 59% of the events two articles share instead of 52%, at the same precision."""
    articles = article_numbers(statements)
    keep = (pairs.score >= threshold) & (articles[pairs.first] != articles[pairs.second])
    first, second, score = pairs.first[keep], pairs.second[keep], pairs.score[keep]
    order = np.lexsort((-second, -first, -score))  # best first; ties as a sorted tuple list
    group_of = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    measure = Cohesion(cohesion, len(statements), pairs) if cohesion is not None else None
    refused: set[tuple[int, int, int, int]] = set()  # groups (and sizes) found apart
    for i, j in zip(first[order].tolist(), second[order].tolist(), strict=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if measure is not None and len(members[gi]) + len(members[gj]) > 2:
            seen = (gi, len(members[gi]), gj, len(members[gj]))
            if seen in refused:
                continue
            if measure.mean(members[gi], members[gj]) < threshold - COHESION_SLACK:
                refused.add(seen)
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
        first_span = spans[0]
        facts.append(
            Fact(
                f"{story.id}:f{first_span.article_id}:{first_span.start}",
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
