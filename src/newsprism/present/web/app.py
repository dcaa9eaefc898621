"""`newsprism serve`: a small local web UI over the store (Flask, served by waitress).

Pages: the stored stories (newest first) with a search box; one story's full report (the HTML
report's own renderer) and its JSON export; a form to add articles (local paths and/or
uploads) analysed in a background job whose progress the page polls. The same data for
programs, as JSON and CSV under `/api/` with errors as JSON, is in `api`.

Safety: article text is hostile, so every page is a Jinja2 template with autoescape and the
report body comes from the report renderer, which escapes everything itself; the store's
queries are parameterised, and searches are cleaned, cut and stopped at a time limit (see
`store.sqlite_search`). Actions are POSTs carrying a per-process CSRF token in their URL, so
it and the body's declared size are checked before any of the body is read; the Host header
must name this server (no DNS rebinding): `localhost` in any case, a loopback address or the
address it listens on; scripts run only with a per-response CSP nonce; there are no static
folders to list, and uploads are saved under sanitised names in a private temporary folder.
Local paths are accepted only when the server listens on a loopback address. Story ids are
any text: in URLs they are one path segment (see `StoryIdConverter`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import BaseConverter, ValidationError
from werkzeug.utils import secure_filename

from newsprism.present.export import analysis_to_json
from newsprism.present.report.html_page import page_shell, report_body
from newsprism.present.report.view import build_report_view
from newsprism.present.web.alerts_pages import register_alert_pages
from newsprism.present.web.api import is_api_path, json_error, register_api
from newsprism.present.web.jobs import JobRunner
from newsprism.present.web.server import wsgi_server
from newsprism.present.web.stored import StoredSnapshot, run_search, story_rows
from newsprism.settings import Settings
from newsprism.store import open_store, redact_location

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_UPLOAD_BYTES = 1 << 30  # the body of one "add articles" POST
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def create_app(
    settings: Settings,
    allow_paths: bool = True,
    trusted_hosts: tuple[str, ...] | None = LOOPBACK_NAMES,
) -> Flask:
    """The web UI over the database `settings.db`; `allow_paths` lets the add form name files
    on this machine; `trusted_hosts` are the names the Host header may give (None: any; names
    compare without case, IPv6 addresses with or without brackets)."""
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES)
    app.url_map.converters["story_id"] = StoryIdConverter
    trusted = None if trusted_hosts is None else {host_name(h) for h in trusted_hosts}
    csrf_token = secrets.token_urlsafe(32)
    snapshot = StoredSnapshot(settings.db)
    jobs = app.extensions["newsprism.jobs"] = JobRunner(settings)
    report_css = report_stylesheet()

    @app.before_request
    def check_request() -> Response | None:
        g.nonce = secrets.token_urlsafe(16)
        if trusted is not None and host_name(request.headers.get("Host", "")) not in trusted:
            if is_api_path(request.path):
                return json_error(400, "This server has another name.")
            return Response("Bad Request: this server has another name.", 400)
        if request.method == "POST":  # before anything reads the body
            sent = request.args.get("csrf_token", "")
            if not hmac.compare_digest(sent.encode(), csrf_token.encode()):
                abort(
                    403,
                    "This form did not come from this page, or the server restarted: "
                    "reload the page and try again.",
                )
            if (request.content_length or 0) > MAX_UPLOAD_BYTES:
                abort(413, f"At most {MAX_UPLOAD_BYTES >> 20} MB can be added at once.")
        return None

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        nonce = getattr(g, "nonce", secrets.token_urlsafe(16))
        response.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.context_processor
    def page_values() -> dict[str, Any]:
        return {"csrf_token": csrf_token, "nonce": g.get("nonce", ""), "report_css": report_css}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if is_api_path(request.path):
            return json_error(error.code or 500, error.description or error.name)
        if isinstance(error, SecurityError):  # untrusted Host: no URL can be built for it
            return Response(f"{error.name}: {error.description}", 400, mimetype="text/plain")
        return render_template("web_error.html", error=error), error.code or 500

    @app.get("/")
    def home() -> str:
        stored = snapshot.current()
        return render_template(
            "web_home.html",
            rows=story_rows(stored.analysis),
            article_count=len(stored.analysis.articles),
            db=redact_location(settings.db),
            jobs=jobs.recent(),
        )

    @app.get("/search")
    def search() -> str:
        found = run_search(snapshot, request.args.get("q", ""))
        return render_template(
            "web_search.html", query=found.query, hits=found.hits, message=found.message
        )

    @app.get("/story/<story_id:story_id>")
    def story_page(story_id: str) -> Any:
        stored = snapshot.current()
        story = stored.story(story_id)
        if story is None:
            if story_id in stored.merges:
                return redirect(url_for("story_page", story_id=stored.merges[story_id]), 301)
            abort(404, "No stored story has this id.")
        report = stored.once(
            "report", story.id, lambda: report_body(build_report_view(stored.story_slice(story)))
        )
        return render_template(
            "web_story.html", story=story, report=report, related=stored.related(story)
        )

    @app.get("/story/<story_id:story_id>/export.json")
    def story_json(story_id: str) -> Response:
        stored = snapshot.current()
        story = stored.story(stored.merges.get(story_id, story_id))
        if story is None:
            abort(404, "No stored story has this id.")
        export = analysis_to_json(stored.story_slice(story))
        response = Response(
            json.dumps(export, ensure_ascii=False, indent=2), mimetype="application/json"
        )
        if request.args.get("download"):
            name = re.sub(r"[^A-Za-z0-9_-]", "_", story.id)
            response.headers["Content-Disposition"] = f'attachment; filename="story-{name}.json"'
        return response

    @app.get("/add")
    def add_form() -> str:
        return render_template("web_add.html", allow_paths=allow_paths, message=None)

    @app.post("/add")
    def add_articles() -> Any:
        typed = [line.strip() for line in request.form.get("paths", "").splitlines()]
        paths = [Path(p).expanduser() for p in typed if p]
        if paths and not allow_paths:
            abort(403, "This server is not on a loopback address: it reads uploaded files only.")
        urls = [line.strip() for line in request.form.get("urls", "").splitlines() if line.strip()]
        upload_dir = save_uploads(request.files.getlist("files"))
        if not paths and upload_dir is None and not urls:
            message = "Name at least one file, folder or URL, or choose files to upload."
            return render_template("web_add.html", allow_paths=allow_paths, message=message), 400
        job = jobs.submit(paths + ([upload_dir] if upload_dir else []), upload_dir, urls)
        return redirect(url_for("job_page", job_id=job.id), 303)

    @app.get("/jobs/<job_id>")
    def job_page(job_id: str) -> str:
        job = jobs.jobs.get(job_id) or abort(404, "No job has this id.")
        return render_template("web_job.html", job=job.as_json())

    @app.get("/jobs/<job_id>/progress")
    def job_progress(job_id: str) -> dict[str, Any]:
        job = jobs.jobs.get(job_id) or abort(404, "No job has this id.")
        state = job.as_json()
        for story in state["stories"]:
            story["url"] = url_for("story_page", story_id=story["id"])
        return state

    register_api(app, snapshot)
    register_alert_pages(app, settings.db)
    return app


class StoryIdConverter(BaseConverter):
    """A story id as one path segment: as it is when it is plain (letters, digits, `_.-`, not
    only dots), else `~` and the base64url of its UTF-8, so that ids holding "/", "%", "?",
    ".." or spaces link to their page."""

    PLAIN = re.compile(r"[A-Za-z0-9_.-]*[A-Za-z0-9_-][A-Za-z0-9_.-]*")

    def to_python(self, value: str) -> str:
        if not value.startswith("~"):
            return value
        try:
            data = base64.urlsafe_b64decode(value[1:] + "=" * (-len(value[1:]) % 4))
            return data.decode("utf-8", "surrogatepass")
        except (binascii.Error, ValueError) as error:
            raise ValidationError() from error

    def to_url(self, value: str) -> str:
        if self.PLAIN.fullmatch(value):
            return value
        encoded = base64.urlsafe_b64encode(value.encode("utf-8", "surrogatepass"))
        return "~" + encoded.decode("ascii").rstrip("=")


def host_name(host: str) -> str:
    """The name in a Host header (or a bare host), lower case, without port or brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        return host.partition(":")[0]
    return host


