"""The JSON API of `newsprism serve`: every page's data for programs, and its tables as CSV.

`GET /api/stories` (paged with `?limit=&offset=`, filtered with `?q=`, a `next` URL),
`/api/stories.csv`, `/api/stories/<id>` (the story's newsprism/1 export, as
`/story/<id>/export.json`), `/api/stories/<id>/facts.csv` and `/quotes.csv`,
`/api/search?q=` (the search page's hits and messages), `/api/articles/<id>` (the stored
article) and `/openapi.json` (OpenAPI 3.1, see `openapi`). Ids are any text, in URLs one
path segment (`StoryIdConverter`); a merged story's id redirects to the story it joined.

Everything is read-only and answers without a token; bodies are `json.dumps` (UTF-8, never
HTML), and errors under these paths are `{"error": {"status", "message"}}` with the status.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, abort, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from newsprism.model import Article, Story
from newsprism.present.export import analysis_to_json
from newsprism.present.web.openapi import openapi_document
from newsprism.present.web.stored import (
    STOPPED_MESSAGE,
    SearchHit,
    Stored,
    StoredSnapshot,
    StoryRow,
    cut_query_message,
    run_search,
    story_rows,
)
from newsprism.present.web.tables import (
    FACT_COLUMNS,
    QUOTE_COLUMNS,
    STORY_COLUMNS,
    csv_text,
    fact_rows,
    quote_rows,
    story_row_cells,
)
from newsprism.store.sqlite_search import SearchTooSlow, clean_search_query

JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
DEFAULT_PAGE = 50
MAX_PAGE = 500
NO_STORY = "No stored story has this id."


def is_api_path(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def export_text(stored: Stored, story: Story) -> bytes:
    """The story's newsprism/1 export as compact UTF-8 JSON."""
    export = analysis_to_json(stored.story_slice(story))
    return json.dumps(export, ensure_ascii=False).encode("utf-8")


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, content_type=JSON_TYPE)


def json_error(status: int, message: str) -> Response:
    return json_response({"error": {"status": status, "message": message}}, status)


