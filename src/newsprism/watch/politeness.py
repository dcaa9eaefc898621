"""Asking nicely: robots.txt (protego, which understands wildcards and Crawl-delay) fetched once
per origin and kept in the store for `robots_ttl`; at least `host_delay` seconds (or the site's
Crawl-delay, if longer) between two requests to one origin; back-off after failures and after
429/503 with Retry-After; polls of one source at least `min_interval` apart."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from protego import Protego

from newsprism.store.watch_records import OriginState, WatchRecords
from newsprism.watch.config import WatchSettings
from newsprism.watch.errors import Disallowed, FetchError
from newsprism.watch.fetch import fetch
from newsprism.watch.safety import origin_of

ROBOTS_AGENT = "newsprism"
BACKOFF_BASE = 60.0  # seconds: the first wait after a second failure in a row, at the least


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with a Z ("2026-12-07T03:40:00.123456Z"): sorts as it reads."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    """An ISO 8601 time; one without a zone is taken as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def next_poll(settings: WatchSettings, failures: int, retry_after: float | None) -> datetime:
    """When a source is next due: `min_interval` after a success; after failures, doubling
    from max(min_interval, BACKOFF_BASE) from the second failure in a row on (capped at
    `max_backoff`); never before a Retry-After."""
    wait = settings.min_interval
    if failures >= 2:
        base = max(settings.min_interval, BACKOFF_BASE)
        wait = min(base * 2 ** min(failures - 2, 16), settings.max_backoff)
    if retry_after is not None:
        wait = max(wait, min(retry_after, settings.max_backoff))
    return utc_now() + timedelta(seconds=wait)


class Politeness:
    """Called before every request (`before_request`): refuses what robots.txt disallows and
    waits out the origin's delay. Remembers, per process, when each origin was last asked."""

    def __init__(
        self,
        settings: WatchSettings,
        records: WatchRecords,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.settings = settings
        self.records = records
        self.sleep = sleep
        self.last_request: dict[str, float] = {}
        self.robots: dict[str, Protego | FetchError] = {}
        self.requests = 0

    def before_request(self, url: str) -> None:
        origin = origin_of(url)
        rules = self.robots_of(origin)
        if not rules.can_fetch(url, ROBOTS_AGENT):
            raise Disallowed(f"robots.txt of {origin} disallows {url}")
        self.wait_turn(origin, rules.crawl_delay(ROBOTS_AGENT))

    def wait_turn(self, origin: str, crawl_delay: float | None = None) -> None:
        """Sleep until this origin may be asked again, then count the request."""
        state = self.records.origin(origin)
        if state.not_before and parse_iso(state.not_before) > utc_now():
            raise FetchError(f"{origin} asked us to wait until {state.not_before}")
        delay = max(self.settings.host_delay, float(crawl_delay or 0))
        last = self.last_request.get(origin)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self.last_request[origin] = time.monotonic()
        self.requests += 1

    def robots_of(self, origin: str) -> Protego:
        """The origin's robots.txt rules: from this process, from the store while fresh, else
        fetched (a 4xx means no rules; an unreachable robots.txt keeps us away this pass)."""
        known = self.robots.get(origin)
        if isinstance(known, FetchError):
            raise FetchError(f"robots.txt unavailable ({known.reason})")
        if known is not None:
            return known
        state = self.records.origin(origin)
        fresh = state.robots_fetched is not None and utc_now() - parse_iso(
            state.robots_fetched
        ) < timedelta(seconds=self.settings.robots_ttl)
        if fresh and state.robots is not None:
            text = state.robots
        else:
            try:
                text = self.fetch_robots(origin)
            except FetchError as error:
                self.robots[origin] = error
                raise FetchError(f"robots.txt unavailable ({error.reason})") from error
            self.records.save_origin(replace(state, robots=text, robots_fetched=iso(utc_now())))
        rules = self.robots[origin] = Protego.parse(text)
        return rules

    def fetch_robots(self, origin: str) -> str:
        try:
            response = fetch(
                f"{origin}/robots.txt",
                self.settings,
                before_request=lambda url: self.wait_turn(origin_of(url)),
            )
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                return ""  # no robots.txt: everything is allowed
            raise
        return response.body.decode("utf-8", errors="replace") if response.status == 200 else ""

    def hold_off(self, url: str, seconds: float) -> None:
        """Keep away from the origin of `url` for `seconds` (a 429 or 503's Retry-After)."""
        origin = origin_of(url)
        state = self.records.origin(origin)
        until = utc_now() + timedelta(seconds=min(seconds, self.settings.max_backoff))
        self.records.save_origin(replace(state, not_before=iso(until)))


__all__ = ["OriginState", "Politeness", "iso", "next_poll", "parse_iso", "utc_now"]
