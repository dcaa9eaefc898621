"""The verb dictionary of event coding: verbs, frames, light verbs, event nouns and verb-object
pairs, each with its PLOVER category, mode and context (`data/plover_verbs.tsv`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "plover_verbs.tsv"
KINDS = ("verb", "frame", "light", "noun", "pair")
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE"})
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})


@dataclass(frozen=True)
class Code:
    """A PLOVER coding: category (`type`), `mode` and `context` ("" when none)."""

    type: str
    mode: str = ""
    context: str = ""


@dataclass(frozen=True)
class VerbDictionary:
    verbs: dict[str, Code]
    frames: dict[str, Code]
    light: frozenset[str]
    nouns: dict[str, Code]
    pairs: dict[str, Code]


def parse_dictionary(lines: list[str]) -> VerbDictionary:
    """The dictionary written in `lines` (the TSV format of `data/plover_verbs.tsv`);
    ValueError naming the line when one is malformed."""
    tables: dict[str, dict[str, Code]] = {kind: {} for kind in KINDS}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        kind, words = fields[0], fields[1] if len(fields) > 1 else ""
        if kind not in tables or not words:
            raise ValueError(f"{DATA.name} line {number}: unknown kind or no words: {line!r}")
        rest = [*fields[2:], "", "", ""]
        if kind != "light" and not rest[0]:
            raise ValueError(f"{DATA.name} line {number}: no PLOVER type: {line!r}")
        tables[kind][words] = Code(rest[0], rest[1], rest[2])
    return VerbDictionary(
        verbs=tables["verb"],
        frames=tables["frame"],
        light=frozenset(tables["light"]),
        nouns=tables["noun"],
        pairs=tables["pair"],
    )


@lru_cache(maxsize=1)
def verb_dictionary() -> VerbDictionary:
    """The shipped dictionary, read once per process."""
    return parse_dictionary(DATA.read_text(encoding="utf-8").splitlines())
