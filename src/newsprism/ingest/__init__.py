"""Ingest: read articles from text, HTML, JSON/JSONL, RSS/Atom and WARC inputs (files or folders).

`read_inputs(paths)` yields `Article`s and, for every input or record that cannot be read,
an `InputProblem` naming it and why; one bad input never stops the rest. Every input is held
to `settings.InputLimits` (bytes, unpacked bytes, JSON depth, field and article length, feed
entries), checked before the work they bound.
"""

from newsprism.ingest.fields import article_id
from newsprism.ingest.inputs import read_inputs

__all__ = ["article_id", "read_inputs"]
