"""WARC archives (`.warc`, `.warc.gz`) read with warcio: every successful HTTP response with
an HTML body goes through the web-page reader, its URL being the record's WARC-Target-URI and
its date the page's own, else the record's WARC-Date."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import replace

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsprism.errors import UnreadableInput, clip
from newsprism.ingest.fields import parse_date
from newsprism.ingest.limits import gunzip_capped
from newsprism.ingest.webpage import read_html_page
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b"


def is_html_page(record: ArcWarcRecord) -> bool:
    """True for a 2xx HTTP response whose body is HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and content_type.startswith(HTML_CONTENT_TYPES)


def read_page_record(source: str, record: ArcWarcRecord) -> Article | InputProblem:
    """The article of one HTML response record, or the problem with it."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source} ({uri})"
    body = record.content_stream().read()
    capture_date = parse_date(record.rec_headers.get_header("WARC-Date"))
    try:
        article = read_html_page(where, body, url=uri, fallback_date=capture_date)
    except UnreadableInput as problem:
        return InputProblem(where, problem.reason)
    return replace(article, source_path=source)


def read_warc_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """One article per HTML page captured in the archive. A gzipped archive is unpacked
    first, up to `limits.unpacked_bytes` (a small file can expand to gigabytes)."""
    limits = limits or InputLimits()
    truncated = False
    if data.startswith(GZIP_MAGIC):
        data, truncated = gunzip_capped(source, data, limits.unpacked_bytes)
    pages = 0
    archive = ArchiveIterator(io.BytesIO(data))
    records = iter(archive)
    try:
        while True:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its own warnings
                record = next(records, None)
            if record is None:
                break
            if is_html_page(record):
                pages += 1
                yield read_page_record(source, record)
    except ArchiveLoadFailed as error:
        raise UnreadableInput(source, f"not a readable WARC archive ({error.msg})") from error
    except Exception as error:  # warcio fails in its own ways on malformed headers
        reason = f"not a readable WARC archive ({type(error).__name__}: {error})"
        raise UnreadableInput(source, clip(reason)) from error
    if pages == 0 and archive.err_count:
        raise UnreadableInput(
            source, "not a readable WARC archive (no record starts where one should)"
        )
    if pages == 0:
        raise UnreadableInput(source, "the archive holds no HTML page responses")
    if truncated:
        yield InputProblem(
            source,
            f"truncated archive: it ends inside a record (the {pages} pages before it were read)",
            kept=True,
        )
    if archive.err_count:
        yield InputProblem(
            source,
            f"damaged archive: {archive.err_count} records not where their lengths say"
            " (the pages that could be read were)",
            kept=True,
        )
