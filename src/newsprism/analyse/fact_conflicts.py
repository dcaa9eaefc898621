"""Conflicts between statements aligned as one fact: the same report with a different value.

Alignment (link/paraphrase.py) pairs sentences that say nearly the same thing; when two such
sentences differ in one slot, one of them is wrong or the outlets disagree:
- `negation`: one says the thing happened, the other that it did not;
- `denial`: one states it, the other reports a party denying it;
- `place`: the same specific event (taken, killed, destroyed, ...) put in different places;
- `actor`: the same specific event given to different people, groups or nations.
Numbers are compared by number_conflicts.py (which also uses the close pairs found here). Only
pairs close enough to be one report are compared
(most content words shared, published within SAME_DAYS): a fact may group sentences that only
share its subject, and over a story of months later reports update earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

from newsprism.analyse.statements import SentenceFacts, lemma_guess
from newsprism.link.events import event_class
from newsprism.model import Fact, Span

SAME_REPORT_OVERLAP = 0.6  # share of the shorter sentence's content words found in the other
SAME_DAYS = 3
DENIAL_CUE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed)?|refut\w+|dismiss\w*)\b", re.I
)
LOCATED_EVENTS = frozenset({"take", "retake", "destroy", "kill", "explode", "withdraw"})
GENERIC_EVENTS = frozenset({"say", "attack", "hold"})
SUBORDINATORS = frozenset({"since", "after", "when", "that", "which", "who", "before", "following"})
CONDITIONAL = re.compile(
    r"\b(?:if|whether|unless|could|would|might|may|should|hop(?:e|es|ed)|expect\w*|plan\w*|"
    r"threaten\w*|try|tries|tried|attempt\w*)\b",
    re.I,
)  # not an assertion that it happened or did not
NEGATIVE_OUTCOME = re.compile(
    r"\b(?:fail\w*|unable|stop(?:ped|s)?|halt\w*|end(?:ed|s)|ceas\w*|no longer|yet to)\b", re.I
)

Pair = tuple[SentenceFacts, SentenceFacts]
Conflict = tuple[Pair, str, str]  # the two sides, the slot, what differs


def aligned_pairs(
    sentences: Sequence[SentenceFacts], facts: Sequence[Fact]
) -> Iterator[tuple[int, Pair]]:
    """(fact number, pair) for the pairs of sentences of different articles one fact groups."""
    by_start = {(s.span.article_id, s.span.start): s for s in sentences}
    for number, fact in enumerate(facts):
        members = [
            by_start[(sp.article_id, sp.start)]
            for sp in fact.statements
            if (sp.article_id, sp.start) in by_start
        ]
        for a, b in combinations(members, 2):
            if a.span.article_id != b.span.article_id:
                yield number, (a, b)


def negation_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """One side negates the very event both report ("has not stopped" vs "stopped"), the
    other does not negate it, nor say otherwise that it did not happen ("failed to stop",
    "stopped leaking" is "no longer leaking")."""
    for event in sorted(shared_events(a, b)):
        if (event in a.negated_events) != (event in b.negated_events):
            affirming = b if event in a.negated_events else a
            if not negative_outcome(affirming.span.text, event):
                return "negation", f"one says it happened ({event}), the other that it did not"
    return None


def negative_outcome(text: str, event: str) -> bool:
    """Whether the sentence says in other words that something did not happen or stopped:
    a failure or cessation word that is not the event itself."""
    return any(word_event(m.group(0).lower()) != event for m in NEGATIVE_OUTCOME.finditer(text))


def denial_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """A named party denies (in so many words) what the other side reports."""
    if a.denied != b.denied:
        denier, other = (a, b) if a.denied else (b, a)
        party = denier.asserted_by
        if DENIAL_CUE.search(denier.span.text) and party not in ("reporter", other.asserted_by):
            return "denial", f"{party} denies what the other statement reports"
    return None


def place_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """Only sentences naming one place each, about a change the places matter to: in a longer
    sentence the place named may not be where the event happened."""
    if not reported_events(a, b) or not same_time(a, b):
        return None
    if len(a.own_places) == 1 and len(b.own_places) == 1 and not a.places & b.places:
        if shared_events(a, b) and a.actors & b.actors:  # the same actor, two places
            return "place", "the same event is placed in different places"
    return None


def actor_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    if not reported_events(a, b) or not same_time(a, b):
        return None
    if a.actors and b.actors and not a.actors & b.actors:
        if a.own_places & b.own_places:  # the same thing done at the same place by others
            return "actor", "the same event is credited to different actors"
    return None


def reported_events(a: SentenceFacts, b: SentenceFacts) -> set[str]:
    """The located events both report as news, not only as background: "since the rig
    exploded", "when an explosion killed 11", ", killing 11 workers", "the blown-out well"
    set the scene and carry places and actors that are not the event's."""
    located = shared_events(a, b) & LOCATED_EVENTS
    return located - background_only(a.span.text) - background_only(b.span.text)


