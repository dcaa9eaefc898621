"""Daily runs on a store: a run loads and re-analyses only the stories its articles can join."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import newsprism
from newsprism.annotate.pipeline import annotate_articles
from newsprism.api import prior_candidates
from newsprism.link.arrivals import related_query
from newsprism.model import AnnotatedArticle, Article
from newsprism.settings import Settings
from newsprism.store import Store, open_store
from newsprism.store.records import STORY_RESULT_TYPES

QUAKE_WIRE = """A powerful earthquake struck central Italy early on Wednesday, flattening
houses in the mountain town of Amatrice and killing at least 38 people, officials said.
The magnitude 6.2 quake hit at 3:36 a.m. near Norcia, the Italian civil protection agency
said. Rescue workers dug through the rubble of collapsed buildings in Amatrice and nearby
Accumoli, searching for survivors trapped under the debris. "Half the town is gone," the
mayor of Amatrice, Sergio Pirozzi, told state radio."""

QUAKE_PAPER = """Rescuers in central Italy searched through rubble on Wednesday for people
trapped after an earthquake of magnitude 6.2 devastated Amatrice and Accumoli, killing dozens.
The mayor of Amatrice, Sergio Pirozzi, said half of the town had been destroyed by the quake,
which struck near Norcia before dawn. Italy's civil protection agency said the death toll was
rising as emergency teams reached collapsed houses in the mountain villages."""

ELECTION = """Voters in Iceland went to the polls on Saturday in a parliamentary election in
which the Pirate Party hoped to become the largest party. Opinion polls gave the Pirates and
the Independence Party about a fifth of the vote each. "We are ready to govern," Pirate Party
leader Birgitta Jonsdottir told reporters in Reykjavik, where turnout was expected to be high
after the Panama Papers scandal forced the former prime minister to resign in the spring."""


class RecordingStore:
    """A store that records which articles' annotations were loaded through it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loaded: set[str] = set()

    def load_annotations(self, article_ids: Any, annotator: str) -> dict[str, AnnotatedArticle]:
        found = self.store.load_annotations(article_ids, annotator)
        self.loaded.update(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def write_article(folder: Path, name: str, title: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return path


def stored_results(db: str, story_id: str) -> list[tuple[str, str, str]]:
    """Every stored result row of a story, with the story's own row, as stored bytes."""
    with sqlite3.connect(db) as connection:
        rows = [
            (table, *row)
            for table in STORY_RESULT_TYPES
            for row in connection.execute(
                f"SELECT story_id, data FROM {table} WHERE story_id = ?", (story_id,)
            )
        ]
        story = connection.execute(
            "SELECT id, title || saved_at FROM stories WHERE id = ?", (story_id,)
        ).fetchall()
    return rows + [("stories", *row) for row in story]


def test_a_new_article_reanalyses_only_the_story_it_joins(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24))
    day_one = [
        write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE),
        write_article(tmp_path, "iceland", "Iceland votes", ELECTION),
    ]
    first = newsprism.analyze(day_one, settings)
    quake = next(s for s in first.stories if "Earthquake" in s.title)
    iceland = next(s for s in first.stories if s.id != quake.id)
    before = stored_results(settings.db, iceland.id)
    assert any(table == "summaries" for table, *_ in before)

    paper = write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER)
    with open_store(settings.db) as store:
        recording = RecordingStore(store)
        second = newsprism.analyze([paper], settings, store=recording)  # type: ignore[arg-type]
    assert recording.loaded.isdisjoint(iceland.article_ids)  # the other story was not loaded
    assert [(s.id, len(s.article_ids)) for s in second.stories] == [(quake.id, 2)]
    assert stored_results(settings.db, iceland.id) == before  # byte for byte

    with open_store(settings.db) as store:
        everything = store.load_analysis()
    assert {s.id: len(s.article_ids) for s in everything.stories} == {quake.id: 2, iceland.id: 1}
    assert {s.story_id for s in everything.summaries} == {quake.id, iceland.id}
    assert {e.name for e in everything.entities} >= {"Amatrice", "Iceland"}


def test_rereading_a_stored_article_keeps_its_whole_story(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24))
    wire = write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE)
    paper = write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER)
    (story,) = newsprism.analyze([wire, paper], settings).stories
    (again,) = newsprism.analyze([wire], settings).stories
    assert (again.id, set(again.article_ids)) == (story.id, set(story.article_ids))


def stored_annotations(db: str) -> dict[str, tuple[str, str]]:
    """article id -> (annotation JSON, when it was saved), as stored."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT article_id, data, saved_at FROM annotations")
        return {article_id: (data, saved_at) for article_id, data, saved_at in rows}


def test_a_story_grown_by_one_article_rewrites_only_what_changed(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24))
    wire = write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE)
    (story,) = newsprism.analyze([wire], settings).stories
    first = stored_annotations(settings.db)
    newsprism.analyze([wire], settings)  # the same article again: nothing is written again
    assert stored_annotations(settings.db) == first

    paper = write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER)
    (grown,) = newsprism.analyze([paper], settings).stories
    assert (grown.id, len(grown.article_ids)) == (story.id, 2)
    after = stored_annotations(settings.db)
    assert after[story.article_ids[0]] == first[story.article_ids[0]]  # read back as it was
    assert set(after) == {*first, *(set(grown.article_ids) - set(story.article_ids))}


def test_candidates_are_the_stories_sharing_words_with_a_new_article(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24))
    day_one = [
        write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE),
        write_article(tmp_path, "iceland", "Iceland votes", ELECTION),
    ]
    stories = newsprism.analyze(day_one, settings).stories
    quake = next(s for s in stories if "Earthquake" in s.title)
    article = Article("late", "Rescuers search rubble in Amatrice", QUAKE_PAPER, date(2016, 8, 25))
    (annotated,) = annotate_articles([article], settings)
    assert "amatrice" in related_query(annotated).lower()
    with open_store(settings.db) as store:
        assert prior_candidates([annotated], store) == [quake]
