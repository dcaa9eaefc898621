"""A team shares one PostgreSQL database: what holds there beyond the tests both backends run
(test_store.py, test_store_search.py): URLs, concurrent use, upgrades, a full analysis."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest
from test_incremental import ELECTION, QUAKE_PAPER, QUAKE_WIRE, write_article
from test_store import AFP, GUARDIAN, annotate_by_hand, palmyra_analysis

import newsprism
from newsprism.errors import StoreError
from newsprism.model import Analysis, Article, Story
from newsprism.present.web import create_app
from newsprism.settings import Settings
from newsprism.store import LATEST_VERSION, MIGRATIONS, open_store, redact_location
from newsprism.store.postgres import PostgresStore
from newsprism.store.postgres_schema import PG_MIGRATIONS, WRITE_LOCK, migrate_postgres

OLD_ARTICLE = Article("old1", "Palmyra falls", "Islamic State took the ancient city of Palmyra.")


@pytest.fixture
def url(postgres_cluster) -> str:
    """A new, empty database on the session's PostgreSQL server."""
    return postgres_cluster.new_database()


def raw_connection(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def applied_versions(url: str) -> list[int]:
    with raw_connection(url) as connection:
        rows = connection.execute("SELECT version FROM schema_migrations ORDER BY version")
        return [row[0] for row in rows]


def test_both_url_forms_open_a_postgres_store(url: str):
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
    with open_store(url.replace("postgresql://", "postgres://", 1)) as store:
        assert isinstance(store, PostgresStore)
        assert store.schema_version() == LATEST_VERSION


def test_a_url_password_is_never_shown(postgres_cluster):
    url = postgres_cluster.url("no_such_database", user="postgres:s3cret")
    with pytest.raises(StoreError, match="no_such_database") as raised:
        open_store(url)
    assert "s3cret" not in str(raised.value)
    for malformed in ("postgresql://me:s3cret@[::1/news", "postgresql://me:s3cret%zz@db/news"):
        with pytest.raises(StoreError, match="cannot connect") as raised:
            open_store(malformed)  # libpq quotes the URL or the password in these errors
        assert "s3cret" not in str(raised.value) and raised.value.__cause__ is None
    assert redact_location(url) == url.replace("s3cret", "***")
    assert redact_location("postgresql://db/news?user=me&password=s3cret&sslmode=require") == (
        "postgresql://db/news?user=me&password=***&sslmode=require"
    )
    assert redact_location("data/news.db") == "data/news.db"


def test_postgres_migrations_mirror_the_sqlite_versions():
    assert [(m.version, m.description[:20]) for m in PG_MIGRATIONS if m.version != 2] == [
        (m.version, m.description[:20]) for m in MIGRATIONS if m.version != 2
    ]
    assert [m.version for m in PG_MIGRATIONS] == [m.version for m in MIGRATIONS]


def test_two_connections_opening_a_new_database_at_once_migrate_it_once(url: str):
    stores: list[PostgresStore] = []
    openers = [threading.Thread(target=lambda: stores.append(PostgresStore(url))) for _ in "ab"]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join()
    assert [store.schema_version() for store in stores] == [LATEST_VERSION] * 2
    assert applied_versions(url) == list(range(1, LATEST_VERSION + 1))
    for store in stores:
        store.close()


def test_two_team_members_adding_the_same_articles_at_once_store_each_once(url: str):
    articles = [Article(f"a{i}", f"Report {i}", f"Palmyra report number {i}.") for i in range(60)]
    added: dict[str, list[Article]] = {}

    def add(name: str, batch: list[Article]) -> None:
        with open_store(url) as store:
            added[name] = store.add_articles(batch)

    writers = [
        threading.Thread(target=add, args=("alice", articles)),
        threading.Thread(target=add, args=("bob", articles[::-1])),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert {a.id for a in added["alice"]}.isdisjoint(a.id for a in added["bob"])
    assert {a.id for a in added["alice"] + added["bob"]} == {a.id for a in articles}
    with open_store(url) as store:
        assert len(store.search("Palmyra", limit=100)) == 60


def test_what_one_connection_saves_the_other_sees_and_a_failure_spoils_nothing(url: str):
    with open_store(url) as alice, open_store(url) as bob:
        assert isinstance(bob, PostgresStore)
        seen = bob.write_count()
        alice.save_analysis(palmyra_analysis())
        assert bob.write_count() > seen  # how the web UI knows to reload
        assert bob.load_analysis("md-1") == palmyra_analysis()
        assert [hit for hit, _ in bob.search("Kremlin")] == ["afp1"]

        orphan = Analysis(
            articles=(annotate_by_hand(AFP, "md-2"),),
            stories=(Story("s2", "Orphan", ("no-such-article",)),),
        )
        with pytest.raises(StoreError, match="save the analysis"):
            bob.save_analysis(orphan)
        assert alice.load_analysis("md-1") == palmyra_analysis()
        assert alice.load_annotations(["afp1"], "md-2") == {}  # rolled back with the rest


def test_reading_never_waits_for_a_team_members_long_save(url: str):
    open_store(url).close()
    impatient = url + "&options=-c%20lock_timeout%3D2000"  # fail, rather than hang, if it waits
    with raw_connection(url) as writer, writer.transaction():
        writer.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))  # a save under way
        writer.execute("INSERT INTO articles (id, title, text, added_at) VALUES ('w', 'W', '', '')")
        with open_store(impatient) as reader:
            assert reader.article_ids() == set()  # not committed yet: not seen
            assert reader.search("W") == []


