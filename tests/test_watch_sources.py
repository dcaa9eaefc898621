"""`newsprism watch` polls the sources the store watches (URLs added in the web UI), with or
without a sources file."""

from __future__ import annotations

from pathlib import Path

from newsroom import Newsroom, example_story

from newsprism.cli import main
from newsprism.store import open_store

FAST = ["--once", "--allow-private", "--min-interval", "0", "--host-delay", "0", "--quiet"]


def test_watch_polls_the_stored_sources_with_or_without_a_sources_file(
    tmp_path: Path, capsys
) -> None:
    db = str(tmp_path / "news.db")
    with Newsroom(["AFP", "The Guardian"]) as room:
        afp, guardian = room.outlets
        with open_store(db) as store:  # what "Add articles" with a feed URL leaves
            store.watch_records().add_sources([afp.feed_url])
        afp.publish(example_story("000_02cc217ee7d2ff1b.txt", "2016-12-12"))
        assert main(["watch", "--db", db, *FAST]) == 0  # no sources file
        assert len([p for p, _ in afp.log if p.startswith("/articles/")]) == 1

        listed = tmp_path / "sources.txt"
        listed.write_text(guardian.feed_url + "\n")
        guardian.publish(example_story("002_7755901504861f9e.txt", "2016-12-14"))
        assert main(["watch", str(listed), "--db", db, *FAST]) == 0
        assert afp.requests("/feed.xml")[-1] == ("/feed.xml", 304)  # stored source polled
        assert len([p for p, _ in guardian.log if p.startswith("/articles/")]) == 1
    with open_store(db) as store:
        kinds = [a.kind for a in store.watch_records().alerts()]
        outlets = {store.get_article(i).outlet for i in store.article_ids()}  # type: ignore[union-attr]
    assert kinds[0] == "new_story" and "new_outlet" in kinds
    assert outlets == {"AFP", "The Guardian"}


def test_watch_without_sources_anywhere_says_so_in_one_line(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "empty.db")
    assert main(["watch", "--db", db, *FAST]) != 0
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1 and "no sources to watch" in message and db in message
