"""Where a database is: a SQLite file path or a database URL, and how to show it safely.

Below every store module (the `Store` chooser in repository.py and the backends both use it):
`url_scheme` tells a URL from a file path, `redact_location` hides a URL's password before it
is shown or logged.
"""

from __future__ import annotations

import re
from pathlib import Path

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_URL_PASSWORD = re.compile(r"(://[^/?#@:]*:)[^/?#@]*@")
_PARAMETER_PASSWORD = re.compile(r"(?i)([?&]password=)[^&#]*")
POSTGRES_SCHEMES = {"postgresql", "postgres"}


def url_scheme(location: str | Path) -> str | None:
    """The scheme of a database URL as written ("postgresql"), or None for a file path."""
    found = _URL_SCHEME.match(str(location))
    return None if found is None else found.group(1)


def is_database_url(location: str | Path) -> bool:
    """True when `location` is a database URL rather than a file path."""
    return url_scheme(location) is not None


def redact_location(location: str | Path) -> str:
    """`location` fit to show or log: a URL's password (in either place) replaced by ***."""
    text = _URL_PASSWORD.sub(r"\1***@", str(location))
    return _PARAMETER_PASSWORD.sub(r"\1***", text)
