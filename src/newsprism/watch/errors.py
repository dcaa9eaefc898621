"""Why one request of `newsprism watch` failed, in one line for the source's state."""

from __future__ import annotations

from newsprism.errors import NewsprismError, clip


class FetchError(NewsprismError):
    """A request that failed or was refused. `status` is the HTTP status if one came back;
    `retry_after` the seconds a 429 or 503 asked us to wait."""

    def __init__(
        self, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(clip(reason))
        self.reason = clip(reason)
        self.status = status
        self.retry_after = retry_after


class Disallowed(FetchError):
    """robots.txt disallows the URL for our user agent."""
