"""One event reported by several articles, made one: the events of a story that have the same
type and the same actors (source and target entities, at least one of them known; a target
that is no entity, by its words: "army checkpoints"), places that agree and dates that agree
(the same day or the next; a missing place or date agrees with any) are merged into the first
of them in story order. The merged event keeps that first report's id and `evidence`, and lists
every report's sentence (`evidence_all`) and article (`articles`), so a reader sees which
outlets carry it. Events without a known actor are kept apart: "an air strike" in two
articles is not known to be one strike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from newsprism.model import Event

CLOSE_DAYS = 1


def merge_events(events: Iterable[Event]) -> list[Event]:
    """`events` (any stories, in order) with the reports of one event merged into its first."""
    merged: list[Event] = []
    groups: dict[tuple[str, str, str | None, str], list[int]] = {}
    for event in events:
        event = with_own_report(event)
        if event.source is None and event.target is None:
            merged.append(event)
            continue
        target = event.target or " ".join((event.target_text or "").lower().split())
        key = (event.story_id, event.type, event.source, target)
        for index in groups.get(key, []):
            first = merged[index]
            places_agree = first.place is None or event.place is None or first.place == event.place
            if places_agree and dates_agree(first.date, event.date):
                merged[index] = joined(merged[index], event)
                break
        else:
            groups.setdefault(key, []).append(len(merged))
            merged.append(event)
    return merged


def with_own_report(event: Event) -> Event:
    """An event as one report: its own sentence and article listed."""
    if event.evidence_all:
        return event
    return replace(event, evidence_all=(event.evidence,), articles=(event.evidence.article_id,))


def joined(first: Event, other: Event) -> Event:
    """`first` with the reports of `other` added (and the place and date it lacked)."""
    keys = {(s.article_id, s.start, s.end) for s in first.evidence_all}
    evidence = first.evidence_all + tuple(
        s for s in other.evidence_all if (s.article_id, s.start, s.end) not in keys
    )
    return replace(
        first,
        evidence_all=evidence,
        articles=tuple(dict.fromkeys((*first.articles, *other.articles))),
        place=first.place or other.place,
        date=first.date or other.date,
    )


def dates_agree(a: str | None, b: str | None) -> bool:
    """Whether two TIMEX3 values can be one event's date: either missing, equal, or days at
    most `CLOSE_DAYS` apart."""
    if a is None or b is None or a == b:
        return True
    day_a, day_b = day_of(a), day_of(b)
    if day_a is None or day_b is None:
        return a[:7] == b[:7] and (len(a) == 7 or len(b) == 7)  # "2016-03" holds "2016-03-27"
    return abs((day_a - day_b).days) <= CLOSE_DAYS


def day_of(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
