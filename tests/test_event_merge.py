"""Events stored with their story's results, one event per happening across the outlets that
report it."""

from __future__ import annotations

import sqlite3

from newsprism.analyse.event_merge import merge_events
from newsprism.model import Event, Span
from newsprism.present.export import analysis_to_json
from newsprism.store import open_store


def report(article: str, start: int, text: str, **fields) -> Event:
    span = Span(article, start, start + len(text), text)
    values = {"type": "ASSAULT", "mode": "", "source": "e-ru", "target": "e-pal", **fields}
    return Event(f"ev-{article}-{start}", "s1", evidence=span, trigger=span, **values)


def test_one_strike_reported_by_three_outlets_is_one_event_listing_every_report():
    events = merge_events(
        [
            report("bbc", 10, "Russian jets struck Palmyra.", date="2016-03-24"),
            report("afp", 40, "Russian aircraft bombed Palmyra.", date="2016-03-25"),
            report("rt", 5, "Russia struck targets near Palmyra.", place="e-pal"),
            report("rt", 90, "Russian jets struck Palmyra again.", date="2016-04-02"),
            report("afp", 70, "Syrian troops shelled Palmyra.", source="e-sy"),
            report("bbc", 200, "An air strike hit the town.", source=None, target=None),
            report("afp", 300, "An air strike hit the town.", source=None, target=None),
        ]
    )
    first = events[0]
    assert first.id == "ev-bbc-10" and first.evidence.article_id == "bbc"  # the first report
    assert first.articles == ("bbc", "afp", "rt")
    assert [s.text for s in first.evidence_all] == [
        "Russian jets struck Palmyra.",
        "Russian aircraft bombed Palmyra.",
        "Russia struck targets near Palmyra.",
    ]
    assert first.place == "e-pal" and first.date == "2016-03-24"
    # a week later is another strike; another source is another event; no actor: kept apart
    assert [e.id for e in events[1:]] == ["ev-rt-90", "ev-afp-70", "ev-bbc-200", "ev-afp-300"]
    assert all(len(e.evidence_all) == 1 for e in events[1:])


def test_events_are_stored_with_their_story_and_exported_with_all_their_reports(
    example_analysis, store_location
):
    assert example_analysis.events and all(e.evidence_all for e in example_analysis.events)
    with open_store(store_location) as store:
        store.save_analysis(example_analysis)
        stored = store.load_results([s.id for s in example_analysis.stories])
        assert store.schema_version() >= 7
    assert stored.events == example_analysis.events
    merged = [e for e in example_analysis.events if len(e.articles) > 1]
    assert merged, "the example's outlets report some events alike"
    exported = {e["id"]: e for e in analysis_to_json(example_analysis)["events"]}
    for event in merged:
        row = exported[event.id]
        assert row["evidence"] == row["evidence_all"][0]  # `evidence` kept as it was
        assert len(row["evidence_all"]) >= len(row["articles"]) == len(event.articles)
        assert len(row["outlets"]) >= 2 and row["articles"] == list(event.articles)


def test_a_migration_numbered_below_the_latest_applied_one_is_still_applied(tmp_path):
    """Migrations written on two branches at once (6 and 7) are each applied once, whatever
    order they landed in: a database at 7 without 6 gets 6, not "already past it"."""
    from newsprism.store import migrations

    path = tmp_path / "n.db"
    with open_store(str(path)):
        pass
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM schema_migrations WHERE version = 5")
        for table in ("watch_sources", "watch_origins", "watch_items", "alerts"):
            connection.execute(f"DROP TABLE {table}")
    connection.close()
    with open_store(str(path)) as store:
        assert store.schema_version() == migrations.LATEST_VERSION
    connection = sqlite3.connect(path)
    versions = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
    assert sorted(versions) == [m.version for m in migrations.MIGRATIONS]
    assert connection.execute("SELECT COUNT(*) FROM watch_sources").fetchone() == (0,)
    connection.close()
