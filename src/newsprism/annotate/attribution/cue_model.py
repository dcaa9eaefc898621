"""Which words are attribution cues, and how far each cue reaches: a small learned model.

PolNeAR marks as cues far more than reporting verbs: "called for", "endorsed", "wants",
"seemed", "according to", nouns like "criticism of". A lexicon misses most of them, so a
logistic regression over the dependency parse (trained by `bench/train_attribution.py` on
polnear/train, weights shipped in `data/attribution_cues.json`, scored here in pure Python)
decides which tokens head a cue. Which dependents of the head join the cue span ("has said",
"did not", "said in a statement", "called for") is a table of how often PolNeAR includes each
kind of dependent, learned from the same data; so is how often a content runs on over each
kind of dependent of the cue that follows it ("called it a hoax as a candidate", "said X in a
statement": `continuation_keys`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from newsprism.annotate.attribution.cues import SPEECH_LEMMAS, THOUGHT_LEMMAS

MODEL_PATH = Path(__file__).parent / "data" / "attribution_cues.json"
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "PROPN"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "dative", "advcl"})
CLOSED_CLASS_DEPS = frozenset({"prep", "mark", "cc", "advmod", "agent", "dative"})
CONTINUATION_RATE = 0.6  # run on where PolNeAR did at least this often (polnear/train)


def cue_features(token: Token, quoted: bool) -> list[str]:
    """Features of `token` as a possible cue head (shared by training and prediction)."""
    doc = token.doc
    lemma = token.lemma_.lower()
    head = token.head
    prev = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    lexicon = "speech" if lemma in SPEECH_LEMMAS else "thought" if lemma in THOUGHT_LEMMAS else "-"
    features = [
        "bias",
        f"l={lemma}",
        f"w={token.lower_}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={token.dep_}",
        f"l+d={lemma}|{token.dep_}",
        f"l+t={lemma}|{token.tag_}",
        f"hl={head.lemma_.lower()}",
        f"d+hp={token.dep_}|{head.pos_}",
        f"l+hl={lemma}|{head.lemma_.lower()}",
        f"prev={prev}",
        f"next={nxt}",
        f"l+next={lemma}|{nxt}",
        f"prev+l={prev}|{lemma}",
        f"lex={lexicon}|{token.pos_}",
        f"q={quoted}",
        f"q+lex={quoted}|{lexicon}",
        f"prev2={doc[token.i - 2].text if token.i > 1 else '<s>'}|{prev}",
    ]
    deps = set()
    for child in token.children:
        side = "L" if child.i < token.i else "R"
        dep = child.dep_
        deps.add(f"{dep}{side}")
        if dep in CONTENT_DEPS or dep in {"nsubj", "nsubjpass", "prep", "agent", "poss"}:
            features.append(f"l+c={lemma}|{dep}{side}")
        if dep == "prep":
            features.append(f"l+prep={lemma}|{child.lower_}")
        if dep in {"nsubj", "nsubjpass"}:
            features.append(f"subj={child.pos_}|{child.ent_type_}")
            features.append(f"subj+l={child.lemma_.lower()}|{lemma}")
        if dep in {"dobj", "pobj"}:
            features.append(f"l+obj={lemma}|{child.lemma_.lower()}")
        if dep == "mark":
            features.append(f"mark={child.lower_}")
    features.extend(f"c={dep}" for dep in deps)
    features.append(f"lex+content={lexicon}|{bool(deps & {'ccompR', 'xcompR', 'ccompL'})}")
    return features


@dataclass(frozen=True)
class CueModel:
    """Feature weights for cue heads and inclusion rates for the dependents of a cue."""

    weights: dict[str, float]
    threshold: float
    inclusion: dict[str, float]
    continuation: dict[str, float] = field(default_factory=dict)

    def probability(self, token: Token, quoted: bool) -> float:
        score = sum(self.weights.get(f, 0.0) for f in cue_features(token, quoted))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def is_cue(self, token: Token, quoted: bool) -> bool:
        if token.pos_ not in CANDIDATE_POS:
            return False
        return self.probability(token, quoted) >= self.threshold

    def includes(self, head: Token, child: Token) -> bool:
        """Whether PolNeAR usually counts dependent `child` as part of the cue `head`."""
        for key in dependent_keys(head, child):
            rate = self.inclusion.get(key)
            if rate is not None:
                return rate >= 0.5
        return False

    def continues(self, content_head: Token, child: Token) -> bool:
        """Whether PolNeAR usually lets a content run on over `child`, a dependent of the cue
        after the content ("said X by phone" no, "called it X, for years" ...: learned)."""
        for key in continuation_keys(content_head, child):
            rate = self.continuation.get(key)
            if rate is not None:
                return rate >= CONTINUATION_RATE
        return False


def continuation_keys(content_head: Token, child: Token) -> list[str]:
    """Keys of the continuation table for `child`, a dependent of the cue after the content
    headed by `content_head`, most specific first ("prep|as|dobj", "prep|as", "prep")."""
    word = child.lower_ if child.dep_ in CLOSED_CLASS_DEPS else child.pos_
    return [f"{child.dep_}|{word}|{content_head.dep_}", f"{child.dep_}|{word}", child.dep_]


def dependent_keys(head: Token, child: Token) -> list[str]:
    """Keys of the inclusion table for `child` of cue `head`, most specific first
    ("prep|R|in|statement", "prep|R|in", "prep|R")."""
    side = "L" if child.i < head.i else "R"
    keys = [f"{child.dep_}|{side}|{child.lower_}", f"{child.dep_}|{side}"]
    objects = [c for c in child.children if c.dep_ == "pobj"]
    if child.dep_ == "prep" and objects:
        keys.insert(0, f"{keys[0]}|{objects[0].lemma_.lower()}")
    return keys


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel:
    """The shipped model (bench/train_attribution.py writes it; the package includes it)."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return CueModel(
        data["weights"], data["threshold"], data["inclusion"], data.get("continuation", {})
    )


def cue_span(model: CueModel, head: Token, content: Sequence[int]) -> tuple[int, int]:
    """Token range of the cue headed by `head`: the head and the dependents PolNeAR includes,
    stopping short of the content tokens."""
    blocked = set(content)
    start, end = head.i, head.i + 1
    children = [c for c in head.children if c.i not in blocked and model.includes(head, c)]
    for child in sorted((c for c in children if c.i > head.i), key=lambda c: c.i):
        subtree = [t.i for t in child.subtree]
        if child.dep_ == "prep" and any(t in blocked for t in subtree):
            subtree = [child.i]  # "called for <content>": the preposition only
        if subtree[0] != end or any(t in blocked for t in subtree):
            break
        end = subtree[-1] + 1
    for child in sorted((c for c in children if c.i < head.i), key=lambda c: -c.i):
        subtree = [t.i for t in child.subtree]
        if subtree[-1] + 1 != start or any(t in blocked for t in subtree):
            break
        start = subtree[0]
    return start, end
