"""Alerts delivered: a webhook that fails before it accepts, an e-mail digest to a local SMTP
server; and a pass killed after polling whose work the next pass finishes."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from newsroom import Newsroom, example_story

from newsprism.model import Alert, Span
from newsprism.settings import Settings
from newsprism.store import open_store
from newsprism.watch import WatchSettings, run_pass
from newsprism.watch.deliver import deliver, post_alert
from newsprism.watch.run import WatchPass

ALERT = Alert(
    id="a-0123456789abcdef",
    kind="conflict",
    story_id="s-1",
    created="2026-12-07T03:40:00.000000Z",
    title="Conflict (date): taken in 2015-03 according to one statement, 2015-05 to the other",
    text="A conflict between AFP and The Guardian.",
    evidence=(Span("a1", 0, 25, "Palmyra fell in May 2015."),),
    article_ids=("a1", "a2"),
)


class Hook(BaseHTTPRequestHandler):
    statuses: list[int] = []
    received: list[dict] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = self.statuses.pop(0) if self.statuses else 200
        if status == 200:
            self.received.append(json.loads(body))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def hook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Hook.statuses, Hook.received = [], []
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_the_webhook_gets_the_alert_json_after_retrying(hook):
    Hook.statuses = [503, 500]
    settings = WatchSettings(webhook=hook)
    assert post_alert(ALERT, settings, backoff=0) == 200
    (sent,) = Hook.received
    assert sent["id"] == ALERT.id and sent["kind"] == "conflict"
    assert sent["articles"] == ["a1", "a2"]
    span = {"article": "a1", "start": 0, "end": 25, "text": ALERT.evidence[0].text}
    assert sent["evidence"] == [span]


def test_a_webhook_that_keeps_failing_costs_one_line(hook):
    Hook.statuses = [500] * 10
    said: list[str] = []
    deliver([ALERT], WatchSettings(webhook=hook, webhook_attempts=2), said.append)
    assert len(said) == 1 and ALERT.id in said[0] and Hook.received == []


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_email_digest_goes_to_the_smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings = WatchSettings(
            smtp_host="127.0.0.1", smtp_port=controller.port, mail_to=("desk@example.org",)
        )
        deliver([ALERT], settings, print)
    finally:
        controller.stop()
    (raw,) = inbox.messages
    message = message_from_bytes(raw)
    assert message["To"] == "desk@example.org" and "1 new alert" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert ALERT.title in body and "Palmyra fell in May 2015." in body


def test_a_pass_killed_after_polling_is_finished_by_the_next(tmp_path):
    settings = WatchSettings(allow_private=True, host_delay=0, min_interval=0)
    with Newsroom(["AFP"]) as room, open_store(str(tmp_path / "news.db")) as store:
        (afp,) = room.outlets
        afp.publish(example_story("000_02cc217ee7d2ff1b.txt", "2016-12-12"))
        stop = threading.Event()

        def kill_after_polling(stage: str, done: int, total: int) -> None:
            if stage == "sources" and done == total:
                stop.set()

        killed = WatchPass(store, Settings(), settings, kill_after_polling, stop=stop)
        first = killed.run([afp.feed_url])
        assert first.new_pages == 1 and first.fetched_pages == 0 and first.alerts == []
        second = run_pass([afp.feed_url], store, Settings(), settings)
        assert [a.kind for a in second.alerts] == ["new_story"]
        assert afp.requests("/feed.xml") == [("/feed.xml", 200), ("/feed.xml", 304)]
        assert afp.requests("/articles/000.html") == [("/articles/000.html", 200)]
        third = run_pass([afp.feed_url], store, Settings(), settings)
        assert third.alerts == [] and third.articles == 0
