"""`metadata.csv` beside the articles: column `file` and any of `title, outlet, published, url`.

Its non-empty cells override what the file itself says for those fields.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from newsprism.errors import UnreadableInput
from newsprism.ingest.fields import parse_date
from newsprism.ingest.limits import display_name
from newsprism.ingest.textfile import decode_text
from newsprism.model import Article
from newsprism.settings import InputLimits

METADATA_FILE_NAME = "metadata.csv"
METADATA_FIELDS = ("title", "outlet", "published", "url")

FolderMetadata = dict[str, dict[str, str]]


def parse_metadata_csv(source: str, text: str) -> FolderMetadata:
    """Rows of a metadata table by file name, each with its non-empty known fields."""
    try:
        return read_rows(source, csv.DictReader(io.StringIO(text)))
    except csv.Error as error:  # e.g. a cell over csv.field_size_limit() (128 KB)
        raise UnreadableInput(source, f"not a readable CSV table ({error})") from error


def read_rows(source: str, reader: csv.DictReader[str]) -> FolderMetadata:
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "file" not in columns:
        raise UnreadableInput(source, 'no "file" column, so its rows match no article')
    table: FolderMetadata = {}
    for row in reader:
        file_name = (row.get(columns["file"]) or "").strip()
        fields = {
            field: value.strip()
            for field in METADATA_FIELDS
            if field in columns and (value := row.get(columns[field]) or "").strip()
        }
        if file_name:
            table[file_name] = fields
    return table


def load_folder_metadata(folder: Path, limits: InputLimits | None = None) -> FolderMetadata:
    """The folder's metadata.csv by file name; empty when the folder has none. A table over
    the file size limit, or a symlink to a file outside the folder, is refused."""
    limits = limits or InputLimits()
    path = folder / METADATA_FILE_NAME
    source = display_name(path)
    if not path.is_file():
        return {}
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise UnreadableInput(source, "symlink to a file outside the folder")
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as error:
        raise UnreadableInput(source, f"cannot be read ({error.strerror})") from error
    if len(data) > limits.file_bytes:
        raise UnreadableInput(
            source, f"too large: over {limits.file_bytes:,} bytes (limit file_bytes)"
        )
    table = parse_metadata_csv(source, decode_text(source, data))
    return {
        name: {field: value[: limits.field_chars] for field, value in fields.items()}
        for name, fields in table.items()
    }


def apply_metadata(article: Article, fields: dict[str, str]) -> Article:
    """The article with the metadata's fields in place of its own (an invalid date is ignored)."""
    published = parse_date(fields.get("published")) or article.published
    return replace(
        article,
        title=fields.get("title", article.title),
        outlet=fields.get("outlet", article.outlet),
        url=fields.get("url", article.url),
        published=published,
    )
