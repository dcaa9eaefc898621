"""The HTML report: one self-contained page (inline CSS, no scripts, no external assets).

Every piece of article text (titles, outlets, sentences, names, URLs) goes through
`html.escape`; only http(s) URLs become links. The page shell is `templates/report.html`,
filled with `string.Template`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from importlib.resources import files
from string import Template

from newsprism.model import Analysis
from newsprism.present.report.chart import timeline_chart
from newsprism.present.report.cite import CitedLine, SourceRef
from newsprism.present.report.events_table import events_html
from newsprism.present.report.findings import CoverageView, FindingView, Side
from newsprism.present.report.matrix import ClaimsMatrix, MatrixCell, MatrixColumn, MatrixRow
from newsprism.present.report.story_map import map_html
from newsprism.present.report.view import (
    FLAGGED_STATUSES,
    ArticleLine,
    ReportView,
    StoryView,
    build_report_view,
    hidden_note,
)

QUOTE_KINDS = ("direct", "indirect", "mixed")


def render_html(analysis: Analysis) -> str:
    """The report of `analysis` as one self-contained HTML page."""
    return html_report(build_report_view(analysis))


def page_shell() -> str:
    """The page around the report (`templates/report.html`): its CSS and `$title`/`$body`."""
    return files("newsprism.present.report").joinpath("templates/report.html").read_text("utf-8")


def page_template() -> Template:
    return Template(page_shell())


def html_report(view: ReportView) -> str:
    titles = [s.title for s in view.stories]
    title = f"newsprism — {titles[0]}" if len(titles) == 1 else "newsprism report"
    return page_template().substitute(title=escape(title), body=report_body(view))


def report_body(view: ReportView) -> str:
    """The report's content (escaped HTML), without the page around it."""
    titles = [s.title for s in view.stories]
    parts = ["<h1>newsprism report</h1>", f'<p class="overview">{overview(view)}</p>']
    if len(view.stories) > 1:
        parts.append(table_of_contents(titles))
    parts += [story_section(s, n) for n, s in enumerate(view.stories, start=1)]
    if view.problems:
        items = "".join(
            f"<li>{'read, changed' if p.kept else 'skipped'}: <code>{escape(p.source)}</code>:"
            f" {escape(p.reason)}</li>"
            for p in view.problems
        )
        parts.append(
            f'<section class="story" id="problems"><h2>Inputs skipped or changed</h2>'
            f'<ul class="problems">{items}</ul></section>'
        )
    return "\n".join(parts)


def overview(view: ReportView) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [count(view.article_count, "article", "articles")]
    parts.append(count(view.story_count, "story", "stories"))
    if view.problems:
        skipped = sum(not p.kept for p in view.problems)
        if skipped:
            parts.append(count(skipped, "input skipped", "inputs skipped"))
        if len(view.problems) > skipped:
            parts.append(count(len(view.problems) - skipped, "input changed", "inputs changed"))
    return " · ".join(parts)


def table_of_contents(titles: list[str]) -> str:
    items = "".join(
        f'<li><a href="#story-{n}">{escape(t)}</a></li>' for n, t in enumerate(titles, start=1)
    )
    return f"<nav><ol>{items}</ol></nav>"


def badge(value: str, known: Iterable[str]) -> str:
    """A pill showing `value`; its colour class only for values newsprism knows."""
    css = f"badge badge-{value}" if value in known else "badge"
    return f'<span class="{css}">{escape(value)}</span>'


def citation(ref: SourceRef) -> str:
    label = escape(f"[{ref.label}]")
    title = f' title="{escape(ref.excerpt)}"' if ref.excerpt else ""
    if ref.anchor is None:
        return f'<span class="cite"{title}>{label}</span>'
    return f'<a class="cite" href="#{escape(ref.anchor)}"{title}>{label}</a>'


def cited(line: CitedLine) -> str:
    return escape(line.text) + "".join(citation(r) for r in line.refs)


