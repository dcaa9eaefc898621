"""The claims matrix of a story: one row per fact or claim, one column per outlet, each cell
saying how that outlet carries it (asserts, attributes to someone, hedges, denies,
contradicts, or is silent), with the sentence cited.

Built from what the analysis already holds (nothing is stored or exported): the story's
conflict findings (first), its facts, its corroborated findings that are no fact (outlets
describing one entity alike) and its single-source findings. Who a statement is attributed
to is the finding's own `asserted_by` when it has one, else read off the article as the
comparison reads it (`analyse.statements.asserter`); hedged, unverified and denied claims
overlapping the statement set the hedge and denial. Near-duplicate copies (`stories[].duplicates`)
share their original's column, the copies' outlets named as republishers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyse.coverage import outlet_names
from newsprism.analyse.one_sided import overlaps
from newsprism.analyse.statements import asserter
from newsprism.model import Analysis, AnnotatedArticle, Span, Story
from newsprism.present.report.cite import Citer, SourceRef
from newsprism.present.report.text import one_line

MATRIX_ROWS_SHOWN = 40  # rows a report shows; the JSON export has every fact and finding
CELL_KINDS = ("asserts", "attributes", "hedges", "denies", "contradicts", "silent")
HEDGED = frozenset({"hedged", "unverified"})


@dataclass(frozen=True)
class MatrixColumn:
    """One outlet; `republishers` are the outlets of near-duplicate copies folded into it."""

    outlet: str
    republishers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixCell:
    """How one outlet carries one row: `kind` is one of CELL_KINDS; `who` the party it is
    attributed to (or who denies it); `text` the outlet's sentence, `span` where it is,
    `ref` its citation (the anchor of the article's entry); `more` further sentences of the
    outlet in the row."""

    kind: str
    who: str | None = None
    text: str = ""
    span: Span | None = None
    ref: SourceRef | None = None
    more: int = 0

    @property
    def label(self) -> str:
        """The cell in words ("attributes to Igor Konashenkov", "silent")."""
        if self.who and self.kind == "attributes":
            return f"attributes to {self.who}"
        if self.who and self.kind in ("denies", "hedges"):
            return f"{self.kind} ({self.who})"
        return self.kind


@dataclass(frozen=True)
class MatrixRow:
    """A fact or claim: `kind` is `conflict`, `fact` (several outlets), `described` (outlets
    describing one entity alike) or `claim` (one outlet); `text` its first sentence; `slot`
    and `note` what a conflict differs in."""

    kind: str
    text: str
    cells: tuple[MatrixCell, ...]
    slot: str | None = None
    note: str = ""

    @property
    def carriers(self) -> int:
        return sum(c.kind != "silent" for c in self.cells)


@dataclass(frozen=True)
class ClaimsMatrix:
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    more: int = 0  # rows left out of the report


def _columns(
    story: Story, members: Sequence[AnnotatedArticle], outlet_of: dict[str, str]
) -> tuple[tuple[MatrixColumn, ...], dict[str, int]]:
    """The story's columns, in the order of its articles, and each article's column."""
    original_of = dict(story.duplicates)

    def root(article_id: str) -> str:
        seen = {article_id}
        while article_id in original_of and original_of[article_id] not in seen:
            article_id = original_of[article_id]
            seen.add(article_id)
        return article_id

    order: dict[str, int] = {}
    republishers: dict[str, list[str]] = {}
    column_of: dict[str, int] = {}
    for a in members:
        if a.article.id == root(a.article.id):
            outlet = outlet_of[a.article.id]
            column_of[a.article.id] = order.setdefault(outlet, len(order))
    for a in members:
        original = root(a.article.id)
        if original == a.article.id:
            continue
        if original not in column_of:  # the original is not a member: the copy stands alone
            column_of[a.article.id] = order.setdefault(outlet_of[a.article.id], len(order))
            continue
        column_of[a.article.id] = column_of[original]
        outlet = outlet_of[a.article.id]
        names = republishers.setdefault(outlet_of[original], [])
        if outlet != outlet_of[original] and outlet not in names:
            names.append(outlet)
    columns = tuple(
        MatrixColumn(one_line(o), tuple(one_line(r) for r in republishers.get(o, ())))
        for o in order
    )
    return columns, column_of


def stance(
    article: AnnotatedArticle, span: Span, asserted_by: str | None = None
) -> tuple[str, str | None]:
    """How `article` carries the statement `span`: (kind, who) — denies or hedges when a
    denied, hedged or unverified claim overlaps it, else attributes (to whom) or asserts."""
    flagged = [c for c in article.claims if overlaps(c.span, span)]
    for statuses, kind in ((frozenset({"denied"}), "denies"), (HEDGED, "hedges")):
        for claim in flagged:
            if claim.status in statuses:  # an unverified claim's source is not the hedger
                named = claim.source_name and claim.status != "unverified"
                return kind, one_line(claim.source_name or "") if named else None
    who = asserted_by or asserter(article, span)
    if who and who != "reporter":
        return "attributes", one_line(who)
    return "asserts", None


def _row(
    kind: str,
    spans: Sequence[Span],
    asserted_by: Sequence[str],
    width: int,
    column_of: dict[str, int],
    by_id: dict[str, AnnotatedArticle],
    citer: Citer,
    slot: str | None = None,
    note: str = "",
) -> MatrixRow | None:
    found: dict[int, list[tuple[Span, str | None]]] = {}
    who_of = list(asserted_by) + [""] * len(spans)
    for span, who in zip(spans, who_of, strict=False):
        column = column_of.get(span.article_id)
        if column is not None and span.article_id in by_id:
            found.setdefault(column, []).append((span, who or None))
    if not found:
        return None
    cells = []
    for column in range(width):
        if column not in found:
            cells.append(MatrixCell("silent"))
            continue
        span, said_by = found[column][0]
        how, party = stance(by_id[span.article_id], span, said_by)
        if kind == "conflict" and how != "denies":
            how = "contradicts"
        cells.append(
            MatrixCell(
                kind=how,
                who=party,
                text=one_line(span.text),
                span=span,
                ref=citer.ref(span.article_id, [span]),
                more=len(found[column]) - 1,
            )
        )
    return MatrixRow(kind, one_line(spans[0].text), tuple(cells), slot, one_line(note))


def claims_matrix(
    analysis: Analysis, story: Story, citer: Citer, limit: int = MATRIX_ROWS_SHOWN
) -> ClaimsMatrix | None:
    """The claims matrix of `story` (None for loose articles or when it has no row): rows
    ranked conflicts first, then by how many outlets carry them, at most `limit`."""
    if not story.id:
        return None
    by_id = {a.article.id: a for a in analysis.articles}
    members = [by_id[i] for i in story.article_ids if i in by_id]
    outlet_of = outlet_names((a.article.id, a.article.outlet) for a in members)
    columns, column_of = _columns(story, members, outlet_of)
    width = len(columns)
    findings = [f for f in analysis.findings if f.story_id == story.id]
    facts = [f for f in analysis.facts if f.story_id == story.id]
    fact_keys = {frozenset((s.article_id, s.start, s.end) for s in f.statements) for f in facts}
    rows: list[MatrixRow | None] = []
    for f in findings:
        if f.kind == "conflict":
            rows.append(
                _row(
                    "conflict",
                    f.statements,
                    f.asserted_by,
                    width,
                    column_of,
                    by_id,
                    citer,
                    f.slot,
                    f.note,
                )
            )
    for fact in facts:
        rows.append(_row("fact", fact.statements, (), width, column_of, by_id, citer))
    for f in findings:
        key = frozenset((s.article_id, s.start, s.end) for s in f.statements)
        if f.kind == "corroborated" and key not in fact_keys:
            rows.append(
                _row(
                    "described",
                    f.statements,
                    f.asserted_by,
                    width,
                    column_of,
                    by_id,
                    citer,
                    note=f.note,
                )
            )
        elif f.kind == "single_source":
            rows.append(_row("claim", f.statements, f.asserted_by, width, column_of, by_id, citer))
    kept = [r for r in rows if r is not None]
    ranked = sorted(
        range(len(kept)), key=lambda k: (kept[k].kind != "conflict", -kept[k].carriers, k)
    )
    if not kept:
        return None
    return ClaimsMatrix(columns, tuple(kept[k] for k in ranked[:limit]), max(0, len(kept) - limit))