def background_only(text: str) -> set[str]:
    """Event classes whose words are all in subordinate clauses (after since, when, that, ...
    up to the next comma), participle phrases (", killing 11") or hyphenated adjectives."""
    background, foreground = set(), set()
    for segment in re.split(r"[,;:()\u2014]|\s-+\s", text):
        words = re.findall(r"[A-Za-z]+-?", segment)
        subordinate = bool(words) and words[0].lower().endswith("ing")
        for word in words:
            lowered = word.lower().rstrip("-")
            subordinate = subordinate or lowered in SUBORDINATORS
            event = word_event(lowered)
            if event:
                (background if subordinate or word.endswith("-") else foreground).add(event)
    return background - foreground


def word_event(word: str) -> str | None:
    """The event class of an inflected word ("exploded", "killing", "seized")."""
    stem = lemma_guess(word)
    return event_class(word) or event_class(stem) or event_class(stem + "e")


def same_time(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Both name the same month, or neither names one."""
    return set(a.months) == set(b.months) or bool(set(a.months) & set(b.months))


def shared_events(a: SentenceFacts, b: SentenceFacts) -> set[str]:
    return set(a.events & b.events) - GENERIC_EVENTS


RULES: tuple[Callable[[SentenceFacts, SentenceFacts], tuple[str, str] | None], ...] = (
    denial_conflict,
    negation_conflict,
    place_conflict,
    actor_conflict,
)


def conditional(s: SentenceFacts) -> bool:
    return bool(CONDITIONAL.search(s.span.text))


def same_report(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Whether two sentences of one fact are close enough to compare slot by slot: a fact
    can group sentences that only share its subject ("the spill"), and those differ in
    everything without contradicting each other."""
    shared = len(a.terms & b.terms)
    return shared / max(1, min(len(a.terms), len(b.terms))) >= SAME_REPORT_OVERLAP


def same_days(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Published within SAME_DAYS of each other (or undated): over a story of months the
    numbers, the state of a leak, who denies what all change, so reports weeks apart that
    differ are updates, not disagreements."""
    if a.published is None or b.published is None:
        return True
    return abs((a.published - b.published).days) <= SAME_DAYS


def close_pairs(sentences: Sequence[SentenceFacts], facts: Sequence[Fact]) -> set[frozenset[Span]]:
    """The spans of aligned pairs close enough to be one report."""
    return {
        frozenset({a.span, b.span})
        for _, (a, b) in aligned_pairs(sentences, facts)
        if same_report(a, b) and same_days(a, b)
    }


def aligned_conflicts(sentences: Sequence[SentenceFacts], facts: Sequence[Fact]) -> list[Conflict]:
    """The first conflict each close aligned pair shows (most specific rule first), at most
    one per fact and slot: a fact carried by ten articles is one disagreement, not 45."""
    found: list[Conflict] = []
    seen: set[tuple[int, str]] = set()
    for fact_number, (a, b) in aligned_pairs(sentences, facts):
        if not same_report(a, b) or not same_days(a, b) or conditional(a) or conditional(b):
            continue
        for rule in RULES:
            result = rule(a, b)
            if result is not None:
                if (fact_number, result[0]) not in seen:
                    seen.add((fact_number, result[0]))
                    found.append(((a, b), *result))
                break
    return found