def test_a_nul_character_is_stored_as_a_replacement_character_of_the_same_length(url: str):
    with open_store(url) as store:
        store.add_articles([Article("x", "NUL", "before\x00after")])
        stored = store.get_article("x")
    assert stored is not None and stored.text == "before\ufffdafter"


def test_a_version_1_database_is_upgraded_with_its_articles_kept_and_indexed(url: str):
    with raw_connection(url) as connection:
        assert migrate_postgres(connection, "old", target=1) == 1
        connection.execute(
            "INSERT INTO articles (id, title, text, added_at) VALUES (%s, %s, %s, %s)",
            (OLD_ARTICLE.id, OLD_ARTICLE.title, OLD_ARTICLE.text, "2016-01-01"),
        )
    with open_store(url) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store.get_article("old1") == OLD_ARTICLE
        assert [hit for hit, _ in store.search("ancient cities")] == ["old1"]
        store.add_articles([Article("new1", "Palmyra retaken", "Russia bombed Palmyra again.")])
        assert {hit for hit, _ in store.search("Palmyra")} == {"old1", "new1"}
    assert applied_versions(url) == list(range(1, LATEST_VERSION + 1))


def test_a_database_from_a_newer_newsprism_is_refused_clearly(url: str):
    open_store(url).close()
    with raw_connection(url) as connection:
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (%s, %s)",
            (LATEST_VERSION + 5, "2030-01-01"),
        )
    with pytest.raises(StoreError, match="newer newsprism") as raised:
        open_store(url)
    assert f"schema version {LATEST_VERSION + 5}" in str(raised.value)


def test_a_reopened_database_keeps_everything_and_remakes_stale_annotations(url: str):
    with open_store(url) as store:
        store.save_analysis(palmyra_analysis())
    with raw_connection(url) as connection:
        connection.execute(
            "UPDATE annotations SET data = %s WHERE article_id = %s",
            ('{"sentences": "written by an older model", "mentions": []}', "afp1"),
        )
    with open_store(url) as reopened:
        assert reopened.add_articles([AFP, GUARDIAN]) == []
        assert reopened.load_stories() == list(palmyra_analysis().stories)
        assert set(reopened.load_annotations(["afp1", "grd1"], "md-1")) == {"grd1"}


def test_daily_runs_on_a_shared_database_join_the_story_they_belong_to(url: str, tmp_path: Path):
    settings = Settings(db=url, published=date(2016, 8, 24))
    day_one = [
        write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE),
        write_article(tmp_path, "iceland", "Iceland votes", ELECTION),
    ]
    quake = next(s for s in newsprism.analyze(day_one, settings).stories if "Earth" in s.title)
    paper = write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER)

    client = create_app(Settings(db=url)).test_client()
    assert "2 articles" in client.get("/").get_data(as_text=True)  # loaded once, then cached

    (joined,) = newsprism.analyze([paper], settings).stories  # a team member's next run
    assert (joined.id, len(joined.article_ids)) == (quake.id, 2)
    home = client.get("/").get_data(as_text=True)
    assert "3 articles" in home  # the web UI saw the write and reloaded
    assert "s3cret" not in home and "rubble" in client.get("/search?q=rubble").get_data(
        as_text=True
    )
