"""What a sentence says happened, read off its words for the aligned-statement conflicts:
its clauses, its event words (folded to the event classes of link/events.py), which of them a
negation bears on, who does them (the agent), and what a denial denies.

Hand-written and conservative: where the words do not say plainly who did what, nothing is
read (an event in a background clause, an agent among two named parties, a denial of "it").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from newsprism.analyse.statements import ActorMention, lemma_guess
from newsprism.link.events import event_class

WORD = re.compile(r"[A-Za-z][A-Za-z']*-?")
CLAUSE_BREAK = re.compile(
    r"[,;:()\u2014]|\s-+\s|\b(?:but|while|although|whereas|because|and)\b", re.I
)
SUBORDINATORS = frozenset(
    {"since", "after", "when", "that", "which", "who", "before", "following", "until", "as"}
)
NEGATION = re.compile(r"\b(?:not|never|no longer|neither|nor|none|cannot|no)\b|n't\b", re.I)
AUXILIARY = frozenset(
    {"be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "yet", "even",
     "also", "ever", "always", "fully", "completely", "entirely", "able", "to", "get", "got",
     "quite", "just", "so", "far", "only", "already", "still", "actually", "really", "do",
     "does", "did", "managed", "successfully", "permanently", "a", "the"}
)  # fmt: skip
PASSIVE = frozenset({"is", "are", "was", "were", "been", "being", "be"})
STOPWORDS = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "at", "for", "from", "by", "with", "and", "or",
     "but", "that", "this", "these", "those", "it", "its", "they", "their", "them", "he", "she",
     "his", "her", "we", "our", "you", "is", "are", "was", "were", "be", "been", "being", "has",
     "have", "had", "not", "no", "never", "which", "who", "what", "as", "than", "there", "into",
     "said", "say", "says", "also", "would", "will", "could", "can", "did", "does", "do", "any",
     "all", "more", "most", "some", "such", "so", "very", "about", "after", "before", "over",
     "out", "up", "one", "two", "new", "now", "then", "when", "while", "just", "only", "still"}
)  # fmt: skip
IRREGULAR = {
    "took": "take", "taken": "take", "retook": "retake", "retaken": "retake", "blew": "blow",
    "blown": "blow", "fell": "fall", "fallen": "fall", "held": "hold", "withdrew": "withdraw",
    "withdrawn": "withdraw", "fled": "flee", "struck": "strike", "overran": "overrun",
    "shut": "shut", "spilt": "spill",
}  # fmt: skip
INTRANSITIVE = frozenset({"fall"})  # in the take class, but its subject is what is taken
NOUN_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "of"})
AGENT_REACH = 4  # words between an agent's name and its verb ("BP engineers on Thursday")
NOT_AGENT_PATH = frozenset({"by", "of", "with", "that", "who", "which", "said", "says", "told"})
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"dismiss(?:es|ed|ing)?)\b",
    re.I,
)
DENIED_CONTENT = re.compile(
    r"^\s*(?:that\b|(?:the |any )?(?:claims?|reports?|allegations?|accusations?|suggestions?|"
    r"charges?|speculation|rumou?rs?)\s+(?:that|of)\b|(?=[a-z]+ing\b))",
    re.I,
)  # a proposition: "denied that ...", "rejected claims that ...", "denied cutting corners"


class EventWord(NamedTuple):
    start: int
    end: int
    event: str
    clause: tuple[int, int]  # offsets of the clause holding it
    background: bool  # in a subordinate or participle clause, or a hyphenated adjective


def word_event(word: str) -> str | None:
    """The event class of an inflected word ("exploded", "killing", "seized", "retook")."""
    word = word.lower().rstrip("-'")
    stem = IRREGULAR.get(word) or lemma_guess(word)
    return event_class(word) or event_class(stem) or event_class(stem + "e")


def clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(m.start() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def event_words(text: str) -> list[EventWord]:
    found = []
    for start, end in clauses(text):
        words = list(WORD.finditer(text, start, end))
        subordinate = bool(words) and words[0].group(0).lower().endswith("ing")
        for w in words:
            lowered = w.group(0).lower()
            subordinate = subordinate or lowered in SUBORDINATORS
            event = word_event(lowered)
            if event:
                hyphenated = lowered.endswith("-") or text[w.end() : w.end() + 1] == "-"
                found.append(EventWord(w.start(), w.end(), event, (start, end),
                                       subordinate or hyphenated))  # fmt: skip
    return found


def negated_starts(text: str) -> set[int]:
    """Start offsets of the words negations bear on: the first word after the negation that
    is not an auxiliary ("has not been able to stop" -> stop; "will not solve the spill" ->
    solve, so the spill is not negated)."""
    found = set()
    for match in NEGATION.finditer(text):
        for w in WORD.finditer(text, match.end()):
            if w.group(0).lower() not in AUXILIARY:
                found.add(w.start())
                break
    return found


def content_words(text: str) -> set[str]:
    """Lemma guesses of the words that carry content ("BP's" -> "bp"; "hasn't", "the" and
    other function words left out)."""
    words = (w.lower().split("'")[0].strip("-") for w in WORD.findall(text) if "n't" not in w)
    return {lemma_guess(w) for w in words if w not in STOPWORDS and len(w) > 2}


def arguments(text: str, word: EventWord) -> set[str]:
    """The content words of the event's clause but the event word: its participants."""
    start, end = word.clause
    return content_words(text[start : word.start] + " " + text[word.end : end])


