"""Paraphrase-level similarity of a story's statements: sentence embeddings plus agreement.

Word overlap (align.similarity_matrix) pairs sentences that share a topic ("Palmyra", "Russian",
"strikes") as readily as sentences that report the same thing. A sentence encoder (MiniLM)
scores meaning, but within one story every sentence is about the same place and people, so the
cosine alone sits at 0.5-0.7 for most pairs. What separates a shared fact is agreement on
what the fact is made of: the same event about the same entity ("take" + IS), the same date or
number, the same entities. News sentences also pack several facts into one ("Syrian forces
retook the town in March, and in early May, the Russian conductor ... led an orchestra"), so
two sentences that share an event also get the best cosine of their clauses.

Two more looks beyond the pair itself. The articles' context (link/context.py): when a story
holds two events of one kind, a sentence either could carry pairs with articles on its own
event. And a pair that is not a clear match must share something specific (a word, name, date
or number few of the story's sentences have), or it only shares the story's subject: on the
example, "Konashenkov claimed around 5,000 Isis militants took part in the attack on Palmyra"
and "The jihadists briefly entered Palmyra on Saturday" share only words many of the story's
sentences have ("Palmyra", "attack", and "retreat" ~ "withdraw").
On ECB+ topics (two events each; bench/facts.py) the two took precision from .73 to .78 and
the events found from 59% to 73%; on its sub-topics (one event each) they cost a point.

Only statements of stories with two or more articles are embedded, in one batch per story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from spacy.vocab import Vocab

from newsprism.link.align import Statement, align_story, similarity_matrix, sparse_incidence
from newsprism.link.context import context_affinity
from newsprism.link.date_ranges import dates_fit
from newsprism.model import Fact, Story

CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\u2013\u2014\u201c\u201d\"]|\s-\s|\s--\s)\s*")
MIN_CLAUSE_WORDS = 4
CLAUSE_BONUS = 0.0  # added to the best clause cosine (tuned on the example: none)
FRAME_AGREEMENT = 0.05  # the same specific event about the same entity
VALUE_AGREEMENT = 0.15  # the same date or number
ENTITY_AGREEMENT = 0.05  # times the share of the smaller entity set found in the other
DATE_DISAGREEMENT = 0.15
CONTEXT_WEIGHT = 1.0  # times the articles' affinity (link/context.py)
PARAPHRASE_THRESHOLD = 0.6
LEXICAL_SCALE = 1.5  # lexical share (0-1) to the MiniLM cosine's range, when not embedding
LEXICAL_THRESHOLD = 0.55
MUTUAL_RANK = 1  # each statement the other's best match in its article
CLEAR_MATCH = 0.75  # a pair scoring less must share something specific (shares_specific)
SPECIFIC_SHARE = 0.05
GENERIC_EVENTS = frozenset({"attack", "hold"})  # in war reports nearly every sentence has one


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def clauses(text: str) -> list[str]:
    """The clauses of a sentence long enough to state something on their own."""
    return [c for c in CLAUSE_BREAK.split(text) if len(c.split()) >= MIN_CLAUSE_WORDS]


def paraphrase_similarity(statements: Sequence[Statement], encoder: Encoder) -> np.ndarray:
    """Pairwise scores (about 0.3-1.3) for statements of different articles; 0 within one."""
    n = len(statements)
    if n == 0 or len({s.article_id for s in statements}) < 2:
        return np.zeros((n, n))
    parts = [clauses(s.span.text) if specific_events(s) else [] for s in statements]
    texts = [s.span.text for s in statements] + [c for cs in parts for c in cs]
    vectors = encoder.encode(texts)
    meaning = vectors[:n] @ vectors[:n].T
    owner = np.array([i for i, cs in enumerate(parts) for _ in cs], dtype=int)
    clause_meaning = best_clause_cosine(vectors[n:], owner, n) + CLAUSE_BONUS
    specific = incidence([specific_events(s) for s in statements])
    shares_event = (specific @ specific.T) > 0
    meaning = np.where(shares_event, np.maximum(meaning, clause_meaning), meaning)
    score = meaning + agreement_matrix(statements) + CONTEXT_WEIGHT * context_affinity(statements)
    articles = np.array([s.article_id for s in statements])
    return np.where(articles[:, None] != articles[None, :], score, 0.0)


def incidence(
    feature_sets: Sequence[set[str] | frozenset[str]], index: dict[str, int] | None = None
) -> np.ndarray:
    """A 0/1 matrix: row i marks the features of set i (columns from `index`, extended)."""
    index = {} if index is None else index
    for features in feature_sets:
        for f in features:
            index.setdefault(f, len(index))
    matrix = np.zeros((len(feature_sets), max(1, len(index))), dtype=np.float32)
    for i, features in enumerate(feature_sets):
        matrix[i, [index[f] for f in features]] = 1.0
    return matrix


def agreement_matrix(statements: Sequence[Statement]) -> np.ndarray:
    """How much each pair agrees on what a fact is made of: the same specific event about the
    same entity, the same date or number, shared entities; less when both are dated and no
    date of one overlaps a date of the other (Monday is not Saturday; the weekend is).
    Matrix products, as a story can have thousands of statements."""
    frames = incidence(
        [{f"{e}|{x}" for e, x in s.frames if e not in GENERIC_EVENTS} for s in statements]
    )
    values = incidence([set(s.facts) for s in statements])
    entities = incidence([set(s.entities) for s in statements])
    bonus = FRAME_AGREEMENT * ((frames @ frames.T) > 0)
    bonus += VALUE_AGREEMENT * ((values @ values.T) > 0)
    sizes = entities.sum(axis=1)
    smaller = np.maximum(np.minimum(sizes[:, None], sizes[None, :]), 1)
    bonus += ENTITY_AGREEMENT * (entities @ entities.T) / smaller
    dated, fit = dates_fit([dates_of(s) for s in statements])
    bonus -= DATE_DISAGREEMENT * (dated[:, None] & dated[None, :] & ~fit)
    return bonus


def dates_of(statement: Statement) -> set[str]:
    return {f[2:] for f in statement.facts if f.startswith("t:")}


def specific_events(statement: Statement) -> set[str]:
    return {e for e, _ in statement.frames if e not in GENERIC_EVENTS}


def best_clause_cosine(vectors: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """For each pair of statements, the highest cosine between a clause of one and of the
    other (-1 when either has no clause). `owner` (sorted) gives each clause's statement."""
    best = np.full((n, n), -1.0)
    if len(vectors) == 0:
        return best
    owners, starts = np.unique(owner, return_index=True)
    cosine = vectors @ vectors.T
    by_row = np.maximum.reduceat(cosine, starts, axis=0)
    best[np.ix_(owners, owners)] = np.maximum.reduceat(by_row, starts, axis=1)
    return best


