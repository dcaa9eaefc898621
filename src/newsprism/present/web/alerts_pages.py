"""What the watch found, in the web UI: the "What's new" page (alerts, newest first, each
linking into its story's page) and Atom feeds of alerts (`/alerts.atom`, and one per story at
`/story/<id>/alerts.atom`) that any feed reader can subscribe to. A story can be followed
(`POST /story/<id>/follow`); "What's new" and `/alerts.atom` take `?followed=1` to list only
the followed stories' alerts. Feeds are written by
feedgen (lxml: every text escaped; characters XML cannot hold are dropped first)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Flask, Response, redirect, render_template, request, url_for

from newsprism.model import Alert
from newsprism.present.alerts_export import alerts_to_json
from newsprism.present.web.api import json_error
from newsprism.store import open_store
from newsprism.watch.politeness import iso, parse_iso, utc_now

ATOM = "application/atom+xml"
FEED_ALERTS = 100  # the newest alerts an Atom feed carries
PAGE_ALERTS = 200  # the newest alerts the What's new page lists
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def stored_alerts(db: str, story: str | None = None, followed: bool = False) -> list[Alert]:
    with open_store(db) as store:
        return store.watch_records().alerts(story=story, followed=followed)


def followed_stories(db: str) -> set[str]:
    with open_store(db) as store:
        return store.watch_records().followed()


def alerts_atom(alerts: Sequence[Alert], title: str, self_url: str, page_url: str) -> bytes:
    """An Atom feed of `alerts` (oldest first in, newest first out)."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(xml_text(title))
    feed.link(href=self_url, rel="self")
    feed.link(href=page_url, rel="alternate")
    feed.generator("newsprism")
    newest = list(reversed(alerts))[:FEED_ALERTS]
    feed.updated(parse_iso(newest[0].created) if newest else parse_iso("2000-01-01T00:00:00Z"))
    for alert in reversed(newest):  # feedgen puts each added entry first
        entry = feed.add_entry()
        entry.id(f"urn:newsprism:alert:{alert.id}")
        entry.title(xml_text(f"[{alert.kind}] {alert.title}"))
        entry.updated(parse_iso(alert.created))
        entry.published(parse_iso(alert.created))
        entry.link(href=url_for("story_page", story_id=alert.story_id, _external=True))
        entry.category(term=alert.kind)
        quoted = "\n".join(f"> {span.text}" for span in alert.evidence[:6])
        entry.content(xml_text(f"{alert.text}\n\n{quoted}".strip()), type="text")
    return feed.atom_str(pretty=True)


def register_alert_pages(app: Flask, db: str) -> None:
    app.jinja_env.globals["followed_stories"] = lambda: followed_stories(db)

    @app.get("/alerts.atom")
    def alerts_feed() -> Response:
        followed = bool(request.args.get("followed"))
        page = url_for("whats_new", followed=1 if followed else None, _external=True)
        title = "newsprism: what changed" + (" in the stories you follow" if followed else "")
        body = alerts_atom(stored_alerts(db, followed=followed), title, request.url, page)
        return Response(body, mimetype=ATOM)

    @app.post("/story/<story_id:story_id>/follow")
    def follow_story(story_id: str) -> Any:
        """Follow the story (form field `follow` = 1) or stop following it (0); back to it."""
        following = request.form.get("follow", "1") != "0"
        with open_store(db) as store:
            store.watch_records().follow(story_id, following, iso(utc_now()))
        return redirect(url_for("story_page", story_id=story_id), 303)

    @app.get("/story/<story_id:story_id>/alerts.atom")
    def story_alerts_feed(story_id: str) -> Response:
        alerts = stored_alerts(db, story_id)
        title = f"newsprism: what changed in story {story_id}"
        page = url_for("story_page", story_id=story_id, _external=True)
        return Response(alerts_atom(alerts, title, request.url, page), mimetype=ATOM)

    @app.get("/api/alerts")
    def api_alerts() -> Any:
        since = request.args.get("since") or None
        if since is not None:
            try:
                since = iso(parse_iso(since))
            except ValueError:
                return json_error(400, "`since` is not an ISO date-time.")
        with open_store(db) as store:
            alerts = store.watch_records().alerts(since, request.args.get("story") or None)
        return alerts_to_json(alerts)

    @app.get("/whats-new")
    def whats_new() -> str:
        story = request.args.get("story") or None
        followed = bool(request.args.get("followed"))
        alerts = list(reversed(stored_alerts(db, story, followed)))[:PAGE_ALERTS]
        return render_template("web_alerts.html", alerts=alerts, story=story, followed=followed)
