"""A hostile-input corpus for newsprism's ingest, generated into a folder (issue 20).

Nothing here is committed as a binary: `generate_corpus(folder)` writes every input, streaming
the big ones (a .warc.gz that expands to gigabytes is compressed as it is written, so the file
on disk stays a few MB). `Sizes.full()` is the corpus the issue describes (bench/hostile.py);
`Sizes.small()` keeps every input that is about a limit over that limit (an article over
1,000,000 characters, a metadata field over 128 KB, a stream expanding past 50 MB) while
keeping the rest cheap, for the tests.

Every hostile input is described by a `HostileItem`: its name (the file name, or for a name
that is not UTF-8 a readable part of it), its kind, and whether a line on stderr / an
`InputProblem` naming it is expected. Beside them come `GoodArticle`s: short, distinct,
ordinary news texts that must all be stored whatever else the folder holds.

    corpus = generate_corpus(tmp_path / "corpus", Sizes.small(), good_articles=10)
    corpus = generate_corpus(folder, kinds={"json-deep"}, good_articles=1)  # one kind alone
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import socket
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = [
    "KINDS",
    "Corpus",
    "GoodArticle",
    "HostileItem",
    "Sizes",
    "generate_corpus",
    "generate_single",
    "generate_singles",
    "news_text",
    "good_article_id",
]

MIB = 2**20


@dataclass(frozen=True)
class Sizes:
    """How big the size-driven inputs are."""

    deep_levels: tuple[int, ...] = (1_000, 100_000)
    big_digits: int = 5_000
    long_article_chars: int = 5_000_000  # "a 5 MB article" of ordinary sentences
    long_line_chars: int = 10_000_000  # "a 10 MB single line"
    long_word_chars: int = 1_000_000 + 1  # "a 1 M-character word"
    csv_field_bytes: int = 200 * 1024  # over csv's 128 KB field limit
    warc_expanded_bytes: int = 2 * 2**30  # a .warc.gz expanding to ~2 GB
    gzip_nul_bytes: int = 2**30  # 1 GB of NUL bytes gzipped
    flat_list_items: int = 2_000_000  # a .json holding one huge flat list of numbers
    jsonl_records: int = 20_000  # one-word JSONL records
    rss_items: int = 5_000
    html_links: int = 10_000
    paragraphs: int = 3_000
    deep_html_levels: int = 5_000
    attribute_chars: int = 2_000_000  # one HTML attribute value

    @classmethod
    def full(cls) -> Sizes:
        return cls()

    @classmethod
    def small(cls) -> Sizes:
        """Still over every limit an input is about, otherwise cheap."""
        return cls(
            long_article_chars=1_000_000 + 5_000,
            long_line_chars=1_000_000 + 5_000,
            long_word_chars=1_000_000 + 5_000,
            warc_expanded_bytes=48 * MIB,  # the tests lower the unpacked limit below this
            gzip_nul_bytes=48 * MIB,
            flat_list_items=100_000,
            jsonl_records=20,
            rss_items=15,
            html_links=1_000,
            paragraphs=60,
            deep_html_levels=2_000,
            attribute_chars=100_000,
        )


@dataclass(frozen=True)
class HostileItem:
    """One hostile input in the corpus folder."""

    name: str  # what a line about it must contain (its file name, or the readable part)
    kind: str  # the group it belongs to (see KINDS); one kind can be generated alone
    expect_line: bool  # an InputProblem / stderr line naming it is required
    note: str = ""
    accountable: bool = True  # it must give either a stored article or a line naming it
    path: bytes = b""  # where it is, as bytes (names need not be UTF-8)


@dataclass(frozen=True)
class GoodArticle:
    """An ordinary article that must be stored whatever else the run reads."""

    name: str  # the file (or file:line) it is in
    id: str  # the article id newsprism gives it (the content hash of its text)
    title: str
    text: str


@dataclass
class Corpus:
    folder: Path
    items: list[HostileItem] = field(default_factory=list)
    good: list[GoodArticle] = field(default_factory=list)
    secret_lines: tuple[str, ...] = ()  # text from outside the folder that must not be stored
    collision_texts: tuple[str, ...] = ()  # texts sharing an explicit id: all must be stored

    @property
    def good_ids(self) -> list[str]:
        return [article.id for article in self.good]

    def item(self, name: str) -> HostileItem:
        return next(item for item in self.items if item.name == name)


def good_article_id(text: str) -> str:
    """newsprism's article id for a text: the first 16 hex of sha256 (ingest.fields)."""
    try:
        from newsprism.ingest.fields import article_id
    except ImportError:  # the generator also runs without newsprism installed
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return article_id(text)


