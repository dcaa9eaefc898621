"""Parquet tables of a job's results under `OUT/tables/`, one partition folder per table
(`table=quotes`, ...), written in one Spark job.

Each story's results are laid out by the JSON export's own functions
(`newsprism.present.export.export_sections`): one row per item with its table, story, id and
article as columns and the item itself, as in the export, in `record` (JSON; read it with
`from_json` or any JSON reader).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
SCHEMA = "table string, story string, id string, article string, record string"

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


def write_tables(spark: Any, analyses: Any, out: Path) -> None:
    """Write the rows of the RDD of per-story `analyses` as Parquet, partitioned by table."""
    frame = spark.createDataFrame(analyses.flatMap(table_rows), SCHEMA)
    frame.write.mode("overwrite").partitionBy("table").parquet(str(out / "tables"))
