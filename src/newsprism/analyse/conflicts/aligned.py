"""Conflicts between statements aligned as one fact: the same report with a different value.

Alignment (link/paraphrase.py) pairs sentences that say nearly the same thing; when two such
sentences differ in one slot, one of them is wrong or the outlets disagree. Each rule compares
the event itself, read off the words (predicates.py), not the sentences' sources:
- `negation`: one says an event happened, the other negates that very event with the same
  participants ("The cap has not stopped the flow" vs "The cap stopped the flow");
- `denial`: one states a proposition, the other reports a party denying that proposition in
  so many words ("BP denied that it had cut corners on the cement job");
- `actor`: the same event with the same participants done by different agents, named as the
  verb's subject or after "by" ("Syrian troops recaptured Palmyra" vs "Russian special forces
  recaptured Palmyra"), neither a wording of the other ("the Coast Guard", "the US coastguard").
No rule for places: a party doing the same thing in two places is as often two events as one
event misplaced, and the words do not tell which. Sentences that state no fact (conditional,
modal, a question) or an earlier state ("had", "until") are not compared. Numbers are compared
by numbers.py (which also uses the close pairs found here). Only pairs close enough
to be one report are compared (most content words shared, published within SAME_DAYS): a fact
may group sentences that only share its subject, and over a story of months later reports
update earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import combinations

from newsprism.analyse.conflicts.predicates import (
    DENIAL,
    NEGATION,
    EventWord,
    agent,
    arguments,
    content_words,
    denied_content,
    event_words,
    is_verb,
    negated_starts,
    same_arguments,
)
from newsprism.analyse.statements import ActorMention, SentenceFacts
from newsprism.link.names import IRREGULAR_DEMONYMS, fold
from newsprism.model import Fact, Span

SAME_REPORT_OVERLAP = 0.6  # share of the shorter sentence's content words found in the other
SAME_DAYS = 3
ALL_PAIRS_UP_TO = 40  # statements of a fact whose every pair is compared
PAIRS_EACH = 20  # in a bigger fact, the later statements each one is compared with
DENIED_SHARE = 0.6  # share of the denied proposition's content words the other side states
AGENT_EVENTS = frozenset({"take", "retake", "destroy", "kill", "stop", "withdraw"})
NEGATABLE_EVENTS = AGENT_EVENTS | {"leak", "explode", "attack", "hold"}
NO_FACT = re.compile(
    r"\b(?:if|whether|unless|could|would|might|(?-i:may)|should|must|will|can|cannot|ca|wo|"
    r"hop(?:e|es|ed)|expect\w*|plan(?:s|ned|ning)?|threaten\w*|try|tries|tried|attempt\w*|"
    r"needs?|aim(?:s|ed)?|want(?:s|ed)?|going to)\b|\?",
    re.I,
)  # not an assertion that it happened or did not ("may" the modal, not the month)
EARLIER_STATE = re.compile(
    r"\b(?:had|until|till|initially|originally|earlier|previously|at first|before)\b", re.I
)
NEGATIVE_OUTCOME = re.compile(
    r"\b(?:fail\w*|unable|stop(?:ped|s)?|halt\w*|end(?:ed|s)|ceas\w*|no longer|yet to)\b", re.I
)
NAME_FILLER = frozenset({"the", "plc", "inc", "ltd", "co", "corp", "s"})

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
        for a, b in member_pairs(members):
            if a.span.article_id != b.span.article_id:
                yield number, (a, b)


def member_pairs(members: Sequence[SentenceFacts]) -> Iterator[Pair]:
    """Every pair of a fact's sentences while it has at most ALL_PAIRS_UP_TO; in a bigger
    fact (a sentence a thousand outlets print) each sentence with the next PAIRS_EACH of
    those published within SAME_DAYS of it: what is compared is bounded by the fact's size,
    and a disagreement repeated by many outlets still meets its other side."""
    if len(members) <= ALL_PAIRS_UP_TO:
        yield from combinations(members, 2)
        return
    ordered = sorted(members, key=lambda s: s.published or date.min)
    for k, a in enumerate(ordered):
        for b in ordered[k + 1 : k + 1 + PAIRS_EACH]:
            if not same_days(a, b):
                break
            yield a, b


def negation_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """One side negates an event ("has not stopped"), the other states that very event with
    the same participants, un-negated, and does not say in other words that it did not happen
    ("failed to stop"; "stopped leaking" is "no longer leaking")."""
    if earlier_state(a) or earlier_state(b):
        return None
    for negating, affirming in ((a, b), (b, a)):
        text, other = negating.span.text, affirming.span.text
        denied = negated_in(text)
        for word in foreground(text):
            if word.start not in denied or word.event not in NEGATABLE_EVENTS:
                continue
            for match in stated(other, word.event):
                if same_arguments(participants(text, word), participants(other, match)):
                    if not negative_outcome(other, match):
                        return "negation", (
                            f"one says it happened ({word.event}), the other that it did not"
                        )
    return None


@lru_cache(maxsize=8192)
def stated(text: str, event: str) -> tuple[EventWord, ...]:
    """The foreground, un-negated words of the event class in the sentence; none if the
    sentence negates the event anywhere. (This and the other functions of a sentence's text
    here are memoised: a watched story's aligned pairs are compared again each time it
    grows.)"""
    negated = negated_in(text)
    words = [w for w in event_words(text) if w.event == event]
    if any(w.start in negated for w in words):
        return ()
    return tuple(w for w in words if not w.background)


@lru_cache(maxsize=8192)
def negated_in(text: str) -> frozenset[int]:
    """`negated_starts` of the text."""
    return frozenset(negated_starts(text))


@lru_cache(maxsize=8192)
def participants(text: str, word: EventWord) -> frozenset[str]:
    """`arguments` of the event word in the text."""
    return frozenset(arguments(text, word))


def negative_outcome(text: str, word: EventWord) -> bool:
    """Whether the event's clause says in other words that it did not happen or stopped: a
    failure or cessation word that is not the event word itself."""
    start, end = word.clause
    return any(m.start() + start != word.start for m in NEGATIVE_OUTCOME.finditer(text[start:end]))


def denial_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """A party denies, in so many words, the proposition the other side states as fact (the
    other side neither negates nor reports a denial itself)."""
    for denier, other in ((a, b), (b, a)):
        stated_words = plainly_stated(other.span.text)
        if stated_words is None:
            continue
        for subject, denied in denials(denier.span.text):
            shared = denied & stated_words
            if len(shared) >= 2 and len(shared) >= DENIED_SHARE * len(denied):
                party = subject if denier.asserted_by == "reporter" else denier.asserted_by
                return "denial", f"{party or 'a party'} denies what the other statement reports"
    return None


@lru_cache(maxsize=8192)
def plainly_stated(text: str) -> frozenset[str] | None:
    """The content words of a sentence that states something plainly; None when it denies,
    negates, states no fact or an earlier state (it then is no side of a denial conflict)."""
    if DENIAL.search(text) or NEGATION.search(text) or is_no_fact(text) or is_earlier(text):
        return None
    return frozenset(content_words(text))


@lru_cache(maxsize=8192)
def denials(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(who denies, the content words of what is denied) of each denial in the text."""
    return tuple((subject, frozenset(content_words(p))) for subject, p in denied_content(text))