# -- ordinary news text -----------------------------------------------------------------------

_TOWNS = [
    "Riverton",
    "Ashford",
    "Millbrook",
    "Kingsport",
    "Dunmore",
    "Halewood",
    "Stonebridge",
    "Larkfield",
    "Marston",
    "Oakhaven",
    "Westbury",
    "Calder",
    "Penrith",
    "Elmsworth",
    "Brackley",
    "Fenwick",
    "Glenrock",
    "Harlow",
    "Ivybridge",
    "Juniper Falls",
]
_PEOPLE = [
    ("Maria Lopez", "mayor"),
    ("James Okafor", "police chief"),
    ("Anna Schmidt", "health minister"),
    ("Tom Becker", "fire department spokesman"),
    ("Priya Nair", "school board chair"),
    ("Liam O'Connor", "union leader"),
    ("Sofia Rossi", "port director"),
    ("Chen Wei", "transport secretary"),
    ("Fatima Haddad", "hospital director"),
    ("Olga Petrova", "council member"),
    ("David Mensah", "regional governor"),
]
_EVENTS = [
    ("flooding closed {n} schools", "after two days of heavy rain"),
    ("a fire destroyed {n} warehouses", "near the old railway depot"),
    ("the council approved {n} new bus routes", "after a long public consultation"),
    ("a strike halted {n} ferry crossings", "in a dispute over pay"),
    ("police arrested {n} people", "after clashes outside the stadium"),
    ("a bridge collapse injured {n} workers", "during repairs on the river crossing"),
    ("a storm cut power to {n} homes", "as winds reached 120 km/h"),
    ("the hospital opened {n} new beds", "to ease pressure on its emergency ward"),
    ("a chemical leak forced {n} families from their homes", "at the industrial park"),
    ("a new factory will create {n} jobs", "the company announced"),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
]


def news_text(number: int) -> tuple[str, str]:
    """A short, real-looking and distinct news article: (title, body)."""
    rng = random.Random(number)
    town = _TOWNS[number % len(_TOWNS)]
    person, role = _PEOPLE[(number * 7) % len(_PEOPLE)]
    event, context = _EVENTS[(number * 3) % len(_EVENTS)]
    count = 3 + number * 13 % 97
    day = _DAYS[number % 7]
    month = _MONTHS[number % len(_MONTHS)]
    what = event.format(n=count)
    title = f"{town}: {what[0].upper()}{what[1:]}"
    body = (
        f"In {town} on {day}, {what} {context}, local officials said. "
        f'"We are doing everything we can to help those affected," said {person}, the {role}, '
        f"speaking to reporters outside the town hall. "
        f"Residents had warned about the risk since {month} {2000 + number % 24}, "
        f"according to a petition signed by {rng.randint(200, 9000)} people. "
        f"An inquiry is expected to report within {rng.randint(2, 11)} weeks, and the regional "
        f"government promised {rng.randint(2, 90)} million euros in support. "
        f"Case number {number:05d} was opened by the prosecutor in {town}."
    )
    return title, body


# -- writing helpers --------------------------------------------------------------------------


