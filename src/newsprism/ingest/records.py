"""JSON Lines and JSON records: `text` plus optional `id, title, published, outlet, url`.

The article text is the record's `text` exactly as decoded by `json` (never stripped), so
character offsets into it match the input. A bad line or record is reported and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsprism.errors import UnreadableInput, clip, failure_reason
from newsprism.ingest.fields import article_id, parse_date, title_from_text
from newsprism.ingest.limits import json_too_deep
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits


def decode_utf8(source: str, data: bytes) -> str:
    """UTF-8 text (a BOM is allowed), as JSON requires."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(
            source, f"not UTF-8 (byte {error.start}): JSON must be UTF-8"
        ) from error


def is_encodable(text: str) -> bool:
    """False for strings with unpaired surrogates (valid as JSON escapes, invalid as text)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def optional_string(record: dict[str, Any], key: str) -> str | None:
    """The record's `key` as a stripped string, or None when absent, empty or not a scalar."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text if text and is_encodable(text) else None


def article_from_record(source: str, record: object) -> Article:
    """An Article from one record; UnreadableInput naming what is missing or wrong."""
    if not isinstance(record, dict):
        raise UnreadableInput(source, f"expected a JSON object, found {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise UnreadableInput(source, 'the record has no "text" string')
    if not text.strip():
        raise UnreadableInput(source, 'the record\'s "text" is empty')
    if not is_encodable(text):
        raise UnreadableInput(source, 'the record\'s "text" has an unpaired surrogate escape')
    return Article(
        id=optional_string(record, "id") or article_id(text),
        title=optional_string(record, "title") or title_from_text(text),
        text=text,
        published=parse_date(record.get("published")),
        outlet=optional_string(record, "outlet"),
        url=optional_string(record, "url"),
        source_path=source,
    )


FEW_ODD_RECORDS = 10  # more records that are not objects are reported on one line


def parse_json(source: str, text: str, limits: InputLimits) -> Any:
    """The JSON value in `text`; UnreadableInput when it nests deeper than the limit (checked
    before parsing: the parser recurses) or does not parse (bad syntax, a number of more than
    4,300 digits)."""
    if json_too_deep(text, limits.json_depth):
        raise UnreadableInput(
            source, f"JSON nested more than {limits.json_depth} levels deep (limit json_depth)"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableInput(
            source, f"invalid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from error
    except (ValueError, RecursionError) as error:
        raise UnreadableInput(source, f"invalid JSON ({clip(str(error), 120)})") from error


def read_jsonl_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """One article per non-blank line; a bad line is a problem for that line only."""
    limits = limits or InputLimits()
    # split on "\n" only: str.splitlines would also split on U+2028 inside JSON strings
    for number, line in enumerate(decode_utf8(source, data).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield article_from_record(source, parse_json(where, line, limits))
        except UnreadableInput as problem:
            yield InputProblem(where, problem.reason)
        except Exception as error:  # one record's failure ends only that record
            yield InputProblem(where, failure_reason(error))


def read_json_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """A JSON file holding one record or a list of records."""
    document = parse_json(source, decode_utf8(source, data), limits or InputLimits())
    if not isinstance(document, list):
        yield article_from_record(source, document)
        return
    others = [n for n, record in enumerate(document, start=1) if not isinstance(record, dict)]
    if len(others) > FEW_ODD_RECORDS:  # one line, not one per element of 2,000,000 numbers
        first = type(document[others[0] - 1]).__name__
        yield InputProblem(
            source,
            f"{len(others):,} of its {len(document):,} records are not JSON objects"
            f" (the first: record {others[0]}, {first})",
        )
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict) and len(others) > FEW_ODD_RECORDS:
            continue
        try:
            yield article_from_record(source, record)
        except UnreadableInput as problem:
            yield InputProblem(f"{source}: record {number}", problem.reason)
        except Exception as error:
            yield InputProblem(f"{source}: record {number}", failure_reason(error))