def article_item(article: ArticleLine) -> str:
    parts = [
        f'<span class="num">[{article.number}]</span>',
        f"<cite>{escape(article.title)}</cite>",
    ]
    meta = " · ".join(escape(p) for p in (article.outlet, article.published) if p)
    if meta:
        parts.append(f'<span class="meta"> — {meta}</span>')
    if article.url:
        parts.append(
            f' <a href="{escape(article.url)}" rel="noopener noreferrer nofollow">source</a>'
        )
    if article.why:
        reasons = "".join(f"<li>{cited(line)}</li>" for line in article.why)
        parts.append(
            '<details class="why"><summary>Why this article is here</summary>'
            f"<ul>{reasons}</ul></details>"
        )
    return f'<li id="{escape(article.anchor)}">{"".join(parts)}</li>'


def story_section(story: StoryView, number: int) -> str:
    parts = [f"<h2>{escape(story.title)}</h2>"]
    if story.time_span:
        parts.append(f'<p class="meta">{escape(story.time_span)}</p>')
    if story.related:
        links = ", ".join(f'<a href="#story-{n}">{escape(t)}</a>' for n, t in story.related)
        parts.append(f'<p class="meta">Related stories: {links}</p>')
    if story.hidden:
        parts.append(f'<p class="meta">{escape(hidden_note(story))}</p>')
    articles = "".join(article_item(a) for a in story.articles)
    parts.append(f'<h3>Articles</h3><ol class="articles">{articles}</ol>')
    if story.summary:
        parts.append(
            '<h3>Summary</h3><div class="summary"><p>'
            + " ".join(cited(s) for s in story.summary)
            + "</p></div>"
        )
    if story.timeline:
        parts.append(timeline_section(story))
    if story.speakers:
        parts.append(speakers_section(story))
    parts.append(findings_section(story))
    if story.coverage:
        parts.append(coverage_section(story.coverage))
    if story.matrix:
        parts.append(matrix_section(story.matrix, number))
    if story.map:
        parts.append(map_html(story.map, number, citation))
    if story.events:
        parts.append(events_html(story.events, number, citation))
    if story.claims:
        parts.append(claims_section(story))
    if story.numbers:
        parts.append(numbers_section(story))
    if story.entities:
        parts.append(entities_section(story))
    return f'<section class="story" id="story-{number}">{"".join(parts)}</section>'


def timeline_section(story: StoryView) -> str:
    items = "".join(
        f"<li><time>{escape(entry.date)}</time><ul>"
        + "".join(f"<li>{cited(line)}</li>" for line in entry.lines)
        + "</ul></li>"
        for entry in story.timeline
    )
    chart = timeline_chart(story.timeline)
    return f'<h3>Timeline</h3>{chart}<ol class="timeline">{items}</ol>'


def speakers_section(story: StoryView) -> str:
    blocks = []
    for speaker in story.speakers:
        role = ", ".join(escape(r) for r in speaker.roles)
        heading = escape(speaker.name) + (f' <span class="role">— {role}</span>' if role else "")
        quotes = "".join(
            "<li>"
            + badge(q.kind, QUOTE_KINDS)
            + (f'<span class="cue">{escape(q.cue)}</span> ' if q.cue else "")
            + f'<span class="said">{escape(q.content)}</span>{citation(q.ref)}</li>'
            for q in speaker.quotes
        )
        blocks.append(f'<h4>{heading}</h4><ul class="quotes">{quotes}</ul>')
    return "<h3>Who said what</h3>" + "".join(blocks)


def side_item(side: Side, note: str = "") -> str:
    """A statement with its citation, who asserts it unless the reporter, and a note."""
    extra = [f"according to {escape(side.party)}"] if side.party else []
    extra += [escape(note)] if note else []
    meta = f' <span class="meta">— {"; ".join(extra)}</span>' if extra else ""
    return f"<li>{escape(side.text)}{citation(side.ref)}{meta}</li>"


