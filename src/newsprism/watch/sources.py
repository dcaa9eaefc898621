"""The sources file: feed or article page URLs one a line (`#` starts a comment), or an OPML
file (every outline's xmlUrl or htmlUrl). URLs are normalised with courlan (host in lower case,
default port and fragment dropped, query parameters sorted, tracking parameters removed) so one
page listed under two spellings is fetched once."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag

import courlan
import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from newsprism.errors import UnreadableInput
from newsprism.watch.errors import FetchError
from newsprism.watch.safety import split_web_url

MAX_SOURCES_BYTES = 5 * 2**20


def normalise_url(url: str) -> str:
    """The one spelling of `url` the store keys pages and sources by; FetchError if it is not
    an http(s) URL."""
    url = url.strip()
    split_web_url(url)
    try:
        normal = courlan.normalize_url(url)
    except ValueError as error:
        raise FetchError(f"not a valid URL ({error})") from error
    return urldefrag(normal)[0]


def read_sources(path: str | Path) -> tuple[list[str], list[str]]:
    """(the normalised URLs of the sources file, in order and once each; one line per entry
    that is not a usable URL). OSError or UnreadableInput if the file cannot be read."""
    data = Path(path).read_bytes()[: MAX_SOURCES_BYTES + 1]
    if len(data) > MAX_SOURCES_BYTES:
        raise UnreadableInput(str(path), f"sources file over {MAX_SOURCES_BYTES:,} bytes")
    head = data.lstrip()[:400].lower()
    if head.startswith(b"<") and b"<opml" in head:
        entries = opml_urls(str(path), data)
    else:
        text = data.decode("utf-8", errors="replace")
        entries = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        entries = [entry for entry in entries if entry]
    urls, problems = [], []
    for entry in entries:
        try:
            urls.append(normalise_url(entry))
        except FetchError as error:
            problems.append(f"{path}: {entry[:200]}: {error.reason}")
    return list(dict.fromkeys(urls)), problems


def opml_urls(source: str, data: bytes) -> list[str]:
    """The feed (xmlUrl), else page (htmlUrl), of every outline of an OPML document."""
    try:
        root = SafeTree.fromstring(data)
    except (SafeTree.ParseError, DefusedXmlException) as error:
        raise UnreadableInput(source, f"not a readable OPML file ({error})") from error
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("htmlUrl")
        if url:
            found.append(url)
    return found
