"""The local web UI (`newsprism serve`) over a real store holding the analysed example."""

from __future__ import annotations

import html
import io
import re
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from newsprism.cli import build_parser
from newsprism.model import Analysis
from newsprism.present.web import create_app
from newsprism.present.web.jobs import Job
from newsprism.present.web.stored import snippet_parts
from newsprism.settings import Settings
from newsprism.store import open_store

JOB_TIMEOUT_SECONDS = 600
HOSTILE_ARTICLE = """Syrian army vows <script>alert("title")</script> return to Palmyra
The Syrian army said on Thursday that it was preparing an offensive to retake Palmyra.
"We will be back in Palmyra within weeks <script>alert(1)</script>," General Ali Mayhoub told
reporters in Damascus on Thursday.
Islamic State fighters seized the ancient city on December 11 after a week of fighting.
"""


@pytest.fixture
def db(tmp_path: Path, example_analysis: Analysis) -> str:
    """A fresh SQLite file holding the analysed example."""
    path = str(tmp_path / "news.db")
    with open_store(path) as store:
        store.save_analysis(example_analysis)
    return path


@pytest.fixture
def client(db: str):
    return create_app(Settings(db=db)).test_client()


def add_url(client) -> str:
    """Where the add form posts: /add with the page's CSRF token in the query."""
    page = client.get("/add").get_data(as_text=True)
    return html.unescape(re.search(r'<form action="([^"]+)" method="post"', page).group(1))


def wait_for_job(client, location: str) -> dict:
    deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        state = client.get(f"{location}/progress").get_json()
        if state["finished"]:
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {location} did not finish")


