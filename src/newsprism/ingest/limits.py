"""The limits every input is held to (`settings.InputLimits`), checked before the work they
bound, and the safe one-line names of inputs.

Hand-written: the JSON nesting check (the standard library's parser recurses, and no small
library checks depth without parsing) and the capped multi-member gunzip (zlib's `max_length`
does the bounding; `gzip.decompress` has no cap).
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from newsprism.errors import UnreadableInput
from newsprism.ingest.fields import article_id
from newsprism.model import Article, InputProblem
from newsprism.settings import InputLimits

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_GZIP_WINDOW = 16 + zlib.MAX_WBITS


def display_name(path: str | Path) -> str:
    """The path as printable text: bytes that are not UTF-8 shown as \\x.. escapes (a file
    name with invalid UTF-8 cannot be printed, stored or put in JSON as it is)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def json_too_deep(text: str, limit: int) -> bool:
    """True when arrays and objects in `text` nest deeper than `limit` (strings ignored)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(_DEPTH_STEP[c] for c in brackets), default=0) > limit


def gunzip_capped(source: str, data: bytes, cap: int) -> tuple[bytes, bool]:
    """The bytes of a (multi-member) gzip stream, and whether it is truncated (its last
    member cut short: what that member held is dropped when members before it were whole,
    as a per-record WARC.gz's are, else kept); UnreadableInput once they pass `cap`."""
    out = bytearray()
    rest = data
    while rest:
        whole = len(out)
        inflate = zlib.decompressobj(_GZIP_WINDOW)
        try:
            out += inflate.decompress(rest, cap + 1 - len(out))
            while inflate.unconsumed_tail and len(out) <= cap:
                out += inflate.decompress(inflate.unconsumed_tail, cap + 1 - len(out))
        except zlib.error as error:
            if not out:
                raise UnreadableInput(source, f"not a readable gzip stream ({error})") from error
            break  # trailing garbage after complete members
        if len(out) > cap:
            raise UnreadableInput(
                source, f"expands to more than {cap:,} bytes (limit unpacked_bytes)"
            )
        if not inflate.eof:
            return bytes(out[:whole] if whole else out), True
        rest = inflate.unused_data
    return bytes(out), False


def within_limits(article: Article, limits: InputLimits) -> tuple[Article, list[InputProblem]]:
    """The article with its text and fields cut to `limits`, and a kept-problem per cut.

    A text is cut after its last paragraph break (else line break, else space) before the
    limit; an id that was the hash of the full text becomes the hash of the cut text.
    """
    where = article.source_path or article.id
    notes: list[InputProblem] = []
    changes: dict[str, Any] = {}
    if len(article.text) > limits.article_chars:
        text = cut_text(article.text, limits.article_chars)
        notes.append(
            InputProblem(
                where,
                f"article of {len(article.text):,} characters cut to its first {len(text):,}"
                " (limit article_chars)",
                kept=True,
            )
        )
        changes["text"] = text
        if article.id == article_id(article.text):
            changes["id"] = article_id(text)
    for name in ("id", "title", "outlet", "url"):
        value = changes.get(name, getattr(article, name))
        if value is not None and len(value) > limits.field_chars:
            changes[name] = value[: limits.field_chars]
            notes.append(
                InputProblem(
                    where,
                    f"{name} of {len(value):,} characters cut to {limits.field_chars:,}"
                    " (limit field_chars)",
                    kept=True,
                )
            )
    return (replace(article, **changes) if changes else article), notes


def cut_text(text: str, limit: int) -> str:
    """The start of `text` up to `limit` characters, ending at a paragraph, line or word end
    when one falls in the last tenth."""
    window = text[:limit]
    for mark in ("\n\n", "\n", " "):
        at = window.rfind(mark, limit - limit // 10)
        if at > 0:
            return window[:at].rstrip()
    return window
