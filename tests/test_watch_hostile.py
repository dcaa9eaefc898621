"""Hostile sources: each costs one line in its source's state, and the pass goes on."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest
from newsroom import Newsroom

from newsprism.settings import Settings
from newsprism.store import open_store
from newsprism.store.watch_records import SourceState
from newsprism.watch import WatchSettings, run_pass
from newsprism.watch.fetch import retry_after_seconds
from newsprism.watch.politeness import Politeness, parse_iso
from newsprism.watch.safety import is_public, resolve
from newsprism.watch.sources import read_sources

FAST = WatchSettings(
    allow_private=True, host_delay=0, min_interval=0, connect_timeout=1, read_timeout=1,
    total_timeout=5, max_bytes=2**20,
)  # fmt: skip


def send(status: int, body: bytes, kind: str, **headers: str):
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            pass

    return route


def endless(handler: BaseHTTPRequestHandler) -> None:
    """50 MB of HTML without a Content-Length, written until the reader hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    try:
        for _ in range(50 * 16):
            handler.wfile.write(b"<p>" + b"x" * 65530 + b"</p>")
    except OSError:
        pass
    handler.close_connection = True


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>a</title>
<link>http://example.com/a</link><description>&lol3;</description></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>
<link>http://example.com/b</link><description>&xxe;</description></item></channel></rss>"""
HOSTILE = {
    "/html-feed": (send(200, b"<html><body><nav>menu</nav></body></html>", "text/html"),
                   "no article text"),
    "/malformed.xml": (send(200, b"<?xml version='1.0'?><rss><channel><item><title>a</ti",
                            "application/rss+xml"), "malformed feed"),
    "/laughs.xml": (send(200, LAUGHS, "application/rss+xml"), "EntitiesForbidden"),
    "/external.xml": (send(200, EXTERNAL, "application/rss+xml"), "EntitiesForbidden"),
    "/declared-50mb": (send(200, b"", "text/html", length=str(50 * 2**20)), "bytes is over"),
    "/endless": (endless, "larger than"),
    "/binary": (send(200, b"\x89PNG\r\n\x1a\n" + bytes(500), "image/png"), "content type"),
    "/download": (send(200, bytes(range(256)) * 40, "application/octet-stream"), "binary content"),
    "/loop": (send(302, b"", "text/html", Location="/loop"), "more than 5 redirects"),
    "/missing": (send(404, b"gone", "text/html"), "HTTP 404"),
}  # fmt: skip


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "watch.db")) as opened:
        yield opened


def test_each_hostile_source_gets_one_line_and_the_pass_goes_on(store):
    silent = socket.socket()  # a host that never answers: it listens, never accepts
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    with silent, Newsroom(["Hostile", "Fine"]) as room:
        hostile, fine = room.outlets
        for path, (route, _) in HOSTILE.items():
            hostile.routes[path] = route
        never = f"http://127.0.0.1:{silent.getsockname()[1]}/feed.xml"
        sources = [hostile.base + path for path in HOSTILE] + [never, fine.feed_url]
        said: list[str] = []
        report = run_pass(sources, store, Settings(), FAST, say=said.append)
        assert fine.requests("/feed.xml") == [("/feed.xml", 200)]
        states = {s.url: s for s in store.watch_records().sources()}
    for path, (_, reason) in HOSTILE.items():
        state = states[hostile.base + path]
        assert state.failures == 1 and reason in (state.last_error or ""), (path, state)
    assert "timed out" in (states[never].last_error or "")
    assert states[fine.feed_url].failures == 0
    assert len(report.failures) == len(said) == len(HOSTILE) + 1
    assert all("\n" not in line for line in said)
    assert hostile.requests("/loop") == [("/loop", 0)] * 6  # the first and five redirects


def test_a_feed_that_disappears_backs_off(store):
    with Newsroom(["Vanishing"]) as room:
        (outlet,) = room.outlets
        assert run_pass([outlet.feed_url], store, Settings(), FAST).failures == []
        outlet.routes["/feed.xml"] = send(410, b"gone", "text/html")
        for _ in range(3):
            run_pass([outlet.feed_url], store, Settings(), FAST)
        (state,) = store.watch_records().sources()
    # the 2nd and 3rd passes ask again (min_interval 0); the 4th waits: backed off a minute
    assert state.failures == 2 and state.last_status == 410 and state.last_error == "HTTP 410"
    assert outlet.requests("/feed.xml") == [("/feed.xml", 200), ("/feed.xml", 0), ("/feed.xml", 0)]
    assert parse_iso(state.next_due or "").timestamp() > time.time() + 50
    assert state.etag  # the last good response's validators are kept


