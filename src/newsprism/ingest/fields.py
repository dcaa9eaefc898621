"""Fields every reader needs: the content-hash id, tolerant date parsing, a fallback title."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import dateparser

FALLBACK_TITLE_CHARS = 120
MAX_DATE_CHARS = 100  # no date is written longer; dateparser is slow on long strings
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday", no epoch numbers
    "REQUIRE_PARTS": ["day", "month", "year"],  # a publication date is a full date
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex characters of sha256(text as UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_date(value: object) -> date | None:
    """A calendar date from a date, datetime or string; None when it is not a valid date.

    ISO 8601 strings are read with `datetime.fromisoformat`; anything else goes to
    `dateparser` ("12 December 2016", "Mon, 12 Dec 2016 10:00:00 GMT"), in English first
    (quick to load), then in every language it knows (several seconds to load, once).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DATE_CHARS:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings=_DATEPARSER_SETTINGS,  # type: ignore[arg-type]
        ) or dateparser.parse(text, settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
    except (ValueError, OverflowError):  # numbers dateparser cannot hold
        return None
    return parsed.date() if parsed is not None else None


def title_from_text(text: str) -> str:
    """The first non-empty line of `text`, cut to a readable length: a title for untitled input."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first_line) <= FALLBACK_TITLE_CHARS:
        return first_line
    return first_line[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
