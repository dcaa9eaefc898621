"""The JSON API and CSV tables of `newsprism serve`, read as a program would, over a real store
holding the analysed example (the `db` and `client` fixtures of test_web.py)."""

# ruff: noqa: F811  (the fixtures imported from test_web are named again as test arguments)

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from test_web import client, db  # noqa: F401  (fixtures: the example in a real store)
from test_web_edges import with_story_ids

from newsprism.model import Analysis
from newsprism.present.web import create_app
from newsprism.present.web.tables import FACT_COLUMNS, QUOTE_COLUMNS, STORY_COLUMNS, safe_cell
from newsprism.settings import Settings
from newsprism.store import open_store, sqlite_search

JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def local(url: str) -> str:
    """A URL the API gave, as the path and query the test client asks for."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == CSV_TYPE
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))


def conforms(document: dict, schema: str, instance: object) -> None:
    """Check `instance` against a schema of the OpenAPI document's components."""
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    OAS31Validator(root).validate(instance)


def store_with(tmp_path: Path, analysis: Analysis) -> object:
    path = str(tmp_path / "api.db")
    with open_store(path) as store:
        store.save_analysis(analysis)
    return create_app(Settings(db=path)).test_client()


def test_the_story_list_has_the_example_story_with_its_counts(client, example_analysis):
    response = client.get("/api/stories")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_TYPE
    listing = response.get_json()
    story = example_analysis.stories[0]
    assert listing["total"] == len(example_analysis.stories) == 1
    row = listing["stories"][0]
    conflicts = sum(1 for f in example_analysis.findings if f.kind == "conflict")
    outlets = {a.article.outlet for a in example_analysis.articles}
    assert (row["id"], row["articles"], row["outlets"], row["conflicts"]) == (
        story.id,
        len(story.article_ids),
        len(outlets),
        conflicts,
    )
    assert row["title"] == " ".join(story.title.split())
    assert (row["first_published"], row["last_published"]) == ("2016-12-12", "2016-12-14")
    assert listing["next"] is None
    assert client.get(local(row["page"])).status_code == 200
    assert client.get(local(row["url"])).get_json()["stories"][0]["id"] == story.id


