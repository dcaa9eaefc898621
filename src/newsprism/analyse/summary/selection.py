"""Choose summary sentences by weighted concept coverage under a word budget.

The method is the concept-coverage model of Gillick & Favre (2009, "A scalable global model for
summarization"; ICSISumm at DUC/TAC): concepts are weighted (see `concepts`), and the
summary maximises the total weight of the concepts it covers, so a concept
repeated across sentences only counts once and redundancy earns nothing. Each sentence also
carries a modular prior (lead position, corroboration by other outlets), which keeps the
objective monotone submodular (Lin & Bilmes 2011). Instead of an ILP solver we use the
cost-scaled greedy of Lin & Bilmes (2010), compare it with the best single sentence, and then
improve it by pairwise swaps (a local search that in practice closes most of the gap to the ILP).
Written by hand: no maintained library implements this objective for our data model.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsprism.analyse.summary.concepts import bigram_concepts

MAX_SWAP_ROUNDS = 20
DUPLICATE_COSINE = 0.6
OVERRUN_SLACKS = (0, 10, 20, 30)  # words left for the sentence that runs past the budget


@dataclass(frozen=True)
class Candidate:
    """A sentence that may enter the summary, reduced to what selection needs: its length,
    concepts, content terms, prior, (for `select_with_overrun`) the stemmed words of each
    of its words, so that the concepts of its first few words can be found, and which source
    sentence it shows (`source`: shortened forms of one sentence never go together)."""

    words: int
    concepts: frozenset[tuple[str, ...]]
    terms: frozenset[str]
    prior: float
    stems_per_word: tuple[tuple[str, ...], ...] = ()
    source: tuple[int, int] | None = None

    def head_concepts(self, words: int) -> frozenset[tuple[str, ...]]:
        """The concepts of the sentence's first `words` words."""
        return bigram_concepts([s for stems in self.stems_per_word[:words] for s in stems])


def are_near_duplicates(a: Candidate, b: Candidate) -> bool:
    """True when two candidates show the same source sentence or share most of their content
    words (cosine of term sets)."""
    if a.source is not None and a.source == b.source:
        return True
    if not a.terms or not b.terms:
        return False
    shared = len(a.terms & b.terms)
    return shared / math.sqrt(len(a.terms) * len(b.terms)) >= DUPLICATE_COSINE


