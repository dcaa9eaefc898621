"""Where `newsprism watch` may connect: http(s) only, and (unless private addresses are
allowed) only to public addresses, checked on the addresses DNS gives back, so a name that
resolves to 127.0.0.1, 10.x, 169.254.x (cloud metadata) or fc00::/7 is refused. The fetcher
connects to the very address checked here, so a second lookup cannot change the answer."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from newsprism.watch.errors import FetchError

SCHEMES = {"http": 80, "https": 443}


def split_web_url(url: str) -> SplitResult:
    """`url` split, if it is an http(s) URL with a host; FetchError otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as error:
        raise FetchError(f"not a valid URL ({error})") from error
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise FetchError("the URL names no host")
    return parts


def origin_of(url: str) -> str:
    """scheme://host:port of `url` (the unit of politeness: delays, robots.txt, back-off)."""
    parts = split_web_url(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{parts.port or SCHEMES[scheme]}"


def is_public(address: str) -> bool:
    """Whether an IP address is a public (globally routed) unicast one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses to try for `host`, in DNS order: every address DNS gives must be public
    unless `allow_private` (one private answer is enough to refuse: DNS rebinding)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host} ({error})") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not allow_private:
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise FetchError(
                f"{host} resolves to a private, loopback or link-local address ({refused[0]}); "
                "refused (--allow-private fetches it)"
            )
    return addresses
