"""The project's exceptions; each names the input or thing at fault in its message."""

from __future__ import annotations

REASON_CHARS = 300  # a reason longer than this (an exception quoting its input) is cut


def clip(text: str, limit: int = REASON_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    line = " ".join(text[: limit * 4].split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def failure_reason(error: BaseException, doing: str = "read") -> str:
    """One line for an unexpected error while reading (or annotating, ...) an input."""
    return clip(f"could not be {doing} ({type(error).__name__}: {error})")


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class UnreadableInput(NewsprismError):
    """An input file (or one record of it) that cannot be turned into articles."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelNotInstalled(NewsprismError):
    """The spaCy pipeline package newsprism needs is missing."""


class StoreError(NewsprismError):
    """The database cannot be opened or migrated."""