class _Writer:
    """Writes items into the folder and records them."""

    def __init__(self, folder: Path, sizes: Sizes, corpus: Corpus) -> None:
        self.folder = folder
        self.sizes = sizes
        self.corpus = corpus
        self.bfolder = os.fsencode(folder)

    def path(self, name: str | bytes) -> Path:
        return Path(os.fsdecode(os.path.join(self.bfolder, os.fsencode(name))))

    def add(
        self,
        name: str | bytes,
        kind: str,
        expect_line: bool,
        note: str = "",
        marker: str | None = None,
        accountable: bool = True,
    ) -> Path:
        """Record an item (written by the caller at the returned path)."""
        raw = os.fsencode(name)
        label = marker or os.fsdecode(raw).split("/")[-1]
        self.corpus.items.append(
            HostileItem(
                label, kind, expect_line, note, accountable, os.path.join(self.bfolder, raw)
            )
        )
        path = self.path(raw)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(
        self,
        name: str | bytes,
        kind: str,
        expect_line: bool,
        data: bytes | str,
        note: str = "",
        marker: str | None = None,
    ) -> Path:
        path = self.add(name, kind, expect_line, note, marker)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def good(self, name: str, number: int, subfolder: str = "") -> GoodArticle:
        """Write ordinary article `number` as a .txt file."""
        title, body = news_text(number)
        where = self.folder / subfolder if subfolder else self.folder
        where.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        article = GoodArticle(
            f"{subfolder}/{name}" if subfolder else name, good_article_id(body), title, body
        )
        self.corpus.good.append(article)
        return article

    def good_record(self, number: int, name: str) -> tuple[dict, GoodArticle]:
        """A JSON record of ordinary article `number` (no explicit id) and its GoodArticle."""
        title, body = news_text(number)
        article = GoodArticle(name, good_article_id(body), title, body)
        self.corpus.good.append(article)
        return {"title": title, "text": body, "published": "2021-03-04"}, article


def _sentences(chars: int, seed: int = 0) -> str:
    """Ordinary prose of at least `chars` characters (ordinary sentences, varied)."""
    parts, total, number = [], 0, seed
    while total < chars:
        _, body = news_text(number)
        parts.append(body)
        total += len(body) + 1
        number += 1
    return " ".join(parts)