def report_stylesheet() -> str:
    """The CSS of the HTML report's page, so web pages look like the report they show."""
    found = re.search(r"<style>(.*?)</style>", page_shell(), re.DOTALL)
    return found.group(1) if found else ""


def save_uploads(uploads: list[FileStorage]) -> Path | None:
    """Save uploaded files under sanitised, distinct names in a new private temporary folder."""
    chosen = [u for u in uploads if u.filename]
    if not chosen:
        return None
    folder = Path(tempfile.mkdtemp(prefix="newsprism-upload-"))
    used: set[str] = set()
    for number, upload in enumerate(chosen, start=1):
        name = secure_filename(upload.filename or "") or f"upload-{number}"
        if name in used:
            name = f"{number}-{name}"
        used.add(name)
        upload.save(folder / name)
    return folder


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def trusted_hosts_for(host: str) -> tuple[str, ...] | None:
    """The Host names a server listening on `host` answers: on a loopback address, the
    loopback names and that address (127.0.0.2 is reached as 127.0.0.2); elsewhere any."""
    return (*LOOPBACK_NAMES, host) if is_loopback(host) else None


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the web UI over `settings.db` until interrupted."""
    with open_store(settings.db):  # a bad database is reported now, not on the first page
        pass
    local = is_loopback(host)
    app = create_app(settings, allow_paths=local, trusted_hosts=trusted_hosts_for(host))
    server = wsgi_server(app, host, port)
    shown = f"[{host}]" if ":" in host else host
    where = redact_location(settings.db)
    print(f"newsprism: serving {where} at http://{shown}:{server.effective_port}/ (Ctrl+C stops)")
    if not local:
        print(
            "newsprism: not on a loopback address: anyone who can reach it can read the "
            "stored articles; adding local paths is disabled"
        )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
