"""Given articles, annotations and analyses, the store keeps them: once, safely, across runs."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from newsprism.errors import StoreError
from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    CitedSentence,
    Entity,
    Fact,
    Finding,
    Mention,
    Sentence,
    Span,
    Story,
    Summary,
    TimelineEntry,
)
from newsprism.store import LATEST_VERSION, SQLiteStore, Store, open_store

AFP_TEXT = (
    "The Kremlin on Monday deplored the lack of cooperation in Palmyra. "
    "Russia's defence ministry said its war planes had carried out more than 60 strikes."
)
GUARDIAN_TEXT = (
    "Islamic State fighters retook Palmyra on Sunday. "
    "Russia said its planes had carried out 64 strikes on the city."
)
AFP = Article("afp1", "Palmyra recapture", AFP_TEXT, date(2016, 12, 12), "AFP", None, "a.txt")
GUARDIAN = Article(
    "grd1",
    "Isis retakes Palmyra",
    GUARDIAN_TEXT,
    date(2016, 12, 14),
    "The Guardian",
    "https://example.org/palmyra",
    "g.txt",
)


def span(article: Article, phrase: str) -> Span:
    start = article.text.index(phrase)
    return Span(article.id, start, start + len(phrase), phrase)


def annotate_by_hand(article: Article, annotator: str) -> AnnotatedArticle:
    first = article.text.split(". ")[0] + "."
    return AnnotatedArticle(
        article=article,
        sentences=(Sentence(span(article, first), 0, ("palmyra",)),),
        mentions=(Mention(span(article, "Palmyra"), "GPE", 0),),
        quotes=(),
        claims=(),
        times=(),
        quantities=(),
        annotator=annotator,
    )


def palmyra_analysis(story_title: str = "Palmyra retaken") -> Analysis:
    afp_strikes = span(AFP, "more than 60 strikes")
    guardian_strikes = span(GUARDIAN, "64 strikes")
    return Analysis(
        articles=(annotate_by_hand(AFP, "md-1"), annotate_by_hand(GUARDIAN, "md-1")),
        entities=(
            Entity(
                "palmyra",
                "Palmyra",
                "GPE",
                ("Palmyra",),
                (span(AFP, "Palmyra"), span(GUARDIAN, "Palmyra")),
            ),
            Entity("russia", "Russia", "GPE", (), (span(GUARDIAN, "Russia"),), ("state",)),
        ),
        stories=(
            Story("s1", story_title, ("afp1", "grd1"), date(2016, 12, 12), date(2016, 12, 14)),
        ),
        facts=(Fact("f1", "s1", (afp_strikes, guardian_strikes), ("AFP", "The Guardian")),),
        timeline=(
            TimelineEntry(
                "s1",
                "2016-12-11",
                (CitedSentence("IS retook Palmyra.", (span(GUARDIAN, "retook"),)),),
            ),
        ),
        findings=(
            Finding(
                "s1",
                "conflict",
                (afp_strikes, guardian_strikes),
                "60+ vs 64 strikes",
                ("AFP", "The Guardian"),
                ("Russia", "Russia"),
                "number",
            ),
        ),
        summaries=(Summary("s1", (CitedSentence("Russia struck Palmyra.", (afp_strikes,)),)),),
    )


@pytest.fixture
def store(store_location: str):
    """An empty store on each backend: SQLite, then PostgreSQL (see conftest.py)."""
    with open_store(store_location) as opened:
        yield opened


def test_a_path_opens_a_sqlite_store():
    with open_store(":memory:") as store:
        assert isinstance(store, SQLiteStore)


def test_a_new_store_is_at_the_latest_schema(store: Store):
    assert store.schema_version() == LATEST_VERSION == 7


def test_adding_the_same_articles_twice_stores_them_once(store: Store):
    assert store.add_articles([AFP, GUARDIAN]) == [AFP, GUARDIAN]
    assert store.add_articles([GUARDIAN, AFP]) == []
    assert store.article_ids() == {"afp1", "grd1"}


def test_only_new_articles_are_returned_and_duplicates_in_a_batch_count_once(store: Store):
    store.add_articles([AFP])
    assert store.add_articles([AFP, GUARDIAN, GUARDIAN]) == [GUARDIAN]


def test_a_stored_article_reads_back_equal(store: Store):
    store.add_articles([AFP, GUARDIAN])
    assert store.get_article("grd1") == GUARDIAN
    assert store.get_article("nope") is None


def test_hostile_article_text_is_stored_verbatim(store: Store):
    hostile = Article("x", "'); DROP TABLE articles; --", 'Robert"); <script>alert(1)</script>!')
    store.add_articles([hostile])
    assert store.get_article("x") == hostile
    assert store.article_ids() == {"x"}


def test_sqlite_keeps_even_a_nul_character():
    with open_store(":memory:") as store:
        store.add_articles([Article("x", "NUL", "before\x00after")])
        assert store.get_article("x") == Article("x", "NUL", "before\x00after")


def test_annotations_are_cached_per_annotator_version(store: Store):
    store.save_annotations([annotate_by_hand(AFP, "md-1"), annotate_by_hand(GUARDIAN, "md-1")])

    cached = store.load_annotations(["afp1", "grd1", "unknown"], "md-1")
    assert cached == {
        "afp1": annotate_by_hand(AFP, "md-1"),
        "grd1": annotate_by_hand(GUARDIAN, "md-1"),
    }
    assert store.load_annotations(["afp1", "grd1"], "md-2") == {}
    assert store.load_annotations([], "md-1") == {}


def test_a_new_annotator_version_gets_its_own_annotation(store: Store):
    store.save_annotations([annotate_by_hand(AFP, "md-1")])
    newer = dataclasses.replace(annotate_by_hand(AFP, "md-2"), mentions=())
    store.save_annotations([newer])

    assert store.load_annotations(["afp1"], "md-2") == {"afp1": newer}
    assert store.load_annotations(["afp1"], "md-1") == {"afp1": annotate_by_hand(AFP, "md-1")}
    assert store.load_analysis().articles == (newer,)


def test_saving_again_with_the_same_annotator_replaces_the_annotation(store: Store):
    store.save_annotations([annotate_by_hand(AFP, "md-1")])
    redone = dataclasses.replace(annotate_by_hand(AFP, "md-1"), mentions=())
    store.save_annotations([redone])
    assert store.load_annotations(["afp1"], "md-1") == {"afp1": redone}


def test_an_annotation_read_back_changed_by_an_analysis_is_saved_again(store: Store):
    store.save_annotations([annotate_by_hand(AFP, "md-1"), annotate_by_hand(GUARDIAN, "md-1")])
    read = store.load_annotations(["afp1", "grd1"], "md-1")
    changed = dataclasses.replace(read["afp1"], mentions=())
    store.save_analysis(Analysis(articles=(changed, read["grd1"])))
    store.save_annotations([read["grd1"]])  # handed back as read: stored as it is
    store.save_analysis(Analysis(articles=(read["afp1"],)))  # the first reading, again
    assert store.load_annotations(["afp1"], "md-1") == {"afp1": annotate_by_hand(AFP, "md-1")}
    store.save_analysis(Analysis(articles=(changed,)))

    assert store.load_annotations(["afp1", "grd1"], "md-1") == {
        "afp1": changed,
        "grd1": annotate_by_hand(GUARDIAN, "md-1"),
    }


def test_saving_annotations_stores_their_articles(store: Store):
    store.save_annotations([annotate_by_hand(GUARDIAN, "md-1")])
    assert store.get_article("grd1") == GUARDIAN


def test_an_analysis_reads_back_equal(store: Store):
    analysis = palmyra_analysis()
    store.save_analysis(analysis)

    assert store.load_analysis("md-1") == analysis
    assert store.load_stories() == list(analysis.stories)
    assert store.load_entities() == list(analysis.entities)


def test_one_storys_results_and_chosen_entities_read_back(store: Store):
    analysis = palmyra_analysis()
    store.save_analysis(analysis)
    (story,) = analysis.stories
    results = store.load_results([story.id])
    assert (results.facts, results.timeline, results.findings, results.summaries) == (
        analysis.facts,
        analysis.timeline,
        analysis.findings,
        analysis.summaries,
    )
    assert store.load_results(["no-such-story"]).findings == ()
    first = analysis.entities[0]
    assert store.load_entities([first.id, "no-such-entity"]) == [first]


def test_saving_an_analysis_again_replaces_results_by_id(store: Store):
    store.save_analysis(palmyra_analysis())
    shorter = dataclasses.replace(
        palmyra_analysis("Palmyra falls again"),
        stories=(Story("s1", "Palmyra falls again", ("grd1",)),),
        entities=(Entity("russia", "Russian Federation", "GPE", ("Russia",), ()),),
        findings=(),
        facts=(),
    )
    store.save_analysis(shorter)

    assert store.load_stories() == [Story("s1", "Palmyra falls again", ("grd1",))]
    entities = {entity.id: entity for entity in store.load_entities()}
    assert entities["russia"].name == "Russian Federation"
    assert entities["palmyra"] == palmyra_analysis().entities[0]  # not in the new run: kept
    loaded = store.load_analysis("md-1")
    assert loaded.findings == () and loaded.facts == ()
    assert loaded.summaries == shorter.summaries


def test_a_failing_save_leaves_earlier_data_intact(store: Store):
    store.save_analysis(palmyra_analysis())
    broken = dataclasses.replace(
        palmyra_analysis("Renamed"),
        entities=(Entity("russia", "Renamed", "GPE", (), ()),),
        findings=(Finding("no-such-story", "single_source", (), "orphan"),),
    )

    with pytest.raises(StoreError, match="save the analysis"):
        store.save_analysis(broken)

    assert store.load_analysis("md-1") == palmyra_analysis()


def test_a_story_naming_an_unknown_article_is_refused_whole(store: Store):
    analysis = dataclasses.replace(
        palmyra_analysis(), stories=(Story("s1", "Palmyra", ("afp1", "missing-article")),)
    )
    with pytest.raises(StoreError, match="(?i)foreign key"):
        store.save_analysis(analysis)
    assert store.article_ids() == set()
    assert store.load_entities() == []


def test_an_input_failing_mid_batch_stores_nothing_of_that_batch(store: Store):
    store.add_articles([AFP])

    def articles_then_failure():
        yield GUARDIAN
        raise OSError("disk went away while reading")

    with pytest.raises(OSError, match="disk went away"):
        store.add_articles(articles_then_failure())
    assert store.article_ids() == {"afp1"}


def test_a_file_database_reopened_keeps_everything(tmp_path: Path):
    location = tmp_path / "newsprism.db"
    with open_store(str(location)) as store:
        store.save_analysis(palmyra_analysis())
        store.save_annotations([annotate_by_hand(AFP, "md-2")])

    with open_store(location) as reopened:
        assert reopened.schema_version() == LATEST_VERSION
        assert reopened.article_ids() == {"afp1", "grd1"}
        assert reopened.load_analysis("md-1") == palmyra_analysis()
        assert reopened.load_annotations(["afp1"], "md-2") == {
            "afp1": annotate_by_hand(AFP, "md-2")
        }
        assert reopened.add_articles([AFP, GUARDIAN]) == []


def test_a_file_database_uses_write_ahead_logging(tmp_path: Path):
    location = tmp_path / "newsprism.db"
    open_store(str(location)).close()
    with closing(sqlite3.connect(location)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_url_of_another_database_kind_is_refused():
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        open_store("mysql://newsprism:s3cret@db.example.org/newsprism")


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path):
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(str(not_a_database))


def test_a_database_in_a_missing_folder_is_a_store_error(tmp_path: Path):
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(tmp_path / "no" / "such" / "folder" / "newsprism.db"))


def test_a_cached_annotation_that_no_longer_fits_the_model_is_made_again(tmp_path: Path):
    location = tmp_path / "newsprism.db"
    with open_store(str(location)) as store:
        store.save_annotations([annotate_by_hand(AFP, "md-1"), annotate_by_hand(GUARDIAN, "md-1")])
    with closing(sqlite3.connect(location, isolation_level=None)) as raw:
        raw.execute(
            "UPDATE annotations SET data = ? WHERE article_id = ?",
            ('{"sentences": "written by an older model", "mentions": []}', "afp1"),
        )

    with open_store(str(location)) as store:
        assert set(store.load_annotations(["afp1", "grd1"], "md-1")) == {"grd1"}