def upload(client, files: dict[str, bytes], paths: str = "") -> dict:
    data = {
        "paths": paths,
        "files": [(io.BytesIO(content), name) for name, content in files.items()],
    }
    response = client.post(add_url(client), data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    return wait_for_job(client, response.headers["Location"])


def test_home_lists_the_stored_stories_with_counts(client, example_analysis):
    page = client.get("/").get_data(as_text=True)
    for story in example_analysis.stories:
        assert f'href="/story/{story.id}"' in page
        assert html.escape(" ".join(story.title.split())) in page
    conflicts = sum(1 for f in example_analysis.findings if f.kind == "conflict")
    assert conflicts > 0
    assert f'<td class="num-col conflicts">{conflicts}</td>' in page
    assert 'name="q"' in page  # the search box


def test_story_page_shows_its_report_and_json_export(client, example_analysis):
    story = example_analysis.stories[0]
    response = client.get(f"/story/{story.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h3>Conflicts</h3>" in page and '<div class="conflict">' in page
    assert "<h3>Who said what</h3>" in page
    quote = next(q for a in example_analysis.articles for q in a.quotes if q.kind == "direct")
    words = " ".join(quote.content[0].text.split())
    assert html.escape(words) in page
    assert f'href="/story/{story.id}/export.json"' in page

    export = client.get(f"/story/{story.id}/export.json").get_json()
    assert export["schema"] == "newsprism/1"
    assert [s["id"] for s in export["stories"]] == [story.id]
    assert [a["id"] for a in export["articles"]] == list(story.article_ids)
    assert {f["story"] for f in export["findings"]} == {story.id}


def test_search_finds_an_article_and_marks_the_words(client, example_analysis):
    article = example_analysis.articles[0].article
    word = max(re.findall(r"\w+", article.title), key=len)
    page = client.get("/search", query_string={"q": word}).get_data(as_text=True)
    assert html.escape(article.title) in page
    assert re.search(rf"<mark>{re.escape(word)}</mark>", page, re.IGNORECASE)
    assert client.get("/search", query_string={"q": '"unbalanced AND ('}).status_code == 200


def test_missing_ids_and_odd_paths_give_404(client):
    for path in (
        "/story/no-such-story",
        "/story/no-such/export.json",
        "/jobs/nope",
        "/jobs/nope/progress",
        "/story/..%2F..%2Fetc%2Fpasswd",
        "/static/",
        "/templates/",
    ):
        assert client.get(path).status_code == 404, path


def test_post_without_or_with_a_wrong_csrf_token_is_refused(client, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title\nSome text about a town.\n", encoding="utf-8")
    assert client.post("/add", data={"paths": str(article)}).status_code == 403
    refused = client.post("/add?csrf_token=guess", data={"paths": str(article)})
    assert refused.status_code == 403
    token = add_url(client).partition("csrf_token=")[2]
    in_the_body = client.post("/add", data={"paths": str(article), "csrf_token": token})
    assert in_the_body.status_code == 403  # the token is checked before the body is read
    assert "Recent additions" not in client.get("/").get_data(as_text=True)


def test_a_foreign_host_header_is_refused(client):
    for foreign in ("attacker.example", "localhost.attacker.example", "127.0.0.2", ""):
        assert client.get("/", headers={"Host": foreign}).status_code == 400, foreign
    for local in ("127.0.0.1:8765", "localhost", "LOCALHOST:8765", "LocalHost", "[::1]:8765"):
        assert client.get("/", headers={"Host": local}).status_code == 200, local


def test_adding_a_bad_file_reports_one_line_and_keeps_the_stories(client, example_analysis):
    before = client.get("/").get_data(as_text=True)
    state = upload(client, {"broken.warc": b"\x00\x01 not an archive"})
    assert state["state"] == "done" and state["read"] == 0
    assert len(state["problems"]) == 1
    assert state["problems"][0].startswith("broken.warc (uploaded): ")
    assert "\n" not in state["problems"][0]
    after = client.get("/").get_data(as_text=True)
    for story in example_analysis.stories:
        assert f'href="/story/{story.id}"' in after
    rows = re.findall(r"<tr>.*?</tr>", before, re.DOTALL)
    assert re.findall(r"<tr>.*?</tr>", after, re.DOTALL) == rows


def test_empty_add_form_is_answered_with_a_message(client):
    response = client.post(add_url(client), data={"paths": " \n"})
    assert response.status_code == 400
    assert "at least one file" in response.get_data(as_text=True)


def test_paths_are_refused_when_the_server_is_not_local(db):
    app = create_app(Settings(db=db), allow_paths=False, trusted_hosts=None)
    remote = app.test_client()
    assert 'name="paths"' not in remote.get("/add").get_data(as_text=True)
    assert remote.post(add_url(remote), data={"paths": "/etc/hostname"}).status_code == 403


def test_added_articles_are_analysed_with_progress_and_shown_escaped(client, tmp_path):
    local = tmp_path / "hostile.txt"
    local.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    state = upload(client, {"empty.txt": b""}, paths=f"{local}\n{tmp_path / 'missing.txt'}")
    assert state["state"] == "done", state["error"]
    assert (state["read"], state["annotated"], state["to_annotate"]) == (1, 1, 1)
    assert state["analysed"] == state["to_analyse"] >= 1
    assert {p.split(": ")[0] for p in state["problems"]} == {
        "empty.txt (uploaded)",
        str(tmp_path / "missing.txt"),
    }
    assert len(state["stories"]) == 1
    page = client.get(state["stories"][0]["url"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page
    assert "<script" not in client.get(f"/jobs/{state['id']}").get_data(as_text=True)


def test_a_running_job_page_polls_with_a_script_the_csp_allows(client):
    client.application.extensions["newsprism.jobs"].jobs["j1"] = Job(id="j1", inputs=("a.txt",))
    response = client.get("/jobs/j1")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    page = response.get_data(as_text=True)
    assert f'<script nonce="{nonce}">' in page
    assert '"/jobs/j1/progress"' in page
    assert client.get("/jobs/j1/progress").get_json()["state"] == "waiting"


def test_the_server_answers_over_http(db):
    app = create_app(Settings(db=db))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=30) as response:
            assert response.status == 200
            assert "nosniff" == response.headers["X-Content-Type-Options"]
            assert "Stories" in response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_serve_command_listens_on_localhost_by_default():
    args = build_parser().parse_args(["serve", "--db", "news.db"])
    assert (args.command, args.db, args.host, args.port) == ("serve", "news.db", "127.0.0.1", 8765)


def test_snippet_marks_become_matched_parts():
    assert snippet_parts("…the [Palmyra] offensive [began") == (
        ("…the ", False),
        ("Palmyra", True),
        (" offensive ", False),
        ("[began", False),
    )