class CoverageProblem:
    """Candidates, concept weights and a word budget, with the moves the search makes."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        weights: dict[tuple[str, ...], float],
        max_words: int,
    ) -> None:
        self.candidates = candidates
        self.weights = weights
        self.max_words = max_words
        self.concepts = [frozenset(c for c in x.concepts if c in weights) for x in candidates]
        # Each candidate's (concept, weight) pairs, in the order of its concept set, so that a
        # gain sums the same terms in the same order without looking each weight up again
        # (the search asks for hundreds of thousands of gains in a story).
        self.weighted = [[(c, weights[c]) for c in concepts] for concepts in self.concepts]
        self.words = [c.words for c in candidates]
        self.min_words = min(self.words, default=0)
        self._duplicates: dict[tuple[int, int], bool] = {}

    def value(self, chosen: Iterable[int]) -> float:
        """Total weight of the concepts `chosen` covers, plus their priors."""
        picked = list(chosen)
        covered = set().union(*(self.concepts[i] for i in picked))
        return sum(self.weights[c] for c in covered) + sum(self.candidates[i].prior for i in picked)

    def gain(self, index: int, covered: set[tuple[str, ...]]) -> float:
        """What adding candidate `index` to a summary covering `covered` adds to the value."""
        fresh = sum(w for c, w in self.weighted[index] if c not in covered)
        return fresh + self.candidates[index].prior

    def covered_by(self, chosen: Iterable[int]) -> set[tuple[str, ...]]:
        """The weighted concepts that `chosen` covers."""
        return set().union(*(self.concepts[i] for i in chosen))

    def fits(self, index: int, chosen: Sequence[int], used: int | None = None) -> bool:
        """True when `index` fits the budget beside `chosen` (`used` words) and repeats none
        of them."""
        if used is None:
            used = sum(self.candidates[i].words for i in chosen)
        if index in chosen or used + self.candidates[index].words > self.max_words:
            return False
        return not any(self.repeats(index, i) for i in chosen)

    def repeats(self, a: int, b: int) -> bool:
        """Whether candidates `a` and `b` are near-duplicates (memoised: the search asks often)."""
        key = (a, b) if a < b else (b, a)
        if key not in self._duplicates:
            self._duplicates[key] = are_near_duplicates(self.candidates[a], self.candidates[b])
        return self._duplicates[key]

    def open_beside(self, chosen: Sequence[int], used: int) -> list[int]:
        """The candidates that fit beside `chosen` (`used` words), in index order."""
        return [i for i in range(len(self.candidates)) if self.fits(i, chosen, used)]

    def extend_greedily(
        self, chosen: list[int], length_exponent: float, open_: list[int] | None = None
    ) -> list[int]:
        """Add the sentence with the best gain per word**`length_exponent` until none fits.

        `open_` (the candidates that fit beside `chosen`, in index order; found here when not
        given) only shrinks as sentences are added: the words left only fall, and a candidate
        that repeats a chosen one keeps repeating it. So after each addition only the
        candidates still open are checked, against the budget and the one added sentence,
        instead of every candidate against every chosen sentence."""
        current = list(chosen)
        covered = self.covered_by(current)
        used = sum(self.words[i] for i in current)
        if open_ is None:
            open_ = self.open_beside(current, used)
        words, gain = self.words, self.gain
        while True:
            best, best_score = -1, 0.0
            for index in open_:
                score = gain(index, covered) / words[index] ** length_exponent
                if score > best_score:
                    best, best_score = index, score
            if best < 0:
                return current
            current.append(best)
            covered |= self.concepts[best]
            used += words[best]
            room = self.max_words - used
            open_ = [
                i for i in open_ if i != best and words[i] <= room and not self.repeats(i, best)
            ]

    def improve_by_swaps(self, chosen: list[int], pool: Sequence[int]) -> list[int]:
        """Swap one chosen sentence for one of `pool` (then refill) while the value rises."""
        current, value = list(chosen), self.value(chosen)
        for _ in range(MAX_SWAP_ROUNDS):
            better = self.best_swap(current, value, pool)
            if better is None:
                return current
            current, value = better, self.value(better)
        return current

    def best_swap(self, current: list[int], value: float, pool: Sequence[int]) -> list[int] | None:
        """The first swap (with refill) of `current` that beats `value`, or None. The
        candidates that fit beside the kept sentences are found once per sentence taken
        out, and narrowed for each sentence swapped in (see `extend_greedily`)."""
        for out in current:
            rest = [i for i in current if i != out]
            covered = self.covered_by(rest)
            base = self.value(rest)
            used = sum(self.candidates[i].words for i in rest)
            open_rest: list[int] | None = None
            for index in pool:
                if index == out or not self.fits(index, rest, used):
                    continue
                trial = rest + [index]
                if base + self.gain(index, covered) <= value + 1e-9:
                    room = self.max_words - sum(self.candidates[i].words for i in trial)
                    if room < self.min_words:
                        continue
                    if open_rest is None:
                        open_rest = self.open_beside(rest, used)
                    open_trial = [
                        i
                        for i in open_rest
                        if i != index and self.words[i] <= room and not self.repeats(i, index)
                    ]
                    trial = self.extend_greedily(trial, 1.0, open_trial)
                if self.value(trial) > value + 1e-9:
                    return trial
        return None


def select_sentences(
    candidates: Sequence[Candidate],
    weights: dict[tuple[str, ...], float],
    max_words: int,
    length_exponent: float = 1.0,
    swap_pool: int = 60,
) -> list[int]:
    """Indexes of the candidates that best cover the weighted concepts within `max_words`."""
    problem = CoverageProblem(candidates, weights, max_words)
    fitting = [i for i, c in enumerate(candidates) if c.words <= max_words]
    if not fitting:
        return []
    greedy = problem.extend_greedily([], length_exponent)
    best_single = max(fitting, key=lambda i: problem.value([i]))
    if problem.value([best_single]) > problem.value(greedy):
        greedy = problem.extend_greedily([best_single], length_exponent)
    pool = sorted(fitting, key=lambda i: problem.value([i]) / candidates[i].words, reverse=True)
    return problem.improve_by_swaps(greedy, pool[:swap_pool])


def overrun_sentence(problem: CoverageProblem, chosen: Sequence[int]) -> tuple[int | None, float]:
    """The sentence to show after `chosen`, running past the budget, whose words within the
    budget add the most value (new concepts, prior in proportion), and that value."""
    room = problem.max_words - sum(problem.candidates[i].words for i in chosen)
    covered = problem.covered_by(chosen)
    best, best_gain = None, 0.0
    for index, candidate in enumerate(problem.candidates):
        if room <= 0 or not problem.fits(index, chosen, 0):
            continue
        shown = min(room, candidate.words)
        fresh = candidate.head_concepts(shown) - covered
        gain = sum(problem.weights.get(c, 0.0) for c in fresh)
        gain += candidate.prior * shown / candidate.words
        if gain > best_gain:
            best, best_gain = index, gain
    return best, best_gain


def select_with_overrun(
    candidates: Sequence[Candidate],
    weights: dict[tuple[str, ...], float],
    max_words: int,
) -> tuple[list[int], int | None]:
    """Sentences within `max_words` plus one last sentence that runs past it, for readers who
    cut a summary at `max_words` words (ROUGE's convention): the choice that covers the most
    within the cut, trying the budget for the whole sentences a little below `max_words`."""
    problem = CoverageProblem(candidates, weights, max_words)
    best: tuple[float, list[int], int | None] = (-1.0, [], None)
    for slack in OVERRUN_SLACKS:
        chosen = select_sentences(candidates, weights, max_words - slack)
        last, gain = overrun_sentence(problem, chosen)
        value = problem.value(chosen) + gain
        if value > best[0]:
            best = (value, chosen, last)
    return best[1], best[2]
