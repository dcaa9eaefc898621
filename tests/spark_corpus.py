"""A small news crawl for the Spark job's tests: HTML pages of four stories in a WARC, written
with warcio as a crawler writes them, and a damaged copy of it."""

from __future__ import annotations

import html
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"

STORIES = [
    (
        "https://wire.example/italy-quake",
        "Powerful earthquake kills dozens in central Italy",
        "2016-08-24",
        """A powerful earthquake struck central Italy early on Wednesday, flattening houses in
the mountain town of Amatrice and killing at least 38 people, officials said. The magnitude
6.2 quake hit at 3:36 a.m. near Norcia, the Italian civil protection agency said. Rescue
workers dug through the rubble of collapsed buildings in Amatrice and nearby Accumoli,
searching for survivors trapped under the debris. "Half the town is gone," the mayor of
Amatrice, Sergio Pirozzi, told state radio.""",
    ),
    (
        "https://paper.example/world/amatrice-rescue",
        "Rescuers search rubble of Amatrice after quake",
        "2016-08-24",
        """Rescuers in central Italy searched through rubble on Wednesday for people trapped
after an earthquake of magnitude 6.2 devastated Amatrice and Accumoli, killing dozens. The
mayor of Amatrice, Sergio Pirozzi, said half of the town had been destroyed by the quake,
which struck near Norcia before dawn. Italy's civil protection agency said the death toll was
rising to 73 as emergency teams reached collapsed houses in the mountain villages.""",
    ),
    (
        "https://radio.example/amatrice-toll",
        "Italy quake toll rises as Amatrice mourns",
        "2016-08-25",
        """The death toll from the earthquake in central Italy rose on Thursday as rescuers
kept searching the rubble of Amatrice, Accumoli and nearby villages. The civil protection
agency said the magnitude 6.2 quake had killed at least 120 people. Amatrice mayor Sergio
Pirozzi said the town needed tents and water for survivors who spent the night outdoors,
while aftershocks shook the mountain villages near Norcia.""",
    ),
    (
        "https://news.example/iceland-vote",
        "Iceland votes as Pirate Party eyes power",
        "2016-10-29",
        """Voters in Iceland went to the polls on Saturday in a parliamentary election in
which the Pirate Party hoped to become the largest party. Opinion polls gave the Pirates and
the Independence Party about a fifth of the vote each. "We are ready to govern," Pirate Party
leader Birgitta Jonsdottir told reporters in Reykjavik, where turnout was expected to be high
after the Panama Papers scandal forced the former prime minister to resign in the spring.""",
    ),
    (
        "https://daily.example/iceland-results",
        "Independence Party leads Iceland election count",
        "2016-10-30",
        """Iceland's Independence Party won the most seats in Saturday's parliamentary
election, while the Pirate Party came third, results showed on Sunday. Pirate Party leader
Birgitta Jonsdottir said the Pirates had tripled their seats in parliament. The election in
Reykjavik and across Iceland was called early after the Panama Papers scandal forced prime
minister Sigmundur David Gunnlaugsson to resign in the spring.""",
    ),
    (
        "https://coast.example/wye-river-fire",
        "Bushfire destroys 116 homes at Wye River",
        "2015-12-26",
        """A bushfire destroyed 116 homes in the Victorian coastal towns of Wye River and
Separation Creek on Christmas Day, fire authorities said on Saturday. The fire, started by
lightning in the Otway Ranges a week earlier, jumped containment lines in strong winds.
"It is a miracle that no one was killed," Emergency Management Commissioner Craig Lapsley
said. Residents were told they could not return to Wye River until power was restored.""",
    ),
]


def page(title: str, published: str, outlet: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='article:published_time' content='{published}'>"
        f"<meta property='og:site_name' content='{html.escape(outlet)}'>"
        f"</head><body><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        "</body></html>"
    ).encode()


def write_response(writer: WARCWriter, uri: str, body: bytes, captured: str) -> None:
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": f"{captured}T12:00:00Z"},
    )
    writer.write_record(record)


def example_pages() -> list[tuple[str, str, str, str]]:
    """The worked example's two articles as (url, title, date, text), outlet in the url."""
    rows = (EXAMPLE / "metadata.csv").read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        name, title, outlet, published = row.split(",")
        text = (EXAMPLE / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()
        uri = f"https://{outlet.replace(' ', '').lower()}.example/{name}"
        found.append((uri, title, published, text))
    return found


def write_pages(path: Path, pages: list[tuple[str, str, str, str]]) -> Path:
    """A gzipped WARC of (url, title, date, text) pages as HTML responses."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, title, published, text in pages:
            outlet = uri.split("/")[2]
            body = page(title, published, outlet, " ".join(text.split()))
            write_response(writer, uri, body, published)
    return path


def all_pages() -> list[tuple[str, str, str, str]]:
    return [*example_pages(), *STORIES]


def write_crawl(folder: Path) -> tuple[Path, Path]:
    """news.warc.gz with the example's and STORIES' pages, and broken.warc.gz, the same
    archive with bytes of its first compressed record inverted (as a bad disk or transfer
    leaves it)."""
    crawl = write_pages(folder / "news.warc.gz", all_pages())
    broken = folder / "broken.warc.gz"
    data = crawl.read_bytes()
    broken.write_bytes(data[:20] + bytes(255 - b for b in data[20:400]) + data[400:])
    return crawl, broken


def write_days(folder: Path) -> tuple[Path, Path]:
    """The crawl as two days' WARCs: each story's first page (the quake's first two) on day
    one, the rest on day two (which then join day one's stories)."""
    pages = all_pages()
    first = [pages[0], pages[2], pages[3], pages[5]]  # Palmyra, the quake (2), Iceland
    return (
        write_pages(folder / "day1.warc.gz", first),
        write_pages(folder / "day2.warc.gz", [p for p in pages if p not in first]),
    )
