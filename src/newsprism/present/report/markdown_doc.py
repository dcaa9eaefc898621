"""The Markdown report: one section per story, laid out from `view`.

Article words are escaped where they would change the layout (emphasis, links, raw HTML,
table cells, headings, list markers); no library does this for CommonMark output, so
`escape_markdown` is written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsprism.model import Analysis
from newsprism.present.report.cite import CitedLine, SourceRef
from newsprism.present.report.events_table import events_markdown
from newsprism.present.report.findings import CoverageView, FindingView, Side
from newsprism.present.report.matrix import ClaimsMatrix
from newsprism.present.report.story_map import map_markdown
from newsprism.present.report.text import one_line
from newsprism.present.report.view import (
    ArticleLine,
    ReportView,
    StoryView,
    build_report_view,
    hidden_note,
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LEADING_MARKER = re.compile(r"^([-+=])")
_LEADING_ORDINAL = re.compile(r"^(\d+)([.)])")


def escape_markdown(text: str) -> str:
    """`text` on one line, with Markdown-significant characters backslash-escaped."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", one_line(text))
    escaped = _LEADING_MARKER.sub(r"\\\1", escaped)
    return _LEADING_ORDINAL.sub(r"\1\\\2", escaped)


def render_markdown(analysis: Analysis) -> str:
    """The report of `analysis` as a Markdown document."""
    return markdown_report(build_report_view(analysis))


def markdown_report(view: ReportView) -> str:
    blocks = ["# newsprism report", overview_line(view)]
    for number, story in enumerate(view.stories, start=1):
        blocks.extend(story_blocks(story, number))
    if view.problems:
        blocks.append("## Inputs skipped or changed")
        blocks.append(
            bullets(
                f"{'read, changed' if p.kept else 'skipped'}: {escape_markdown(p.source)}:"
                f" {escape_markdown(p.reason)}"
                for p in view.problems
            )
        )
    return "\n\n".join(b for b in blocks if b) + "\n"


def plural(count: int, singular: str, plural_form: str = "") -> str:
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def overview_line(view: ReportView) -> str:
    parts = [plural(view.article_count, "article"), plural(view.story_count, "story", "stories")]
    if view.problems:
        skipped = sum(not p.kept for p in view.problems)
        if skipped:
            parts.append(plural(skipped, "input") + " skipped")
        if len(view.problems) > skipped:
            parts.append(plural(len(view.problems) - skipped, "input") + " changed")
    return " · ".join(parts)


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def citation(ref: SourceRef) -> str:
    label = escape_markdown(ref.label)
    return f"\\[[{label}](#{ref.anchor})\\]" if ref.anchor else f"\\[{label}\\]"


def citations(refs: Iterable[SourceRef]) -> str:
    return " ".join(citation(r) for r in refs)


def cited(line: CitedLine) -> str:
    return " ".join(p for p in (escape_markdown(line.text), citations(line.refs)) if p)


def article_item(article: ArticleLine) -> str:
    details = ", ".join(escape_markdown(p) for p in (article.outlet, article.published) if p)
    item = (
        f'<a id="{article.anchor}"></a>\\[{article.number}\\] **{escape_markdown(article.title)}**'
    )
    if details:
        item += f" — {details}"
    if article.url:
        item += f" — [link]({article.url})"
    return item


def story_blocks(story: StoryView, number: int) -> list[str]:
    blocks = [f"## {number}. {escape_markdown(story.title)}"]
    if story.time_span:
        blocks.append(f"*{story.time_span}*")
    if story.related:
        titles = "; ".join(f"{n}. {escape_markdown(t)}" for n, t in story.related)
        blocks.append(f"Related stories: {titles}")
    if story.hidden:
        blocks.append(f"*{escape_markdown(hidden_note(story))}*")
    blocks += ["### Articles", bullets(article_item(a) for a in story.articles)]
    if story.summary:
        blocks += ["### Summary", " ".join(cited(s) for s in story.summary)]
    if story.timeline:
        blocks += ["### Timeline", timeline_block(story)]
    if story.speakers:
        blocks += ["### Who said what", *speaker_blocks(story)]
    blocks += findings_blocks(story)
    if story.coverage:
        blocks += ["### Coverage", coverage_block(story.coverage)]
    if story.matrix:
        blocks += ["### Claim by claim, outlet by outlet", matrix_block(story.matrix)]
    if story.map:
        blocks += ["### Places", map_markdown(story.map, escape_markdown)]
    if story.events:
        events = events_markdown(story.events, escape_markdown, citation)
        blocks += ["### Events: who did what to whom", events]
    if story.claims:
        blocks += ["### Claims to treat with care", claims_block(story)]
    if story.numbers:
        blocks += ["### Numbers", numbers_block(story)]
    if story.entities:
        blocks += ["### Entities", entities_block(story)]
    return blocks


def timeline_block(story: StoryView) -> str:
    items = []
    for entry in story.timeline:
        if len(entry.lines) == 1:
            items.append(f"**{escape_markdown(entry.date)}** — {cited(entry.lines[0])}")
        else:
            nested = "\n".join(f"  - {cited(line)}" for line in entry.lines)
            items.append(f"**{escape_markdown(entry.date)}**\n{nested}")
    return bullets(items)


def speaker_blocks(story: StoryView) -> list[str]:
    blocks = []
    for speaker in story.speakers:
        heading = f"**{escape_markdown(speaker.name)}**"
        if speaker.roles:
            heading += " (" + "; ".join(escape_markdown(r) for r in speaker.roles) + ")"
        lines = []
        for quote in speaker.quotes:
            cue = f"*{escape_markdown(quote.cue)}*" if quote.cue else "*(no cue)*"
            content = escape_markdown(quote.content)
            lines.append(f"{cue} · {quote.kind} — {content} {citation(quote.ref)}")
        blocks += [heading, bullets(lines)]
    return blocks


