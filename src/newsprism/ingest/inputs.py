"""Turn the paths a user names into articles: pick a reader per format, walk folders, apply
`metadata.csv`, the default publication date and dedup; every failure becomes an InputProblem."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from newsprism.errors import UnreadableInput, clip, failure_reason
from newsprism.ingest.feeds import read_feed_file
from newsprism.ingest.fields import article_id
from newsprism.ingest.limits import display_name, within_limits
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
from newsprism.settings import InputLimits

Reader = Callable[[str, bytes, InputLimits], Iterator[Article | InputProblem]]
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
LINES_PER_INPUT = 10  # problem lines one file may print; the rest are counted on one line
SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def input_format(path: Path) -> str | None:
    """The reader key of a file name (".txt", ".warc.gz", ...), or None for unknown types."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    suffix = path.suffix.lower()
    return suffix if suffix in READERS else None


def skip(path: Path, reason: str) -> InputProblem:
    return InputProblem(display_name(path), reason)


def not_regular(path: Path) -> str | None:
    """What `path` is when it exists but is not a regular file or folder (a FIFO, ...)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((what for test, what in SPECIAL_FILES if test(mode)), None)


def why_not_read(path: Path, root: Path) -> str | None:
    """Why a file found in the folder `root` is not read, or None when it is read: hidden,
    a symlink that is broken, loops or leaves the folder, not a regular file, not a format."""
    if path.name.startswith("."):
        return "hidden file"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return "dangling symlink"
        except (OSError, RuntimeError):
            return "symlink loop"
        if not target.is_relative_to(root):
            return "symlink to a file outside the folder"
    special = not_regular(path)
    if special:
        return f"not a regular file ({special})"
    if input_format(path) is None:
        return f"unsupported file type {path.suffix or '(no extension)'!r}"
    return None


def files_in_folder(folder: Path) -> list[Path | InputProblem]:
    """Readable article files below `folder`, recursively, sorted by path, and a problem for
    each file or folder skipped (symlinked folders are not followed). metadata.csv is read
    with its folder, not as an article."""
    found = sorted(walk_folder(folder), key=lambda item: item[0])
    return [item for _, item in found]


def walk_folder(folder: Path) -> Iterator[tuple[Path, Path | InputProblem]]:
    root = folder.resolve()
    errors: list[OSError] = []
    for directory, folders, files in os.walk(folder, onerror=errors.append):
        yield from ((folder, unreadable(error, directory)) for error in errors)
        errors.clear()
        here = Path(directory)
        for name in sorted(folders):
            if name.startswith("."):
                yield here / name, skip(here / name, "hidden folder")
            elif (here / name).is_symlink():
                yield here / name, skip(here / name, "symlink to a folder (not followed)")
        folders[:] = sorted(
            n for n in folders if not n.startswith(".") and not (here / n).is_symlink()
        )
        for name in sorted(files):
            path = here / name
            if name == METADATA_FILE_NAME:
                continue
            reason = why_not_read(path, root)
            yield path, (path if reason is None else skip(path, reason))
    yield from ((folder, unreadable(error, folder)) for error in errors)


def unreadable(error: OSError, where: str | Path) -> InputProblem:
    return skip(Path(error.filename or where), f"cannot be read ({error.strerror})")


def expand_input(path: Path) -> Iterator[Path | InputProblem]:
    """The files a named path stands for (a named symlink is followed), or its problem."""
    special = not_regular(path)
    if path.is_dir():
        yield from files_in_folder(path)
    elif path.is_file():
        yield path
    elif special:
        yield skip(path, f"not a regular file ({special})")
    else:
        yield InputProblem(display_name(path), "no such file or directory")


def read_input_bytes(path: Path, input_kind: str, limits: InputLimits) -> bytes:
    """The file's bytes after the checks every format shares: size limit, empty, binary."""
    source = display_name(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as error:
        raise UnreadableInput(source, f"cannot be read ({error.strerror})") from error
    if len(data) > limits.file_bytes:
        limit = f"{limits.file_bytes:,} bytes"
        raise UnreadableInput(source, f"too large: over {limit} (limit file_bytes)")
    if not data.strip():
        raise UnreadableInput(source, "the file is empty")
    if input_kind not in BINARY_FORMATS and looks_binary(data):
        raise UnreadableInput(source, "looks like a binary file, not text")
    return data


def read_file(path: Path, limits: InputLimits) -> Iterator[Article | InputProblem]:
    """Everything one file yields. Any failure of its reader ends the file with one
    InputProblem; what it yielded before stays. A file that yields nothing says so."""
    source = display_name(path)
    input_kind = input_format(path)
    try:
        if input_kind is None:
            reason = f"unsupported file type {path.suffix or '(no extension)'!r}"
            raise UnreadableInput(source, reason)
        data = read_input_bytes(path, input_kind, limits)
        yield from few_lines(source, READERS[input_kind](source, data, limits))
    except UnreadableInput as problem:
        yield InputProblem(problem.source, clip(problem.reason))
    except Exception as error:  # a reader's bug or a library's failure on hostile bytes
        yield InputProblem(source, failure_reason(error))


def few_lines(
    source: str, items: Iterable[Article | InputProblem]
) -> Iterator[Article | InputProblem]:
    """`items` with at most LINES_PER_INPUT problems, then one line counting the rest (a list
    of 2,000,000 numbers is one input, not 2,000,000 lines); a line when nothing came."""
    empty, unsaid = True, 0
    for item in items:
        empty = False
        if isinstance(item, InputProblem) and not item.kept:
            unsaid += 1
            if unsaid > LINES_PER_INPUT:
                continue
        yield item
    if unsaid > LINES_PER_INPUT:
        yield InputProblem(source, f"and {unsaid - LINES_PER_INPUT:,} more records like these")
    if empty:
        yield InputProblem(source, "holds no articles")


class _MetadataByFolder:
    """metadata.csv of each folder, loaded once per read; a bad table is reported once."""

    def __init__(self, limits: InputLimits) -> None:
        self._tables: dict[Path, FolderMetadata] = {}
        self._limits = limits

    def load(self, folder: Path) -> InputProblem | None:
        """Load the folder's table unless already loaded; the problem if it cannot be read."""
        if folder in self._tables:
            return None
        self._tables[folder] = {}
        try:
            self._tables[folder] = load_folder_metadata(folder, self._limits)
        except UnreadableInput as problem:
            return InputProblem(problem.source, clip(problem.reason))
        except Exception as error:
            return InputProblem(display_name(folder / METADATA_FILE_NAME), failure_reason(error))
        return None

    def fields_for(self, path: Path) -> dict[str, str]:
        return self._tables.get(path.parent, {}).get(path.name, {})


class _DistinctIds:
    """Article ids seen in one read. The same id with the same text is one article read
    twice (skipped); an explicit id another text already holds is made unique (both kept)."""

    def __init__(self) -> None:
        self._digest_of: dict[str, str] = {}

    def admit(self, article: Article) -> tuple[Article | None, InputProblem | None]:
        """The article to yield (None: already yielded) and the note when its id changed."""
        digest = article_id(article.text)
        seen = self._digest_of.get(article.id)
        if seen == digest:
            return None, None
        note = None
        if seen is not None:
            article, note = unique_id(article, digest)
            if self._digest_of.get(article.id) == digest:
                return None, None
        self._digest_of[article.id] = digest
        return article, note


def unique_id(article: Article, digest: str | None = None) -> tuple[Article, InputProblem]:
    """The article under an id made unique by its text's hash, and the line that says so."""
    new_id = f"{article.id}-{(digest or article_id(article.text))[:8]}"
    note = InputProblem(
        article.source_path or article.id,
        f"id {clip(article.id, 80)!r} is another article's:"
        f" this one is kept as {clip(new_id, 90)!r}",
        kept=True,
    )
    return replace(article, id=new_id), note


def read_inputs(
    paths: Iterable[str | Path],
    default_published: date | None = None,
    limits: InputLimits | None = None,
) -> Iterator[Article | InputProblem]:
    """Articles from files and folders (recursively), and an InputProblem for each bad input,
    each skipped file and each article cut or renamed to fit.

    `metadata.csv` in a folder overrides title, outlet, published and url of its files;
    `default_published` dates the articles that carry no date; an article read twice in this
    call is yielded once. A single path (not in a list) is read as one.
    """
    limits = limits or InputLimits()
    metadata = _MetadataByFolder(limits)
    ids = _DistinctIds()
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
            for result in read_file(item, limits):
                if isinstance(result, InputProblem):
                    yield result
                    continue
                article = apply_metadata(result, metadata.fields_for(item))
                if article.published is None:
                    article = replace(article, published=default_published)
                article, notes = within_limits(article, limits)
                yield from notes
                admitted, note = ids.admit(article)
                if note is not None:
                    yield note
                if admitted is not None:
                    yield admitted