def statement_list(finding: FindingView) -> str:
    items = "".join(side_item(s) for s in finding.sides)
    note = f' <span class="meta">— {escape(finding.note)}</span>' if finding.note else ""
    return f"{note}<ul>{items}</ul>"


def findings_section(story: StoryView) -> str:
    parts = []
    if story.corroborated:
        items = "".join(
            '<li><span class="outlets">Reported by '
            + escape(", ".join(f.outlets) or "several sources")
            + "</span>"
            + one_sided_badge(f.one_sided_by)
            + statement_list(f)
            + "</li>"
            for f in story.corroborated
        )
        parts.append(f'<h3>Corroborated facts</h3><ul class="facts">{items}</ul>')
    if story.single_source:
        parts.append("<h3>Single-source facts</h3>")
        for group in story.single_source:
            items = "".join(side_item(s, f.note) for f in group.findings for s in f.sides)
            if group.more:
                items += f'<li class="meta">and {group.more} more in the JSON export</li>'
            parts.append(f"<h4>Only in {escape(group.outlet)}</h4><ul>{items}</ul>")
    if story.conflicts:
        parts.append("<h3>Conflicts</h3>" + "".join(conflict_block(c) for c in story.conflicts))
    return "".join(parts)


def one_sided_badge(party: str | None) -> str:
    """A warning that a fact rests only on one party's claim."""
    if not party:
        return ""
    return f' <span class="badge badge-hedged">one-sided: {escape(party)}</span>'


def coverage_section(coverage: CoverageView) -> str:
    """The coverage matrix: facts as rows, outlets as columns, a mark where an outlet has it."""
    headers = ["Fact", "Sources", *(escape(o) for o in coverage.outlets)]
    rows = [
        (
            escape(row.text) + citation(row.ref) + one_sided_badge(row.one_sided_by),
            str(row.sources),
            *("●" if carried else "" for carried in row.carried),
        )
        for row in coverage.rows
    ]
    rows.append(
        (
            '<span class="meta">Statements only this outlet reports</span>',
            "",
            *(str(n) for n in coverage.single_source),
        )
    )
    more = (
        f'<p class="meta">{coverage.more} more facts in the JSON export.</p>'
        if coverage.more
        else ""
    )
    return "<h3>Coverage</h3>" + table(headers, rows) + more


def matrix_section(matrix: ClaimsMatrix, number: int) -> str:
    """The claims matrix: facts and claims as rows, outlets as columns, each cell how the
    outlet carries it in words (and a colour), its sentence in a tooltip and, for keyboard
    and screen-reader users, in a description the focused cell points at."""
    prefix = "claims-matrix" if number == 1 else f"claims-matrix-{number}"
    head = '<th scope="col">Fact or claim</th>' + "".join(
        f'<th scope="col">{matrix_column(c)}</th>' for c in matrix.columns
    )
    body = "".join(
        f'<tr class="mx-row mx-{escape(row.kind)}"><th scope="row">{matrix_row_head(row)}</th>'
        + "".join(matrix_cell(c, f"{prefix}-r{i}-c{j}") for j, c in enumerate(row.cells))
        + "</tr>"
        for i, row in enumerate(matrix.rows, start=1)
    )
    more = f'<p class="meta">{matrix.more} more in the JSON export.</p>' if matrix.more else ""
    return (
        f'<section class="claims-matrix" id="{prefix}" aria-labelledby="{prefix}-h">'
        f'<h3 id="{prefix}-h">Claim by claim, outlet by outlet</h3>'
        '<p class="meta">How each outlet carries each fact or claim: asserts, attributes'
        " (to whom), hedges, denies, contradicts, or silent; focus or hover a cell for the"
        " sentence, follow it to the article.</p>"
        f'<div class="mx-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f"</table></div>{more}</section>"
    )


