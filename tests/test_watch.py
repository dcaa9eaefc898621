"""`newsprism watch` against two outlets on loopback publishing the worked example's two
articles on successive passes, then a pass with nothing new; `newsprism alerts` after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsroom import Newsroom, example_story

from newsprism.cli import main
from newsprism.store import open_store


def watch_args(sources: Path, db: str) -> list[str]:
    return [
        "watch", str(sources), "--db", db, "--once", "--allow-private",
        "--min-interval", "0", "--host-delay", "0", "--quiet",
    ]  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def watched(request, tmp_path_factory):
    """Three passes: AFP publishes, then The Guardian, then nobody. What each pass did."""
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("watch") / "news.db")
    else:
        db = request.getfixturevalue("postgres_cluster").new_database()
    folder = tmp_path_factory.mktemp("sources")
    with Newsroom(["AFP", "The Guardian"]) as room:
        afp, guardian = room.outlets
        afp.extra_feed_links.append("/private/leak.html")  # robots.txt disallows /private/
        sources = folder / "sources.txt"
        sources.write_text(f"# two outlets\n{afp.feed_url}\n\n{guardian.feed_url}  # Guardian\n")
        passes = []
        for publish in (
            lambda: afp.publish(example_story("000_02cc217ee7d2ff1b.txt", "2016-12-12")),
            lambda: guardian.publish(example_story("002_7755901504861f9e.txt", "2016-12-14")),
            lambda: None,
        ):
            publish()
            marks = (len(afp.log), len(guardian.log))
            before = alert_ids(db)
            assert main(watch_args(sources, db)) == 0
            passes.append(
                {
                    "requests": afp.log[marks[0] :] + guardian.log[marks[1] :],
                    "alerts": [a for a in alerts_of(db, folder) if a["id"] not in before],
                }
            )
        yield passes, afp, guardian, db, folder


def alert_ids(db: str) -> set[str]:
    with open_store(db) as store:
        return {alert.id for alert in store.watch_records().alerts()}


def alerts_of(db: str, folder: Path) -> list[dict]:
    out = folder / "alerts.json"
    assert main(["alerts", "--db", db, "--json", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["schema"] == "newsprism-alerts/1"
    return document["alerts"]


def test_the_first_article_opens_a_new_story(watched):
    passes, *_ = watched
    assert [a["kind"] for a in passes[0]["alerts"]] == ["new_story"]


def test_a_second_outlet_gives_new_outlet_and_conflict_alerts_citing_both_articles(watched):
    passes, afp, guardian, db, _ = watched
    with open_store(db) as store:
        by_outlet = {
            store.get_article(i).outlet: i  # type: ignore[union-attr]
            for i in store.article_ids()
        }
    both = {by_outlet["AFP"], by_outlet["The Guardian"]}
    alerts = passes[1]["alerts"]
    kinds = {a["kind"] for a in alerts}
    assert {"new_outlet", "conflict", "corroborated"} <= kinds
    new_outlet = [a for a in alerts if a["kind"] == "new_outlet"]
    assert len(new_outlet) == 1 and "The Guardian" in new_outlet[0]["title"]
    assert set(new_outlet[0]["articles"]) == both
    conflicts = [a for a in alerts if a["kind"] == "conflict"]
    assert any(set(a["articles"]) == both for a in conflicts)
    for alert in alerts:
        assert alert["story"] == passes[0]["alerts"][0]["story"]
        assert alert["created"].endswith("Z")
        for span in alert["evidence"]:  # whole sentences of the stored texts
            with open_store(db) as store:
                text = store.get_article(span["article"]).text  # type: ignore[union-attr]
            assert text[span["start"] : span["end"]] == span["text"]
            assert span["text"][-1] in ".!?\"'”’" or span["end"] == len(text)


def test_a_pass_with_nothing_new_makes_only_conditional_requests_and_no_alert(watched):
    passes, *_ = watched
    assert passes[2]["alerts"] == []
    assert passes[2]["requests"] == [("/feed.xml", 304), ("/feed.xml", 304)]


def test_each_page_is_fetched_once_and_robots_txt_is_honoured(watched):
    _, afp, guardian, *_ = watched
    for outlet in (afp, guardian):
        pages = [path for path, _ in outlet.log if path.startswith("/articles/")]
        assert len(pages) == len(set(pages)) == len(outlet.published)
        assert not [path for path, _ in outlet.log if path.startswith("/private/")]
        assert len(outlet.requests("/robots.txt")) == 1  # kept in the store for a day
        agents = {h.get("User-Agent", "") for h in outlet.headers_seen}
        assert all(agent.startswith("newsprism/") for agent in agents)


def test_alerts_are_listed_oldest_first_and_filtered(watched, capsys):
    passes, _, _, db, folder = watched
    everything = alerts_of(db, folder)
    assert [a["created"] for a in everything] == sorted(a["created"] for a in everything)
    later = passes[1]["alerts"][0]["created"]
    out = folder / "since.json"
    assert main(["alerts", "--db", db, "--since", later, "--json", str(out)]) == 0
    since = json.loads(out.read_text())["alerts"]
    assert [a["id"] for a in since] == [a["id"] for a in passes[1]["alerts"]]
    capsys.readouterr()
    assert main(["alerts", "--db", db, "--story", "no-such-story"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["alerts", "--db", db, "--since", "yesterday"]) == 2


def test_the_watched_sources_keep_their_state(watched):
    _, afp, guardian, db, _ = watched
    with open_store(db) as store:
        states = {s.url: s for s in store.watch_records().sources()}
    for outlet in (afp, guardian):
        state = states[outlet.feed_url]
        assert state.kind == "feed" and state.title == outlet.name
        assert state.etag and state.last_modified and state.last_status == 304
        assert state.failures == 0 and state.last_error is None
