"""A big stored story grows by a window: new articles join it without re-reading it whole,
and what is stored for it is kept and merged, not recomputed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from test_incremental import ELECTION, QUAKE_PAPER, QUAKE_WIRE, RecordingStore, write_article

import newsprism
from newsprism.cli import main
from newsprism.model import Analysis, Finding
from newsprism.settings import Settings
from newsprism.store import open_store

COPIES = ("Daily Planet", "Morning Star", "Evening Post", "Valley Times")

QUAKE_LATE = """Italy's civil protection agency said on Thursday that the death toll from the
magnitude 6.2 earthquake near Norcia had risen to 120, as rescue workers in Amatrice and
Accumoli kept digging through the rubble of collapsed houses. The mayor of Amatrice, Sergio
Pirozzi, said again that half of the town had been destroyed. Hundreds of aftershocks shook
the mountain villages overnight, and thousands of people slept in tents."""


def stored_story(folder: Path, settings: Settings) -> Analysis:
    """A story of six stored articles: a wire report, four outlets' copies of it, a paper's."""
    lines = ["file,title,outlet,published"]
    texts = [("wire", "Wire", QUAKE_WIRE)]
    texts += [(f"copy{k}", o, f"{QUAKE_WIRE}\n\n(c) {o}") for k, o in enumerate(COPIES)]
    texts.append(("paper", "Paper", QUAKE_PAPER))
    for name, outlet, text in texts:
        write_article(folder, name, "Earthquake in central Italy", text)
        lines.append(f"{name}.txt,Earthquake in central Italy,{outlet},2016-08-24")
    (folder / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return newsprism.analyze([folder], settings)


def test_a_new_article_grows_a_big_story_from_a_window(tmp_path: Path) -> None:
    day_one, day_two = tmp_path / "day1", tmp_path / "day2"
    day_one.mkdir(), day_two.mkdir()
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24), growth_window=2)
    first = stored_story(day_one, settings)
    (story,) = first.stories
    assert len(story.article_ids) == 6
    late = write_article(day_two, "late", "Quake toll rises to 120", QUAKE_LATE)
    with open_store(settings.db) as store:
        recording = RecordingStore(store)
        second = newsprism.analyze([late], settings, store=recording)  # type: ignore[arg-type]
    (grown,) = second.stories
    assert grown.id == story.id and grown.title == story.title
    assert set(grown.article_ids) == set(story.article_ids) | {second.articles[0].article.id}
    assert len(recording.loaded) < len(story.article_ids)  # the story was not re-read whole
    # nothing stored is lost: every stored fact's statements are still one fact's
    for fact in first.facts:
        assert any(set(fact.statements) <= set(f.statements) for f in second.facts)
    conflicts = [f for f in first.findings if f.kind == "conflict"]
    assert all(c in [replace_story(f, story.id) for f in second.findings] for c in conflicts)
    late_id = next(i for i in grown.article_ids if i not in story.article_ids)
    joined = [f for f in second.facts if late_id in {s.article_id for s in f.statements}]
    # the late article's statement is aligned with a stored article's (the mayor's words)
    assert any(s.article_id in story.article_ids for f in joined for s in f.statements)
    with open_store(settings.db) as store:
        stored = store.load_results([story.id])
        (saved,) = [s for s in store.load_stories() if s.id == story.id]
    assert set(saved.article_ids) == set(grown.article_ids)
    assert stored.facts == second.facts and stored.findings == second.findings
    # the stored events are kept (their reports in one merged event each), and stored again
    assert first.events and stored.events == second.events
    reports = {(s.article_id, s.start) for e in second.events for s in e.evidence_all}
    assert all((s.article_id, s.start) in reports for e in first.events for s in e.evidence_all)


def test_rereading_an_article_of_a_grown_story_changes_nothing(tmp_path: Path) -> None:
    day_one, day_two = tmp_path / "day1", tmp_path / "day2"
    day_one.mkdir(), day_two.mkdir()
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24), growth_window=2)
    stored_story(day_one, settings)
    late = write_article(day_two, "late", "Quake toll rises to 120", QUAKE_LATE)
    grown = newsprism.analyze([late], settings)
    again = newsprism.analyze([late], settings)
    assert again.stories == grown.stories
    assert (again.facts, again.findings, again.timeline, again.events) == (
        grown.facts,
        grown.findings,
        grown.timeline,
        grown.events,
    )


def test_a_window_grows_the_same_story_as_a_whole_rereading(tmp_path: Path) -> None:
    """The same members, and the same facts for the new article's statements (a whole
    re-read may also regroup stored statements among themselves; a window leaves them).
    The facts model is fixed: "auto" counts a story of more articles than the window as big
    (matched by word overlap), so the two settings would decide it differently."""
    late_ids = []
    for window in (0, 2):
        folder = tmp_path / f"w{window}"
        (folder / "day1").mkdir(parents=True), (folder / "day2").mkdir()
        settings = Settings(
            db=str(folder / "news.db"),
            published=date(2016, 8, 24),
            growth_window=window,
            facts_model="minilm",
        )
        stored_story(folder / "day1", settings)
        late = write_article(folder / "day2", "late", "Quake toll rises to 120", QUAKE_LATE)
        grown = newsprism.analyze([late], settings)
        (story,) = grown.stories
        late_id = grown.articles[0].article.id  # the run's own article comes first
        facts = sorted(
            sorted((s.article_id, s.start) for s in f.statements)
            for f in grown.facts
            if late_id in {s.article_id for s in f.statements}
        )
        late_ids.append((story.id, sorted(story.article_ids), facts))
    assert late_ids[0] == late_ids[1]


def replace_story(finding: Finding, story_id: str) -> Finding:
    return replace(finding, story_id=story_id)


def test_articles_added_to_a_chosen_story_join_it_whatever_they_say(tmp_path: Path) -> None:
    day_one, day_two = tmp_path / "day1", tmp_path / "day2"
    day_one.mkdir(), day_two.mkdir()
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24), growth_window=2)
    (story,) = stored_story(day_one, settings).stories
    unlike = write_article(day_two, "iceland", "Iceland votes", ELECTION)
    assert newsprism.analyze([unlike], settings).stories[0].id != story.id  # on its own
    again = write_article(day_two, "iceland2", "Iceland votes", ELECTION + " Turnout was 79%.")
    chosen = replace(settings, story=story.id)
    (grown,) = newsprism.analyze([again], chosen).stories
    assert grown.id == story.id and len(grown.article_ids) == len(story.article_ids) + 1
    assert main(["analyze", str(again), "--db", settings.db, "--story", "s-nonesuch"]) == 2


def test_auto_matches_a_story_bigger_than_the_window_by_words_in_both_paths(
    tmp_path: Path,
) -> None:
    """With facts_model "auto", a story of more articles than `growth_window` is matched by
    word overlap whether it is read whole (`analyze` over all of it) or grown from a window
    (an incremental run, a watch pass), so both paths decide alike."""
    found = {}
    for model in ("auto", "lexical"):
        day_one, day_two = tmp_path / model / "day1", tmp_path / model / "day2"
        day_one.mkdir(parents=True), day_two.mkdir()
        settings = Settings(
            db=str(tmp_path / model / "news.db"),
            published=date(2016, 8, 24),
            growth_window=2,
            facts_model=model,
        )
        whole = stored_story(day_one, settings)
        late = write_article(day_two, "late", "Quake toll rises to 120", QUAKE_LATE)
        grown = newsprism.analyze([late], settings)
        found[model] = [
            sorted(sorted((s.article_id, s.start) for s in f.statements) for f in a.facts)
            for a in (whole, grown)
        ]
    assert found["auto"] == found["lexical"]
    assert all(found["auto"])  # both paths found facts