def _gzip_stream(path: Path, chunks: Iterable[bytes], level: int = 6) -> None:
    """Write `chunks` gzipped into `path` as one member, never holding more than a chunk."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    with open(path, "wb") as handle:
        for chunk in chunks:
            handle.write(compressor.compress(chunk))
        handle.write(compressor.flush())


def _repeat(block: bytes, total: int) -> Iterable[bytes]:
    """`block` repeated until `total` bytes (the last piece cut)."""
    written = 0
    while written < total:
        piece = block[: total - written]
        written += len(piece)
        yield piece


def _warc_record(uri: str, html: bytes, date: str = "2021-03-04T10:00:00Z") -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(html)}\r\n\r\n".encode()
        + html
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{hashlib.md5(uri.encode()).hexdigest()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.split(". "))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{paragraphs}</article></body></html>"
    )


# -- the kinds --------------------------------------------------------------------------------
# Each builder writes one kind of hostile input; a kind can be generated alone (with good
# articles) to see its effect in isolation.


def _json_deep(w: _Writer) -> None:
    for levels in w.sizes.deep_levels:
        w.write(f"deep-{levels}-levels.json", "json-deep", True, "[" * levels + "]" * levels)
        nested = '{"a":' * levels + "1" + "}" * levels
        record, _ = w.good_record(900 + levels % 97, f"deep-{levels}-levels-mixed.jsonl:3")
        lines = [
            "[" * levels + "]" * levels,
            nested,
            json.dumps(record),  # a good record after the deep ones: per-record boundary
        ]
        w.write(f"deep-{levels}-levels-mixed.jsonl", "json-deep", True, "\n".join(lines))
    # a valid text whose extra field is nested deep: read it or report it, never crash
    levels = max(w.sizes.deep_levels)
    _, body = news_text(950)
    w.write(
        "deep-extra-field.json",
        "json-deep",
        False,
        '{"text": ' + json.dumps(body) + ', "extra": ' + "[" * levels + "]" * levels + "}",
    )


def _json_bigint(w: _Writer) -> None:
    digits = "9" * w.sizes.big_digits
    _, body = news_text(960)
    w.write("bigint-text.jsonl", "json-bigint", True, '{"text": ' + digits + "}\n")
    w.write(
        "bigint-published.jsonl",
        "json-bigint",
        False,
        '{"text": ' + json.dumps(body) + ', "published": ' + digits + "}\n",
    )
    _, body = news_text(961)
    w.write(
        "bigint-id.json",
        "json-bigint",
        False,
        '{"id": ' + digits + ', "text": ' + json.dumps(body) + "}",
    )
    w.write("bigint-top-level.json", "json-bigint", True, digits)
    _, body = news_text(962)
    w.write(
        "bigint-published-string.json",
        "json-bigint",
        False,
        json.dumps({"text": body, "published": digits}),
        note="5,000 digits as a published string (dateparser)",
    )


def _json_odd(w: _Writer) -> None:
    w.write("top-level-number.json", "json-odd", True, "42\n")
    w.write("top-level-null.json", "json-odd", True, "null")
    w.write("top-level-string.json", "json-odd", True, '"just a string, not a record"')
    w.write("empty-list.json", "json-odd", True, "[]")
    w.write("empty-object.jsonl", "json-odd", True, "{}\n")
    w.write("huge-float.json", "json-odd", True, '{"text": 1e999999}')
    w.write(
        "flat-list.json",
        "json-odd",
        True,
        "[" + ",".join(str(n) for n in range(w.sizes.flat_list_items)) + "]",
        note="a huge flat list of numbers: one line, not one per element",
    )
    _, body = news_text(970)
    w.write(
        "nul-in-text.jsonl",
        "json-odd",
        False,
        json.dumps({"text": body[:200] + "\u0000" + body[200:]}) + "\n",
    )
    _, body = news_text(971)
    w.write(
        "id-with-slash.jsonl",
        "json-odd",
        False,
        json.dumps({"id": "s-x/y", "text": body}) + "\n",
        note="an explicit id holding '/' (web links)",
    )
    w.write("lone-surrogate.jsonl", "json-odd", True, '{"text": "abc \\ud800 def"}\n')


def _json_records(w: _Writer) -> None:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    lines = (
        json.dumps({"text": f"{words[n % len(words)]}{n}"}) for n in range(w.sizes.jsonl_records)
    )
    w.write("one-word-records.jsonl", "json-many", False, "\n".join(lines) + "\n")


def _id_collision(w: _Writer) -> None:
    """An explicit id equal to a good article's content-hash id, and two records sharing one
    explicit id: every text must be kept."""
    target = w.corpus.good[0]
    _, other = news_text(980)
    _, second = news_text(981)
    _, third = news_text(982)
    lines = [
        json.dumps({"id": target.id, "title": "Collides with a good article", "text": other}),
        json.dumps({"id": "story-1", "text": second}),
        json.dumps({"id": "story-1", "text": third}),
    ]
    w.write(
        "collide-explicit-id.jsonl",
        "id-collision",
        False,
        "\n".join(lines) + "\n",
        note=f"explicit id {target.id} = content id of {target.name}",
    )
    w.corpus.collision_texts = (target.text, other, second, third)


def _long_text(w: _Writer) -> None:
    s = w.sizes
    w.write(
        "long-article.txt",
        "long-text",
        False,
        "A very long article\n\n" + _sentences(s.long_article_chars),
        note=f"{s.long_article_chars:,} characters of prose",
    )
    line = (_sentences(s.long_line_chars, seed=500) + " ") * 1
    w.write(
        "long-single-line.txt",
        "long-text",
        False,
        "One line\n" + line.replace("\n", " ")[: s.long_line_chars],
        note=f"a single line of {s.long_line_chars:,} characters",
    )
    w.write(
        "long-word.txt",
        "long-text",
        False,
        "One word\n" + "a" * s.long_word_chars,
        note=f"one word of {s.long_word_chars:,} characters",
    )
    w.write(
        "long-record.jsonl",
        "long-text",
        False,
        json.dumps({"text": "b" * s.long_word_chars}) + "\n",
        note="a JSONL record over 1,000,000 characters",
    )


def _metadata(w: _Writer) -> None:
    """Bad metadata.csv tables, each in a folder with a good article (which must be stored)."""
    w.good("good-in-bigfield.txt", 990, "meta-bigfield")
    w.write(
        "meta-bigfield/metadata.csv",
        "metadata",
        True,
        "file,title\ngood-in-bigfield.txt," + "x" * w.sizes.csv_field_bytes + "\n",
        marker="meta-bigfield",
        note="a field over csv's 128 KB limit",
    )
    w.good("good-in-bignum.txt", 991, "meta-bignum")
    w.write(
        "meta-bignum/metadata.csv",
        "metadata",
        False,
        "file,published,title\ngood-in-bignum.txt," + "9" * w.sizes.big_digits + ",T\n",
        marker="meta-bignum",
        note="a 5,000-digit published date",
    )
    w.good("good-in-binary.txt", 992, "meta-binary")
    w.write(
        "meta-binary/metadata.csv",
        "metadata",
        True,
        b"file,title\n\x00\x01\x02\xff\xfe" + bytes(range(256)) * 8,
        marker="meta-binary",
    )
    w.good("good-in-nofile.txt", 993, "meta-nofile")
    w.write(
        "meta-nofile/metadata.csv",
        "metadata",
        True,
        "name,title\ngood-in-nofile.txt,Title\n",
        marker="meta-nofile",
    )


def _names(w: _Writer) -> None:
    _, body = news_text(1000)
    w.write(
        b"bad-name-\xff\xfe.txt",
        "names",
        False,
        f"Invalid UTF-8 name\n\n{body}\n",
        marker="bad-name-",
    )
    _, body = news_text(1001)
    w.write(
        b"bad-dir-\xff/inner.txt", "names", False, f"In a bad folder\n\n{body}\n", marker="bad-dir-"
    )
    _, body = news_text(1002)
    w.write(
        "new\nline-name.txt", "names", False, f"Newline in name\n\n{body}\n", marker="line-name.txt"
    )
    _, body = news_text(1003)
    w.write(
        "\x1b[31mred-name.txt", "names", False, f"Escape in name\n\n{body}\n", marker="red-name.txt"
    )


def _links(w: _Writer) -> None:
    """Symlinks out of the folder, to devices, in loops, dangling."""
    for name, target, note in [
        ("passwd-link.txt", "/etc/passwd", "symlink to /etc/passwd"),
        ("passwd-link.json", "/etc/passwd", "symlink to /etc/passwd"),
        ("dev-zero.txt", "/dev/zero", "symlink to an endless device"),
        ("dev-urandom.html", "/dev/urandom", "symlink to an endless device"),
        ("etc-dir", "/etc", "symlink to a folder outside"),
        ("dangling.txt", "does-not-exist.txt", "dangling symlink"),
        ("loop-a.txt", "loop-b.txt", "symlink loop"),
        ("loop-b.txt", "loop-a.txt", "symlink loop"),
    ]:
        path = w.add(name, "symlinks", True, note)
        os.symlink(target, path)
    path = w.add("self-dir", "symlinks", False, "symlink to the folder itself", accountable=False)
    os.symlink(".", path)
    outside_line = next(
        (line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()), ""
    )
    w.corpus.secret_lines = (outside_line,) if outside_line else ()


def _special_files(w: _Writer) -> None:
    path = w.add("fifo.txt", "special", True, "a FIFO (reading it would block)")
    os.mkfifo(path)
    path = w.add("sock.txt", "special", True, "a Unix socket")
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
    except OSError:  # path too long for AF_UNIX, or not allowed here
        w.corpus.items.pop()
    _, body = news_text(1010)
    path = w.write("no-permission.txt", "special", False, f"Locked\n\n{body}\n")
    path.chmod(0)  # readable anyway when the tests run as root


def _hidden_and_unknown(w: _Writer) -> None:
    _, body = news_text(1020)
    w.write(".hidden-article.txt", "hidden", True, f"Hidden\n\n{body}\n")
    _, body = news_text(1021)
    w.write(
        ".cache/inside-hidden-folder.txt",
        "hidden",
        True,
        f"Hidden folder\n\n{body}\n",
        marker=".cache",
    )
    _, body = news_text(1022)
    w.write("no-extension", "unknown-type", True, f"No extension\n\n{body}\n")
    w.write("report.pdf", "unknown-type", True, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    w.write("photo.jpg", "unknown-type", True, b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64))


def _text_files(w: _Writer) -> None:
    rng = random.Random(20)
    w.write("empty.txt", "text-odd", True, b"")
    w.write("whitespace-only.txt", "text-odd", True, " \n\t\n   \n")
    w.write("title-only.txt", "text-odd", True, "Only a title line\n")
    w.write("binary.txt", "text-odd", True, bytes(rng.randrange(256) for _ in range(4096)))
    w.write("png-as.html", "text-odd", True, b"\x89PNG\r\n\x1a\n" + bytes(200))
    title, body = news_text(1030)
    w.write(
        "latin-1.txt",
        "encodings",
        False,
        f"Café à Zürich\n\nLe maire a déclaré: «{body}»\n".encode("latin-1", "replace"),
    )
    title, body = news_text(1031)
    w.write("utf16-no-bom.txt", "encodings", False, f"{title}\n\n{body}\n".encode("utf-16-le"))
    title, body = news_text(1032)
    w.write(
        "utf16-bom-invalid.txt",
        "encodings",
        False,
        b"\xff\xfe" + f"{title}\n\n".encode("utf-16-le") + b"\x00\xd8",
    )
    title, body = news_text(1033)
    w.write(
        "cp1252-in.jsonl",
        "encodings",
        True,
        json.dumps({"text": body + " \u201csmart quotes\u201d"}, ensure_ascii=False).encode(
            "cp1252"
        ),
    )
    title, body = news_text(1034)
    w.write(
        "nul-in-middle.txt",
        "encodings",
        False,
        f"{title}\n\n{body[:100]}".encode() + b"\x00" + body[100:].encode(),
    )


def _html(w: _Writer) -> None:
    s = w.sizes
    _, body = news_text(1040)
    w.write(
        "broken.html",
        "html",
        False,
        f"<html><body><div><p>{body}<table><tr><td><p><b><i>unclosed <a href='",
    )
    links = "".join(
        f'<a href="https://example.com/p/{n}">link {n}</a> ' for n in range(s.html_links)
    )
    w.write(
        "links-no-prose.html",
        "html",
        False,
        f"<html><body>{links}</body></html>",
        note=f"{s.html_links:,} links and no prose",
    )
    paragraphs = "".join(f"<p>{news_text(2000 + n)[1]}</p>" for n in range(s.paragraphs))
    w.write(
        "many-paragraphs.html",
        "html",
        False,
        f"<html><head><title>Long read</title></head><body><article>{paragraphs}"
        "</article></body></html>",
        note=f"{s.paragraphs:,} paragraphs",
    )
    levels = s.deep_html_levels
    _, body = news_text(1041)
    w.write(
        "deep-divs.html",
        "html",
        False,
        "<html><body>" + "<div>" * levels + f"<p>{body}</p>" + "</div>" * levels + "</body></html>",
        note=f"{levels:,} nested divs",
    )
    w.write(
        "huge-attribute.html",
        "html",
        False,
        f'<html><body><p title="{"x" * s.attribute_chars}">{body}</p></body></html>',
    )
    w.write(
        "script-only.html",
        "html",
        True,
        "<html><head><script>" + "var a=1;" * 1000 + "</script></head><body></body></html>",
    )


_RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Feed</title>'
)


def _feeds(w: _Writer) -> None:
    s = w.sizes
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.com/{n}</link>"
        f"<description>{news_text(3000 + n)[1]}</description></item>"
        for n in range(s.rss_items)
    )
    w.write(
        "many-items.rss",
        "feeds",
        False,
        f"{_RSS_HEAD}{items}</channel></rss>",
        note=f"{s.rss_items:,} items",
    )
    w.write("malformed.rss", "feeds", True, _RSS_HEAD + "<item><title>Cut off<desc")
    w.write(
        "malformed.atom",
        "feeds",
        True,
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</entry></feed',
    )
    w.write("not-a-feed.xml", "feeds", True, '<?xml version="1.0"?><root><a>1</a></root>')
    laughs = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    w.write(
        "billion-laughs.xml",
        "feeds",
        False,
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>'
        '<rss version="2.0"><channel><title>Laughs</title><item><title>t</title>'
        "<description>&lol9;</description></item></channel></rss>",
        note="XML entity expansion (billion laughs)",
    )
    big = "y" * 100_000
    w.write(
        "quadratic-blowup.rss",
        "feeds",
        False,
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        '<rss version="2.0"><channel><title>Q</title><item><title>t</title>'
        f"<description>{'&a;' * 5000}</description></item></channel></rss>",
        note="one big entity referenced 5,000 times",
    )
    w.write(
        "xxe.rss",
        "feeds",
        False,
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>XXE</title><item><title>t</title>'
        "<description>Leak: &xxe;</description></item></channel></rss>",
        note="external entity naming /etc/passwd",
    )
    w.write(
        "empty-entries.rss",
        "feeds",
        True,
        _RSS_HEAD + "<item><title>No text</title></item></channel></rss>",
    )


def _warc(w: _Writer) -> None:
    s = w.sizes
    path = w.add("bomb.warc.gz", "warc", True, f"expands to {s.warc_expanded_bytes:,} bytes")
    head = b"<html><head><title>Bomb</title></head><body><p>"
    tail = b"</p></body></html>"
    html_len = s.warc_expanded_bytes
    http_head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {html_len}\r\n\r\n".encode()
    )
    warc_head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        "WARC-Date: 2021-03-04T10:00:00Z\r\nWARC-Target-URI: https://example.com/bomb\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http_head) + html_len}\r\n\r\n"
    ).encode()
    filler = html_len - len(head) - len(tail)
    block = (b"word " * 200 + b" " * (MIB - 1000))[:MIB]
    chunks = [warc_head, http_head, head, *_repeat(block, filler), tail, b"\r\n\r\n"]
    _gzip_stream(path, _chain(chunks))
    path = w.add("gzipped-nul.warc.gz", "warc", True, f"{s.gzip_nul_bytes:,} NUL bytes gzipped")
    _gzip_stream(path, _repeat(bytes(MIB), s.gzip_nul_bytes))
    title, body = news_text(1050)
    record = gzip.compress(
        _warc_record("https://example.com/cut", _html_page(title, body).encode())
    )
    w.write("truncated.warc.gz", "warc", True, record[: len(record) // 2])
    w.write("not-gzip.warc.gz", "warc", True, b"this is not gzip at all\n" * 10)
    w.write("not-warc.warc", "warc", True, "just some text that is no WARC\n" * 10)
    w.write(
        "lying-length.warc",
        "warc",
        True,
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nshort",
    )


def _chain(chunks: list) -> Iterable[bytes]:
    for chunk in chunks:
        if isinstance(chunk, bytes):
            yield chunk
        else:
            yield from chunk


KINDS: dict[str, Callable[[_Writer], None]] = {
    "json-deep": _json_deep,
    "json-bigint": _json_bigint,
    "json-odd": _json_odd,
    "json-many": _json_records,
    "id-collision": _id_collision,
    "long-text": _long_text,
    "metadata": _metadata,
    "names": _names,
    "symlinks": _links,
    "special": _special_files,
    "hidden": _hidden_and_unknown,
    "text-odd": _text_files,
    "html": _html,
    "feeds": _feeds,
    "warc": _warc,
}
"""Every kind of hostile input, by name; `generate_corpus(kinds=...)` picks some."""


def generate_corpus(
    folder: str | os.PathLike,
    sizes: Sizes | None = None,
    good_articles: int = 20,
    kinds: Iterable[str] | None = None,
) -> Corpus:
    """Write the corpus into `folder` (created; should be empty) and describe it.

    `good_articles` ordinary .txt articles go at the top of the folder (more good articles
    sit beside bad metadata tables and inside hostile JSONL files); `kinds` picks which
    hostile kinds to write (default: all of KINDS).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder)
    writer = _Writer(folder, sizes or Sizes.small(), corpus)
    for number in range(good_articles):
        writer.good(f"good-{number:03d}.txt", number)
    chosen = list(KINDS) if kinds is None else list(kinds)
    unknown = set(chosen) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    if "id-collision" in chosen and not corpus.good:
        raise ValueError("id-collision needs at least one good article")
    for kind in chosen:
        KINDS[kind](writer)
    _check_names(corpus)
    return corpus


