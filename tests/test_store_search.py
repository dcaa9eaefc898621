"""Full-text search finds articles by their words and never breaks on what a user types."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprism.model import Article
from newsprism.store import Store, open_store, quote_search_terms, sqlite_search
from newsprism.store.sqlite_search import (
    MAX_SEARCH_QUERY_CHARS,
    MAX_SEARCH_TERMS,
    SearchTooSlow,
    clean_search_query,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "palmyra-2016"


def example_article(file_name: str, outlet: str, published: date) -> Article:
    text = (EXAMPLE / file_name).read_text(encoding="utf-8")
    return Article(file_name.split(".")[0], text.splitlines()[0], text, published, outlet)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request):
    """The same four articles on each backend: SQLite, then PostgreSQL (see conftest.py).
    One reads "&a" 20,000 times: FTS5's snippet() took 12-25 s over it for `a OR a`."""
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
                Article("amp", "Ampersands", "&a" * 20_000),
            ]
        )
        yield opened


def test_a_word_finds_the_articles_with_a_marked_snippet(store: Store):
    results = store.search("Peskov")
    assert [article_id for article_id, _ in results] == ["000_02cc217ee7d2ff1b"]
    assert "[Peskov]" in results[0][1]


def test_a_search_without_snippets_finds_the_same_articles_in_the_same_order(store: Store):
    for query in ("Peskov", "Palmyra", "title:Isis", "Peskov OR café"):
        with_snippets = [article_id for article_id, _ in store.search(query)]
        bare = store.search(query, snippets=False)
        assert [article_id for article_id, _ in bare] == with_snippets
        assert all(snippet == "" for _, snippet in bare)


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
        "\x00",
        "\x00\x01\x1f\x7f",
        '"\x00"',
        "Palmyra \ud800",
        "a OR " * 3000,
        "(" * 300 + "Palmyra",
        "x" * 25_000,
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


def test_nul_and_control_characters_are_spaces(store: Store):
    assert {a for a, _ in store.search("Peskov\x00")} == {"000_02cc217ee7d2ff1b"}
    assert {a for a, _ in store.search("\x00Peskov\x07")} == {"000_02cc217ee7d2ff1b"}


def test_matches_in_a_pathological_article_give_a_short_marked_snippet(store: Store):
    for query in ("a OR a", "a", " OR ".join(["a"] * MAX_SEARCH_TERMS)):
        results = dict(store.search(query))
        assert "amp" in results, query
        assert "[a]" in results["amp"] and len(results["amp"]) < 400


def test_a_query_of_many_words_over_a_pathological_article_still_answers(store: Store):
    results = dict(store.search(" ".join(["a"] * 1000)))
    assert "amp" in results and len(results["amp"]) < 400


def test_long_queries_are_cut_to_their_first_words(store: Store):
    kept = " ".join(["Peskov"] * MAX_SEARCH_TERMS)
    assert {a for a, _ in store.search(kept + " nosuchword")} == {"000_02cc217ee7d2ff1b"}
    assert {a for a, _ in store.search("Peskov " + "x" * 25_000)} == {"000_02cc217ee7d2ff1b"}
    assert {a for a, _ in store.search("Peskov OR")} == {"000_02cc217ee7d2ff1b"}


def test_clean_search_query_drops_control_characters_and_cuts_long_queries():
    assert clean_search_query(" Palmyra\x00\tIsis\x1b ") == "Palmyra Isis"
    assert clean_search_query("a OR " * 3000) == " OR ".join(["a"] * (MAX_SEARCH_TERMS // 2))
    assert clean_search_query("x" * 25_000) == "x" * MAX_SEARCH_QUERY_CHARS
    assert len(clean_search_query("word " * 25_000)) <= MAX_SEARCH_QUERY_CHARS
    assert clean_search_query("\ud800 Palmyra") == "? Palmyra"


def test_a_search_past_its_time_limit_stops_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(sqlite_search, "SEARCH_TIME_LIMIT_SECONDS", 0)
    with open_store(":memory:") as store:
        store.add_articles([Article(f"p{n}", "Palmyra", f"Palmyra, day {n}.") for n in range(20)])
        with pytest.raises(SearchTooSlow, match="took longer than 0 s"):
            store.search("Palmyra")
