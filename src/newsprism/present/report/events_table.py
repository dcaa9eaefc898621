"""The events table of a story's report: who did what to whom, where and when, with the
sentence each event rests on (cited) and, for a reported event, who reports it.

`events_table` builds the plain view; `events_html` and `events_markdown` lay it out (every
text escaped: article words are hostile)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from newsprism.model import Analysis, Entity, Event, Story
from newsprism.present.report.cite import Citer, SourceRef
from newsprism.present.report.text import one_line, readable_date

EVENTS_SHOWN = 60
ASSERTED = "asserted"


@dataclass(frozen=True)
class EventLine:
    who: str
    what: str  # PLOVER category, with its mode ("ASSAULT (heavy-weapons)")
    trigger: str
    whom: str
    where: str
    when: str
    sentence: str
    ref: SourceRef
    reported_by: str  # "" when the outlet says it in its own voice


@dataclass(frozen=True)
class EventsTable:
    rows: tuple[EventLine, ...]
    more: int = 0  # events of the story left out of the report (all are in the export)


def events_table(
    analysis: Analysis, story: Story, citer: Citer, limit: int = EVENTS_SHOWN
) -> EventsTable | None:
    """The story's events (those with an actor or a place first), or None when it has none."""
    events = [e for e in analysis.events if e.story_id == story.id]
    if not story.id or not events:
        return None
    names = {e.id: e for e in analysis.entities}
    ranked = sorted(
        range(len(events)), key=lambda k: (-known_parts(events[k]), k)
    )  # the best-known events first, shown in text order
    shown = sorted(ranked[:limit])
    rows = tuple(event_line(events[k], names, citer) for k in shown)
    return EventsTable(rows, max(0, len(events) - limit))


def known_parts(event: Event) -> int:
    return sum(x is not None for x in (event.source, event.target, event.place, event.date))


def event_line(event: Event, names: dict[str, Entity], citer: Citer) -> EventLine:
    def named(entity_id: str | None, words: str | None) -> str:
        entity = names.get(entity_id) if entity_id else None
        return entity.name if entity is not None else one_line(words or "")

    reported = ""
    if event.status != ASSERTED:
        by = named(event.attributed_to, event.attributed_name) or "unnamed source"
        reported = f"{event.status}: {by}"
    return EventLine(
        who=named(event.source, event.source_text),
        what=f"{event.type} ({event.mode})" if event.mode else event.type,
        trigger=one_line(event.trigger.text),
        whom=named(event.target, event.target_text),
        where=named(event.place, event.place_text),
        when=readable_date(event.date) if event.date else "",
        sentence=one_line(event.evidence.text),
        ref=citer.ref(event.evidence.article_id, [event.trigger]),
        reported_by=reported,
    )


def events_html(table: EventsTable, number: int, cite: Callable[[SourceRef], str]) -> str:
    prefix = "events" if number == 1 else f"events-{number}"
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Who", "What", "Whom", "Where", "When", "Source sentence")
    )
    body = "".join(
        "<tr>"
        f"<td>{escape(row.who)}</td>"
        f'<td><span class="badge">{escape(row.what)}</span><br>'
        f"<q>{escape(row.trigger)}</q></td>"
        f"<td>{escape(row.whom)}</td><td>{escape(row.where)}</td><td>{escape(row.when)}</td>"
        f"<td>{escape(row.sentence)} {cite(row.ref)}"
        + (f'<br><span class="meta">{escape(row.reported_by)}</span>' if row.reported_by else "")
        + "</td></tr>"
        for row in table.rows
    )
    more = f'<p class="meta">{table.more} more in the JSON export.</p>' if table.more else ""
    return (
        f'<section class="events" id="{prefix}" aria-labelledby="{prefix}-h">'
        f'<h3 id="{prefix}-h">Events: who did what to whom</h3>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</section>"
    )


def events_markdown(
    table: EventsTable, escape_text: Callable[[str], str], cite: Callable[[SourceRef], str]
) -> str:
    lines = [
        "| Who | What | Whom | Where | When | Source sentence |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in table.rows:
        sentence = f"{escape_text(row.sentence)} {cite(row.ref)}"
        if row.reported_by:
            sentence += f" ({escape_text(row.reported_by)})"
        cells = [row.who, f"{row.what}: {row.trigger}", row.whom, row.where, row.when]
        lines.append("| " + " | ".join([*map(escape_text, cells), sentence]) + " |")
    if table.more:
        lines.append(f"\n{table.more} more in the JSON export.")
    return "\n".join(lines)
