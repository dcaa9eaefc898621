"""The alerts document (`newsprism alerts --json FILE`, the web API): schema
"newsprism-alerts/1", each alert with its evidence as export spans."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsprism.model import Alert
from newsprism.present.export import span_json

ALERTS_SCHEMA = "newsprism-alerts/1"


def alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "kind": alert.kind,
        "story": alert.story_id,
        "created": alert.created,
        "title": alert.title,
        "text": alert.text,
        "evidence": [span_json(span) for span in alert.evidence],
        "articles": list(alert.article_ids),
    }


def alerts_to_json(alerts: Sequence[Alert]) -> dict[str, Any]:
    return {"schema": ALERTS_SCHEMA, "alerts": [alert_json(alert) for alert in alerts]}


def write_alerts_json(alerts: Sequence[Alert], path: str | Path) -> None:
    text = json.dumps(alerts_to_json(alerts), ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")


def alert_line(alert: Alert) -> str:
    """One line for a terminal: time, kind, story, title."""
    return f"{alert.created}  {alert.kind:<12} {alert.story_id}  {alert.title}"