def test_stories_come_a_page_at_a_time_with_a_next_link(tmp_path, example_analysis):
    ids = ("s-1", "s-x/y", "s-3")
    renamed = with_story_ids(example_analysis, ids[:1])
    copies = tuple(replace(renamed.stories[0], id=i) for i in ids[1:])  # the same articles
    api = store_with(tmp_path, replace(renamed, stories=renamed.stories + copies))
    seen, url = [], "/api/stories?limit=2"
    while url:
        page = api.get(url).get_json()
        assert page["total"] == 3 and len(page["stories"]) <= 2
        seen += [row["id"] for row in page["stories"]]
        url = page["next"] and local(page["next"])
    assert sorted(seen) == sorted(ids)
    assert api.get("/api/stories?limit=2&offset=2").get_json()["stories"][0]["id"] == seen[2]
    assert api.get("/api/stories?offset=9").get_json()["stories"] == []
    odd = next(r for r in api.get("/api/stories").get_json()["stories"] if r["id"] == "s-x/y")
    assert api.get(local(odd["url"])).get_json()["stories"][0]["id"] == "s-x/y"
    assert [r["id"] for r in csv_rows(api.get("/api/stories.csv?limit=2"))] == seen[:2]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "limit=x", "offset=-1", "offset=1.5", "limit=%EF%BC%91"]
)
def test_bad_paging_is_a_400_in_json(client, query):
    response = client.get(f"/api/stories?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == JSON_TYPE
    assert response.get_json()["error"]["status"] == 400
    assert client.get(f"/api/stories.csv?{query}").status_code == 400


def test_a_full_text_filter_keeps_the_stories_that_match(client, example_analysis):
    found = client.get("/api/stories", query_string={"q": "Palmyra"}).get_json()
    assert [r["id"] for r in found["stories"]] == [example_analysis.stories[0].id]
    assert found["query"] == "Palmyra" and found["message"] is None
    assert client.get("/api/stories?q=zzzz").get_json()["stories"] == []
    assert csv_rows(client.get("/api/stories.csv?q=zzzz")) == []
    cut = client.get("/api/stories", query_string={"q": "Palmyra " * 100}).get_json()
    assert cut["total"] == 1 and "Only the start" in cut["message"]


def test_a_story_is_its_export(client, example_analysis):
    story = example_analysis.stories[0]
    response = client.get(f"/api/stories/{story.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_TYPE
    assert response.get_json() == client.get(f"/story/{story.id}/export.json").get_json()
    assert response.get_json()["schema"] == "newsprism/1"


def test_a_merged_story_id_redirects_to_the_story_it_joined(tmp_path, example_analysis):
    story = replace(example_analysis.stories[0], merged_from=("s-old",))
    api = store_with(tmp_path, replace(example_analysis, stories=(story,)))
    for tail in ("", "/facts.csv", "/quotes.csv"):
        moved = api.get(f"/api/stories/s-old{tail}")
        assert moved.status_code == 301
        assert urlsplit(moved.headers["Location"]).path == f"/api/stories/{story.id}{tail}"


def test_an_article_is_returned_as_stored(client, example_analysis):
    article = example_analysis.articles[0].article
    response = client.get(f"/api/articles/{article.id}")
    assert response.headers["Content-Type"] == JSON_TYPE
    got = response.get_json()
    assert got["text"] == article.text
    assert (got["id"], got["title"], got["outlet"], got["url"]) == (
        article.id,
        article.title,
        article.outlet,
        article.url,
    )
    assert got["published"] == article.published.isoformat()
    assert got["story"] == example_analysis.stories[0].id


def test_search_gives_the_pages_hits_and_messages(client, example_analysis, monkeypatch):
    found = client.get("/api/search", query_string={"q": "Palmyra"}).get_json()
    assert {h["article"] for h in found["hits"]} == {
        a.article.id for a in example_analysis.articles
    }
    hit = found["hits"][0]
    assert any(p["match"] and p["text"].lower() == "palmyra" for p in hit["snippet"])
    assert hit["story"] == example_analysis.stories[0].id
    assert client.get(local(hit["url"])).get_json()["id"] == hit["article"]
    assert client.get("/api/search?q=zzzz").get_json()["hits"] == []
    cut = client.get("/api/search", query_string={"q": "Palmyra " * 5000}).get_json()
    assert "Only the start" in cut["message"] and cut["hits"]
    assert client.get("/api/search").status_code == 400
    monkeypatch.setattr(sqlite_search, "SEARCH_TIME_LIMIT_SECONDS", 0)
    stopped = client.get("/api/search?q=a").get_json()
    assert "took too long" in stopped["message"] and stopped["hits"] == []
    assert "took too long" in client.get("/api/stories?q=a").get_json()["message"]


def test_tables_parse_as_csv_with_their_columns(client, example_analysis):
    story = example_analysis.stories[0]
    stories = csv_rows(client.get("/api/stories.csv"))
    assert tuple(stories[0]) == STORY_COLUMNS
    assert (stories[0]["id"], stories[0]["articles"]) == (story.id, str(len(story.article_ids)))
    export = client.get(f"/api/stories/{story.id}").get_json()
    facts = csv_rows(client.get(f"/api/stories/{story.id}/facts.csv"))
    assert facts and tuple(facts[0]) == FACT_COLUMNS
    assert len(facts) == sum(len(f["statements"]) for f in export["facts"])
    assert {f["fact"] for f in facts} == {f["id"] for f in export["facts"]}
    quotes = csv_rows(client.get(f"/api/stories/{story.id}/quotes.csv"))
    assert quotes and tuple(quotes[0]) == QUOTE_COLUMNS
    assert [q["id"] for q in quotes] == [q["id"] for q in export["quotes"]]
    peskov = [q for q in quotes if q["speaker"] == "Dmitry Peskov"]
    assert peskov and all(q["outlet"] == "AFP" for q in peskov)
    text = next(a.article.text for a in example_analysis.articles if a.article.outlet == "AFP")
    first = peskov[0]
    assert text[int(first["start"]) : int(first["end"])] in first["text"]


def test_a_cell_that_looks_like_a_formula_is_neutralised(tmp_path, example_analysis):
    story = replace(example_analysis.stories[0], title=FORMULA)
    api = store_with(tmp_path, replace(example_analysis, stories=(story,)))
    row = csv_rows(api.get("/api/stories.csv"))[0]
    assert row["title"] == "'" + FORMULA
    assert api.get("/api/stories").get_json()["stories"][0]["title"] == FORMULA  # JSON: as is
    for start in "=+-@\t\r":
        assert safe_cell(start + "1") == "'" + start + "1"
    assert (safe_cell(-3), safe_cell(None), safe_cell("Palmyra")) == (-3, "", "Palmyra")


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/no-such-story",
        "/api/stories/no-such-story/facts.csv",
        "/api/stories/no-such-story/quotes.csv",
        "/api/stories/~not-base64!",
        "/api/articles/no-such-article",
        "/api/no-such-thing",
    ],
)
def test_unknown_ids_are_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == JSON_TYPE
    assert response.get_json()["error"]["status"] == 404
    assert "<" not in response.get_data(as_text=True)


def test_reads_need_no_token_writes_keep_the_csrf_rule_and_the_host_is_checked(client):
    assert client.get("/api/stories").status_code == 200  # no token anywhere
    refused = client.post("/api/stories")
    assert refused.status_code == 403 and refused.get_json()["error"]["status"] == 403
    foreign = client.get("/api/stories", headers={"Host": "attacker.example"})
    assert foreign.status_code == 400 and foreign.get_json()["error"]["status"] == 400


def test_the_openapi_document_validates_and_names_every_api_route(client, example_analysis):
    response = client.get("/openapi.json")
    assert response.headers["Content-Type"] == JSON_TYPE
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in client.application.url_map.iter_rules()
        if rule.rule.startswith("/api") or rule.rule == "/openapi.json"
    }
    assert served == set(document["paths"])
    story, article = example_analysis.stories[0], example_analysis.articles[0].article
    conforms(document, "StoryList", client.get("/api/stories").get_json())
    conforms(document, "Export", client.get(f"/api/stories/{story.id}").get_json())
    conforms(document, "SearchResult", client.get("/api/search?q=Palmyra").get_json())
    conforms(document, "Article", client.get(f"/api/articles/{article.id}").get_json())
    conforms(document, "Error", client.get("/api/articles/nope").get_json())
