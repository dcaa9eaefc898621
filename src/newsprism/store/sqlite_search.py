"""Full-text search on SQLite (FTS5), safe whatever a user types and bounded in time.

- `clean_search_query` (both backends): control characters (NUL among them, which ends an
  FTS5 string early) become spaces, and the query is cut to `MAX_SEARCH_QUERY_CHARS`
  characters and `MAX_SEARCH_TERMS` words (a 25,000-character query took 24-32 s).
- A query that is not valid FTS5 (unbalanced quotes, a bare `AND`, `NEAR(`) is searched for
  as its words, each an FTS5 string.
- Ranking runs under a progress handler that stops it after `SEARCH_TIME_LIMIT_SECONDS`
  (`SearchTooSlow`).
- FTS5's `snippet()` scores every match of an article against every other: quadratic, 12-25 s
  for `a OR a` over one article reading "&a" 20,000 times. Snippets are made apart instead:
  a hit's title and first `SNIPPET_SCAN_CHARS` characters of text, cut into pieces of
  `SNIPPET_PIECE_CHARS`, go into a private in-memory FTS5 table with the same tokenizer; the
  first piece the query matches is marked with `highlight()` (linear) and the snippet is a
  window of it from just before its first match. Once the time limit has passed, hits left
  get their text's first words, unmarked.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager

from newsprism.errors import StoreError

SNIPPET_MARKS = ("[", "]")  # around matched words in search snippets
SNIPPET_ELLIPSIS = "…"
SNIPPET_TOKENS = 16  # words in a snippet (PostgreSQL's ts_headline MaxWords)
SNIPPET_CHARS = 120  # characters of text in a snippet, marks aside
SNIPPET_LEAD_CHARS = 30  # characters shown before a snippet's first match
SNIPPET_SCAN_CHARS = 100_000  # characters of an article's text searched for a snippet
SNIPPET_PIECE_CHARS = 1_000
MAX_SEARCH_QUERY_CHARS = 500
MAX_SEARCH_TERMS = 32
SEARCH_TIME_LIMIT_SECONDS = 2.0
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"  # as the articles_fts table's

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_START, _END = "\x02", "\x03"  # private marks: stripped from the text before marking it
_RANK = (
    "SELECT rowid, article_id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
)
_PIECES = f"CREATE VIRTUAL TABLE pieces USING fts5(title, text, tokenize = '{FTS_TOKENIZER}')"
_FIRST_PIECE = (
    f"SELECT rowid, highlight(pieces, 0, '{_START}', '{_END}'), "
    f"highlight(pieces, 1, '{_START}', '{_END}') FROM pieces WHERE pieces MATCH ? "
    "ORDER BY rowid LIMIT 1"
)


class SearchTooSlow(StoreError):
    """A search stopped at its time limit."""

    @classmethod
    def of(cls, where: str, query: str) -> SearchTooSlow:
        return cls(
            f"{where}: the search for {query[:80]!r} took longer than "
            f"{SEARCH_TIME_LIMIT_SECONDS:g} s and was stopped: try fewer or rarer words"
        )


def clean_search_query(query: str) -> str:
    """`query` without control characters or lone surrogates, its whitespace collapsed,
    cut at a word to `MAX_SEARCH_QUERY_CHARS` characters and `MAX_SEARCH_TERMS` words."""
    text = _CONTROL.sub(" ", query.encode("utf-8", "replace").decode("utf-8"))
    words = text.split()[:MAX_SEARCH_TERMS]
    kept: list[str] = []
    length = 0
    for word in words:
        length += len(word) + bool(kept)
        if length > MAX_SEARCH_QUERY_CHARS:
            if not kept:
                kept.append(word[:MAX_SEARCH_QUERY_CHARS])
            break
        kept.append(word)
    while kept and kept[-1] in _OPERATORS:  # "a OR" cut from "a OR b": "a"
        kept.pop()
    return " ".join(kept)


def quote_search_terms(query: str) -> str:
    """`query` as FTS5 strings, one per word, so that no character has a syntax meaning."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def search_articles(
    connection: sqlite3.Connection, location: str, query: str, limit: int, snippets: bool = True
) -> list[tuple[str, str]]:
    """(article id, snippet) of the best `limit` articles matching `query`, best first; the
    snippets empty unless asked for."""
    query = clean_search_query(query)
    if not query:
        return []
    deadline = time.monotonic() + SEARCH_TIME_LIMIT_SECONDS
    try:
        with time_limit(connection, deadline):
            try:
                rows = connection.execute(_RANK, (query, limit)).fetchall()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
                    raise
                query = quote_search_terms(query)  # not FTS5: its words, as strings
                rows = connection.execute(_RANK, (query, limit)).fetchall()
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT:
            raise SearchTooSlow.of(location, query) from error
        raise StoreError(f"{location}: cannot search for {query[:80]!r} ({error})") from error
    if not snippets:
        return [(article_id, "") for _, article_id in rows]
    hits = []
    with closing(sqlite3.connect(":memory:")) as scratch:
        scratch.execute(_PIECES)
        for rowid, article_id in rows:
            title, text = connection.execute(
                "SELECT title, text FROM articles_fts WHERE rowid = ?", (rowid,)
            ).fetchone()
            if time.monotonic() < deadline:
                snippet = marked_snippet(scratch, query, title or "", text or "")
            else:
                snippet = plain_snippet(title or "", text or "")
            hits.append((article_id, snippet))
    return hits


