"""The OpenAPI 3.1 document of the API (`/openapi.json`): every route under `/api`, its
parameters, responses and their JSON Schemas (the story export is described by its top-level
keys; docs/schema.md documents every field)."""

from __future__ import annotations

from typing import Any

from newsprism import __version__
from newsprism.present.web.stored import STORY_FILTER_LIMIT

JSON = "application/json"
CSV = "text/csv"
ID_NOTE = (
    "Ids are any text. In a URL an id is one path segment: as it is when it holds only "
    "letters, digits, `_`, `.` and `-` (and not only dots), else `~` followed by the "
    "unpadded base64url of its UTF-8 (`s-x/y` is `~cy14L3k`). The `url` fields give them "
    "ready to use."
)

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
COUNT = {"type": "integer", "minimum": 0}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema with exactly these properties, all required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


SCHEMAS: dict[str, Any] = {
    "Error": obj(
        {
            "error": obj(
                {"status": {"type": "integer"}, "message": {"type": "string"}},
            )
        }
    ),
    "StoryRow": obj(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "first_published": NULLABLE_DATE,
            "last_published": NULLABLE_DATE,
            "articles": COUNT,
            "outlets": COUNT,
            "conflicts": COUNT,
            "url": {"type": "string", "description": "this story's export in the API"},
            "page": {"type": "string", "description": "this story's page in the web UI"},
        }
    ),
    "StoryList": obj(
        {
            "total": {**COUNT, "description": "stories matching, on all pages"},
            "limit": {"type": "integer", "minimum": 1},
            "offset": COUNT,
            "next": {**NULLABLE_STRING, "description": "the next page's URL; null on the last"},
            "query": {**NULLABLE_STRING, "description": "the `q` searched for, cleaned"},
            "message": {**NULLABLE_STRING, "description": "set when `q` was cut or stopped"},
            "stories": {"type": "array", "items": ref("StoryRow")},
        }
    ),
    "SearchHit": obj(
        {
            "article": {"type": "string"},
            "title": {"type": "string"},
            "outlet": NULLABLE_STRING,
            "published": NULLABLE_DATE,
            "story": NULLABLE_STRING,
            "story_title": NULLABLE_STRING,
            "story_url": NULLABLE_STRING,
            "snippet": {
                "type": "array",
                "items": obj({"text": {"type": "string"}, "match": {"type": "boolean"}}),
                "description": "the snippet in pieces; `match` marks the matched words",
            },
            "url": {"type": "string"},
        }
    ),
    "SearchResult": obj(
        {
            "query": {"type": "string", "description": "what was searched for, cleaned and cut"},
            "message": {
                **NULLABLE_STRING,
                "description": "set when the query was cut or the search stopped",
            },
            "hits": {"type": "array", "items": ref("SearchHit")},
        }
    ),
    "Alerts": {
        "type": "object",
        "description": "Alerts of `newsprism watch`, oldest first: the newsprism-alerts/1 "
        "document (docs/schema.md).",
        "properties": {
            "schema": {"const": "newsprism-alerts/1"},
            "alerts": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["schema", "alerts"],
    },
    "Article": obj(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "outlet": NULLABLE_STRING,
            "url": NULLABLE_STRING,
            "published": NULLABLE_DATE,
            "text": {"type": "string", "description": "the text exactly as stored"},
            "story": {**NULLABLE_STRING, "description": "the id of the story holding it"},
            "story_url": NULLABLE_STRING,
        }
    ),
    "Export": {
        "type": "object",
        "description": "One story's newsprism/1 export (docs/schema.md).",
        "properties": {
            "schema": {"const": "newsprism/1"},
            **{
                key: {"type": "array", "items": {"type": "object"}}
                for key in (
                    "articles",
                    "entities",
                    "quotes",
                    "claims",
                    "times",
                    "quantities",
                    "stories",
                    "timeline",
                    "findings",
                    "summaries",
                    "facts",
                    "coverage",
                    "problems",
                )
            },
        },
        "required": ["schema", "articles", "stories", "facts", "findings"],
    },
}


def error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


def ok_json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ref(schema)}}}


def ok_csv(description: str, columns: str) -> dict[str, Any]:
    return {
        "description": f"{description} Columns: {columns}. UTF-8; a text cell that a "
        "spreadsheet would run as a formula (starting with = + - @, a tab or a carriage "
        "return) starts with an apostrophe.",
        "content": {CSV: {"schema": {"type": "string"}}},
    }