def matrix_column(column: MatrixColumn) -> str:
    if not column.republishers:
        return escape(column.outlet)
    also = escape(", ".join(column.republishers))
    return f'{escape(column.outlet)}<br><span class="mx-also">republished by {also}</span>'


def matrix_row_head(row: MatrixRow) -> str:
    if row.kind == "conflict":
        badge_html = f'<span class="badge badge-slot">conflict: {escape(row.slot or "")}</span>'
        note = f' <span class="meta">— {escape(row.note)}</span>' if row.note else ""
        return f"{badge_html}{escape(row.text)}{note}"
    return escape(row.text)


def matrix_cell(cell: MatrixCell, cell_id: str) -> str:
    css = f"mx-cell mx-{cell.kind}"
    if cell.kind == "silent":
        return f'<td class="{css}"><span class="mx-label">silent</span></td>'
    label = escape(cell.label)
    sentence = escape(cell.text)
    more = f" (+{cell.more} more)" if cell.more else ""
    described = f'title="{sentence}" aria-describedby="{cell_id}"'
    if cell.ref is not None and cell.ref.anchor:
        opener = f'<a class="mx-label" href="#{escape(cell.ref.anchor)}" {described}>'
        closer = "</a>"
    else:
        opener = f'<span class="mx-label" tabindex="0" {described}>'
        closer = "</span>"
    source = f" [{escape(cell.ref.label)}]" if cell.ref is not None else ""
    return (
        f'<td class="{css}">{opener}{label}{closer}'
        f'<span class="mx-sentence" id="{cell_id}" role="tooltip">{sentence}{source}{more}'
        "</span></td>"
    )


def conflict_block(conflict: FindingView) -> str:
    what = f'<span class="badge badge-slot">{escape(conflict.slot or "statement")}</span>'
    note = escape(conflict.note)
    sides = "".join(
        '<div class="side"><div class="who">'
        + citation(s.ref)
        + f" asserted by <strong>{escape(s.asserted_by or 'unknown')}</strong></div>"
        + f"<blockquote>{escape(s.text)}</blockquote></div>"
        for s in conflict.sides
    )
    return (
        f'<div class="conflict"><p>Differs in {what} {note}</p>'
        f'<div class="sides">{sides}</div></div>'
    )


def claims_section(story: StoryView) -> str:
    items = []
    for claim in story.claims:
        source = ""
        if claim.source_name:
            source = f' <span class="meta">— source: {escape(claim.source_name)}'
            source += f" ({escape(claim.cue)})</span>" if claim.cue else "</span>"
        items.append(
            f"<li>{badge(claim.status, FLAGGED_STATUSES)}{escape(claim.text)}"
            f"{source}{citation(claim.ref)}</li>"
        )
    return f'<h3>Claims to treat with care</h3><ul class="claims">{"".join(items)}</ul>'


def table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table; header and cell strings must already be HTML (escaped). One without a link
    takes keyboard focus itself, so that it can be scrolled when wider than a phone."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    focus = "" if "<a " in body else ' tabindex="0"'
    return f"<table{focus}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def numbers_section(story: StoryView) -> str:
    rows = (
        (
            escape(n.text),
            escape(n.value),
            escape(n.unit),
            escape(n.qualifier or ""),
            citation(n.ref),
        )
        for n in story.numbers
    )
    return "<h3>Numbers</h3>" + table(("As written", "Value", "Unit", "Qualifier", "Source"), rows)


def entities_section(story: StoryView) -> str:
    rows = (
        (
            f"<strong>{escape(e.name)}</strong>",
            escape(e.type),
            escape(", ".join(e.aliases)),
            escape(", ".join(e.roles)),
            str(e.mentions),
        )
        for e in story.entities
    )
    headers = ("Name", "Type", "Also called", "Roles", "Mentions")
    return "<h3>Entities</h3>" + table(headers, rows)
