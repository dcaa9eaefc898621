"""The job's input files, and each file read by the library's readers (one Spark task each)."""

from __future__ import annotations

import tempfile
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from newsprism.ingest import read_inputs
from newsprism.ingest.inputs import _DistinctIds, expand_input
from newsprism.model import Article, InputProblem
from newsprism.settings import Settings

FETCH_TIMEOUT = 300  # seconds without data before a download is given up

Item = tuple[int, int, Article | InputProblem]
"""(file number, position in the file, what was read): the order `analyze` reads in."""


def manifest_paths(manifest: Path) -> list[str]:
    """The paths a manifest lists, one per line (blank lines and `#` comments skipped)."""
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def input_files(paths: Iterable[str]) -> tuple[list[str], list[InputProblem]]:
    """The files named paths stand for (folders walked as `analyze` walks them), and a problem
    for each path or file that cannot be read. http(s) URLs are kept as given."""
    files: list[str] = []
    problems: list[InputProblem] = []
    for named in paths:
        if named.startswith(("http://", "https://")):
            files.append(named)
            continue
        for item in expand_input(Path(named)):
            if isinstance(item, InputProblem):
                problems.append(item)
            else:
                files.append(str(item))
    return files, problems


def read_one_file(number: int, path: str, settings: Settings) -> Iterator[Item]:
    """What the library's readers find in one file (its folder's metadata.csv applied); an
    http(s) URL (a CC-NEWS WARC on data.commoncrawl.org) is fetched to a temporary file first,
    at most `limits.file_bytes` of it."""
    if path.startswith(("http://", "https://")):
        yield from read_fetched(number, path, settings)
        return
    local = path.removeprefix("file://")
    items = read_inputs([local], settings.published, settings.limits)
    for position, item in enumerate(items):
        yield number, position, item


def read_fetched(number: int, url: str, settings: Settings) -> Iterator[Item]:
    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    with tempfile.TemporaryDirectory(prefix="newsprism-") as folder:
        local = Path(folder) / name
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
                with local.open("wb") as out:
                    out.write(response.read(settings.limits.file_bytes + 1))
        except OSError as error:
            yield number, 0, InputProblem(url, f"could not be fetched ({error})")
            return
        items = read_inputs([local], settings.published, settings.limits)
        for position, item in enumerate(items):
            if isinstance(item, InputProblem):
                item = replace(item, source=item.source.replace(str(local), url))
            else:
                item = replace(item, source_path=url)
            yield number, position, item


def distinct_articles(items: Sequence[Item]) -> list[Item]:
    """The articles read under one id, as `analyze` keeps them (the ingest's own dedup, in read
    order): an exact duplicate is dropped, an explicit id that another text already holds is
    made unique (with a kept note)."""
    ids = _DistinctIds()
    kept: list[Item] = []
    for number, position, article in sorted(items, key=lambda item: item[:2]):
        assert isinstance(article, Article)
        admitted, note = ids.admit(article)
        if note is not None:
            kept.append((number, position, note))
        if admitted is not None:
            kept.append((number, position, admitted))
    return kept
