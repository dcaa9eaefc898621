"""Full-text search finds articles by their words and never breaks on what a user types."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprism.model import Article
from newsprism.store import Store, open_store, quote_search_terms

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "palmyra-2016"


def example_article(file_name: str, outlet: str, published: date) -> Article:
    text = (EXAMPLE / file_name).read_text(encoding="utf-8")
    return Article(file_name.split(".")[0], text.splitlines()[0], text, published, outlet)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request):
    """The same three articles on each backend: SQLite, then PostgreSQL (see conftest.py)."""
    if request.param == "sqlite":
        location = ":memory:"
    else:
        location = request.getfixturevalue("postgres_cluster").new_database()
    with open_store(location) as opened:
        opened.add_articles(
            [
                example_article("000_02cc217ee7d2ff1b.txt", "AFP", date(2016, 12, 12)),
                example_article("002_7755901504861f9e.txt", "The Guardian", date(2016, 12, 14)),
                Article("cafe", "Café Noël", 'A short note about a café. She said "no comment".'),
            ]
        )
        yield opened


def test_a_word_finds_the_articles_with_a_marked_snippet(store: Store):
    results = store.search("Peskov")
    assert [article_id for article_id, _ in results] == ["000_02cc217ee7d2ff1b"]
    assert "[Peskov]" in results[0][1]


def test_words_match_their_inflections_and_accents_are_optional(store: Store):
    assert "cafe" in {article_id for article_id, _ in store.search("cafes")}
    assert {article_id for article_id, _ in store.search("noel")} == {"cafe"}


def test_fts_syntax_works_for_those_who_use_it(store: Store):
    assert {a for a, _ in store.search("title:Isis")} == {"002_7755901504861f9e"}
    assert {a for a, _ in store.search("Peskov OR café")} == {"000_02cc217ee7d2ff1b", "cafe"}
    assert {a for a, _ in store.search('"no comment"')} == {"cafe"}


def test_limit_caps_the_number_of_results(store: Store):
    assert len(store.search("Palmyra", limit=1)) == 1
    assert len(store.search("Palmyra")) == 2
    with pytest.raises(ValueError, match="limit"):
        store.search("Palmyra", limit=0)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "NEAR(",
        "AND",
        "*",
        "-Palmyra",
        "title:",
        "nosuchcolumn:Palmyra",
        "'); DROP TABLE articles; --",
        "Palmyra\x00",
        '"',
        "^",
        "(((",
        "x" * 5000,
    ],
)
def test_hostile_queries_return_results_or_nothing_never_crash(store: Store, query: str):
    results = store.search(query)
    assert all(isinstance(a, str) and isinstance(s, str) for a, s in results)
    assert len(store.search("Palmyra")) == 2  # the index is still there


def test_a_query_with_broken_syntax_still_searches_its_words(store: Store):
    assert {a for a, _ in store.search('"no comment')} == {"cafe"}
    assert {a for a, _ in store.search("Peskov AND")} == {"000_02cc217ee7d2ff1b"}


def test_blank_queries_find_nothing(store: Store):
    assert store.search("") == []
    assert store.search("   \n") == []


def test_quoted_terms_are_fts_strings_with_quotes_doubled():
    assert quote_search_terms('say "no" now') == '"say" """no""" "now"'