@contextmanager
def time_limit(connection: sqlite3.Connection, deadline: float) -> Iterator[None]:
    """Interrupt the connection's statements once `deadline` (time.monotonic) has passed."""
    connection.set_progress_handler(lambda: time.monotonic() > deadline, 16)
    try:
        yield
    finally:
        connection.set_progress_handler(None, 0)


def marked_snippet(scratch: sqlite3.Connection, query: str, title: str, text: str) -> str:
    """A window of the first piece of `title` + `text` that `query` matches, matched words
    marked; the text's first words when no piece matches (the query's words are far apart,
    or past `SNIPPET_SCAN_CHARS`)."""
    scanned = text[:SNIPPET_SCAN_CHARS]
    pieces = text_pieces(scanned)
    rows = [(0, title, pieces[0])] + [(n, "", p) for n, p in enumerate(pieces[1:], start=1)]
    scratch.execute("DELETE FROM pieces")
    scratch.executemany(
        "INSERT INTO pieces (rowid, title, text) VALUES (?, ?, ?)",
        [(n, strip_marks(t), strip_marks(p)) for n, t, p in rows],
    )
    found = None
    for piece_query in (query, any_word_query(query)):
        try:
            found = scratch.execute(_FIRST_PIECE, (piece_query,)).fetchone()
        except sqlite3.Error:
            found = None
        if found is not None:
            break
    if found is None:
        return plain_snippet(title, text)
    number, marked_title, marked_text = found
    if _START not in marked_text and _START in marked_title:
        return window(marked_title, False, True)
    last = number == len(pieces) - 1 and len(scanned) == len(text)
    return window(marked_text, number > 0, last)


def text_pieces(text: str) -> list[str]:
    """`text` in consecutive pieces of at most `SNIPPET_PIECE_CHARS`, cut at spaces where
    there are some; at least one (maybe empty) piece."""
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + SNIPPET_PIECE_CHARS)
        if end < len(text):
            space = text.rfind(" ", start + SNIPPET_PIECE_CHARS // 2, end)
            end = space + 1 if space > start else end
        pieces.append(text[start:end])
        start = end
    return pieces or [""]


def strip_marks(text: str) -> str:
    return text.replace(_START, " ").replace(_END, " ")


def any_word_query(query: str) -> str:
    """The words of `query` (no operators, column names or syntax), any of them to match."""
    words = re.findall(r"\w+", re.sub(r"\w+:", " ", query))
    return " OR ".join(f'"{w}"' for w in words if w not in _OPERATORS)


def window(marked: str, cut_before: bool, ends_text: bool) -> str:
    """About `SNIPPET_CHARS` of `marked` (text with private marks around matched words) from
    a little before its first match, cut at spaces, with `SNIPPET_MARKS` for the marks."""
    first = max(0, marked.find(_START))
    start = max(0, first - SNIPPET_LEAD_CHARS)
    if start > 0:
        space = marked.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = start
    shown = 0
    while end < len(marked) and shown < SNIPPET_CHARS:
        shown += marked[end] not in (_START, _END)
        end += 1
    if end < len(marked):
        space = marked.rfind(" ", first + 1, end)
        end = space if space > first else end
    part = marked[start:end]
    if part.count(_START) > part.count(_END):
        part += _END
    before = SNIPPET_ELLIPSIS if cut_before or start > 0 else ""
    after = "" if ends_text and end >= len(marked) else SNIPPET_ELLIPSIS
    marks = str.maketrans({_START: SNIPPET_MARKS[0], _END: SNIPPET_MARKS[1]})
    return before + part.strip().translate(marks) + after


def plain_snippet(title: str, text: str) -> str:
    """The first words of `text` (of `title` if it has none), unmarked."""
    return window(strip_marks(text.strip() or title), False, True)
