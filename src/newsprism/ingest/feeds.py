"""RSS and Atom feeds read with feedparser: one article per entry.

Entry text is the entry's content, else its summary; HTML in it is turned into plain text
with one line per block element (a small hand-written walk over lxml's tree: trafilatura's
extractors drop short fragments and `text_content()` glues paragraphs together).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any
from xml.sax import SAXParseException

import feedparser
import lxml.html
from lxml.etree import ParserError

from newsprism.errors import UnreadableInput
from newsprism.ingest.fields import article_id, parse_date, title_from_text
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "figure", "figcaption", "hr",
)  # fmt: skip
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # lxml refuses them


def html_fragment_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: block elements on their own lines, spaces collapsed."""
    markup = _CONTROL_CHARACTERS.sub("", markup)
    if not markup.strip():
        return ""
    try:
        document = lxml.html.document_fromstring(markup)
    except ParserError:  # nothing but a doctype, comments or processing instructions
        return ""
    body = document.find("body")
    root = body if body is not None else document
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def detail_text(detail: Mapping[str, Any]) -> str:
    """Plain text of a feedparser text construct ({"type", "value"}), HTML stripped if HTML."""
    value = detail.get("value") or ""
    is_html = "html" in (detail.get("type") or "text/html")
    return html_fragment_to_text(value) if is_html else value.strip()


def entry_text(entry: Mapping[str, Any]) -> str:
    """The entry's content, else its summary, as plain text."""
    candidates = [*entry.get("content", []), entry.get("summary_detail") or {}]
    return next((text for text in map(detail_text, candidates) if text), "")


def entry_date(entry: dict[str, Any]) -> date | None:
    """The entry's publication (else update) date.

    Plain `dict.get`: feedparser's own lookup maps a missing `updated` to `published` with a
    DeprecationWarning.
    """
    for key in ("published_parsed", "updated_parsed"):
        parsed = dict.get(entry, key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    for key in ("published", "updated"):
        found = parse_date(dict.get(entry, key))
        if found is not None:
            return found
    return None


def describe_feed_error(feed: Any) -> str:
    """feedparser's parse error in words ("not well-formed (invalid token) at line 5")."""
    error = feed.get("bozo_exception")
    if isinstance(error, SAXParseException):
        return f"{error.getMessage()} at line {error.getLineNumber()}"
    return str(error) or type(error).__name__


def parse_feed(source: str, data: bytes) -> Any:
    """The feedparser result for `data`; UnreadableInput when it holds no readable entry.

    A feed that is not well-formed is still read when some entry has text (feedparser
    recovers what it can); otherwise it is reported as malformed.
    """
    try:
        feed = feedparser.parse(data)
    except (UnicodeEncodeError, UnicodeDecodeError) as error:  # bad bytes, "&#xD800;"
        raise UnreadableInput(source, f"malformed feed: {error.reason}") from error
    if any(map(entry_text, feed.entries)):
        return feed
    if feed.bozo:
        raise UnreadableInput(source, f"malformed feed: {describe_feed_error(feed)}")
    if not feed.get("version"):
        raise UnreadableInput(source, "not an RSS or Atom feed")
    if not feed.entries:
        raise UnreadableInput(source, "the feed has no entries")
    return feed


def read_feed_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """One article per entry of an RSS or Atom feed (the first `limits.feed_items`); outlet is
    the feed's title."""
    limits = limits or InputLimits()
    feed = parse_feed(source, data)
    outlet = (feed.feed.get("title") or "").strip() or None
    if len(feed.entries) > limits.feed_items:
        yield InputProblem(
            source,
            f"feed of {len(feed.entries):,} entries: read the first {limits.feed_items:,}"
            " (limit feed_items)",
            kept=True,
        )
    for number, entry in enumerate(feed.entries[: limits.feed_items], start=1):
        text = entry_text(entry)
        title = detail_text(entry.get("title_detail") or {})
        if not text:
            yield InputProblem(f"{source}: entry {number}", "the entry has no content or summary")
            continue
        yield Article(
            id=article_id(text),
            title=title or title_from_text(text),
            text=text,
            published=entry_date(entry),
            outlet=outlet,
            url=entry.get("link"),
            source_path=source,
        )
