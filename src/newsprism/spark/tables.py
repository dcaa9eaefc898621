"""Parquet tables of a job's results under `OUT/tables/`, one partition folder per table
(`table=quotes`, ...), as Spark's `partitionBy("table")` lays them out.

Each story's results are laid out by the JSON export's own functions
(`newsprism.present.export.export_sections`): one row per item with its story, id and article
as columns and the item itself, as in the export, in `record` (JSON; read it with `from_json`
or any JSON reader). Each task writes the rows of its own stories (pyarrow), so the results
never travel through the JVM to be written; a retried task rewrites the same files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsprism.model import Analysis
from newsprism.present.export import export_sections

TABLES = (
    "articles",
    "stories",
    "entities",
    "places",
    "quotes",
    "claims",
    "times",
    "quantities",
    "facts",
    "findings",
    "timeline",
    "summaries",
)
COLUMNS = ("story", "id", "article", "record")

Row = tuple[str, str | None, str | None, str | None, str]


def table_rows(analysis: Analysis) -> Iterator[Row]:
    """(table, story, id, article, record JSON) for every item of one story's analysis."""
    story = analysis.stories[0].id if analysis.stories else None
    for key, value in export_sections(analysis):
        if key not in TABLES or isinstance(value, str):
            continue
        for item in value:
            article = item.get("article")
            yield (
                key,
                story,
                str(item["id"]) if "id" in item else None,
                article if isinstance(article, str) else None,
                json.dumps(item, ensure_ascii=False),
            )


def tables_folder(out: Path) -> Path:
    return out / "tables"


def write_part(analyses: Iterable[Analysis], folder: str, part: int) -> None:
    """Write the rows of one task's `analyses` as `table=NAME/part-PART.parquet` files
    (under a hidden name, then renamed, so readers see whole files only)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    by_table: dict[str, list[Row]] = {}
    for analysis in analyses:
        for row in table_rows(analysis):
            by_table.setdefault(row[0], []).append(row)
    for table, rows in by_table.items():
        where = os.path.join(folder, f"table={table}")
        os.makedirs(where, exist_ok=True)
        columns = {name: [row[n + 1] for row in rows] for n, name in enumerate(COLUMNS)}
        frame = pa.table(columns, schema=pa.schema([(c, pa.string()) for c in COLUMNS]))
        name = f"part-{part:05d}.parquet"
        hidden = os.path.join(where, f".{name}")
        pq.write_table(frame, hidden, compression="zstd")
        os.replace(hidden, os.path.join(where, name))
