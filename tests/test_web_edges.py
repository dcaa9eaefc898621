"""The web UI's edges: hostile searches, odd story ids, what is checked before a POST's body
is read, and the Host names a server answers."""

from __future__ import annotations

import html
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from test_web import add_url
from werkzeug.serving import make_server

from newsprism.model import Analysis, Article
from newsprism.present.web.app import MAX_UPLOAD_BYTES, create_app, trusted_hosts_for
from newsprism.settings import Settings
from newsprism.store import open_store, sqlite_search

ODD_IDS = ("s-x/y", "s-../..", "s-a b?c#d%2F.json", "~tilde", ".", "s-é/", "s-x/export.json")
PATHOLOGICAL = Article("amp", "Ampersands", "&a" * 20_000)


def with_story_ids(analysis: Analysis, ids: tuple[str, ...]) -> Analysis:
    """`analysis` with its stories (and their results) renamed to `ids`, in order."""
    new = {story.id: ids[n] for n, story in enumerate(analysis.stories)}

    def renamed(records: tuple) -> tuple:
        return tuple(replace(r, story_id=new.get(r.story_id, r.story_id)) for r in records)

    return replace(
        analysis,
        stories=tuple(replace(s, id=new[s.id], family=None) for s in analysis.stories),
        facts=renamed(analysis.facts),
        timeline=renamed(analysis.timeline),
        findings=renamed(analysis.findings),
        summaries=renamed(analysis.summaries),
        events=renamed(analysis.events),
    )


@pytest.fixture
def db(tmp_path: Path, example_analysis: Analysis) -> str:
    """The analysed example, its stories under odd ids, plus 20 articles reading "&a"."""
    path = str(tmp_path / "news.db")
    ids = ODD_IDS[: len(example_analysis.stories)]
    with open_store(path) as store:
        store.save_analysis(with_story_ids(example_analysis, ids))
        store.add_articles(
            [
                replace(PATHOLOGICAL, id=f"amp{n}", text=PATHOLOGICAL.text + f" {n}")
                for n in range(20)
            ]
        )
    return path


@pytest.fixture
def client(db: str):
    return create_app(Settings(db=db)).test_client()


@contextmanager
def served(
    db: str, host: str = "127.0.0.1", trusted: tuple[str, ...] | None = None
) -> Iterator[int]:
    app = create_app(Settings(db=db), trusted_hosts=trusted or trusted_hosts_for(host))
    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.shutdown()
        server.server_close()


def status_of(host: str, port: int, head: str, body: bytes = b"") -> int:
    """The status a raw HTTP request gets: `head` lines (no blank line), then `body`."""
    with socket.create_connection((host, port), timeout=30) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n\r\n" + body)
        return int(connection.recv(4096).split(b" ", 2)[1])


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "Palmyra\x00",
        '"\x00"',
        '"unbalanced',
        "NEAR(",
        "a OR a",
        "x" * 25_000,
        "a " * 12_500,
        "title:",
        "(((",
        "*",
        "'; DROP TABLE articles; --",
    ],
)
def test_hostile_searches_answer_a_page_never_an_error(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script" not in response.get_data(as_text=True).split("</main>")[0]


def test_a_short_query_over_pathological_articles_finds_them_with_marked_snippets(client):
    page = client.get("/search", query_string={"q": "a OR a"}).get_data(as_text=True)
    assert page.count("<cite>Ampersands</cite>") == 20
    assert "&amp;<mark>a</mark>&amp;<mark>a</mark>" in page


def test_a_long_query_is_cut_and_the_page_says_so(client):
    page = client.get("/search", query_string={"q": "Palmyra " * 5000}).get_data(as_text=True)
    assert "Only the start of this query was searched for" in page
    assert "<mark>Palmyra</mark>" in page


def test_a_search_stopped_at_its_time_limit_says_so(client, monkeypatch):
    monkeypatch.setattr(sqlite_search, "SEARCH_TIME_LIMIT_SECONDS", 0)
    response = client.get("/search", query_string={"q": "a"})
    assert response.status_code == 200
    assert "took too long" in response.get_data(as_text=True)


def test_stories_with_odd_ids_are_linked_to_pages_that_answer(client, example_analysis):
    page = client.get("/").get_data(as_text=True)
    links = [
        html.unescape(link) for link in sorted(set(re.findall(r'href="(/story/[^"]+)"', page)))
    ]
    assert len(links) == len(example_analysis.stories)
    for link in links:
        story = client.get(link)
        assert story.status_code == 200, link
        export = client.get(link + "/export.json").get_json()
        assert export["stories"][0]["id"] in ODD_IDS
    assert client.get("/story/~not-base64!").status_code == 404
    assert client.get("/story/s-x/y").status_code == 404  # ids with "/" are linked encoded


def test_csrf_and_size_are_checked_before_the_body_is_read(db):
    """A POST announcing a huge body is refused as soon as its head arrives: no body is sent,
    so a server that read it first would never answer."""
    with served(db) as port:
        head = (
            f"POST {{path}} HTTP/1.1\nHost: 127.0.0.1:{port}\n"
            "Content-Type: multipart/form-data; boundary=x\nContent-Length: {size}"
        )
        huge = MAX_UPLOAD_BYTES * 4
        assert status_of("127.0.0.1", port, head.format(path="/add", size=huge)) == 403
        wrong = "/add?csrf_token=guess"
        assert status_of("127.0.0.1", port, head.format(path=wrong, size=huge)) == 403
        client = create_app(Settings(db=db)).test_client()  # another process token: refused
        assert status_of("127.0.0.1", port, head.format(path=add_url(client), size=10)) == 403
        with urlopen_text(port, "/add") as page:
            action = html.unescape(
                re.search(r'<form action="([^"]+)" method="post"', page).group(1)
            )
        assert status_of("127.0.0.1", port, head.format(path=action, size=huge)) == 413


@contextmanager
def urlopen_text(port: int, path: str, host: str = "127.0.0.1") -> Iterator[str]:
    import urllib.request

    with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=30) as response:
        yield response.read().decode("utf-8")


def test_a_server_on_another_loopback_address_answers_its_own_address(db):
    with served(db, "127.0.0.2") as port:
        get = "GET / HTTP/1.1\nHost: {}\nConnection: close"
        for name in ("127.0.0.2", f"127.0.0.2:{port}", f"LOCALHOST:{port}", "[::1]"):
            assert status_of("127.0.0.2", port, get.format(name)) == 200, name
        assert status_of("127.0.0.2", port, get.format("attacker.example")) == 400


def test_a_server_on_ipv6_loopback_answers_its_bracketed_address(db):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        context = served(db, "::1")
        port = context.__enter__()
    except OSError as error:
        pytest.skip(f"cannot listen on ::1 ({error})")
    try:
        get = "GET / HTTP/1.1\nHost: {}\nConnection: close"
        assert status_of("::1", port, get.format(f"[::1]:{port}")) == 200
        assert status_of("::1", port, get.format("evil.example")) == 400
    finally:
        context.__exit__(None, None, None)
