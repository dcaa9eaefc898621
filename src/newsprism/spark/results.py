"""The per-story results of a job joined into one `Analysis` (for `--json` and `--db`).

Entities are linked inside each story; one real-world thing named alike in two stories has
the same id there (a hash of its type and name), and its fragments are joined here: mentions
and aliases together, the name and type of the fragment with the most mentions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from newsprism.model import Analysis, Entity, InputProblem


def merge_entities(fragments: Iterable[Entity]) -> list[Entity]:
    """One entity per id, in order of first appearance."""
    by_id: dict[str, list[Entity]] = {}
    for entity in fragments:
        by_id.setdefault(entity.id, []).append(entity)
    return [merge_fragments(parts) for parts in by_id.values()]


def merge_fragments(parts: list[Entity]) -> Entity:
    if len(parts) == 1:
        return parts[0]
    main = max(parts, key=lambda e: len(e.mentions))
    mentions = {(m.article_id, m.start, m.end): m for e in parts for m in e.mentions}
    return replace(
        main,
        aliases=tuple(dict.fromkeys(a for e in [main, *parts] for a in e.aliases)),
        mentions=tuple(mentions[key] for key in sorted(mentions)),
        roles=tuple(dict.fromkeys(r for e in [main, *parts] for r in e.roles)),
        place=main.place or next((e.place for e in parts if e.place is not None), None),
    )


def join_analyses(parts: Iterable[Analysis], problems: Iterable[InputProblem] = ()) -> Analysis:
    """One Analysis of the stories of `parts` (each a story's), with the job's problems."""
    fields = ("articles", "entities", "stories", "facts", "timeline", "findings", "summaries")
    joined: dict[str, list[Any]] = {name: [] for name in fields}
    for part in parts:
        for name in fields:
            joined[name] += getattr(part, name)
    joined["entities"] = merge_entities(joined["entities"])
    return Analysis(
        **{name: tuple(items) for name, items in joined.items()}, problems=tuple(problems)
    )
