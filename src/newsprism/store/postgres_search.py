"""Full-text search on PostgreSQL: a user's query as tsqueries, ranked hits, marked snippets.

The query is read by `websearch_to_tsquery`, which accepts any text ("exact phrase", OR,
-word) and never fails on syntax. The FTS5 syntax SQLite's search accepts is translated where
websearch differs, so a query means the same on both backends: `a AND b` (websearch: `a b`),
`NOT word` (`-word`), and column filters `title:word` / `text:word` (matched against the
title's weight-A or the text's weight-D lexemes of the `words` column). FTS5 prefix queries
(`pal*`) and NEAR are not supported: their words are searched for as plain words.

As on SQLite (see `sqlite_search`), control characters are dropped and long queries cut
first; ranking runs under a `statement_timeout` of `SEARCH_TIME_LIMIT_SECONDS`
(`SearchTooSlow`), and snippets are made one hit at a time in the time left, each from the
title and at most `SNIPPET_SCAN_CHARS` characters of text; hits left when time is up get their
text's first words, unmarked.
"""

from __future__ import annotations

import re
import time
from typing import Any

from psycopg.errors import QueryCanceled
from psycopg.rows import tuple_row

from newsprism.store.postgres_schema import TEXT_SEARCH_CONFIG, Connection
from newsprism.store.sqlite_search import (
    SEARCH_TIME_LIMIT_SECONDS,
    SNIPPET_MARKS,
    SNIPPET_PIECE_CHARS,
    SNIPPET_SCAN_CHARS,
    SNIPPET_TOKENS,
    SearchTooSlow,
    clean_search_query,
    plain_snippet,
)

_COLUMN_FILTER = re.compile(r'(?<!\S)(title|text):("[^"]*"?|\S+)')
_NOT = re.compile(r"(?<!\S)NOT\s+(?=\S)")
_AND = re.compile(r"(?<=\S)\s+AND\s+(?=\S)")
_HEADLINE_OPTIONS = (
    f"StartSel={SNIPPET_MARKS[0]}, StopSel={SNIPPET_MARKS[1]}, MaxWords={SNIPPET_TOKENS}, "
    f"MinWords={SNIPPET_TOKENS // 2}, ShortWord=2, MaxFragments=1"
)
_QUERIES = f"""
q AS (SELECT websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(anywhere)s) AS anywhere,
             websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(title)s) AS title,
             websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(text)s) AS text)"""
# Rank and cut first, then make snippets for the few hits kept, one at a time within the time
# left (ts_headline reads the text: 16 s for 32 words over 40,000 characters of "&a").
_RANK = f"""
WITH {_QUERIES}
SELECT a.id, a.title, left(a.text, %(plain)s)
FROM articles a, q
WHERE a.words @@ (q.anywhere && q.title && q.text)
  AND (numnode(q.title) = 0 OR ts_filter(a.words, '{{a}}') @@ q.title)
  AND (numnode(q.text) = 0 OR ts_filter(a.words, '{{d}}') @@ q.text)
ORDER BY ts_rank_cd(a.words, q.anywhere && q.title && q.text) DESC, a.seq
LIMIT %(limit)s
"""
_HEADLINE = f"""
WITH {_QUERIES}
SELECT ts_headline('{TEXT_SEARCH_CONFIG}', a.title || E'\\n' || left(a.text, %(scan)s),
                   q.anywhere && q.title && q.text, %(options)s)
FROM articles a, q WHERE a.id = %(id)s
"""


def split_query(query: str) -> dict[str, str]:
    """`query` as websearch text: what may match anywhere, in the title, in the text."""
    columns: dict[str, list[str]] = {"title": [], "text": []}

    def take(match: re.Match[str]) -> str:
        columns[match.group(1)].append(match.group(2))
        return " "

    anywhere = _COLUMN_FILTER.sub(take, query)
    parts = {"anywhere": anywhere, **{name: " ".join(terms) for name, terms in columns.items()}}
    return {name: _NOT.sub("-", _AND.sub(" ", text)) for name, text in parts.items()}


def search_articles(
    connection: Connection, query: str, limit: int, snippets: bool = True
) -> list[tuple[str, str]]:
    """(article id, snippet) of the best `limit` articles matching `query`, best first; the
    snippets empty unless asked for."""
    query = clean_search_query(query)
    if not query:
        return []
    parameters: dict[str, object] = {
        **split_query(query),
        "limit": limit,
        "options": _HEADLINE_OPTIONS,
        "scan": SNIPPET_SCAN_CHARS,
        "plain": SNIPPET_PIECE_CHARS,
    }
    deadline = time.monotonic() + SEARCH_TIME_LIMIT_SECONDS
    try:
        hits = timed(connection, deadline, _RANK, parameters)
    except QueryCanceled as error:
        raise SearchTooSlow.of(f"database {connection.info.dbname}", query) from error
    if not snippets:
        return [(article_id, "") for article_id, _, _ in hits]
    found = []
    for article_id, title, text in hits:
        snippet = None
        if time.monotonic() < deadline:
            try:
                rows = timed(connection, deadline, _HEADLINE, {**parameters, "id": article_id})
                snippet = rows[0][0] if rows else None
            except QueryCanceled:
                deadline = 0.0  # out of time: the hits left get their first words
        found.append((article_id, snippet if snippet is not None else plain_snippet(title, text)))
    return found


def timed(
    connection: Connection, deadline: float, sql: str, parameters: dict[str, object]
) -> list[tuple[Any, ...]]:
    """The rows of `sql`, cancelled (QueryCanceled) once `deadline` (time.monotonic) passes."""
    timeout = f"{max(1, round((deadline - time.monotonic()) * 1000))}ms"
    with connection.transaction(), connection.cursor(row_factory=tuple_row) as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", (timeout,))
        return cursor.execute(sql, parameters).fetchall()
