"""The API's tables as CSV: the stored stories, and one story's facts and quotes.

Rows are plain lists written by the `csv` module (RFC 4180 quoting, "\\r\\n" line ends, UTF-8).
Article text is hostile and spreadsheets run a cell that starts like a formula, so a text cell
starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, as
OWASP's "CSV Injection" page advises; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from newsprism.present.web.stored import StoryRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STORY_COLUMNS = (
    "id",
    "title",
    "first_published",
    "last_published",
    "articles",
    "outlets",
    "conflicts",
)
FACT_COLUMNS = (
    "fact",
    "sources",
    "outlets",
    "one_sided_by",
    "article",
    "outlet",
    "start",
    "end",
    "text",
)
QUOTE_COLUMNS = (
    "id",
    "article",
    "outlet",
    "kind",
    "speaker",
    "speaker_role",
    "speaker_entity",
    "cue",
    "cue_kind",
    "text",
    "start",
    "end",
    "sentence",
)
LIST_SEPARATOR = "; "  # between the items of a list in one cell (outlets)


def safe_cell(value: Any) -> Any:
    """A value as a CSV cell: None as empty, text that a spreadsheet would run as a formula
    with a leading apostrophe, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A header line of `columns`, then one line per row, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def story_row_cells(row: StoryRow) -> list[Any]:
    return [
        row.id,
        row.title,
        row.first_published.isoformat() if row.first_published else None,
        row.last_published.isoformat() if row.last_published else None,
        row.articles,
        row.outlets,
        row.conflicts,
    ]


def fact_rows(export: dict[str, Any]) -> list[list[Any]]:
    """One row per statement of each fact of a story's export (`analysis_to_json`)."""
    outlet_of = {a["id"]: a["outlet"] for a in export["articles"]}
    return [
        [
            fact["id"],
            fact["sources"],
            LIST_SEPARATOR.join(fact["outlets"]),
            fact["one_sided_by"],
            span["article"],
            outlet_of.get(span["article"]),
            span["start"],
            span["end"],
            span["text"],
        ]
        for fact in export["facts"]
        for span in fact["statements"]
    ]


def quote_rows(export: dict[str, Any]) -> list[list[Any]]:
    """One row per quote of a story's export: its words (pieces joined by " … ") from the
    start of the first piece to the end of the last, and who said them."""
    outlet_of = {a["id"]: a["outlet"] for a in export["articles"]}
    rows = []
    for quote in export["quotes"]:
        content = quote["content"]
        pieces = content if isinstance(content, list) else [content]
        speaker = quote["speaker"]
        rows.append(
            [
                quote["id"],
                quote["article"],
                outlet_of.get(quote["article"]),
                quote["kind"],
                quote["speaker_name"] or speaker["text"],
                quote["speaker_role"],
                speaker["entity"],
                quote["cue"]["text"] if quote["cue"] else None,
                quote["cue_kind"],
                " … ".join(p["text"] for p in pieces),
                pieces[0]["start"] if pieces else None,
                pieces[-1]["end"] if pieces else None,
                quote["sentence"],
            ]
        )
    return rows