def query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def path_id(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"the {what}'s id. " + ID_NOTE,
        "schema": {"type": "string"},
    }


Q = query(
    "q",
    f"only stories holding one of the {STORY_FILTER_LIMIT:,} articles that best match these words",
    {"type": "string"},
)
LIMIT = query(
    "limit", "stories per page (default 50)", {"type": "integer", "minimum": 1, "maximum": 500}
)
LIMIT_CSV = query(
    "limit",
    "at most this many rows (default: all)",
    {"type": "integer", "minimum": 1, "maximum": 500},
)
OFFSET = query("offset", "stories to skip (default 0)", {"type": "integer", "minimum": 0})
STORY = path_id("story_id", "story")
MOVED = {"description": "the id of a story merged into another: its URL follows"}


def get(summary: str, parameters: list[dict[str, Any]], **responses: Any) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def openapi_document() -> dict[str, Any]:
    """The API described in OpenAPI 3.1."""
    story_csv = "One row per statement of each fact: the fact's id, sources, outlets and "
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsprism",
            "version": __version__,
            "description": "The stories, articles and analyses stored in a newsprism "
            "database, read-only. Errors are JSON objects with the HTTP status.",
        },
        "paths": {
            "/api/stories": get(
                "The stored stories, newest first, a page at a time",
                [Q, LIMIT, OFFSET],
                **{"200": ok_json("a page of stories", "StoryList")},
                **{"400": error("a bad `limit` or `offset`")},
            ),
            "/api/stories.csv": get(
                "The stored stories, newest first, as CSV",
                [Q, LIMIT_CSV, OFFSET],
                **{
                    "200": ok_csv(
                        "One row per story.",
                        "id, title, first_published, last_published, articles, outlets, conflicts",
                    )
                },
                **{"400": error("a bad `limit` or `offset`")},
            ),
            "/api/stories/{story_id}": get(
                "One story's newsprism/1 export",
                [STORY],
                **{"200": ok_json("the export", "Export"), "301": MOVED},
                **{"404": error("no stored story has this id")},
            ),
            "/api/stories/{story_id}/facts.csv": get(
                "One story's facts as CSV",
                [STORY],
                **{
                    "200": ok_csv(
                        story_csv + "one_sided_by, then the statement's article, "
                        "outlet, offsets and text.",
                        "fact, sources, outlets, one_sided_by, article, outlet, start, end, text",
                    ),
                    "301": MOVED,
                },
                **{"404": error("no stored story has this id")},
            ),
            "/api/stories/{story_id}/quotes.csv": get(
                "One story's quotes (who said what) as CSV",
                [STORY],
                **{
                    "200": ok_csv(
                        "One row per quote.",
                        "id, article, outlet, kind, speaker, "
                        "speaker_role, speaker_entity, cue, cue_kind, text, start, "
                        "end, sentence",
                    ),
                    "301": MOVED,
                },
                **{"404": error("no stored story has this id")},
            ),
            "/api/search": get(
                "Full-text search of article titles and texts (the search page's results)",
                [
                    {
                        **query(
                            "q",
                            'words, "exact phrases", OR, NOT, prefix*, title:word',
                            {"type": "string"},
                        ),
                        "required": True,
                    }
                ],
                **{"200": ok_json("the best 50 articles", "SearchResult")},
                **{"400": error("no `q`")},
            ),
            "/api/articles/{article_id}": get(
                "One stored article, as read",
                [path_id("article_id", "article")],
                **{"200": ok_json("the article", "Article")},
                **{"404": error("no stored article has this id")},
            ),
            "/api/alerts": get(
                "What `newsprism watch` found changed in the stored stories, oldest first",
                [
                    query(
                        "since",
                        "only alerts created at or after this ISO date-time",
                        {"type": "string"},
                    ),
                    query("story", "only this story's alerts", {"type": "string"}),
                ],
                **{"200": ok_json("the alerts", "Alerts")},
                **{"400": error("`since` is not an ISO date-time")},
            ),
            "/openapi.json": get(
                "This document",
                [],
                **{
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {JSON: {"schema": {"type": "object"}}},
                    }
                },
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
