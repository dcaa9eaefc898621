"""Input limits, id collisions and the per-article guard: a hostile input costs only itself."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from spacy.language import Language

from newsprism.annotate.nlp import load_pipeline
from newsprism.annotate.pipeline import annotate_each
from newsprism.api import analyze
from newsprism.ingest import article_id, read_inputs
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits, Settings, load_settings
from newsprism.store import open_store

GOOD = "The harbour festival drew 20,000 visitors on Saturday, the organisers said."


def read_all(*paths: Path, limits: InputLimits | None = None):
    results = list(read_inputs(paths, limits=limits))
    return (
        [r for r in results if isinstance(r, Article)],
        [r for r in results if isinstance(r, InputProblem)],
    )


def test_limits_come_from_the_settings_file_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("[newsprism.limits]\narticle_chars = 5000\nfeed_items = 10\n")
    limits = load_settings(config).limits
    assert (limits.article_chars, limits.feed_items) == (5000, 10)
    assert limits.json_depth == InputLimits().json_depth
    config.write_text("[newsprism.limits]\narticle_char = 5000\n")
    with pytest.raises(ValueError, match="unknown limits article_char"):
        load_settings(config)
    config.write_text("[newsprism.limits]\nfeed_items = 0\n")
    with pytest.raises(ValueError, match="positive integers: feed_items"):
        load_settings(config)


def test_a_long_article_is_cut_at_a_paragraph_with_a_line_and_a_new_content_id(
    tmp_path: Path,
) -> None:
    text = "\n\n".join(f"Paragraph {n} says the river rose again." for n in range(200))
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": text}) + "\n")
    [article], [note] = read_all(tmp_path / "long.jsonl", limits=InputLimits(article_chars=1000))
    assert len(article.text) <= 1000 and text.startswith(article.text)
    assert article.text.endswith("rose again.")
    assert article.id == article_id(article.text)
    assert note.kept and "cut to its first" in note.reason and "article_chars" in note.reason


def test_deep_json_and_huge_numbers_cost_only_their_line(tmp_path: Path) -> None:
    lines = [
        '{"text": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"text": ' + "7" * 5000 + "}",
        json.dumps({"text": GOOD, "published": "9" * 5000}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    articles, problems = read_all(tmp_path / "mixed.jsonl", tmp_path / "deep.json")
    assert [a.text for a in articles] == [GOOD]
    assert articles[0].published is None
    reasons = {Path(p.source).name: p.reason for p in problems}
    assert "limit json_depth" in reasons["mixed.jsonl:1"]
    assert "4300 digits" in reasons["mixed.jsonl:2"]
    assert "limit json_depth" in reasons["deep.json"]


def test_a_gzip_bomb_is_refused_once_it_passes_the_unpacked_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.warc.gz"
    with gzip.open(bomb, "wb") as stream:
        for _ in range(8):
            stream.write(b"\0" * 2**20)
    assert bomb.stat().st_size < 100_000
    _, [problem] = read_all(bomb, limits=InputLimits(unpacked_bytes=2**20))
    assert problem.reason == "expands to more than 1,048,576 bytes (limit unpacked_bytes)"


def test_symlinks_leaving_the_folder_and_special_files_are_skipped_with_a_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text("Festival\n" + GOOD)
    (tmp_path / "secret.txt").write_text("Secret\nroot:x:0:0:root:/root:/bin/bash")
    (folder / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "alias.txt").symlink_to(folder / "good.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (tmp_path / "elsewhere").mkdir()
    (folder / "linked-folder").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(folder / "pipe.txt")
    articles, problems = read_all(folder)
    assert [Path(a.source_path or "").name for a in articles] == ["alias.txt"]  # good: same text
    assert {Path(p.source).name: p.reason for p in problems} == {
        "gone.txt": "dangling symlink",
        "linked-folder": "symlink to a folder (not followed)",
        "loop.txt": "symlink loop",
        "pipe.txt": "not a regular file (a FIFO)",
        "secret.txt": "symlink to a file outside the folder",
    }
    named, _ = read_all(folder / "secret.txt")  # named on the command line: read as given
    assert [a.title for a in named] == ["Secret"]


def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path: Path) -> None:
    name = Path(
        tmp_path.as_posix().encode().decode()
        + "/caf"
        + b"\xe9.txt".decode("utf-8", "surrogateescape")
    )
    name.write_text("Cafe\n" + GOOD)
    [article], [] = read_all(tmp_path)
    assert article.source_path is not None and article.source_path.endswith("caf\\xe9.txt")
    json.dumps(article.source_path).encode("utf-8")


def test_an_explicit_id_another_text_holds_keeps_both_articles_across_runs(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "s-1", "text": GOOD}) + "\n")
    second.write_text(
        json.dumps({"id": "s-1", "text": "Flood waters closed the ring road on Sunday."}) + "\n"
    )
    settings = Settings(db=str(tmp_path / "news.db"))
    analyze([first], settings)
    analysis = analyze([second], settings)
    assert [p.reason for p in analysis.problems if p.kept] == [
        "id 's-1' is another article's: this one is kept as 's-1-"
        + article_id("Flood waters closed the ring road on Sunday.")[:8]
        + "'"
    ]
    with open_store(settings.db) as store:
        assert len(store.article_ids()) == 2
        assert store.get_article("s-1").text == GOOD  # type: ignore[union-attr]
    again = analyze([second], settings)  # the same input again: a no-op
    assert [p for p in again.problems if p.kept] == []
    with open_store(settings.db) as store:
        assert len(store.article_ids()) == 2


@Language.component("fails_on_poison")
def fails_on_poison(doc):  # stands for a failure inside spaCy on one hostile text
    if "POISON" in doc.text:
        raise ValueError("this text breaks the parser")
    return doc


def test_an_article_spacy_cannot_parse_costs_only_itself() -> None:
    nlp = load_pipeline("md")
    nlp.add_pipe("fails_on_poison", first=True)
    try:
        texts = [GOOD, "A POISON text the parser chokes on.", "Rain is forecast for Tuesday."]
        articles = [Article(id=f"a{n}", title="", text=t) for n, t in enumerate(texts)]
        results = list(annotate_each(articles, Settings(batch_size=8)))
    finally:
        nlp.remove_pipe("fails_on_poison")
    assert [type(r).__name__ for r in results] == [
        "AnnotatedArticle",
        "InputProblem",
        "AnnotatedArticle",
    ]
    assert results[1].reason == "could not be annotated (ValueError: this text breaks the parser)"
    assert results[2].sentences and results[2].article.id == "a2"


def test_a_damaged_archive_is_one_line_and_warcio_prints_nothing(tmp_path: Path, capfd) -> None:
    (tmp_path / "notes.warc").write_text("just some text that is no WARC\n" * 5)
    _, [problem] = read_all(tmp_path / "notes.warc")
    assert problem.reason == "not a readable WARC archive (no record starts where one should)"
    assert capfd.readouterr().err == ""
