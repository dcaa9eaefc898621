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

import numpy as np
from spacy.vocab import Vocab

from newsprism.embed import load_encoder
from newsprism.embed_cache import Encoder
from newsprism.link.align import (
    LexicalSimilarity,
    ScoredPairs,
    Statement,
    align_story,
    article_numbers,
    sparse_incidence,
)
from newsprism.link.context import ContextAffinity
from newsprism.link.date_ranges import DateSpans
from newsprism.link.pairs import (
    PairScore,
    SparseRows,
    best_of_each_article,
    pair_groups,
    paired_dot,
)
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
DENSE_COSINES = 2048  # statements up to which all their cosines are one matrix product (16 MB)
GATHER_CHUNK = 65536  # pairs whose vectors are gathered at once beyond that
GENERIC_EVENTS = frozenset({"attack", "hold"})  # in war reports nearly every sentence has one


def clauses(text: str) -> list[str]:
    """The clauses of a sentence long enough to state something on their own."""
    return [c for c in CLAUSE_BREAK.split(text) if len(c.split()) >= MIN_CLAUSE_WORDS]


class Agreement:
    """How much each pair agrees on what a fact is made of: the same specific event about the
    same entity, the same date or number, shared entities; less when both are dated and no
    date of one overlaps a date of the other (Monday is not Saturday; the weekend is)."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        frames = [{f"{e}|{x}" for e, x in s.frames if e not in GENERIC_EVENTS} for s in statements]
        self.frames = SparseRows(sparse_incidence(frames, {}))
        self.values = SparseRows(sparse_incidence([set(s.facts) for s in statements], {}))
        self.entities = SparseRows(sparse_incidence([set(s.entities) for s in statements], {}))
        self.sizes = np.array([len(s.entities) for s in statements], dtype=float)
        self.dates = DateSpans([dates_of(s) for s in statements])

    def __call__(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        bonus = FRAME_AGREEMENT * (paired_dot(self.frames, self.frames, first, second) > 0)
        bonus += VALUE_AGREEMENT * (paired_dot(self.values, self.values, first, second) > 0)
        smaller = np.maximum(np.minimum(self.sizes[first], self.sizes[second]), 1)
        shared = paired_dot(self.entities, self.entities, first, second)
        bonus += ENTITY_AGREEMENT * shared / smaller
        dated = self.dates.dated[first] & self.dates.dated[second]
        unfit = dated.copy()
        unfit[dated] = ~self.dates.fit(first[dated], second[dated])
        return bonus - DATE_DISAGREEMENT * unfit


def dates_of(statement: Statement) -> set[str]:
    return {f[2:] for f in statement.facts if f.startswith("t:")}


def specific_events(statement: Statement) -> set[str]:
    return {e for e, _ in statement.frames if e not in GENERIC_EVENTS}


class ParaphraseSimilarity:
    """Pair scores (about 0.3-1.3) for statements of different articles, 0 within one: the
    MiniLM cosine of the two sentences (or, for sentences sharing a specific event, of their
    closest clauses), or with `lexical` given LEXICAL_SCALE times its word-overlap share
    (no embedding cost, weaker on paraphrases: the example finds 3 of 5 gold corroborated
    facts against 4 of 5 with MiniLM); plus agreement and the articles' context."""

    def __init__(
        self,
        statements: Sequence[Statement],
        encoder: Encoder | None = None,
        lexical: LexicalSimilarity | None = None,
    ) -> None:
        self.articles = article_numbers(statements)
        self.agreement = Agreement(statements)
        self.context = ContextAffinity(statements)
        self.lexical = lexical
        if lexical is None:
            self.embed(statements, encoder or load_encoder("minilm"))

    def embed(self, statements: Sequence[Statement], encoder: Encoder) -> None:
        n = len(statements)
        self.specific = SparseRows(sparse_incidence([specific_events(s) for s in statements], {}))
        parts = [clauses(s.span.text) if specific_events(s) else [] for s in statements]
        vectors = encoder.encode([s.span.text for s in statements] + [c for p in parts for c in p])
        self.vectors, self.clause_vectors = vectors[:n], vectors[n:]
        self.gram: np.ndarray | None = None
        self.clause_counts = np.array([len(p) for p in parts], dtype=int)
        self.clause_offsets = np.cumsum(self.clause_counts) - self.clause_counts

    def __call__(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        if self.lexical is not None:
            meaning = LEXICAL_SCALE * self.lexical(first, second)
        else:
            meaning = self.cosines(first, second)
            shares_event = paired_dot(self.specific, self.specific, first, second) > 0
            clause = self.best_clause_cosine(first, second) + CLAUSE_BONUS
            meaning = np.where(shares_event, np.maximum(meaning, clause), meaning)
        score = (
            meaning + self.agreement(first, second) + CONTEXT_WEIGHT * self.context(first, second)
        )
        return np.where(self.articles[first] != self.articles[second], score, 0.0)

    def cosines(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The statements' cosines for each pair: read from the matrix of all their cosines
        while a story has at most DENSE_COSINES statements (one matrix product, computed
        once: a story is scored several times), else from the pairs' gathered vectors, a chunk
        at a time (gathering 80,000 pairs' vectors costs more than the whole matrix)."""
        n = len(self.vectors)
        if n <= DENSE_COSINES:
            if self.gram is None:
                self.gram = self.vectors @ self.vectors.T
            return self.gram[first, second]
        out = np.empty(len(first), dtype=self.vectors.dtype)
        for start in range(0, len(first), GATHER_CHUNK):
            part = slice(start, start + GATHER_CHUNK)
            left, right = self.vectors[first[part]], self.vectors[second[part]]
            out[part] = np.einsum("ij,ij->i", left, right)
        return out

    def best_clause_cosine(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """For each pair, the highest cosine between a clause of one and of the other (-1
        when either has no clause)."""
        pair, a, b = pair_groups(self.clause_counts[first], self.clause_counts[second])
        best = np.full(len(first), -1.0)
        if len(pair):
            left = self.clause_vectors[self.clause_offsets[first][pair] + a]
            right = self.clause_vectors[self.clause_offsets[second][pair] + b]
            np.maximum.at(best, pair, np.einsum("ij,ij->i", left, right))
        return best


def shares_specific(
    statements: Sequence[Statement], first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """Which pairs share a word, name, date or number that few of the story's statements have
    (at most SPECIFIC_SHARE of them, or two): the second look at a pair that is not a clear
    match. Sentences that share only the story's subject ("Palmyra", "attack", "Russian")
    are topical neighbours, not two reports of one fact."""
    features = [s.terms | s.entities | s.facts for s in statements]
    frequency = Counter(f for fs in features for f in fs)
    most = max(2.0, SPECIFIC_SHARE * len(statements))
    specific = SparseRows(
        sparse_incidence([{f for f in fs if frequency[f] <= most} for fs in features], {})
    )
    return paired_dot(specific, specific, first, second) > 0


def paraphrase_scores(
    statements: Sequence[Statement],
    encoder: Encoder | None = None,
    lexical: LexicalSimilarity | None = None,
) -> tuple[ScoredPairs, PairScore]:
    """What `align_story` groups by: the candidate pairs (link/pairs.py) with their paraphrase
    similarity, kept where each statement is the other's best match in its article (a
    sentence close to everything is no one's paraphrase), and the similarity of any pair (for
    the cohesion of groups). With `lexical` nothing is embedded; otherwise the MiniLM encoder
    is loaded, only when a story has statements from two articles."""
    articles = article_numbers(statements)
    if len(set(articles.tolist())) < 2:
        empty = np.zeros(0, dtype=int)
        return ScoredPairs(empty, empty, np.zeros(0)), no_similarity
    similarity = ParaphraseSimilarity(statements, encoder, lexical)
    first, second = (lexical or LexicalSimilarity(statements, None)).candidates()
    score = similarity(first, second)
    best = np.where(best_of_each_article(first, second, score, articles, MUTUAL_RANK), score, 0.0)
    if lexical is None:
        clear = shares_specific(statements, first, second) | (best >= CLEAR_MATCH)
        best = np.where(clear, best, 0.0)
    return ScoredPairs(first, second, best, score), similarity


def no_similarity(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return np.zeros(len(first))


def align_facts(
    story: Story,
    statements: Sequence[Statement],
    vocab: Vocab | None = None,
    encoder: Encoder | None = None,
) -> list[Fact]:
    """The story's facts: statements of different articles grouped by paraphrase score, with
    MiniLM (`encoder`, loaded when not given) or, given spaCy's `vocab`, by word overlap."""
    lexical = None if vocab is None else LexicalSimilarity(statements, vocab)
    pairs, similarity = paraphrase_scores(statements, encoder, lexical)
    threshold = PARAPHRASE_THRESHOLD if lexical is None else LEXICAL_THRESHOLD
    return align_story(story, statements, pairs, threshold, similarity)


def embeds_statements(
    facts_model: str, statements: int, budget: int, articles: int = 0, window: int = 0
) -> bool:
    """Whether one story's facts are matched with MiniLM: always for "minilm", never for
    "lexical"; for "auto" while the story has at most `budget` statements to match and, when
    `window` is set (Settings.growth_window), at most `window` articles (an incremental run
    re-reads only a window of a bigger story, so could not count its statements). The rule
    depends on the story alone, so `analyze`, a watch pass, an incremental run and the Spark
    job match the same story alike. MiniLM reads about 100 sentences/s per core, twice
    spaCy's pace: a big story's statements are matched by word overlap, bounding its cost."""
    if facts_model not in {"auto", "minilm", "lexical"}:
        raise ValueError(f"facts_model must be auto, minilm or lexical, not {facts_model!r}")
    if facts_model != "auto":
        return facts_model == "minilm"
    return statements <= budget and (window <= 0 or articles <= window)
