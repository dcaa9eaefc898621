"""Names that news text writes in several forms (data/aliases.tsv), shipped with the package.

The gazetteer is used twice: as spaCy EntityRuler patterns so the forms are recognised at all
("Daesh", "Isis"), and by the entity linker so they become one entity.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple


class KnownName(NamedTuple):
    canonical: str
    label: str


@lru_cache(maxsize=1)
def known_aliases() -> dict[str, KnownName]:
    """Each alias as written -> its canonical name and entity type."""
    table: dict[str, KnownName] = {}
    text = files("newsprism.annotate").joinpath("data/aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, label, aliases = line.split("\t")
        for alias in aliases.split("|"):
            table[alias.strip()] = KnownName(canonical, label)
    return table
