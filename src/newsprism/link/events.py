"""Event words that news writes many ways, folded to one class ("retook" ~ "recaptured").

A small hand-made lexicon for the events conflict and crisis reporting turns on; word vectors
alone do not bring these together (retake/recapture: cosine 0.51 in en_core_web_md).
"""

from __future__ import annotations

EVENT_CLASSES: dict[str, tuple[str, ...]] = {
    "take": ("take", "seize", "capture", "storm", "overrun", "conquer", "takeover", "fall"),
    "retake": ("retake", "recapture", "liberate", "regain", "reclaim", "liberation", "recapture"),
    "hold": ("hold", "control", "occupy", "occupation", "rule"),
    "destroy": ("destroy", "blow", "raze", "demolish", "ravage", "destruction", "wreck"),
    "kill": ("kill", "execute", "slay", "murder", "death", "killing", "execution"),
    "attack": (
        "attack",
        "strike",
        "bomb",
        "shell",
        "raid",
        "bombard",
        "bombardment",
        "airstrike",
        "bombing",
        "offensive",
        "assault",
    ),
    "withdraw": ("withdraw", "retreat", "pull", "flee", "abandon", "withdrawal"),
    "stop": ("stop", "plug", "seal", "cap", "contain", "shut"),
    "leak": ("leak", "spill", "gush", "spew", "flow", "discharge"),
    "explode": ("explode", "explosion", "blast", "blowout"),
    "say": ("say", "tell", "state", "announce", "claim", "add", "report"),
    "concert": ("concert", "orchestra", "musician", "conductor", "amphitheatre", "theatre"),
}
CLASS_OF = {word: name for name, words in EVENT_CLASSES.items() for word in words}


def event_class(lemma: str) -> str | None:
    """The event class of a lemma, if it names one of the lexicon's events."""
    return CLASS_OF.get(lemma)