def generate_singles(
    root: str | os.PathLike,
    kind: str,
    sizes: Sizes | None = None,
    good_articles: int = 1,
    names: Iterable[str] | None = None,
) -> list[Corpus]:
    """One corpus per input of `kind` (or those of `names`): `good_articles` good articles and
    that input alone, each in ROOT/<number>/corpus. The kind is written once (its big inputs
    are costly) and each input moved to its own folder with the top-level entry holding it (a
    folder named in invalid UTF-8 stays so) and the file a relative symlink names (a loop
    stays a loop)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="hostile-", dir=root))
    wanted = None if names is None else set(names)
    made = []
    try:
        pool = generate_corpus(scratch, sizes, good_articles=1, kinds=[kind])
        bscratch = os.fsencode(scratch)
        items = [i for i in pool.items if wanted is None or i.name in wanted]
        for number, item in enumerate(items):
            folder = root / f"{len(list(root.iterdir())):03d}-{number}" / "corpus"
            corpus = generate_corpus(folder, sizes, good_articles, kinds=[])
            bfolder = os.fsencode(folder)
            relative = os.path.relpath(item.path, bscratch)
            top = relative.split(b"/")[0]
            moving = [top]
            if os.path.islink(item.path):
                target = os.readlink(item.path)
                if b"/" not in target and target not in (b".", b".."):
                    moving.append(target)  # a loop's other end
            for entry in moving:
                if os.path.lexists(os.path.join(bscratch, entry)):
                    os.rename(os.path.join(bscratch, entry), os.path.join(bfolder, entry))
            corpus.items.append(replace(item, path=os.path.join(bfolder, relative)))
            corpus.secret_lines = pool.secret_lines
            if item.kind == "id-collision":
                corpus.collision_texts = pool.collision_texts
            made.append(corpus)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return made


def generate_single(
    folder: str | os.PathLike,
    name: str,
    kind: str,
    sizes: Sizes | None = None,
    good_articles: int = 1,
) -> Corpus:
    """`good_articles` good articles and the one hostile input `name` (of `kind`) alone, in
    `folder` (which must not exist yet)."""
    folder = Path(folder)
    (corpus,) = generate_singles(
        folder.parent / (folder.name + "-work"), kind, sizes, good_articles, [name]
    )
    corpus.folder.rename(folder)
    moved = os.fsencode(folder)
    old = os.fsencode(corpus.folder)
    corpus.items = [replace(i, path=i.path.replace(old, moved, 1)) for i in corpus.items]
    corpus.folder = folder
    return corpus


def _check_names(corpus: Corpus) -> None:
    """Each item's name picks out that item alone in a line (no name inside another's)."""
    names = [item.name for item in corpus.items]
    for name in names:
        others = [other for other in names if other != name and name in other]
        if others:
            raise AssertionError(f"item name {name!r} is part of {others}")


def is_special(path: bytes) -> bool:
    """True for FIFOs, sockets and devices (not regular files, folders or symlinks)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))


if __name__ == "__main__":  # python tests/hostile_corpus.py FOLDER [--full]
    import sys

    target = Path(sys.argv[1])
    made = generate_corpus(target, Sizes.full() if "--full" in sys.argv else Sizes.small())
    for item in made.items:
        print(f"{item.kind:14} {'line' if item.expect_line else '    '} {item.name}")
    print(f"{len(made.items)} hostile inputs, {len(made.good)} good articles in {target}")
