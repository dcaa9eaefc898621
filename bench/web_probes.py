"""The web server's edges, probed over real HTTP: status and time of hostile requests.

    python bench/web_probes.py

`probe_web()` stores, in a temporary SQLite file, one ordinary article, one reading "&a"
20,000 times (FTS5's snippet() took 12-25 s over it for `a OR a`) and a story whose id holds
"/" (`s-x/y`); starts `newsprism serve`'s app on a real threaded server on 127.0.0.1 (and one
on 127.0.0.2); sends the requests of issue 20 and returns (probe, status, seconds) rows.
Expected: searches 200, the story 200, the bodiless POSTs 403/413 at once, the Host names 200.
"""

from __future__ import annotations

import html
import re
import socket
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from newsprism.model import Analysis, Article, Story
from newsprism.present.web.app import MAX_UPLOAD_BYTES, create_app, trusted_hosts_for
from newsprism.settings import Settings
from newsprism.store import open_store

ANSWER_TIMEOUT_SECONDS = 120  # a probe still waiting then is reported with status 0


def probe_web(folder: Path | None = None) -> list[tuple[str, int, float]]:
    """(probe, HTTP status, seconds) of each hostile request against a fresh store."""
    with tempfile.TemporaryDirectory(prefix="newsprism-web-probes-") as scratch:
        db = str(Path(folder or scratch) / "probes.db")
        fill_store(db)
        rows = []
        with serving(db, "127.0.0.1") as port:
            for name, request in requests_for(port).items():
                rows.append((name, *timed(request)))
        with serving(db, "127.0.0.2") as port:
            own = f"127.0.0.2:{port}"
            rows.append((f"serve --host 127.0.0.2, Host: {own}", *timed(get(port, "/", own))))
        return rows


def fill_store(db: str) -> None:
    with open_store(db) as store:
        ordinary = Article("town", "A town", "Palmyra was retaken by the army on Thursday.")
        store.add_articles([ordinary, Article("amp", "Ampersands", "&a" * 20_000)])
        story = Story("s-x/y", "A story whose id holds a slash", ("town",))
        store.save_analysis(Analysis(articles=(), stories=(story,)))


def requests_for(port: int) -> dict[str, Callable[[], int]]:
    def search(query: str) -> Callable[[], int]:
        return get(port, "/search?" + urllib.parse.urlencode({"q": query}))

    def story_linked_from_home() -> int:
        page = raw_body(port, "/")
        link = html.unescape(re.search(r'href="(/story/[^"]+)"', page).group(1))
        return get(port, link)()

    def token() -> str:
        form = re.search(r'<form action="([^"]+)" method="post"', raw_body(port, "/add"))
        return html.unescape(form.group(1))

    huge = MAX_UPLOAD_BYTES * 4
    return {
        "search NUL": search("\x00"),
        "search of 25,000 characters": search("Palmyra " + "x" * 25_000),
        "search of 12,500 words": search("a " * 12_500),
        "search 'a OR a' over '&a' x 20,000": search("a OR a"),
        "story 's-x/y' linked from home": story_linked_from_home,
        f"POST /add, no token, {huge >> 30} GB announced": post(port, "/add", huge),
        f"POST /add, token, {huge >> 30} GB announced": lambda: post(port, token(), huge)(),
        "Host: LOCALHOST": get(port, "/", "LOCALHOST"),
        "Host: [::1]": get(port, "/", f"[::1]:{port}"),
        "Host: attacker.example": get(port, "/", "attacker.example"),
    }


def get(port: int, path: str, host: str | None = None) -> Callable[[], int]:
    head = f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\nConnection: close"
    return lambda: status(port, head, "127.0.0.2" if host and "127.0.0.2" in host else None)


def post(port: int, path: str, size: int) -> Callable[[], int]:
    """A POST announcing `size` bytes of multipart body and sending none of it."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {size}"
    )
    return lambda: status(port, head)


def status(port: int, head: str, address: str | None = None) -> int:
    with socket.create_connection((address or "127.0.0.1", port), ANSWER_TIMEOUT_SECONDS) as s:
        s.sendall(head.encode("utf-8") + b"\r\n\r\n")
        try:
            return int(s.recv(4096).split(b" ", 2)[1])
        except (TimeoutError, IndexError, ValueError):
            return 0


def raw_body(port: int, path: str) -> str:
    with socket.create_connection(("127.0.0.1", port), ANSWER_TIMEOUT_SECONDS) as s:
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        chunks = iter(lambda: s.recv(65536), b"")
        return b"".join(chunks).decode("utf-8", "replace")


def timed(request: Callable[[], int]) -> tuple[int, float]:
    start = time.perf_counter()
    code = request()
    return code, round(time.perf_counter() - start, 3)


@contextmanager
def serving(db: str, host: str) -> Iterator[int]:
    app = create_app(Settings(db=db), trusted_hosts=trusted_hosts_for(host))
    server = make_server(host, 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.port
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    rows = probe_web()
    width = max(len(name) for name, _, _ in rows)
    print(f"{'probe':<{width}}  status  seconds")
    for name, code, seconds in rows:
        print(f"{name:<{width}}  {code:>6}  {seconds:>7.3f}")


if __name__ == "__main__":
    main()