def test_429_with_retry_after_keeps_the_whole_origin_away(store):
    with Newsroom(["Busy"]) as room:
        (outlet,) = room.outlets
        outlet.routes["/feed.xml"] = send(429, b"slow down", "text/plain", Retry_After="120")
        second = outlet.base + "/other.xml"
        report = run_pass([outlet.feed_url, second], store, Settings(), FAST)
        states = {s.url: s for s in store.watch_records().sources()}
        assert outlet.requests("/other.xml") == []
    assert "HTTP 429" in (states[outlet.feed_url].last_error or "")
    assert parse_iso(states[outlet.feed_url].next_due or "").timestamp() > time.time() + 100
    assert "asked us to wait" in (states[second].last_error or "")
    assert report.statuses[429] == 1


def test_private_addresses_are_refused_unless_allowed(store):
    with Newsroom(["Local"]) as room:
        (outlet,) = room.outlets
        strict = WatchSettings(host_delay=0, min_interval=0)
        report = run_pass([outlet.feed_url], store, Settings(), strict)
        assert outlet.log == []  # not even robots.txt
    assert "private, loopback or link-local" in report.failures[0]
    assert not is_public("169.254.169.254") and not is_public("10.1.2.3")
    assert not is_public("::1") and not is_public("::ffff:192.168.0.1") and not is_public("fd00::1")
    assert is_public("93.184.216.34")
    with pytest.raises(Exception, match="private"):
        resolve("localhost", 80, allow_private=False)


def test_the_host_delay_and_crawl_delay_are_waited_between_requests(store):
    with Newsroom(["Slow"]) as room:
        (outlet,) = room.outlets
        outlet.robots = "User-agent: *\nCrawl-delay: 7\nDisallow: /private/*.html$\n"
        slept: list[float] = []
        settings = WatchSettings(host_delay=2, allow_private=True)
        polite = Politeness(settings, store.watch_records(), slept.append)
        polite.before_request(outlet.feed_url)
        polite.before_request(outlet.page_url("a"))
        with pytest.raises(Exception, match="disallows"):
            polite.before_request(outlet.base + "/private/x.html")
        polite.before_request(outlet.base + "/private/x.htm")  # the wildcard rule ends in .html
    assert len(slept) >= 2 and all(6 < s <= 7 for s in slept[-2:])


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 00:02:00 GMT", now) == 120
    assert retry_after_seconds("soon") is None


def test_the_sources_file_normalises_and_reports_bad_lines(tmp_path):
    plain = tmp_path / "sources.txt"
    plain.write_text(
        "# feeds\nHTTP://Example.com:80/feed.xml?utm_source=x#top\n"
        "http://example.com/feed.xml\nftp://example.com/x\nnot a url\n"
    )
    urls, problems = read_sources(plain)
    assert urls == ["http://example.com/feed.xml"]
    assert len(problems) == 2 and "only http and https" in problems[0]
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
        '<outline type="rss" xmlUrl="https://a.example/rss"/>'
        '<outline htmlUrl="https://b.example/page"/></outline></body></opml>'
    )
    assert read_sources(opml)[0] == ["https://a.example/rss", "https://b.example/page"]


def test_a_source_state_round_trips_on_both_backends(store_location):
    with open_store(store_location) as opened:
        records = opened.watch_records()
        records.add_sources(["http://a.example/feed"])
        state = SourceState(
            "http://a.example/feed", "feed", "A", '"x"', "Mon, 01 Jan 2026 00:00:00 GMT",
            "2026-01-01T00:15:00.000000Z", "2026-01-01T00:00:00.000000Z", 304, 2, "timed out",
        )  # fmt: skip
        records.save_source(state)
        assert records.sources() == [state]
        records.add_sources(["http://a.example/feed"])  # already watched: state kept
        assert records.sources() == [state]


def test_a_page_listed_by_two_feeds_under_two_spellings_is_fetched_once(store):
    with Newsroom(["One", "Two"]) as room:
        one, two = room.outlets
        page = one.base + "/articles/short.html"
        one.routes["/articles/short.html"] = send(200, b"<p>Too short.</p>", "text/html")
        one.extra_feed_links.append("/articles/short.html?utm_source=rss")
        two.extra_feed_links.append("")  # a link-less item is skipped
        two.routes["/feed.xml"] = send(
            200,
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Two</title><item>'
            f"<title>x</title><link>{page.upper().replace('HTTP://', 'http://')}#top</link>"
            "</item></channel></rss>".encode(),
            "application/rss+xml",
        )
        for _ in range(2):
            run_pass([one.feed_url, two.base + "/feed.xml"], store, Settings(), FAST)
        assert one.requests("/articles/short.html") == [("/articles/short.html", 0)]


def test_a_source_is_not_polled_again_before_its_min_interval(store):
    with Newsroom(["Patient"]) as room:
        (outlet,) = room.outlets
        settings = WatchSettings(allow_private=True, host_delay=0, min_interval=900)
        first = run_pass([outlet.feed_url], store, Settings(), settings)
        second = run_pass([outlet.feed_url], store, Settings(), settings)
        assert outlet.requests("/feed.xml") == [("/feed.xml", 200)]
    assert first.due == 1 and second.due == 0 and second.requests == 0