def csv_response(text: str, name: str) -> Response:
    response = Response(text, content_type=CSV_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def register_api(app: Flask, snapshot: StoredSnapshot) -> None:
    """Add the API's routes to `app` (whose `story_id` converter is `StoryIdConverter`)."""

    @app.get("/api/stories")
    def api_stories() -> Response:
        chosen, offset = paging(DEFAULT_PAGE)
        limit = chosen or DEFAULT_PAGE
        query, message, rows = filtered_rows(snapshot)
        end = offset + limit
        following = None
        if end < len(rows):
            following = url_for(
                "api_stories", q=query or None, limit=limit, offset=end, _external=True
            )
        return json_response(
            {
                "total": len(rows),
                "limit": limit,
                "offset": offset,
                "next": following,
                "query": query or None,
                "message": message,
                "stories": [story_row_json(row) for row in rows[offset:end]],
            }
        )

    @app.get("/api/stories.csv")
    def api_stories_csv() -> Response:
        limit, offset = paging(None)
        _, _, rows = filtered_rows(snapshot)
        chosen = rows[offset : offset + limit] if limit else rows[offset:]
        return csv_response(csv_text(STORY_COLUMNS, map(story_row_cells, chosen)), "stories.csv")

    @app.get("/api/stories/<story_id:story_id>")
    def api_story(story_id: str) -> BaseResponse:
        stored, story = find_story(snapshot, story_id)
        if story.id != story_id:
            return redirect(url_for("api_story", story_id=story.id), 301)
        text = stored.once("export", story.id, lambda: export_text(stored, story))
        return Response(text, 200, content_type=JSON_TYPE)

    def story_table(story_id: str, endpoint: str, table: str) -> BaseResponse:
        """A story's facts or quotes as CSV (a merged id redirects to its story's)."""
        stored, story = find_story(snapshot, story_id)
        if story.id != story_id:
            return redirect(url_for(endpoint, story_id=story.id), 301)
        export = analysis_to_json(stored.story_slice(story))
        columns, rows = (
            (FACT_COLUMNS, fact_rows) if table == "facts" else (QUOTE_COLUMNS, quote_rows)
        )
        return csv_response(csv_text(columns, rows(export)), f"{table}.csv")

    @app.get("/api/stories/<story_id:story_id>/facts.csv")
    def api_story_facts(story_id: str) -> BaseResponse:
        return story_table(story_id, "api_story_facts", "facts")

    @app.get("/api/stories/<story_id:story_id>/quotes.csv")
    def api_story_quotes(story_id: str) -> BaseResponse:
        return story_table(story_id, "api_story_quotes", "quotes")

    @app.get("/api/search")
    def api_search() -> Response:
        if "q" not in request.args:
            abort(400, "Say what to search for: /api/search?q=words.")
        found = run_search(snapshot, request.args["q"])
        return json_response(
            {
                "query": found.query,
                "message": found.message,
                "hits": [hit_json(hit) for hit in found.hits],
            }
        )

    @app.get("/api/articles/<story_id:article_id>")
    def api_article(article_id: str) -> Response:
        article = snapshot.article(article_id)
        if article is None:
            abort(404, "No stored article has this id.")
        return json_response(article_json(article, snapshot.current().story_of_article(article_id)))

    @app.get("/openapi.json")
    def openapi() -> Response:
        return json_response(openapi_document())


def paging(default_limit: int | None) -> tuple[int | None, int]:
    """`?limit=` (1 to MAX_PAGE; `default_limit` when not given) and `?offset=` (from 0)."""
    limit = whole_number("limit", default_limit)
    offset = whole_number("offset", 0) or 0
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        abort(400, f"limit must be from 1 to {MAX_PAGE}, not {limit}.")
    return limit, offset


def whole_number(name: str, default: int | None) -> int | None:
    value = request.args.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        abort(400, f"{name} must be a whole number from 0, not {value[:40]!r}.")
    return int(value)


def filtered_rows(snapshot: StoredSnapshot) -> tuple[str, str | None, list[StoryRow]]:
    """The stored stories, newest first, with only those holding an article that matches
    `?q=` when given: the query searched for, a message if it was cut or stopped, the rows."""
    stored = snapshot.current()
    rows = story_rows(stored.analysis)
    typed = request.args.get("q", "")
    query = clean_search_query(typed)
    if not query:
        return "", None, rows
    message = cut_query_message(typed)
    try:
        matched = snapshot.matching_article_ids(query)
    except SearchTooSlow:
        return query, STOPPED_MESSAGE, []
    holding = {s.id for s in stored.analysis.stories if matched.intersection(s.article_ids)}
    return query, message, [row for row in rows if row.id in holding]


def find_story(snapshot: StoredSnapshot, story_id: str) -> tuple[Stored, Story]:
    """The stored story with this id, or the one it merged into; 404 if neither."""
    stored = snapshot.current()
    story = stored.story(stored.merges.get(story_id, story_id))
    if story is None:
        abort(404, NO_STORY)
    return stored, story


def story_row_json(row: StoryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "first_published": row.first_published.isoformat() if row.first_published else None,
        "last_published": row.last_published.isoformat() if row.last_published else None,
        "articles": row.articles,
        "outlets": row.outlets,
        "conflicts": row.conflicts,
        "url": url_for("api_story", story_id=row.id, _external=True),
        "page": url_for("story_page", story_id=row.id, _external=True),
    }


def story_url(story: Story | None) -> str | None:
    return None if story is None else url_for("api_story", story_id=story.id, _external=True)


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "article": hit.article_id,
        "title": hit.title,
        "outlet": hit.outlet,
        "published": hit.published,
        "story": hit.story.id if hit.story else None,
        "story_title": hit.story.title if hit.story else None,
        "story_url": story_url(hit.story),
        "snippet": [{"text": text, "match": matched} for text, matched in hit.snippet],
        "url": url_for("api_article", article_id=hit.article_id, _external=True),
    }


def article_json(article: Article, story: Story | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "story": story.id if story else None,
        "story_url": story_url(story),
    }
