"""What a fetched body holds: a feed's entries (each an article page to fetch, with what the
feed says of it), or an article page read like any HTML input (trafilatura's text; outlet from
og:site_name, else the feed's title, else the domain; date from article:published_time and
the page's other markup via htmldate, else the feed entry's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeTree
import feedparser
import lxml.html
from defusedxml import DefusedXmlException
from lxml.etree import ParserError

from newsprism.errors import UnreadableInput
from newsprism.ingest.feeds import detail_text, entry_date, entry_text, parse_feed
from newsprism.ingest.fields import article_id, parse_date, title_from_text
from newsprism.ingest.limits import within_limits
from newsprism.ingest.textfile import decode_text, split_title_and_body
from newsprism.ingest.webpage import domain_of, extract_main_text, find_publication_date
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

FEED_TYPES = ("rss", "atom", "rdf", "xml")
MIN_ARTICLE_WORDS = 25  # a page with fewer words of main text is a menu or an error page
NO_ENTRIES = "the feed has no entries"  # ingest.feeds.parse_feed's reason
FEED_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf")


@dataclass(frozen=True)
class Entry:
    """One item of a feed: the page it links to and what the feed says of it."""

    link: str
    title: str
    published: str | None  # ISO date
    text: str
    outlet: str | None


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """Whether a response is a feed (by its content type, else by its first bytes)."""
    if "html" in content_type:
        return False
    if any(kind in content_type for kind in FEED_TYPES):
        return True
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return start.startswith(FEED_STARTS)


def refuse_entities(source: str, body: bytes) -> None:
    """UnreadableInput if the XML declares entities or reaches outside (billion laughs,
    external entities): defusedxml reads the prolog; a malformed body is left to feedparser."""
    try:
        SafeTree.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UnreadableInput(source, f"feed refused: {type(error).__name__}") from error
    except (ParseError, ValueError):
        pass


def feed_entries(source: str, body: bytes, limits: InputLimits) -> tuple[str | None, list[Entry]]:
    """(the feed's title, its entries with a link, at most `limits.feed_items`)."""
    refuse_entities(source, body)
    try:
        feed = parse_feed(source, body)
    except UnreadableInput as error:
        if error.reason == NO_ENTRIES:  # a feed with nothing in it yet is not an error
            title = (feedparser.parse(body).feed.get("title") or "").strip()
            return title or None, []
        raise
    title = (feed.feed.get("title") or "").strip() or None
    entries = []
    for entry in feed.entries[: limits.feed_items]:
        link = entry.get("link") or ""
        if not link:
            continue
        published = entry_date(entry)
        entries.append(
            Entry(
                link=link,
                title=detail_text(entry.get("title_detail") or {}),
                published=published.isoformat() if published else None,
                text=entry_text(entry),
                outlet=title,
            )
        )
    return title, entries


def page_meta(body: bytes) -> tuple[str | None, date | None]:
    """The page's own og:site_name and article:published_time, where it gives them
    (trafilatura's site name falls back to the host, which would hide the feed's title;
    htmldate's search of the text could take a date the article mentions)."""
    try:
        root = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return None, None
    names = root.xpath("//meta[@property='og:site_name' or @name='og:site_name']/@content")
    name = next((" ".join(str(v).split()) for v in names if str(v).strip()), None)
    times = root.xpath(
        "//meta[@property='article:published_time' or @name='article:published_time']/@content"
    )
    published = next((d for v in times if (d := parse_date(str(v))) is not None), None)
    return (name[:200] if name else None), published


def text_article(
    url: str, body: bytes, entry: dict[str, Any], limits: InputLimits
) -> tuple[Article, list[InputProblem]]:
    """A plain-text page read as a `.txt` input (first line the title); outlet and date from
    the feed entry, else the domain."""
    title, text = split_title_and_body(decode_text(url, body))
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise UnreadableInput(url, "no article text in the page")
    article = Article(
        id=article_id(text),
        title=title,
        text=text,
        published=parse_date(entry.get("published")),
        outlet=entry.get("outlet") or domain_of(url),
        url=url,
        source_path=url,
    )
    return within_limits(article, limits)


def page_article(
    url: str, body: bytes, entry: dict[str, Any], limits: InputLimits, content_type: str = ""
) -> tuple[Article, list[InputProblem]]:
    """The article of a fetched page; if no text can be extracted from it, the feed entry's
    own text (UnreadableInput when neither has any)."""
    if content_type == "text/plain":
        return text_article(url, body, entry, limits)
    fallback_date = parse_date(entry.get("published"))
    feed_outlet = entry.get("outlet") or None
    try:
        document = extract_main_text(url, body, url)
        if len((document.text or "").split()) < MIN_ARTICLE_WORDS:
            raise UnreadableInput(url, "no article text could be extracted from the HTML")
    except UnreadableInput:
        text = (entry.get("text") or "").strip()
        if len(text.split()) < MIN_ARTICLE_WORDS:
            raise
        article = Article(
            id=article_id(text),
            title=(entry.get("title") or "").strip() or title_from_text(text),
            text=text,
            published=fallback_date,
            outlet=feed_outlet or domain_of(url),
            url=url,
            source_path=url,
        )
        notes = [InputProblem(url, "no article text in the page: the feed entry's text", True)]
        article, cut = within_limits(article, limits)
        return article, notes + cut
    text = (document.text or "").strip()
    host = domain_of(url)
    site, stated = page_meta(body)
    published = stated or fallback_date or find_publication_date(body, url)
    article = Article(
        id=article_id(text),
        title=(document.title or "").strip() or entry.get("title") or title_from_text(text),
        text=text,
        published=published,
        outlet=site or feed_outlet or (document.sitename or "").strip() or host,
        url=url,
        source_path=url,
    )
    return within_limits(article, limits)
