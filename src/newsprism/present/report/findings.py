"""What a report shows of the source comparison: findings, single-source lines per outlet,
the coverage matrix; built from an `Analysis` with a story's `Citer`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.analyse.coverage import outlet_names, story_coverage
from newsprism.model import Analysis, Finding, Story
from newsprism.present.report.cite import Citer, SourceRef
from newsprism.present.report.text import one_line

SINGLE_SOURCE_SHOWN = 10  # per outlet, most checkable first; the export has them all
SIDES_SHOWN = 6  # statements shown per finding (a fact a thousand articles carry)
COVERAGE_ROWS_SHOWN = 40


@dataclass(frozen=True)
class Side:
    """One statement of a finding and who asserts it ("reporter" or a named party)."""

    text: str
    ref: SourceRef
    asserted_by: str | None

    @property
    def party(self) -> str | None:
        """The named party asserting this; None when it is the reporter or not known."""
        return None if self.asserted_by in (None, "reporter") else self.asserted_by


@dataclass(frozen=True)
class FindingView:
    note: str
    slot: str | None
    outlets: tuple[str, ...]
    sides: tuple[Side, ...]
    one_sided_by: str | None = None


@dataclass(frozen=True)
class OutletLines:
    outlet: str
    findings: tuple[FindingView, ...]
    more: int = 0  # further single-source statements of the outlet, in the JSON export only


@dataclass(frozen=True)
class CoverageRow:
    """One fact of the coverage matrix: its first statement and which outlets carry it."""

    text: str
    ref: SourceRef
    sources: int
    carried: tuple[bool, ...]
    one_sided_by: str | None


@dataclass(frozen=True)
class CoverageView:
    outlets: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    single_source: tuple[int, ...]
    more: int = 0  # facts left out of the report (all are in the JSON export)


def finding_view(finding: Finding, citer: Citer) -> FindingView:
    asserted = list(finding.asserted_by) + [None] * len(finding.statements)
    return FindingView(
        note=one_line(finding.note),
        slot=finding.slot,
        outlets=tuple(one_line(o) for o in finding.outlets),
        sides=tuple(
            Side(one_line(s.text), citer.ref(s.article_id, [s]), who)
            for s, who in list(zip(finding.statements, asserted, strict=False))[:SIDES_SHOWN]
        ),
        one_sided_by=one_line(finding.one_sided_by) if finding.one_sided_by else None,
    )


def findings_of(
    findings: Iterable[Finding], story: Story, kind: str, citer: Citer
) -> tuple[FindingView, ...]:
    return tuple(
        finding_view(f, citer)
        for f in findings
        if story.id and f.story_id == story.id and f.kind == kind
    )


def single_source_by_outlet(
    findings: Iterable[Finding], story: Story, citer: Citer, outlets: dict[str, str]
) -> tuple[OutletLines, ...]:
    """Single-source findings grouped by the outlet that alone reports them."""
    groups: dict[str, list[FindingView]] = {}
    for view, finding in (
        (finding_view(f, citer), f)
        for f in findings
        if story.id and f.story_id == story.id and f.kind == "single_source"
    ):
        first_article = finding.statements[0].article_id if finding.statements else ""
        outlet = view.outlets[0] if view.outlets else outlets.get(first_article, "")
        groups.setdefault(outlet or "Unknown outlet", []).append(view)
    return tuple(
        OutletLines(o, tuple(v[:SINGLE_SOURCE_SHOWN]), max(0, len(v) - SINGLE_SOURCE_SHOWN))
        for o, v in groups.items()
    )


def coverage_view(analysis: Analysis, story: Story, citer: Citer) -> CoverageView | None:
    """The story's coverage matrix, facts as rows (the most widely carried first)."""
    outlet_of = outlet_names((a.article.id, a.article.outlet) for a in analysis.articles)
    coverage = story_coverage(story, outlet_of, analysis.facts, analysis.findings)
    if not coverage.facts:
        return None
    rows = tuple(
        CoverageRow(
            text=one_line(fact.statements[0].text),
            ref=citer.ref(fact.statements[0].article_id, fact.statements[:1]),
            sources=fact.sources or len(fact.outlets),
            carried=tuple(row[k] for row in coverage.carried),
            one_sided_by=one_line(fact.one_sided_by) if fact.one_sided_by else None,
        )
        for k, fact in enumerate(coverage.facts[:COVERAGE_ROWS_SHOWN])
    )
    return CoverageView(
        outlets=tuple(one_line(o) for o in coverage.outlets),
        rows=rows,
        single_source=coverage.single_source,
        more=max(0, len(coverage.facts) - COVERAGE_ROWS_SHOWN),
    )
