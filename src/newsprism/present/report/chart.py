"""The timeline chart of the HTML report: dated events on an axis with their source counts.

Inline SVG, no script: one marker per timeline date in date order, evenly spaced (a story's
dates run from years back to the last few days, which a linear scale would crush together),
each labelled with its date and sized by how many articles it rests on; hovering a marker
shows its first sentence. Every piece of text goes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from newsprism.present.report.view import DatedLines

STEP = 64  # horizontal room per date, in SVG units
MARGIN = 36
LEFT = 120  # the slanted labels reach left of their date: room for "weekend of 2016-12-10"
AXIS_Y = 70
LABEL_ROOM = 124  # below the axis, for the slanted date labels
MAX_TOOLTIP = 200


def source_count(entry: DatedLines) -> int:
    """How many articles the entry's sentences cite."""
    return len({ref.anchor or ref.label for line in entry.lines for ref in line.refs})


def timeline_chart(entries: Sequence[DatedLines]) -> str:
    """An SVG chart of `entries` (already in date order), or "" when there is nothing to plot."""
    if not entries:
        return ""
    width = LEFT + MARGIN + STEP * max(len(entries) - 1, 1)
    height = AXIS_Y + LABEL_ROOM
    parts = [
        f'<line x1="{LEFT - 12}" y1="{AXIS_Y}" x2="{width - MARGIN + 12}" y2="{AXIS_Y}" '
        'stroke="currentColor" stroke-opacity=".35" stroke-width="2"/>'
    ]
    for index, entry in enumerate(entries):
        x = LEFT + STEP * index
        count = source_count(entry)
        radius = 5 + 3 * min(count, 5)
        first = entry.lines[0].text if entry.lines else ""
        tooltip = first if len(first) <= MAX_TOOLTIP else first[: MAX_TOOLTIP - 1] + "…"
        sources = f"{count} source" + ("" if count == 1 else "s")
        parts.append(
            f'<g class="event"><title>{escape(entry.date)} — {escape(sources)}: '
            f"{escape(tooltip)}</title>"
            f'<circle cx="{x}" cy="{AXIS_Y}" r="{radius}" fill="var(--accent, #2a5db0)" '
            'fill-opacity=".8"/>'
            f'<text x="{x}" y="{AXIS_Y - radius - 6}" text-anchor="middle" '
            f'font-size="12">{count}</text>'
            f'<text x="{x}" y="{AXIS_Y + 24}" font-size="11" text-anchor="end" '
            f'transform="rotate(-40 {x} {AXIS_Y + 24})">{escape(entry.date)}</text></g>'
        )
    label = f"Timeline: {len(entries)} dates, marker size and number = sources"
    return (
        f'<figure class="timeline-chart"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">{"".join(parts)}</svg>'
        f"<figcaption>{escape(label)}</figcaption></figure>"
    )
