"""Ingest: read articles from text, HTML, JSON/JSONL, RSS/Atom and WARC inputs (files or folders).

`read_inputs(paths)` yields `Article`s and, for every input or record that cannot be read,
an `InputProblem` naming it and why; one bad input never stops the rest.
"""

from newsprism.ingest.fields import article_id
from newsprism.ingest.inputs import MAX_INPUT_BYTES, read_inputs

__all__ = ["MAX_INPUT_BYTES", "article_id", "read_inputs"]