def mutual_best(statements: Sequence[Statement], score: np.ndarray, rank: int) -> np.ndarray:
    """`score` with every pair zeroed unless each statement is among the other's `rank` best
    matches in its article: a sentence close to everything is no one's paraphrase."""
    n = len(statements)
    keep = np.zeros((n, n), dtype=bool)
    by_article: dict[str, list[int]] = {}
    for k, s in enumerate(statements):
        by_article.setdefault(s.article_id, []).append(k)
    for members in by_article.values():
        columns = np.array(members)
        best = columns[np.argsort(-score[:, columns], axis=1, kind="stable")[:, :rank]]
        keep[np.repeat(np.arange(n), best.shape[1]), best.ravel()] = True
    return np.where(keep & keep.T, score, 0.0)  # within one article the score is 0 anyway


def lexical_paraphrase_similarity(
    statements: Sequence[Statement], lexical: np.ndarray
) -> np.ndarray:
    """The same scores with the idf-weighted word overlap of `align.similarity_matrix` in place
    of the sentence encoder: no embedding cost, weaker on paraphrases (the example: 3 of 5 gold
    corroborated facts against 4 of 5 with MiniLM)."""
    articles = np.array([s.article_id for s in statements])
    score = LEXICAL_SCALE * lexical + agreement_matrix(statements)
    score += CONTEXT_WEIGHT * context_affinity(statements)
    return np.where(articles[:, None] != articles[None, :], score, 0.0)


def paraphrase_scores(
    statements: Sequence[Statement],
    encoder: Encoder | None = None,
    lexical: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """What `align_story` groups by: the paraphrase similarity kept for mutual best pairs,
    and the full similarity (for the cohesion of groups). With `lexical` (a word-overlap
    matrix) nothing is embedded; otherwise the MiniLM encoder is loaded, only when a story
    has statements from two articles."""
    if len({s.article_id for s in statements}) < 2:
        empty = np.zeros((len(statements), len(statements)))
        return empty, empty
    if lexical is not None:
        similarity = lexical_paraphrase_similarity(statements, lexical)
        return mutual_best(statements, similarity, MUTUAL_RANK), similarity
    if encoder is None:
        from newsprism.embed import load_encoder

        encoder = load_encoder("minilm")
    similarity = paraphrase_similarity(statements, encoder)
    best = mutual_best(statements, similarity, MUTUAL_RANK)
    return np.where(shares_specific(statements) | (best >= CLEAR_MATCH), best, 0.0), similarity


def shares_specific(statements: Sequence[Statement]) -> np.ndarray:
    """Which pairs share a word, name, date or number that few of the story's statements have
    (at most SPECIFIC_SHARE of them, or two): the second look at a pair that is not a clear
    match. Sentences that share only the story's subject ("Palmyra", "attack", "Russian")
    are topical neighbours, not two reports of one fact."""
    features = [s.terms | s.entities | s.facts for s in statements]
    frequency = Counter(f for fs in features for f in fs)
    most = max(2.0, SPECIFIC_SHARE * len(statements))
    specific = sparse_incidence([{f for f in fs if frequency[f] <= most} for fs in features], {})
    return (specific @ specific.T).toarray() > 0


def align_facts(
    story: Story,
    statements: Sequence[Statement],
    vocab: Vocab | None = None,
    encoder: Encoder | None = None,
) -> list[Fact]:
    """The story's facts: statements of different articles grouped by paraphrase score, with
    MiniLM (`encoder`, loaded when not given) or, given spaCy's `vocab`, by word overlap."""
    lexical = None if vocab is None else similarity_matrix(statements, vocab)
    scores, similarity = paraphrase_scores(statements, encoder, lexical)
    threshold = PARAPHRASE_THRESHOLD if lexical is None else LEXICAL_THRESHOLD
    return align_story(story, statements, scores, threshold, similarity)


def embeds_statements(facts_model: str, statement_counts: Sequence[int], budget: int) -> bool:
    """Whether this run aligns with MiniLM: always for "minilm", never for "lexical"; for "auto"
    while the statements of its multi-article stories stay within `budget`. MiniLM reads about
    100 sentences/s per core, twice spaCy's pace, so embedding every statement of a large batch
    would halve throughput; a journalist's handful of articles gets the better model."""
    if facts_model not in {"auto", "minilm", "lexical"}:
        raise ValueError(f"facts_model must be auto, minilm or lexical, not {facts_model!r}")
    return facts_model == "minilm" or (facts_model == "auto" and sum(statement_counts) <= budget)