def side_line(side: Side) -> str:
    line = f"{escape_markdown(side.text)} {citation(side.ref)}"
    return f"{line} — according to {escape_markdown(side.party)}" if side.party else line


def finding_item(finding: FindingView, headline: str) -> str:
    if finding.note:
        headline += f" — {escape_markdown(finding.note)}"
    nested = "\n".join(f"  - {side_line(s)}" for s in finding.sides)
    return f"{headline}\n{nested}" if nested else headline


def findings_blocks(story: StoryView) -> list[str]:
    blocks: list[str] = []
    if story.corroborated:
        items = []
        for finding in story.corroborated:
            outlets = ", ".join(escape_markdown(o) for o in finding.outlets)
            headline = f"**Reported by {outlets or 'several sources'}**"
            if finding.one_sided_by:
                headline += f" *(one-sided: {escape_markdown(finding.one_sided_by)})*"
            items.append(finding_item(finding, headline))
        blocks += ["### Corroborated facts", bullets(items)]
    if story.single_source:
        blocks.append("### Single-source facts")
        for group in story.single_source:
            blocks.append(f"**Only in {escape_markdown(group.outlet)}**")
            lines = [single_source_item(f) for f in group.findings]
            if group.more:
                lines.append(f"and {group.more} more in the JSON export")
            blocks.append(bullets(lines))
    if story.conflicts:
        blocks.append("### Conflicts")
        blocks.extend(conflict_block(c) for c in story.conflicts)
    return blocks


def single_source_item(finding: FindingView) -> str:
    item = "; ".join(side_line(s) for s in finding.sides)
    return f"{item} ({escape_markdown(finding.note)})" if finding.note else item


def matrix_block(matrix: ClaimsMatrix) -> str:
    """The claims matrix as a table: each cell how the outlet carries the row, cited."""
    heads = ["Fact or claim"]
    for column in matrix.columns:
        also = ", ".join(column.republishers)
        heads.append(column.outlet + (f" (republished by {also})" if also else ""))
    lines = [
        " | ".join(escape_markdown(h) for h in heads),
        " | ".join("---" for _ in heads),
    ]
    for row in matrix.rows:
        head = escape_markdown(row.text)
        if row.kind == "conflict":
            head = f"**conflict: {escape_markdown(row.slot or '')}** {head}"
        cells = [
            escape_markdown(c.label) + (f" {citation(c.ref)}" if c.ref else "") for c in row.cells
        ]
        lines.append(" | ".join([head, *cells]))
    if matrix.more:
        lines.append(f"\n{matrix.more} more in the JSON export.")
    return "\n".join(lines)


def coverage_block(coverage: CoverageView) -> str:
    """The coverage matrix as a table: facts as rows, outlets as columns."""
    header = " | ".join(["Fact", "Sources", *(escape_markdown(o) for o in coverage.outlets)])
    rule = " | ".join("---" for _ in range(len(coverage.outlets) + 2))
    lines = [f"| {header} |", f"| {rule} |"]
    for row in coverage.rows:
        fact = f"{escape_markdown(row.text)} {citation(row.ref)}"
        if row.one_sided_by:
            fact += f" *(one-sided: {escape_markdown(row.one_sided_by)})*"
        marks = ["x" if carried else "" for carried in row.carried]
        lines.append("| " + " | ".join([fact, str(row.sources), *marks]) + " |")
    counts = [str(n) for n in coverage.single_source]
    lines.append("| " + " | ".join(["*Statements only this outlet reports*", "", *counts]) + " |")
    if coverage.more:
        lines.append(f"\n{coverage.more} more facts in the JSON export.")
    return "\n".join(lines)


def conflict_block(conflict: FindingView) -> str:
    what = escape_markdown(conflict.slot or "statement")
    title = f"**Differs in: {what}**"
    if conflict.note:
        title += f" — {escape_markdown(conflict.note)}"
    header = " | ".join(
        f"{citation(s.ref)} asserted by {escape_markdown(s.asserted_by or 'unknown')}"
        for s in conflict.sides
    )
    rule = " | ".join("---" for _ in conflict.sides)
    row = " | ".join(escape_markdown(s.text) for s in conflict.sides)
    return f"{title}\n\n| {header} |\n| {rule} |\n| {row} |"


def claims_block(story: StoryView) -> str:
    items = []
    for claim in story.claims:
        item = f"**{escape_markdown(claim.status.upper())}** — {escape_markdown(claim.text)}"
        if claim.source_name:
            item += f" — source: {escape_markdown(claim.source_name)}"
        if claim.cue:
            item += f" ({escape_markdown(claim.cue)})"
        items.append(f"{item} {citation(claim.ref)}")
    return bullets(items)


def numbers_block(story: StoryView) -> str:
    items = []
    for number in story.numbers:
        reading = f" — {escape_markdown(number.reading)}" if number.reading else ""
        items.append(f"{escape_markdown(number.text)}{reading} {citation(number.ref)}")
    return bullets(items)


def entities_block(story: StoryView) -> str:
    items = []
    for entity in story.entities:
        item = f"**{escape_markdown(entity.name)}** ({escape_markdown(entity.type)})"
        if entity.aliases:
            item += " — also: " + ", ".join(escape_markdown(a) for a in entity.aliases)
        if entity.roles:
            item += " — roles: " + ", ".join(escape_markdown(r) for r in entity.roles)
        items.append(f"{item} — {plural(entity.mentions, 'mention')}")
    return bullets(items)
