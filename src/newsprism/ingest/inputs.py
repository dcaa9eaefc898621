"""Turn the paths a user names into articles: pick a reader per format, walk folders, apply
`metadata.csv`, the default publication date and dedup; every failure becomes an InputProblem."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from newsprism.errors import UnreadableInput
from newsprism.ingest.feeds import read_feed_file
from newsprism.ingest.metadata import (
    METADATA_FILE_NAME,
    FolderMetadata,
    apply_metadata,
    load_folder_metadata,
)
from newsprism.ingest.records import read_json_file, read_jsonl_file
from newsprism.ingest.textfile import looks_binary, read_text_file
from newsprism.ingest.warc import read_warc_file
from newsprism.ingest.webpage import read_html_file
from newsprism.model import Article, InputProblem

MAX_INPUT_BYTES = 50 * 1024 * 1024

Reader = Callable[[str, bytes], Iterator[Article | InputProblem]]
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".json": read_json_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".xml": read_feed_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}
BINARY_FORMATS = frozenset({".warc", ".warc.gz"})


def input_format(path: Path) -> str | None:
    """The reader key of a file name (".txt", ".warc.gz", ...), or None for unknown types."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    suffix = path.suffix.lower()
    return suffix if suffix in READERS else None


def is_hidden(path: Path, root: Path) -> bool:
    """True when any part of `path` below `root` starts with a dot."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def files_in_folder(folder: Path) -> Iterator[Path]:
    """Readable article files below `folder`, recursively, in sorted order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not is_hidden(path, folder) and input_format(path) is not None:
            yield path


def expand_input(path: Path) -> Iterator[Path | InputProblem]:
    """The files a named path stands for, or the problem that it does not exist."""
    if path.is_dir():
        yield from files_in_folder(path)
    elif path.is_file():
        yield path
    else:
        yield InputProblem(str(path), "no such file or directory")


def read_input_bytes(path: Path, input_kind: str) -> bytes:
    """The file's bytes after the checks every format shares: size limit, empty, binary."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            limit = f"{MAX_INPUT_BYTES // 2**20} MB"
            raise UnreadableInput(source, f"too large: {size:,} bytes, the limit is {limit}")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(source, f"cannot be read ({error.strerror})") from error
    if not data.strip():
        raise UnreadableInput(source, "the file is empty")
    if input_kind not in BINARY_FORMATS and looks_binary(data):
        raise UnreadableInput(source, "looks like a binary file, not text")
    return data


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    """Everything one file yields; a problem for the whole file ends it with one InputProblem."""
    input_kind = input_format(path)
    try:
        if input_kind is None:
            reason = f"unsupported file type {path.suffix or '(no extension)'!r}"
            raise UnreadableInput(str(path), reason)
        yield from READERS[input_kind](str(path), read_input_bytes(path, input_kind))
    except UnreadableInput as problem:
        yield InputProblem(problem.source, problem.reason)


class _MetadataByFolder:
    """metadata.csv of each folder, loaded once per read; a bad table is reported once."""

    def __init__(self) -> None:
        self._tables: dict[Path, FolderMetadata] = {}

    def load(self, folder: Path) -> InputProblem | None:
        """Load the folder's table unless already loaded; the problem if it cannot be read."""
        if folder in self._tables:
            return None
        self._tables[folder] = {}
        try:
            self._tables[folder] = load_folder_metadata(folder)
        except UnreadableInput as problem:
            return InputProblem(problem.source, problem.reason)
        return None

    def fields_for(self, path: Path) -> dict[str, str]:
        return self._tables.get(path.parent, {}).get(path.name, {})


def read_inputs(
    paths: Iterable[str | Path], default_published: date | None = None
) -> Iterator[Article | InputProblem]:
    """Articles from files and folders (recursively), and an InputProblem for each bad input.

    `metadata.csv` in a folder overrides title, outlet, published and url of its files;
    `default_published` dates the articles that carry no date; an article whose id was
    already yielded in this call is skipped. A single path (not in a list) is read as one.
    """
    metadata = _MetadataByFolder()
    seen_ids: set[str] = set()
    for named_path in [paths] if isinstance(paths, str | Path) else paths:
        for item in expand_input(Path(named_path)):
            if isinstance(item, InputProblem):
                yield item
                continue
            if item.name == METADATA_FILE_NAME:
                continue
            metadata_problem = metadata.load(item.parent)
            if metadata_problem is not None:
                yield metadata_problem
            for result in read_file(item):
                if isinstance(result, InputProblem):
                    yield result
                    continue
                article = apply_metadata(result, metadata.fields_for(item))
                if article.published is None:
                    article = replace(article, published=default_published)
                if article.id not in seen_ids:
                    seen_ids.add(article.id)
                    yield article
