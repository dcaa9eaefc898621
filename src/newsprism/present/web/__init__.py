"""`newsprism serve`: the local web UI over the store (Flask; imported only for the web UI).

`create_app(settings)` returns the Flask app (home page of stored stories with search, one
story's report and JSON export, the add-articles form and its job pages); `serve(settings,
host, port)` runs it. Inside: `app` (routes, the host, CSRF and upload checks), `stored`
(what the pages read from the store: story rows, one story as its own `Analysis`, search
hits), `jobs` (background analysis, one job at a time, with progress a page polls), `api`
(the same data for programs: JSON under `/api/`, `tables` as CSV, `openapi` describing them);
the pages are the Jinja2 templates in `templates/`, the story page the HTML report's own body.
"""

from newsprism.present.web.app import create_app, serve

__all__ = ["create_app", "serve"]
