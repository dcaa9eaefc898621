"""How `newsprism watch` behaves: defaults, then the `[newsprism.watch]` table of the config
file, then the command's flags (`WatchSettings`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from newsprism import __version__


@dataclass(frozen=True)
class WatchSettings:
    contact: str = ""  # an address or URL site owners can reach (sent in the User-Agent)
    host_delay: float = 5.0  # seconds between two requests to one origin (at least)
    min_interval: float = 900.0  # seconds between two polls of one source (at least)
    every_minutes: float = 15.0  # without --once: minutes between passes
    allow_private: bool = False  # fetch from private, loopback and link-local addresses
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # seconds without a byte
    total_timeout: float = 60.0  # seconds for one whole response
    max_bytes: int = 10 * 2**20  # one response body (decoded)
    max_redirects: int = 5
    robots_ttl: float = 86_400.0  # seconds a fetched robots.txt is trusted
    max_backoff: float = 86_400.0  # longest wait after repeated failures
    page_attempts: int = 3  # tries for one article page before it is given up
    webhook: str = ""  # POST each new alert's JSON here
    webhook_attempts: int = 4
    smtp_host: str = ""  # send a digest of a pass's alerts by e-mail through this server
    smtp_port: int = 25
    mail_from: str = ""
    mail_to: tuple[str, ...] = ()

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"newsprism/{__version__} (news watch{contact})"

    def with_overrides(self, **overrides: Any) -> WatchSettings:
        """A copy with the given fields replaced; None values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_watch_settings(path: str | Path | None = None, **overrides: Any) -> WatchSettings:
    """Defaults, then `[newsprism.watch]` of a TOML file if given, then `overrides`."""
    settings = WatchSettings()
    if path is not None:
        with open(path, "rb") as handle:
            table = dict(tomllib.load(handle).get("newsprism", {}).get("watch", {}))
        known = {f.name for f in fields(WatchSettings)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ValueError(f"{path}: unknown watch settings {', '.join(unknown)}")
        if "mail_to" in table:
            value = table["mail_to"]
            table["mail_to"] = (value,) if isinstance(value, str) else tuple(value)
        settings = settings.with_overrides(**table)
    settings = settings.with_overrides(**overrides)
    negative = [f.name for f in fields(settings) if _negative(getattr(settings, f.name))]
    if negative:
        raise ValueError(f"watch settings cannot be negative: {', '.join(negative)}")
    return settings


def _negative(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value < 0