def actor_conflict(a: SentenceFacts, b: SentenceFacts) -> tuple[str, str] | None:
    """The same event, with the same participants, done by different agents of one kind
    (two nations, two organisations, two people): neither names the other's agent, and the
    two names are not one wording of the other."""
    if not same_time(a, b) or earlier_state(a) or earlier_state(b):
        return None
    for first in agents(a):
        for second in agents(b):
            (word_a, who_a), (word_b, who_b) = first, second
            if word_a.event != word_b.event or who_a.label != who_b.label:
                continue
            if who_a.entity in b.actors or who_b.entity in a.actors:
                continue
            name_a = a.span.text[who_a.start : who_a.end]
            name_b = b.span.text[who_b.start : who_b.end]
            if same_name(name_a, name_b):
                continue
            participants_a = arguments(a.span.text, word_a) - content_words(name_a)
            participants_b = arguments(b.span.text, word_b) - content_words(name_b)
            if same_arguments(participants_a, participants_b):
                return "actor", (
                    f"the same event ({word_a.event}) credited to {name_a} by one statement, "
                    f"to {name_b} by the other"
                )
    return None


def agents(s: SentenceFacts) -> Iterator[tuple[EventWord, ActorMention]]:
    text = s.span.text
    negated = negated_starts(text)
    for word in foreground(text):
        if word.event in AGENT_EVENTS and word.start not in negated and is_verb(text, word):
            who = agent(text, word, s.actor_mentions)
            if who is not None:
                yield word, who


def same_name(first: str, second: str) -> bool:
    """Whether two names may be one party: a word in common ("BP" / "BP Plc", "US officials"
    / "the top U.S. spill official") or one written inside the other ("coastguard")."""
    words_a, words_b = name_words(first), name_words(second)
    joined_a, joined_b = "".join(words_a), "".join(words_b)
    return bool(set(words_a) & set(words_b)) or joined_a in joined_b or joined_b in joined_a


def name_words(name: str) -> list[str]:
    """The words of a name, a country's short forms and demonyms spelled out ("U.S." and
    "American" -> united states, as entity linking reads them)."""
    tokens = re.findall(r"[a-z]+(?:\.[a-z]+)*\.?", fold(name))
    spelled = " ".join(IRREGULAR_DEMONYMS.get(t, t) for t in tokens)
    words = re.findall(r"[a-z]+", spelled)
    return [w for w in words if w not in NAME_FILLER] or words


@lru_cache(maxsize=4096)
def foreground(text: str) -> tuple[EventWord, ...]:
    """The sentence's event words outside background clauses (cached: a sentence of a big
    fact is compared with many others)."""
    return tuple(w for w in event_words(text) if not w.background)


def same_time(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Both name the same month, or neither names one."""
    return set(a.months) == set(b.months) or bool(set(a.months) & set(b.months))


RULES: tuple[Callable[[SentenceFacts, SentenceFacts], tuple[str, str] | None], ...] = (
    denial_conflict,
    negation_conflict,
    actor_conflict,
)


def no_fact(s: SentenceFacts) -> bool:
    return is_no_fact(s.span.text)


def earlier_state(s: SentenceFacts) -> bool:
    return is_earlier(s.span.text)


@lru_cache(maxsize=8192)
def is_no_fact(text: str) -> bool:
    return bool(NO_FACT.search(text))


@lru_cache(maxsize=8192)
def is_earlier(text: str) -> bool:
    return bool(EARLIER_STATE.search(text))


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
        if not same_report(a, b) or not same_days(a, b) or no_fact(a) or no_fact(b):
            continue
        for rule in RULES:
            result = rule(a, b)
            if result is not None:
                if (fact_number, result[0]) not in seen:
                    seen.add((fact_number, result[0]))
                    found.append(((a, b), *result))
                break
    return found
