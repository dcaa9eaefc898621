"""The coverage matrix of a story: which outlet carries which fact.

Read off the facts and findings an analysis already holds (no new result to store): one row
per outlet of the story, one column per fact (facts carried by most independent outlets
first), and per outlet the number of checkable statements only it reports. Reports and the
JSON export show the same matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsprism.model import Fact, Finding, Story


@dataclass(frozen=True)
class Coverage:
    story_id: str
    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]
    carried: tuple[tuple[bool, ...], ...]  # carried[outlet][fact]
    single_source: tuple[int, ...]  # per outlet: statements no other outlet reports


def story_coverage(
    story: Story,
    outlet_of: Mapping[str, str],
    facts: Iterable[Fact],
    findings: Iterable[Finding],
) -> Coverage:
    """The matrix of `story`; `outlet_of` maps article id to outlet as the facts name it."""
    outlets = tuple(dict.fromkeys(outlet_of[a] for a in story.article_ids if a in outlet_of))
    own = sorted(
        (f for f in facts if f.story_id == story.id),
        key=lambda f: (-(f.sources or len(f.outlets)), -len(f.outlets), f.id),
    )
    only: dict[str, int] = {}
    for finding in findings:
        if finding.story_id == story.id and finding.kind == "single_source":
            for outlet in finding.outlets[:1]:
                only[outlet] = only.get(outlet, 0) + 1
    return Coverage(
        story_id=story.id,
        outlets=outlets,
        facts=tuple(own),
        carried=tuple(tuple(o in f.outlets for f in own) for o in outlets),
        single_source=tuple(only.get(o, 0) for o in outlets),
    )


def outlet_names(articles: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Article id -> outlet, named as the alignment names it (the article when unknown)."""
    return {a_id: outlet or f"article {a_id}" for a_id, outlet in articles}