def test_watch_exits_non_zero_only_when_its_inputs_cannot_be_opened(tmp_path, capsys):
    from newsprism.cli import main

    missing = ["watch", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "n.db"), "--once"]
    assert main(missing) == 2
    sources = tmp_path / "sources.txt"
    sources.write_text("http://127.0.0.1:9/feed.xml\n")  # nothing listens on port 9
    bad_db = ["watch", str(sources), "--db", str(tmp_path), "--once"]  # a folder
    assert main(bad_db) == 2
    ran = ["watch", str(sources), "--db", str(tmp_path / "n.db"), "--once", "--allow-private"]
    assert main([*ran, "--host-delay", "0", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "newsprism: failed http://127.0.0.1:9/feed.xml:" in err


def test_watch_without_once_stops_cleanly_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys

    with Newsroom(["Steady"]) as room:
        sources = tmp_path / "sources.txt"
        sources.write_text(room.outlets[0].feed_url + "\n")
        db = str(tmp_path / "n.db")
        command = [sys.executable, "-m", "newsprism.cli", "watch", str(sources), "--db", db,
                   "--allow-private", "--every", "60", "--quiet"]  # fmt: skip
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            line = process.stdout.readline()  # the first pass's summary
            assert line.startswith("newsprism watch: 1 sources due")
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0


def test_a_plain_text_page_is_read_like_a_txt_input():
    from newsroom import EXAMPLE

    from newsprism.watch.pages import page_article

    body = (EXAMPLE / "000_02cc217ee7d2ff1b.txt").read_bytes()
    entry = {"outlet": "AFP", "published": "2016-12-12"}
    article, _ = page_article(
        "http://afp.example/a.txt", body, entry, Settings().limits, "text/plain"
    )
    assert article.title == "Palmyra recapture a boost for IS jihadists"
    assert article.outlet == "AFP" and str(article.published) == "2016-12-12"
    assert article.text.startswith("IS ravaged ancient ruins")


def test_a_feed_served_as_octet_stream_on_localhost_is_read(store):
    with Newsroom(["Sloppy"]) as room:
        (outlet,) = room.outlets
        outlet.routes["/feed.rss"] = send(200, outlet.feed(), "application/octet-stream")
        port = outlet.base.rsplit(":", 1)[1]
        url = f"http://localhost:{port}/feed.rss"  # ::1 may come first: nobody listens there
        report = run_pass([url], store, Settings(), FAST)
        (state,) = store.watch_records().sources()
    assert report.failures == [] and state.kind == "feed" and state.title == "Sloppy"


def test_the_config_file_sets_the_contact_and_the_watch_settings(tmp_path):
    from newsprism.settings import load_settings
    from newsprism.watch import load_watch_settings

    config = tmp_path / "watch.toml"
    config.write_text(
        '[newsprism]\nsummary_words = 80\n[newsprism.watch]\ncontact = "desk@example.org"\n'
        'host_delay = 2\nmail_to = "a@example.org"\n'
    )
    assert load_settings(config).summary_words == 80
    watch = load_watch_settings(config, host_delay=None, min_interval=0)
    assert watch.host_delay == 2 and watch.min_interval == 0 and watch.mail_to == ("a@example.org",)
    assert watch.user_agent.startswith("newsprism/") and "desk@example.org" in watch.user_agent
    config.write_text("[newsprism.watch]\nhost_dealy = 2\n")
    with pytest.raises(ValueError, match="host_dealy"):
        load_watch_settings(config)
    with pytest.raises(ValueError, match="negative"):
        load_watch_settings(None, host_delay=-1)


def test_the_outlet_is_og_site_name_else_the_feed_title():
    from newsroom import Outlet, example_story

    from newsprism.watch.pages import page_article

    story = example_story("000_02cc217ee7d2ff1b.txt", "2016-12-12")
    page = Outlet("Agence France-Presse").page(story)
    bare = page.replace(b"<meta property='og:site_name' content='Agence France-Presse'>", b"")
    url, entry = "http://127.0.0.1:8001/articles/000.html", {"outlet": "AFP feed"}
    limits = Settings().limits
    assert page_article(url, page, entry, limits)[0].outlet == "Agence France-Presse"
    assert page_article(url, bare, entry, limits)[0].outlet == "AFP feed"
    assert page_article(url, bare, {}, limits)[0].outlet == "127.0.0.1:8001"
    undated = page.replace(b"article:published_time", b"article:modified_time")
    dated_entry = {"published": "2016-12-13"}
    assert str(page_article(url, page, dated_entry, limits)[0].published) == "2016-12-12"
    assert str(page_article(url, undated, dated_entry, limits)[0].published) == "2016-12-13"
