"""Full-text search on PostgreSQL: a user's query as tsqueries, ranked hits, marked snippets.

The query is read by `websearch_to_tsquery`, which accepts any text ("exact phrase", OR,
-word) and never fails on syntax. The FTS5 syntax SQLite's search accepts is translated where
websearch differs, so a query means the same on both backends: `a AND b` (websearch: `a b`),
`NOT word` (`-word`), and column filters `title:word` / `text:word` (matched against the
title's weight-A or the text's weight-D lexemes of the `words` column). FTS5 prefix queries
(`pal*`) and NEAR are not supported: their words are searched for as plain words.
"""

from __future__ import annotations

import re

from psycopg.rows import tuple_row

from newsprism.store.postgres_schema import TEXT_SEARCH_CONFIG, Connection
from newsprism.store.sqlite import SNIPPET_MARKS, SNIPPET_TOKENS

_COLUMN_FILTER = re.compile(r'(?<!\S)(title|text):("[^"]*"?|\S+)')
_NOT = re.compile(r"(?<!\S)NOT\s+(?=\S)")
_AND = re.compile(r"(?<=\S)\s+AND\s+(?=\S)")
_HEADLINE_OPTIONS = (
    f"StartSel={SNIPPET_MARKS[0]}, StopSel={SNIPPET_MARKS[1]}, MaxWords={SNIPPET_TOKENS}, "
    f"MinWords={SNIPPET_TOKENS // 2}, ShortWord=2, MaxFragments=1"
)
# Rank and cut first, then make snippets for the few hits kept (ts_headline reads the text).
_SEARCH = f"""
WITH q AS (SELECT websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(anywhere)s) AS anywhere,
                  websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(title)s) AS title,
                  websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(text)s) AS text),
hits AS (
    SELECT a.id, a.seq, a.title, a.text, q.anywhere && q.title && q.text AS everything,
           ts_rank_cd(a.words, q.anywhere && q.title && q.text) AS rank
    FROM articles a, q
    WHERE a.words @@ (q.anywhere && q.title && q.text)
      AND (numnode(q.title) = 0 OR ts_filter(a.words, '{{a}}') @@ q.title)
      AND (numnode(q.text) = 0 OR ts_filter(a.words, '{{d}}') @@ q.text)
    ORDER BY rank DESC, a.seq
    LIMIT %(limit)s)
SELECT id, ts_headline('{TEXT_SEARCH_CONFIG}', title || E'\\n' || text, everything,
                       %(options)s) AS snippet
FROM hits ORDER BY rank DESC, seq
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
    connection: Connection, query: str, limit: int
) -> list[tuple[str, str]]:
    """(article id, snippet) of the best `limit` articles matching `query`, best first."""
    parameters = {**split_query(query), "limit": limit, "options": _HEADLINE_OPTIONS}
    with connection.cursor(row_factory=tuple_row) as cursor:
        return cursor.execute(_SEARCH, parameters).fetchall()
