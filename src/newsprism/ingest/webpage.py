"""Web pages: trafilatura finds the main text, title and site name; htmldate the publication date.

Outlet: the site's own name (og:site_name, or what trafilatura reads as the site name), else the
domain of the page URL. URL: the one given (a WARC record's target) else canonical / og:url.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import htmldate
import trafilatura
from trafilatura.settings import Document

from newsprism.errors import UnreadableInput
from newsprism.ingest.fields import article_id, parse_date, title_from_text
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

EXTENSIVE_SEARCH_BYTES = 1_000_000


def domain_of(url: str | None) -> str | None:
    """The host name of `url` without a leading "www." ("https://www.bbc.com/x" -> "bbc.com")."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def extract_main_text(source: str, html: bytes | str, url: str | None) -> Document:
    """trafilatura's reading of the page: text (no comments), title, site name, canonical URL."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise UnreadableInput(source, "no article text could be extracted from the HTML")
    return document


def find_publication_date(html: bytes | str, url: str | None) -> date | None:
    """The date the page was first published, as htmldate finds it, or None. Its extensive
    search (regular expressions over the whole page, 2.5 s a MB) only on pages of at most
    EXTENSIVE_SEARCH_BYTES: a bigger one is read by its markup (meta tags, time elements)."""
    extensive = len(html) <= EXTENSIVE_SEARCH_BYTES
    found = htmldate.find_date(html, url=url, original_date=True, extensive_search=extensive)
    return parse_date(found)


def read_html_page(
    source: str, html: bytes | str, url: str | None = None, fallback_date: date | None = None
) -> Article:
    """The article of one web page; `url` (if given) wins over the page's canonical URL."""
    document = extract_main_text(source, html, url)
    text = (document.text or "").strip()
    page_url = url or document.url
    return Article(
        id=article_id(text),
        title=(document.title or "").strip() or title_from_text(text),
        text=text,
        published=find_publication_date(html, page_url) or fallback_date,
        outlet=(document.sitename or "").strip() or domain_of(page_url),
        url=page_url,
        source_path=source,
    )


def read_html_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """The one article of a saved `.html` / `.htm` page."""
    yield read_html_page(source, data)
