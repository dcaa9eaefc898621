"""Small text helpers for reports: whitespace, safe links, labels, dates and numbers.

Hand-written: turning TIMEX3 week values into a readable day uses only `datetime`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from urllib.parse import quote, urlsplit

from newsprism.model import Article

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")


def one_line(text: str) -> str:
    """`text` with every run of whitespace (newlines included) made a single space."""
    return " ".join(text.split())


def safe_http_url(url: str | None) -> str | None:
    """`url` percent-encoded for use as a link, or None unless it is an http(s) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#@!$&+,;=%~*")


def article_labels(articles: Iterable[Article]) -> dict[str, str]:
    """A short citation label per article id: "AFP 2016-12-12"; repeated labels get "#n"."""
    base = {a.id: plain_label(a, n) for n, a in enumerate(articles, start=1)}
    counts = Counter(base.values())
    numbers = {a_id: n for n, a_id in enumerate(base, start=1)}
    return {
        a_id: label if counts[label] == 1 else f"{label} #{numbers[a_id]}"
        for a_id, label in base.items()
    }


def plain_label(article: Article, number: int) -> str:
    name = one_line(article.outlet or "") or f"article {number}"
    return f"{name} {article.published.isoformat()}" if article.published else name


def time_span(days: Iterable[date | None]) -> str | None:
    known = sorted(d for d in days if d is not None)
    if not known:
        return None
    first, last = known[0].isoformat(), known[-1].isoformat()
    return first if first == last else f"{first} to {last}"


def format_number(value: float) -> str:
    """A quantity's value with thousands separators; whole numbers without decimals."""
    number = float(value)  # annotators may hand over an int
    if not math.isfinite(number):
        return str(number)
    return f"{int(number):,}" if number.is_integer() else f"{number:,}"


def readable_date(value: str) -> str:
    """A TIMEX3 date for people: week values get the day they start ("2016-W49-WE" too)."""
    match = _ISO_WEEK.match(value)
    if match is None:
        return value
    year, week, weekend = int(match[1]), int(match[2]), match[3]
    try:
        first_day = date.fromisocalendar(year, week, 6 if weekend else 1)
    except ValueError:
        return value
    what = "weekend" if weekend else "week"
    return f"{what} of {first_day.isoformat()}"


QUOTE_MARKS = "\"'“”‘’«»„"


def quotation(content: str, kind: str) -> str:
    """Quoted words as shown: direct speech in quotation marks (once), the rest as written.
    Direct speech whose words bring their own marks after "that" (told reporters that “...”)
    is shown as written."""
    opening = content.removeprefix("that ")[:1]
    if kind != "direct" or not content or content[0] in QUOTE_MARKS or opening in QUOTE_MARKS:
        return content
    return f"“{content}”"
