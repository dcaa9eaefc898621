"""read_inputs over files and folders: metadata.csv, default dates, dedup, bad inputs."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

from newsprism.ingest import article_id, read_inputs
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

DATA = Path(__file__).parent / "data" / "ingest"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "palmyra-2016"


def read_all(
    *paths: str | Path, default_published: date | None = None
) -> tuple[list[Article], list[InputProblem]]:
    results = list(read_inputs(paths, default_published=default_published))
    articles = [item for item in results if isinstance(item, Article)]
    problems = [item for item in results if isinstance(item, InputProblem)]
    return articles, problems


def test_article_id_is_the_sha256_prefix_of_the_utf8_text() -> None:
    text = "Café owners in Zürich say prices rose."
    assert article_id(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert article_id("Palmyra") == "e305107102e16fd9"  # the same in every run and version
    assert len(article_id("x")) == 16 and article_id("x") != article_id("x ")


def test_example_folder_gives_both_articles_with_metadata_csv_fields() -> None:
    articles, problems = read_all(EXAMPLE)
    by_title = {article.title: article for article in articles}
    afp = by_title["Palmyra recapture a boost for IS jihadists"]
    guardian = by_title["Isis video claims to show abandoned Russian base in Palmyra"]
    assert len(articles) == 2
    assert (afp.outlet, afp.published) == ("AFP", date(2016, 12, 12))
    assert (guardian.outlet, guardian.published) == ("The Guardian", date(2016, 12, 14))
    assert afp.text.startswith("IS ravaged ancient ruins during the 10 months")
    assert guardian.text.endswith("– Guardian service")
    assert afp.source_path == str(EXAMPLE / "000_02cc217ee7d2ff1b.txt")
    assert problems == []


def test_a_single_path_given_without_a_list_is_read_as_one_path() -> None:
    titles = [item.title for item in read_inputs(str(EXAMPLE)) if isinstance(item, Article)]
    assert len(titles) == 2


def test_ids_are_stable_across_reads_and_equal_the_text_hash() -> None:
    first, _ = read_all(EXAMPLE)
    second, _ = read_all(EXAMPLE / "002_7755901504861f9e.txt", EXAMPLE / "000_02cc217ee7d2ff1b.txt")
    assert sorted(article.id for article in first) == sorted(article.id for article in second)
    assert all(article.id == article_id(article.text) for article in first)


def test_duplicate_articles_in_one_call_are_yielded_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy-with-another-title.txt"
    body = (EXAMPLE / "000_02cc217ee7d2ff1b.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    copy.write_text("A different headline\n" + body, encoding="utf-8")
    articles, _ = read_all(EXAMPLE / "000_02cc217ee7d2ff1b.txt", copy, EXAMPLE)
    assert [article.outlet for article in articles] == ["AFP", "The Guardian"]


def test_folder_walk_is_recursive_sorted_and_names_each_file_it_skips(
    tmp_path: Path,
) -> None:
    (tmp_path / "b-sub").mkdir()
    (tmp_path / ".cache").mkdir()
    shutil.copy(DATA / "cafe-cp1252.txt", tmp_path / "a.txt")
    shutil.copy(DATA / "bom-utf8.txt", tmp_path / "b-sub" / "snow.txt")
    shutil.copy(DATA / "river-news.rss", tmp_path / "c.rss")
    shutil.copy(DATA / "bom-utf8.txt", tmp_path / ".cache" / "hidden.txt")
    shutil.copy(DATA / "image-saved-as.txt", tmp_path / ".hidden.txt")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 binary office file")
    articles, problems = read_all(tmp_path)
    assert [Path(article.source_path or "").name for article in articles] == [
        "a.txt",
        "snow.txt",
        "c.rss",
        "c.rss",
    ]
    assert [(Path(p.source).name, p.reason) for p in problems] == [
        (".cache", "hidden folder"),
        (".hidden.txt", "hidden file"),
        ("c.rss: entry 3", "the entry has no content or summary"),
        ("notes.docx", "unsupported file type '.docx'"),
    ]


def test_metadata_csv_overrides_the_files_own_fields(tmp_path: Path) -> None:
    shutil.copy(DATA / "harbour-bridge.html", tmp_path / "bridge.html")
    shutil.copy(DATA / "cafe-cp1252.txt", tmp_path / "cafe.txt")
    (tmp_path / "metadata.csv").write_text(
        "file,title,outlet,published,url\n"
        "bridge.html,Bridge open again,Herald Weekly,2023-03-15,\n"
        "cafe.txt,,Alpine Wire,not a date,https://alpinewire.example/cafe\n",
        encoding="utf-8",
    )
    bridge, cafe = read_all(tmp_path)[0]
    assert (bridge.title, bridge.outlet, bridge.published) == (
        "Bridge open again",
        "Herald Weekly",
        date(2023, 3, 15),
    )
    assert bridge.url == "https://www.coastalherald.example/news/2023/03/14/harbour-bridge-reopens"
    assert cafe.title == "Café owners in Zürich say prices rose"  # empty cell: the file's own
    assert (cafe.outlet, cafe.url, cafe.published) == (
        "Alpine Wire",
        "https://alpinewire.example/cafe",
        None,  # an invalid date is no date
    )


def test_metadata_csv_without_file_column_is_reported_once_and_files_still_read(
    tmp_path: Path,
) -> None:
    shutil.copy(DATA / "cafe-cp1252.txt", tmp_path / "cafe.txt")
    shutil.copy(DATA / "bom-utf8.txt", tmp_path / "snow.txt")
    (tmp_path / "metadata.csv").write_text("name,outlet\ncafe.txt,Alpine Wire\n", encoding="utf-8")
    articles, [problem] = read_all(tmp_path)
    assert len(articles) == 2 and all(article.outlet is None for article in articles)
    assert problem.source == str(tmp_path / "metadata.csv")
    assert "file" in problem.reason


def test_default_published_dates_only_the_undated_articles() -> None:
    default = date(2020, 1, 1)
    articles, _ = read_all(DATA / "cafe-cp1252.txt", DATA / "wire.jsonl", default_published=default)
    assert [article.published for article in articles] == [
        default,
        date(2024, 3, 5),
        date(2024, 6, 4),
        default,
    ]


def test_missing_paths_and_unsupported_files_named_by_the_user_are_problems(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n")
    articles, problems = read_all(tmp_path / "nowhere.txt", report, DATA / "single.json")
    assert [article.title for article in articles] == ["Single record"]
    assert [str(problem) for problem in problems] == [
        f"{tmp_path / 'nowhere.txt'}: no such file or directory",
        f"{report}: unsupported file type '.pdf'",
    ]


def test_files_above_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as stream:
        stream.truncate(InputLimits().file_bytes + 1)  # sparse: takes no disk space
    articles, [problem] = read_all(huge, DATA / "single.json")
    assert len(articles) == 1
    assert problem.source == str(huge)
    assert problem.reason == "too large: over 52,428,800 bytes (limit file_bytes)"


def test_a_bad_input_never_stops_the_rest() -> None:
    inputs = sorted(DATA.iterdir())
    articles, problems = read_all(*inputs)
    assert len(articles) == 13
    assert {Path(problem.source.split(":")[0]).name for problem in problems} == {
        "broken-feed.rss",
        "broken.html",
        "empty.txt",
        "image-saved-as.txt",
        "records.json",
        "river-news.rss",
        "title-only.txt",
        "wire.jsonl",
    }


def test_record_dates_in_many_spellings_and_dates_that_are_none(tmp_path: Path) -> None:
    spellings = {
        "2016-12-12T10:00:00+01:00": date(2016, 12, 12),
        "Mon, 12 Dec 2016 10:00:00 GMT": date(2016, 12, 12),
        "12 décembre 2016": date(2016, 12, 12),
        "2016-13-45": None,
        "yesterday": None,  # relative to nothing the user can see
        "June 2016": None,  # not a full date
    }
    records = tmp_path / "dates.jsonl"
    records.write_text(
        "\n".join(
            json.dumps({"text": f"Article number {n}.", "published": spelling})
            for n, spelling in enumerate(spellings)
        ),
        encoding="utf-8",
    )
    articles, problems = read_all(records)
    assert problems == []
    assert [article.published for article in articles] == list(spellings.values())
