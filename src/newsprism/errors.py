"""The project's exceptions; each names the input or thing at fault in its message."""

from __future__ import annotations


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
