"""The JSON export: what other tools read (schema "newsprism/1", documented in docs/schema.md)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from present_sample import AFP, GDN_TOOK, GUARDIAN, afp_annotated, palmyra_analysis
from present_sample import span as words_span

from newsprism.model import Analysis, Entity, Event, Place
from newsprism.present.export import analysis_to_json, write_json

SCHEMA_DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
SPAN_KEYS = {"article", "start", "end", "text"}

# The minimum shape of each list, as the contract in DESIGN.md states it.
CONTRACT = {
    "articles": {"id", "title", "text", "published", "outlet", "url"},
    "entities": {"id", "name", "type", "aliases", "mentions"},
    "places": {
        "id",
        "name",
        "geonameid",
        "lat",
        "lon",
        "country",
        "feature",
        "confidence",
        "mentions",
    },
    "quotes": {"id", "article", "kind", "content", "speaker", "cue"},
    "claims": {"id", "article", "start", "end", "text", "status", "source_entity"},
    "times": {"article", "start", "end", "text", "type", "value"},
    "quantities": {"article", "start", "end", "text", "value", "unit", "qualifier"},
    "stories": {"id", "title", "articles"},
    "timeline": {"story", "date", "sentences"},
    "findings": {"story", "kind", "statements", "note"},
    "summaries": {"story", "sentences"},
    "events": {"id", "story", "type", "mode", "source", "target", "place", "date", "evidence"},
}


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    analysis = palmyra_analysis()
    palmyra = Entity(
        "e-palmyra",
        "Palmyra",
        "GPE",
        ("Palmyra",),
        (words_span(AFP, "Palmyra"),),
        place=Place(163808, "Tadmur", 34.5624, 38.28402, "SY", "PPL", 0.87),
    )
    took = Event(
        "ev-1",
        "s1",
        "COERCE",
        "seize",
        GDN_TOOK,
        words_span(GUARDIAN, "took control"),
        source="e-is",
        target="e-palmyra",
        place="e-palmyra",
        date="2016-W49-WE",
        source_text="Isis",
        target_text="Palmyra",
        place_text="Palmyra",
        context="military",
    )
    return analysis_to_json(
        replace(analysis, entities=(*analysis.entities, palmyra), events=(took,))
    )


def is_span(value: Any) -> bool:
    return isinstance(value, dict) and SPAN_KEYS <= value.keys()


def spans_in(value: Any) -> list[dict[str, Any]]:
    """Every span anywhere in `value` (claims, times and quantities are spans themselves)."""
    found = [value] if is_span(value) else []
    children = value.values() if isinstance(value, dict) else value
    if isinstance(value, dict | list):
        for child in children:
            found += spans_in(child)
    return found


def field_paths(value: Any, path: str) -> set[str]:
    """Paths of `value`'s fields; a span (or list of spans) is a leaf whose fields are `span.*`."""
    if is_span(value) or (isinstance(value, list) and value and all(map(is_span, value))):
        extras = {k: v for k, v in value.items() if k not in SPAN_KEYS} if is_span(value) else {}
        return {path, *(f"span.{k}" for k in SPAN_KEYS)}.union(
            *(field_paths(v, f"{path}.{k}") for k, v in extras.items())
        )
    if isinstance(value, dict):
        return {path}.union(*(field_paths(v, f"{path}.{k}") for k, v in value.items()))
    if isinstance(value, list):
        return {path}.union(*(item_paths(item, f"{path}[]") for item in value))
    return {path}


def item_paths(item: Any, path: str) -> set[str]:
    """Paths of the fields of one list item (always expanded, even when the item is a span)."""
    if not isinstance(item, dict):
        return set()
    return set().union(*(field_paths(v, f"{path}.{k}") for k, v in item.items()))


def exported_paths(export: dict[str, Any]) -> set[str]:
    """Every field path of the export; the items of top-level lists are always expanded."""
    paths = set()
    for key, value in export.items():
        paths |= (
            {key}.union(*(item_paths(item, f"{key}[]") for item in value))
            if isinstance(value, list)
            else {key}
        )
    return paths


def documented_rows() -> dict[str, list[str]]:
    """Field path -> the other cells of its row, for every table row of docs/schema.md."""
    rows = {}
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match[1]] = [cell.strip() for cell in match[2].split("|")]
    return rows


def test_export_carries_the_schema_and_every_list_of_the_contract(exported):
    assert exported["schema"] == "newsprism/1"
    for key, minimum in CONTRACT.items():
        assert exported[key], f"{key} is empty in the sample export"
        for item in exported[key]:
            assert minimum <= item.keys(), f"{key} item lacks {minimum - item.keys()}"
    assert exported["problems"] == [
        {"source": "feeds/broken.xml", "reason": "not well-formed XML at line 3", "kept": False}
    ]


