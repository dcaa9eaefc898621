"""Find quoted passages by scanning quotation marks, paragraph by paragraph.

Written by hand: spaCy tokenises quotation marks but does not pair them. Rules:
- double marks (straight ``"``, curly “ ”, guillemets « », and two apostrophes ``''`` as
  some newspapers' archives print them) make quotes; curly single marks
  ‘ ’ make a quote only outside double marks (British style), and ’ followed by a letter is an
  apostrophe (Syria’s), not a closing mark; marks nested inside a quote are left in its text;
- a quote never crosses a paragraph break: English opens every paragraph of a long quote
  again, so each paragraph's part is its own passage and the speaker is carried over later;
- a mark left open runs to the end of its paragraph (`closed=False`) instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENING_DOUBLE = frozenset("“«„")
CLOSING_DOUBLE = frozenset("”»")
PARAGRAPH = re.compile(r"[^\n]+")
TWO_APOSTROPHES = "''"


@dataclass(frozen=True)
class QuotedPassage:
    """Characters `start:end` of a text, quotation marks included."""

    start: int
    end: int
    closed: bool = True

    def inner(self, text: str) -> tuple[int, int]:
        """Offsets of the passage without its quotation marks and surrounding blanks."""
        width = 2 if text.startswith(TWO_APOSTROPHES, self.start) else 1
        start = self.start + width
        end = self.end - width if self.closed else self.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def find_quoted_passages(text: str) -> list[QuotedPassage]:
    """Every top-level quoted passage of `text`, in text order."""
    passages: list[QuotedPassage] = []
    for paragraph in PARAGRAPH.finditer(text):
        passages.extend(_passages_in_paragraph(text, paragraph.start(), paragraph.end()))
    return passages


def _passages_in_paragraph(text: str, start: int, end: int) -> Iterator[QuotedPassage]:
    opened_at: int | None = None
    closer = ""
    for i in range(start, end):
        char = text[i]
        if opened_at is None:
            closer = _closer_for_opening(text, i, start, end)
            if closer:
                opened_at = i
        elif i > opened_at + len(closer) - 1 and _closes(text, i, end, closer):
            yield QuotedPassage(opened_at, i + len(closer))
            opened_at = None
        elif char in OPENING_DOUBLE and closer == "’":
            opened_at = None  # a double quote inside a 'single' one: the single was an apostrophe
            closer = _closer_for_opening(text, i, start, end)
            if closer:
                opened_at = i
    if opened_at is not None:
        stripped_end = end
        while stripped_end > opened_at + 1 and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end - opened_at > 1:
            yield QuotedPassage(opened_at, stripped_end, closed=False)


def _closer_for_opening(text: str, i: int, start: int, end: int) -> str:
    """The mark that closes a quote opened at `i`, or "" when `text[i]` opens none."""
    char = text[i]
    if char == '"':
        return '"'
    if text.startswith(TWO_APOSTROPHES, i) and (i == start or text[i - 1] != "'"):
        return TWO_APOSTROPHES
    if char in OPENING_DOUBLE:
        return "»" if char == "«" else "”"
    if char == "‘":
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if not before.isalnum() and after.strip():
            return "’"
    return ""


def _closes(text: str, i: int, end: int, closer: str) -> bool:
    if not text.startswith(closer, i, end):
        return False
    if closer == "’":
        after = text[i + 1] if i + 1 < end else " "
        return not after.isalpha()
    return True
