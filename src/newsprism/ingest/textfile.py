"""Plain-text articles: the first non-empty line is the title, the rest is the text.

Bytes are decoded as UTF-8 (with or without BOM), else as UTF-16/32 when a BOM says so, else
in the encoding `charset_normalizer` detects. Content with NUL bytes or mostly control
characters is refused as binary (a hand-written check: no library offers just this test).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from charset_normalizer import from_bytes

from newsprism.errors import UnreadableInput
from newsprism.ingest.fields import article_id
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

BINARY_SAMPLE_BYTES = 8192
MAX_CONTROL_SHARE = 0.1
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True when the start of `data` has NUL bytes or mostly non-text control bytes.

    UTF-16 and UTF-32 text (full of NUL bytes) is recognised by its byte-order mark.
    """
    if data.startswith(tuple(bom for bom, _ in _BOM_CODECS)):
        return False
    sample = data[:BINARY_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > len(sample) * MAX_CONTROL_SHARE


def decode_text(source: str, data: bytes) -> str:
    """The text in `data`, or UnreadableInput when it is binary or in no known encoding."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise UnreadableInput(
                    source, f"invalid {codec.upper()} text: {error.reason}"
                ) from error
    if looks_binary(data):
        raise UnreadableInput(source, "looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput(source, "not UTF-8 and no other text encoding fits")
    return str(best)


def split_title_and_body(text: str) -> tuple[str, str]:
    """The first non-empty line and the rest, without its leading blank lines or trailing space."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if not filled:
        return "", ""
    title = lines[filled[0]].strip()
    body_start = filled[1] if len(filled) > 1 else len(lines)
    return title, "\n".join(lines[body_start:]).rstrip()


def read_text_file(
    source: str, data: bytes, limits: InputLimits | None = None
) -> Iterator[Article | InputProblem]:
    """The one article of a `.txt` file."""
    title, body = split_title_and_body(decode_text(source, data))
    if not title:
        raise UnreadableInput(source, "the file has no text")
    if not body:
        raise UnreadableInput(source, "only a title line, no article text after it")
    yield Article(id=article_id(body), title=title, text=body, source_path=source)
