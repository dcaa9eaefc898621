"""One polite, bounded HTTP GET: every hop checked (`safety`), asked of `before_request`
(robots.txt and per-origin delays, see `politeness`), redirects followed at most
`max_redirects` times, timeouts on connect, on each read and on the whole response, the body
capped at `max_bytes` (a longer Content-Length is refused before reading), and binary content
types refused. Uses urllib3 connected to the checked address, with the URL's host in the Host
header and (for https) in SNI and certificate checks."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError

from newsprism.ingest.textfile import looks_binary
from newsprism.watch.config import WatchSettings
from newsprism.watch.errors import FetchError
from newsprism.watch.safety import SCHEMES, resolve, split_web_url

REDIRECTS = {301, 302, 303, 307, 308}
TEXT_TYPES = ("text/", "application/xml", "application/xhtml", "application/json")
CHUNK = 64 * 1024
BINARY_TYPES = ("image/", "audio/", "video/", "font/", "model/")
BINARY_APPLICATIONS = {
    "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
    "application/x-tar", "application/x-7z-compressed", "application/vnd.rar",
    "application/x-msdownload", "application/wasm", "application/java-archive",
}  # fmt: skip


@dataclass(frozen=True)
class Response:
    url: str  # the URL that answered (after redirects)
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


BeforeRequest = Callable[[str], None]


def fetch(
    url: str,
    settings: WatchSettings,
    headers: Mapping[str, str] | None = None,
    before_request: BeforeRequest | None = None,
) -> Response:
    """GET `url` (following redirects); FetchError on any failure or refusal. A 304 and any
    2xx come back; other statuses raise (429/503 with their Retry-After)."""
    sent = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    sent.update(headers or {})
    for _ in range(settings.max_redirects + 1):
        if before_request is not None:
            before_request(url)
        response = _get_once(url, sent, settings)
        location = response.headers.get("location")
        if response.status in REDIRECTS and location:
            url = urljoin(url, location)
            continue
        if response.status == 304 or 200 <= response.status < 300:
            return response
        raise FetchError(
            f"HTTP {response.status}",
            status=response.status,
            retry_after=retry_after_seconds(response.headers.get("retry-after")),
        )
    raise FetchError(f"more than {settings.max_redirects} redirects")


def _get_once(url: str, headers: Mapping[str, str], settings: WatchSettings) -> Response:
    """One GET of `url`, trying each of its checked addresses until one connects."""
    parts = split_web_url(url)
    port = parts.port or SCHEMES[parts.scheme.lower()]
    addresses = resolve(parts.hostname or "", port, settings.allow_private)
    for address in addresses[:-1]:
        try:
            return _get_from(address, url, headers, settings)
        except _Unreachable:
            continue  # ::1 refused, 127.0.0.1 listening: try the next address
    try:
        return _get_from(addresses[-1], url, headers, settings)
    except _Unreachable as error:
        raise FetchError(str(error)) from error


class _Unreachable(Exception):
    """No connection could be made to one address."""


def _get_from(
    address: str, url: str, headers: Mapping[str, str], settings: WatchSettings
) -> Response:
    parts = split_web_url(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    port = parts.port or SCHEMES[scheme]
    shown = f"[{host}]" if ":" in host else host
    host_header = shown if port == SCHEMES[scheme] else f"{shown}:{port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout)
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, timeout=timeout, retries=False, server_hostname=host,
            assert_hostname=host, cert_reqs="CERT_REQUIRED",
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    started = time.monotonic()
    try:
        with pool:
            raw = pool.urlopen(
                "GET", path, headers={**headers, "Host": host_header}, redirect=False,
                retries=False, preload_content=False, decode_content=True,
            )  # fmt: skip
            try:
                found = {k.lower(): v for k, v in raw.headers.items()}
                body = b""
                if raw.status == 200 or (200 < raw.status < 300 and raw.status != 204):
                    kind = found.get("content-type", "")
                    refuse_binary(kind)
                    body = read_capped(raw, found, settings, started)
                    if not is_texty(kind) and looks_binary(body):
                        raise FetchError(f"binary content ({kind or 'no content type'})")
                return Response(url, raw.status, found, body)
            finally:
                raw.release_conn()
    except (NewConnectionError, ConnectTimeoutError) as error:
        raise _Unreachable(describe_http_error(error)) from error
    except HTTPError as error:
        raise FetchError(describe_http_error(error)) from error
    except OSError as error:
        raise FetchError(f"connection failed ({error})") from error


def is_texty(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith(TEXT_TYPES) or kind.endswith(("+xml", "/xml"))


def refuse_binary(content_type: str) -> None:
    """FetchError for a declared media type that cannot be a page or a feed (images, audio,
    video, fonts, PDF, archives); a generic or missing type is judged by the bytes."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind.startswith(BINARY_TYPES) or kind in BINARY_APPLICATIONS:
        raise FetchError(f"not a text or feed content type ({kind})")


def read_capped(
    raw: urllib3.BaseHTTPResponse,
    headers: Mapping[str, str],
    settings: WatchSettings,
    started: float,
) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(f"response of {int(declared):,} bytes is over the {settings.max_bytes:,}")
    chunks, size = [], 0
    for chunk in raw.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(f"response larger than {settings.max_bytes:,} bytes; not read")
        if time.monotonic() - started > settings.total_timeout:
            raise FetchError(f"response took longer than {settings.total_timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def describe_http_error(error: HTTPError) -> str:
    name = type(error).__name__
    if "Timeout" in name:
        return "timed out"
    reason = getattr(error, "reason", None) or error
    return f"{name} ({reason})"


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After in seconds (given as seconds or as an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
