"""Each input format, read from small real files: what the user gets for each."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import article_id, read_inputs
from newsprism.model import Article, InputProblem

DATA = Path(__file__).parent / "data" / "ingest"


def read_all(*paths: str | Path) -> tuple[list[Article], list[InputProblem]]:
    results = list(read_inputs(paths))
    articles = [item for item in results if isinstance(item, Article)]
    problems = [item for item in results if isinstance(item, InputProblem)]
    return articles, problems


# --- plain text -----------------------------------------------------------------------------


def test_txt_in_cp1252_is_decoded_with_its_title_and_text() -> None:
    [article], problems = read_all(DATA / "cafe-cp1252.txt")
    assert problems == []
    assert article.title == "Café owners in Zürich say prices rose"
    assert article.text.startswith("The café’s owner, Renée Müller, said: “We pay €4 more")
    assert article.text.endswith("by about 8%.")
    assert article.id == article_id(article.text)
    assert article.source_path == str(DATA / "cafe-cp1252.txt")


def test_txt_with_bom_blank_lines_and_crlf_gives_clean_title_and_text() -> None:
    [article], _ = read_all(DATA / "bom-utf8.txt")
    assert article.title == "Snow closes mountain pass"
    assert article.text == (
        "The pass will stay closed until Friday, police said.\nDrivers should use the valley road."
    )


def test_txt_in_utf16_with_a_byte_order_mark_is_text(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Ünïcödé headline\n\nBody text, in UTF-16.".encode("utf-16"))
    [article], problems = read_all(utf16)
    assert problems == []
    assert (article.title, article.text) == ("Ünïcödé headline", "Body text, in UTF-16.")


def test_empty_binary_and_title_only_txt_files_are_problems_with_reasons() -> None:
    articles, problems = read_all(
        DATA / "empty.txt", DATA / "image-saved-as.txt", DATA / "title-only.txt"
    )
    assert articles == []
    assert [str(problem) for problem in problems] == [
        f"{DATA / 'empty.txt'}: the file is empty",
        f"{DATA / 'image-saved-as.txt'}: looks like a binary file, not text",
        f"{DATA / 'title-only.txt'}: only a title line, no article text after it",
    ]


def test_text_in_no_known_encoding_is_a_problem(tmp_path: Path) -> None:
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(128, 256)) * 4)
    articles, [problem] = read_all(noise)
    assert articles == []
    assert problem.source == str(noise)
    assert "encoding" in problem.reason or "binary" in problem.reason


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_gives_main_text_title_date_outlet_and_canonical_url() -> None:
    [article], problems = read_all(DATA / "harbour-bridge.html")
    assert problems == []
    assert article.title == "Harbour bridge reopens after two-year repair"
    assert article.published == date(2023, 3, 14)
    assert article.outlet == "The Coastal Herald"
    assert article.url == "https://www.coastalherald.example/news/2023/03/14/harbour-bridge-reopens"
    assert '"We replaced more than 400 tonnes of steel' in article.text
    assert "Cyclists will have to wait until May" in article.text
    for boilerplate in ("Subscribe today", "Most read", "Ferry timetable", "All rights reserved"):
        assert boilerplate not in article.text


def test_html_without_site_name_takes_the_outlet_from_the_canonical_domain(
    tmp_path: Path,
) -> None:
    page = (DATA / "harbour-bridge.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:site_name" content="The Coastal Herald">', "")
    page = page.replace(" | The Coastal Herald", "").replace("The Coastal Herald", "")
    (tmp_path / "no-site-name.html").write_text(page, encoding="utf-8")
    [article], _ = read_all(tmp_path / "no-site-name.html")
    assert article.outlet == "coastalherald.example"


def test_html_with_unclosed_tags_is_still_read() -> None:
    [article], problems = read_all(DATA / "unclosed-tags.html")
    assert problems == []
    assert "agreed to close the old market hall" in article.text
    assert "threatened legal action" in article.text
    assert "about two million pounds" in article.text
    assert article.published is None and article.outlet is None


def test_html_with_no_extractable_text_is_a_problem() -> None:
    articles, [problem] = read_all(DATA / "broken.html")
    assert articles == []
    assert (
        str(problem) == f"{DATA / 'broken.html'}: no article text could be extracted from the HTML"
    )


# --- JSON Lines and JSON -----------------------------------------------------------------------


def test_jsonl_text_is_byte_identical_to_the_input_records() -> None:
    lines = (DATA / "wire.jsonl").read_text(encoding="utf-8").split("\n")
    expected_texts = [json.loads(lines[index])["text"] for index in (0, 1, 5)]
    articles, _ = read_all(DATA / "wire.jsonl")
    assert [article.text for article in articles] == expected_texts
    assert articles[0].text.startswith("  Café") and articles[0].text.endswith("cafés.   ")
    assert "\u2028" in articles[1].text and articles[1].text.endswith("\t\n")


def test_jsonl_fields_ids_and_dates() -> None:
    zurich, mumbai, undated = read_all(DATA / "wire.jsonl")[0]
    assert zurich.id == "wire-0001"
    assert (zurich.title, zurich.outlet, zurich.published) == (
        "Zürich café prices climb",
        "Alpine Wire",
        date(2024, 3, 5),
    )
    assert zurich.url == "https://alpinewire.example/zurich-cafe"
    assert mumbai.id == article_id(mumbai.text)
    assert mumbai.published == date(2024, 6, 4)
    assert undated.title == "Undated note" and undated.published is None


def test_malformed_jsonl_lines_are_reported_by_line_and_the_rest_is_read() -> None:
    articles, problems = read_all(DATA / "wire.jsonl")
    assert len(articles) == 3  # line 7 repeats line 1 and is yielded once
    source = DATA / "wire.jsonl"
    assert [problem.source for problem in problems] == [f"{source}:4", f"{source}:5"]
    assert problems[0].reason.startswith("invalid JSON")
    assert problems[1].reason == 'the record has no "text" string'


def test_json_file_with_a_list_or_a_single_record() -> None:
    articles, [problem] = read_all(DATA / "records.json", DATA / "single.json")
    assert [article.title for article in articles] == ["Ferry strike called off", "Single record"]
    assert articles[0].published == date(2024, 5, 20)
    assert str(problem) == f"{DATA / 'records.json'}: record 2: expected a JSON object, found str"


def test_invalid_json_file_is_one_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "unfinished"', encoding="utf-8")
    articles, [problem] = read_all(bad)
    assert articles == [] and problem.reason.startswith("invalid JSON")


# --- feeds -------------------------------------------------------------------------------------


def test_rss_entries_use_content_else_summary_with_html_stripped() -> None:
    articles, [problem] = read_all(DATA / "river-news.rss")
    flood, school = articles
    assert flood.title == "Flood barrier holds as river peaks"
    assert flood.text == (
        "The new flood barrier held overnight as the river reached 4.2 metres, its highest level"
        ' since 2007.\n"The barrier did exactly what it was built to do," said the county\'s'
        " flood officer, Anna Kowalski."
    )
    assert (flood.published, flood.outlet) == (date(2024, 1, 9), "River Valley Gazette")
    assert flood.url == "https://gazette.example/2024/01/09/flood-barrier"
    assert school.text.endswith("the council said.\nPupils return on Wednesday.")
    assert (
        str(problem) == f"{DATA / 'river-news.rss'}: entry 3: the entry has no content or summary"
    )


def test_atom_entries_with_published_else_updated_dates() -> None:
    [telescope, bees], problems = read_all(DATA / "science-desk.atom")
    assert problems == []
    assert telescope.outlet == bees.outlet == "Science Desk"
    assert telescope.published == date(2024, 2, 1)
    assert telescope.text.endswith("said more observations were needed.")
    assert bees.published == date(2024, 1, 30)
    assert (
        bees.text == "Counts of wild bees in upland meadows rose for a third year, a survey found."
    )


def test_malformed_feed_is_a_problem() -> None:
    articles, [problem] = read_all(DATA / "broken-feed.rss")
    assert articles == []
    assert problem.reason.startswith("malformed feed: not well-formed")


def test_xml_that_is_no_feed_is_a_problem(tmp_path: Path) -> None:
    other = tmp_path / "catalogue.xml"
    other.write_text("<catalogue><book>Dune</book></catalogue>", encoding="utf-8")
    articles, [problem] = read_all(other)
    assert articles == [] and problem.reason == "not an RSS or Atom feed"


# --- WARC --------------------------------------------------------------------------------------


def write_response(
    writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),  # a known length spares warcio an unclosed temporary buffer
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2023-05-02T10:00:00Z"},
    )
    writer.write_record(record)


def build_warc(path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        html = "text/html; charset=utf-8"
        bridge = (DATA / "harbour-bridge.html").read_bytes()
        market = (DATA / "unclosed-tags.html").read_bytes()
        write_response(writer, "https://herald.example/bridge", bridge, html)
        write_response(writer, "https://council.example/news/market-hall", market, html)
        write_response(writer, "https://council.example/logo.png", b"\x89PNG\r\n", "image/png")
        write_response(writer, "https://council.example/gone", market, html, "404 Not Found")


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    build_warc(archive)
    [bridge, market], problems = read_all(archive)
    assert problems == []
    assert bridge.url == "https://herald.example/bridge"
    assert bridge.published == date(2023, 3, 14)  # the page's own date
    assert bridge.outlet == "The Coastal Herald"
    assert market.url == "https://council.example/news/market-hall"
    assert market.published == date(2023, 5, 2)  # no date in the page: the WARC-Date
    assert market.outlet == "council.example"
    assert bridge.source_path == market.source_path == str(archive)


def test_warc_without_pages_or_not_a_warc_is_a_problem(tmp_path: Path) -> None:
    no_pages = tmp_path / "images.warc"
    with no_pages.open("wb") as stream:
        write_response(
            WARCWriter(stream, gzip=False), "https://x.example/a.png", b"PNG", "image/png"
        )
    garbage = tmp_path / "page-saved-as.warc"
    garbage.write_bytes((DATA / "harbour-bridge.html").read_bytes())
    articles, problems = read_all(no_pages, garbage)
    assert articles == []
    assert problems[0].reason == "the archive holds no HTML page responses"
    assert problems[1].source == str(garbage)
    assert problems[1].reason.startswith("not a readable WARC archive")


def test_feed_entry_with_an_unreadable_date_is_undated(tmp_path: Path) -> None:
    feed = (DATA / "river-news.rss").read_text(encoding="utf-8")
    feed = feed.replace("Tue, 09 Jan 2024 18:45:00 GMT", "sometime last winter")
    (tmp_path / "odd-date.rss").write_text(feed, encoding="utf-8")
    flood = read_all(tmp_path / "odd-date.rss")[0][0]
    assert flood.title == "Flood barrier holds as river peaks" and flood.published is None


def test_feed_with_an_invalid_character_reference_is_a_problem(tmp_path: Path) -> None:
    feed = (DATA / "river-news.rss").read_text(encoding="utf-8")
    (tmp_path / "surrogate.rss").write_text(feed.replace("Mon, 08", "&#xD800;Mon, 08"), "utf-8")
    articles, [problem] = read_all(tmp_path / "surrogate.rss")
    assert articles == [] and problem.reason.startswith("malformed feed")


def test_jsonl_text_with_an_unpaired_surrogate_escape_is_a_problem(tmp_path: Path) -> None:
    records = tmp_path / "surrogate.jsonl"
    records.write_text('{"text": "bad \\ud800 escape"}\n{"text": "good line"}\n', "utf-8")
    [article], [problem] = read_all(records)
    assert article.text == "good line"
    assert str(problem) == f'{records}:1: the record\'s "text" has an unpaired surrogate escape'