def same_arguments(first: AbstractSet[str], second: AbstractSet[str], share: float = 0.6) -> bool:
    shared = first & second
    return len(shared) >= 2 and len(shared) >= share * min(len(first), len(second))


def is_verb(text: str, word: EventWord) -> bool:
    """A verb that takes an agent: not a noun ("the capture of", "its leak": no determiner
    right before it), nor "fall" ("shares fell", "the city fell to IS": no agent before it)."""
    before = WORD.findall(text[: word.start])
    written = text[word.start : word.end].lower()
    lemma = IRREGULAR.get(written) or lemma_guess(written)
    return lemma not in INTRANSITIVE and (not before or before[-1].lower() not in NOUN_BEFORE)


def agent(text: str, word: EventWord, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """Who does the event: the one party named in its clause before the verb, at most
    AGENT_REACH words before it; in the passive, the party named after "by". None where the
    clause names two parties before the verb ("Syrian troops backed by Russian jets")."""
    start, end = word.clause
    before = [w.lower() for w in WORD.findall(text[start : word.start])]
    if PASSIVE & set(before[-2:]):  # "was recaptured by", "was permanently killed"
        after = [m for m in mentions if word.end <= m.start < end]
        between = WORD.findall(text[word.end : after[0].start]) if after else []
        if between and between[0].lower() == "by" and len(between) <= 2:
            return after[0]
        return None
    subject = [m for m in mentions if start <= m.start and m.end <= word.start]
    if len({m.entity for m in subject}) != 1:
        return None
    path = [w.lower() for w in WORD.findall(text[subject[-1].end : word.start])]
    if len(path) > AGENT_REACH or NOT_AGENT_PATH & set(path):
        return None
    return subject[-1]


def denied_content(text: str) -> Iterator[tuple[str, str]]:
    """(who denies, the proposition denied) for each active denial verb whose object is a
    proposition: "BP denied that it had cut corners", "rejected claims that ...". Not a
    passive ("the initial ban was rejected"), a refusal ("denied a permit") or a denial of
    "it" or "those comments" (no proposition to compare)."""
    for match in DENIAL.finditer(text):
        before = [w.lower() for w in WORD.findall(text[: match.start()])]
        if before and before[-1] in PASSIVE:
            continue
        rest = text[match.end() :]
        content = DENIED_CONTENT.match(rest)
        if content:
            clause_start = max((a for a, _ in clauses(text) if a <= match.start()), default=0)
            yield text[clause_start : match.start()].strip(" ,\"'"), rest[content.end() :]
