"""The watch's alerts in the web UI: the What's new page and the Atom feeds."""

from __future__ import annotations

import feedparser
import pytest

from newsprism.model import Alert, Span
from newsprism.present.web import create_app
from newsprism.settings import Settings
from newsprism.store import open_store

HOSTILE = 'Conflict: <script>alert("x")</script> & more\x0b'


def alert(number: int, story: str, title: str) -> Alert:
    return Alert(
        id=f"a-{number:016x}",
        kind="conflict" if number % 2 else "new_outlet",
        story_id=story,
        created=f"2026-12-07T03:4{number}:00.000000Z",
        title=title,
        text=f"text {number}",
        evidence=(Span("a1", 0, 12, "<b>bold</b>."),),
        article_ids=("a1", "a2"),
    )


@pytest.fixture
def client(tmp_path):
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.watch_records().add_alerts(
            [alert(1, "s-1", HOSTILE), alert(2, "s-2", "Second story"), alert(3, "s-1", "Later")]
        )
    return create_app(Settings(db=db)).test_client()


def test_the_atom_feed_lists_every_alert_newest_first(client):
    response = client.get("/alerts.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    assert b"<script>" not in response.data
    feed = feedparser.parse(response.data)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "[conflict] Later" and len(titles) == 3
    assert titles[2] == '[conflict] Conflict: <script>alert("x")</script> & more'
    assert feed.entries[0].link.endswith("/story/s-1")


def test_a_story_has_its_own_feed(client):
    feed = feedparser.parse(client.get("/story/s-2/alerts.atom").data)
    assert [entry.title for entry in feed.entries] == ["[new_outlet] Second story"]


def test_whats_new_links_each_alert_to_its_story(client):
    page = client.get("/whats-new").get_data(as_text=True)
    assert page.index("Later") < page.index("Second story")
    assert 'href="/story/s-1"' in page and 'href="/story/s-2"' in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;." in page
    assert 'href="/alerts.atom"' in page
    only = client.get("/whats-new?story=s-2").get_data(as_text=True)
    assert "Second story" in only and "Later" not in only


def test_the_api_serves_the_alerts_document(client):
    document = client.get("/api/alerts?story=s-1").get_json()
    assert document["schema"] == "newsprism-alerts/1"
    assert [a["title"] for a in document["alerts"]] == [
        'Conflict: <script>alert("x")</script> & more\x0b',
        "Later",
    ]
    later = client.get("/api/alerts?since=2026-12-07T03:42:00Z").get_json()["alerts"]
    assert [a["id"] for a in later] == [f"a-{2:016x}", f"a-{3:016x}"]
    assert client.get("/api/alerts?since=soon").status_code == 400


def test_add_articles_takes_urls_and_refuses_private_addresses(client):
    from newsroom import Newsroom
    from test_web import add_url, wait_for_job

    with Newsroom(["Local"]) as room:
        (outlet,) = room.outlets
        urls = f"{outlet.feed_url}\nftp://example.org/x\n"
        response = client.post(add_url(client), data={"urls": urls})
        assert response.status_code == 303
        state = wait_for_job(client, response.headers["Location"])
        assert outlet.log == []  # a loopback address: never asked
    assert state["state"] == "done" and outlet.feed_url in state["inputs"]
    assert any("only http and https" in line for line in state["problems"])
    assert any("private, loopback or link-local" in line for line in state["problems"])


def test_a_story_page_offers_its_alerts_feed(tmp_path):
    from present_sample import palmyra_analysis

    db = str(tmp_path / "story.db")
    analysis = palmyra_analysis()
    with open_store(db) as store:
        store.save_analysis(analysis)
    story = analysis.stories[0]
    client = create_app(Settings(db=db)).test_client()
    page = client.get(f"/story/{story.id}").get_data(as_text=True)
    assert f'href="/story/{story.id}/alerts.atom"' in page


def follow_form(page: str) -> tuple[str, str]:
    """The story page's Follow form: where it posts (with its CSRF token), and what it sends."""
    import html
    import re

    found = re.search(
        r'<form class="actions follow" action="([^"]+)" method="post">'
        r'<input type="hidden" name="follow" value="(\d)">',
        page,
    )
    assert found is not None
    return html.unescape(found.group(1)), found.group(2)


def test_a_followed_story_is_marked_and_whats_new_can_list_only_its_alerts(tmp_path, capsys):
    from present_sample import palmyra_analysis

    from newsprism.cli import main

    db = str(tmp_path / "follow.db")
    analysis = palmyra_analysis()
    story = analysis.stories[0].id
    with open_store(db) as store:
        store.save_analysis(analysis)
        store.watch_records().add_alerts(
            [alert(1, "s-other", "Elsewhere"), alert(2, story, "Ours")]
        )
    client = create_app(Settings(db=db)).test_client()

    action, value = follow_form(client.get(f"/story/{story}").get_data(as_text=True))
    assert value == "1" and "Follow this story" in client.get(f"/story/{story}").get_data(True)
    assert client.post(action.split("?")[0], data={"follow": "1"}).status_code == 403  # no token
    response = client.post(action, data={"follow": value})
    assert response.status_code == 303 and response.headers["Location"].endswith(story)
    with open_store(db) as store:
        assert store.watch_records().followed() == {story}

    page = client.get(f"/story/{story}").get_data(as_text=True)
    assert follow_form(page)[1] == "0" and "Following: stop" in page
    only = client.get("/whats-new?followed=1").get_data(as_text=True)
    assert "Ours" in only and "Elsewhere" not in only
    assert "Elsewhere" in client.get("/whats-new").get_data(as_text=True)
    feed = feedparser.parse(client.get("/alerts.atom?followed=1").data)
    assert [entry.title for entry in feed.entries] == ["[new_outlet] Ours"]
    assert main(["alerts", "--db", db, "--followed"]) == 0
    printed = capsys.readouterr().out
    assert "Ours" in printed and "Elsewhere" not in printed

    client.post(action, data={"follow": "0"})  # stop following
    with open_store(db) as store:
        assert store.watch_records().followed() == set()
    assert "Ours" not in client.get("/whats-new?followed=1").get_data(as_text=True)
