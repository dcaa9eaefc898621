"""A `.warc.gz` cut short (an interrupted download or copy) is read up to the cut, with one
problem line naming the file, by `analyze`'s reader (and so by `newsprism spark`)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import read_inputs
from newsprism.model import Article, InputProblem

TEXTS = [
    "Floods closed the coastal road north of the city on Monday, the council said. " * 4,
    "The central bank left its main interest rate unchanged on Thursday, officials said. " * 4,
    "A new bridge over the river opened to traffic after three years of building work. " * 4,
]


def write_archive(path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, text in enumerate(TEXTS):
            body = (
                f"<html><head><title>Story {number}</title></head><body><article><p>{text}</p>"
                "</article></body></html>"
            ).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example/{number}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)


def test_a_truncated_warc_gz_is_named_and_its_whole_records_kept(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_archive(whole)
    cut = tmp_path / "cut.warc.gz"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 120])  # inside the last record's gzip member
    items = list(read_inputs([cut]))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [a.title for a in articles] == ["Story 0", "Story 1"]
    assert len(problems) == 1
    assert str(cut) in problems[0].source and "truncated" in problems[0].reason
    assert problems[0].kept


def test_a_whole_warc_gz_has_no_problem(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_archive(whole)
    items = list(read_inputs([whole]))
    assert [type(i).__name__ for i in items] == ["Article"] * 3
