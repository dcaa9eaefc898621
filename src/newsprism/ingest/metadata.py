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
from newsprism.ingest.textfile import decode_text
from newsprism.model import Article

METADATA_FILE_NAME = "metadata.csv"
METADATA_FIELDS = ("title", "outlet", "published", "url")

FolderMetadata = dict[str, dict[str, str]]


def parse_metadata_csv(source: str, text: str) -> FolderMetadata:
    """Rows of a metadata table by file name, each with its non-empty known fields."""
    reader = csv.DictReader(io.StringIO(text))
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


def load_folder_metadata(folder: Path) -> FolderMetadata:
    """The folder's metadata.csv by file name; empty when the folder has none."""
    path = folder / METADATA_FILE_NAME
    if not path.is_file():
        return {}
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(str(path), f"cannot be read ({error.strerror})") from error
    return parse_metadata_csv(str(path), decode_text(str(path), data))


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
