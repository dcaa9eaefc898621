"""A simulated newsroom on loopback for the watch tests and bench/watch.py: each outlet is its
own HTTP server on 127.0.0.1 (its own origin) with an RSS feed (ETag, Last-Modified, 304 on
a conditional request that matches), article pages (og:site_name, article:published_time),
a robots.txt that disallows /private/, and a log of every request it was asked.
Extra routes (`outlet.routes[path] = handler`) serve hostile answers."""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"
Route = Callable[[BaseHTTPRequestHandler], None]
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Story:
    slug: str
    title: str
    text: str
    published: str  # YYYY-MM-DD


@dataclass
class Outlet:
    name: str
    published: list[Story] = field(default_factory=list)
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    robots: str = ROBOTS
    extra_feed_links: list[str] = field(default_factory=list)
    changed_at: float = field(default_factory=time.time)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed.xml"

    def page_url(self, slug: str) -> str:
        return f"{self.base}/articles/{slug}.html"

    def publish(self, story: Story) -> None:
        self.published.append(story)
        self.changed_at = time.time()

    def requests(self, path: str | None = None) -> list[tuple[str, int]]:
        return [entry for entry in self.log if path is None or entry[0] == path]

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(s.title)}</title><link>{self.page_url(s.slug)}</link>"
            f"<guid>{self.page_url(s.slug)}</guid><pubDate>{rss_date(s.published)}</pubDate>"
            f"<description>{html.escape(s.text[:200])}</description></item>"
            for s in reversed(self.published)
        )
        extra = "".join(
            f"<item><title>extra</title><link>{self.base}{path}</link></item>"
            for path in self.extra_feed_links
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{html.escape(self.name)}</title><link>{self.base}/</link>"
            f"<description>news</description>{items}{extra}</channel></rss>"
        ).encode()

    def page(self, story: Story) -> bytes:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story.text.split("\n") if p)
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(story.title)}</title>"
            f"<meta property='og:site_name' content='{html.escape(self.name)}'>"
            f"<meta property='og:title' content='{html.escape(story.title)}'>"
            f"<meta property='article:published_time' content='{story.published}T09:00:00Z'>"
            "</head><body><header><nav><a href='/'>Home</a></nav></header><article>"
            f"<h1>{html.escape(story.title)}</h1>{paragraphs}</article>"
            "<footer>© the outlet</footer></body></html>"
        ).encode()


def example_story(name: str, day: str) -> Story:
    """An article of the worked example as a story an outlet publishes (slug: its number)."""
    lines = [line for line in (EXAMPLE / name).read_text().splitlines() if line.strip()]
    return Story(name[:3], lines[0], "\n".join(lines[1:]), day)


def rss_date(day: str) -> str:
    return formatdate(time.mktime(time.strptime(day + " 09", "%Y-%m-%d %H")), usegmt=True)


def handler_for(outlet: Outlet) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def reply(self, status: int, body: bytes = b"", kind: str = "text/html", **extra: str):
            outlet.log.append((self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            outlet.headers_seen.append(dict(self.headers.items()))
            route = outlet.routes.get(self.path)
            if route is not None:
                outlet.log.append((self.path, 0))
                route(self)
                return
            if self.path == "/robots.txt":
                self.reply(200, outlet.robots.encode(), "text/plain")
            elif self.path == "/feed.xml":
                body = outlet.feed()
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                modified = formatdate(outlet.changed_at, usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self.reply(304, b"", "application/rss+xml", ETag=etag)
                    return
                self.reply(200, body, "application/rss+xml", ETag=etag, Last_Modified=modified)
            elif self.path.startswith("/articles/"):
                slug = self.path.removeprefix("/articles/").removesuffix(".html")
                story = next((s for s in outlet.published if s.slug == slug), None)
                if story is None:
                    self.reply(404, b"not found")
                else:
                    self.reply(200, outlet.page(story))
            else:
                self.reply(404, b"not found")

    return Handler


class Newsroom:
    """Outlets, each served on its own loopback port until `close()`."""

    def __init__(self, names: list[str]) -> None:
        self.outlets = [Outlet(name) for name in names]
        self.threads = []
        for outlet in self.outlets:
            outlet.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(outlet))
            outlet.server.daemon_threads = True
            thread = threading.Thread(target=outlet.server.serve_forever, daemon=True)
            thread.start()
            self.threads.append(thread)

    def close(self) -> None:
        for outlet in self.outlets:
            assert outlet.server is not None
            outlet.server.shutdown()
            outlet.server.server_close()

    def __enter__(self) -> Newsroom:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