def test_every_span_has_the_contract_shape_and_points_at_its_words(exported):
    texts = {a["id"]: a["text"] for a in exported["articles"]}
    spans = spans_in({k: v for k, v in exported.items() if k != "articles"})
    assert len(spans) > 40
    for span in spans:
        if span["start"] is None:  # a speaker carried over from an earlier paragraph
            assert span["end"] is None and span["text"] is None
            continue
        assert texts[span["article"]][span["start"] : span["end"]] == span["text"]


def test_article_text_is_written_exactly_as_stored(tmp_path):
    out = tmp_path / "palmyra.json"
    write_json(palmyra_analysis(), out)
    raw = out.read_bytes()
    assert raw.startswith(b'{\n  "schema": "newsprism/1"')
    assert "grouping’s militants".encode() in raw  # non-ASCII kept, not \u-escaped
    loaded = json.loads(raw.decode("utf-8"))
    assert [a["text"] for a in loaded["articles"]] == [AFP.text, GUARDIAN.text]
    assert [a["text"].encode("utf-8") for a in loaded["articles"]] == [
        AFP.text.encode("utf-8"),
        GUARDIAN.text.encode("utf-8"),
    ]


def test_quote_content_is_a_span_or_a_list_when_interrupted(exported):
    by_id = {q["id"]: q for q in exported["quotes"]}
    assert by_id["q1"]["content"]["text"] == (
        "We regret that we have yet to completely neutralise their offensive,"
    )
    interrupted = by_id["q3"]["content"]
    assert [part["text"] for part in interrupted] == [
        "The geography of the city,",
        "makes it very difficult to defend.",
    ]


def test_speaker_is_a_span_with_its_entity_and_null_offsets_when_carried_over(exported):
    by_id = {q["id"]: q for q in exported["quotes"]}
    assert by_id["q1"]["speaker"]["text"] == "Kremlin spokesman Dmitry Peskov"
    assert by_id["q1"]["speaker"]["entity"] == "e-peskov"
    assert by_id["q2"]["speaker"] == {
        "article": AFP.id,
        "start": None,
        "end": None,
        "text": None,
        "entity": "e-peskov",
    }
    assert by_id["q2"]["speaker_name"] == "Dmitry Peskov"
    assert by_id["q2"]["cue"] is None
    assert by_id["q3"]["speaker"]["entity"] is None


def test_dates_are_iso_strings_and_numbers_are_plain(exported):
    assert [a["published"] for a in exported["articles"]] == ["2016-12-12", "2016-12-14"]
    story = exported["stories"][0]
    assert (story["first_published"], story["last_published"]) == ("2016-12-12", "2016-12-14")
    strikes = exported["quantities"][0]
    assert (strikes["text"], strikes["value"], strikes["qualifier"]) == (
        "more than 60 overnight strikes",
        60,
        "more than",
    )
    assert isinstance(strikes["value"], int)
    assert [t["value"] for t in exported["times"]] == [
        "2016-12-12",
        "P8M",
        "2015-03",
        "2016-W49-WE",
        "2015-05",
    ]


def test_claims_are_spans_with_their_standing(exported):
    attributed, unverified = exported["claims"]
    assert attributed["status"] == "attributed"
    assert attributed["source_entity"] == "e-mod"
    assert attributed["source_name"] == "Russia's defence ministry"
    assert unverified["status"] == "unverified"
    assert unverified["refers_to"]["text"] == "The video"
    assert unverified["source"] is None


def test_findings_keep_outlets_and_who_asserts_each_side(exported):
    conflict = next(f for f in exported["findings"] if f["kind"] == "conflict")
    assert conflict["slot"] == "date"
    assert conflict["asserted_by"] == ["reporter", "reporter"]
    assert [s["article"] for s in conflict["statements"]] == [AFP.id, GUARDIAN.id]


def test_records_follow_article_order_then_word_order_whatever_order_they_came_in():
    forward = palmyra_analysis()
    afp = afp_annotated()
    shuffled = replace(
        forward,
        articles=(
            replace(afp, quotes=afp.quotes[::-1], times=afp.times[::-1]),
            forward.articles[1],
        ),
    )
    first, second = analysis_to_json(forward), analysis_to_json(shuffled)
    assert json.dumps(first) == json.dumps(second)
    assert [q["id"] for q in second["quotes"]] == ["q1", "q2", "q3", "q4"]


def test_an_empty_analysis_exports_empty_lists():
    exported = analysis_to_json(Analysis(articles=()))
    assert exported["schema"] == "newsprism/1"
    assert all(value == [] for key, value in exported.items() if key != "schema")


def test_every_exported_field_is_documented_in_schema_md(exported):
    undocumented = exported_paths(exported) - documented_rows().keys()
    assert not undocumented, f"add these fields to docs/schema.md: {sorted(undocumented)}"


def test_every_field_documented_in_schema_md_is_exported(exported):
    stale = documented_rows().keys() - exported_paths(exported)
    assert not stale, f"docs/schema.md documents fields the export does not write: {sorted(stale)}"


def test_every_documented_field_has_a_type_and_a_meaning():
    for path, cells in documented_rows().items():
        assert len(cells) == 2 and all(cells), f"row of `{path}` needs a type and a meaning"
