"""The job's input files, and each file read by the library's readers (one Spark task each)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from newsprism.ingest import read_inputs
from newsprism.ingest.inputs import _DistinctIds, expand_input
from newsprism.model import Article, InputProblem
from newsprism.settings import Settings

Item = tuple[int, int, Article | InputProblem]
"""(file number, position in the file, what was read): the order `analyze` reads in."""


def manifest_paths(manifest: Path) -> list[str]:
    """The paths a manifest lists, one per line (blank lines and `#` comments skipped)."""
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def input_files(paths: Iterable[str]) -> tuple[list[str], list[InputProblem]]:
    """The files named paths stand for (folders walked as `analyze` walks them), and a problem
    for each path or file that cannot be read. URLs (s3a://, hdfs://) are kept as given."""
    files: list[str] = []
    problems: list[InputProblem] = []
    for named in paths:
        if "://" in named:
            files.append(named)
            continue
        for item in expand_input(Path(named)):
            if isinstance(item, InputProblem):
                problems.append(item)
            else:
                files.append(str(item))
    return files, problems


def read_one_file(number: int, path: str, settings: Settings) -> Iterator[Item]:
    """What the library's readers find in one file (its folder's metadata.csv applied)."""
    local = path.removeprefix("file://")
    items = read_inputs([local], settings.published, settings.limits)
    for position, item in enumerate(items):
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
