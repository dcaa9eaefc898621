"""Coded events: who did what to whom, where and when, in PLOVER categories."""

from __future__ import annotations

import pytest

from newsprism.annotate.event_verbs import parse_dictionary, verb_dictionary
from newsprism.annotate.events import find_events
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.time import find_times
from newsprism.model import EventCandidate


def events_of(nlp, text: str) -> list[EventCandidate]:
    doc = nlp(text)
    mentions = find_mentions(doc, "t")
    return find_events(doc, "t", mentions, find_times(doc, "t", None))


def test_air_strikes_on_a_town_are_an_assault_by_the_country(nlp):
    (event,) = events_of(nlp, "Russia launched intense air strikes on Palmyra on Saturday.")
    assert (event.type, event.mode) == ("ASSAULT", "heavy-weapons")
    assert event.trigger.text == "launched intense air strikes"
    assert event.source is not None and event.source.text == "Russia"
    assert event.target is not None and event.target.text == "Palmyra"
    assert event.place is not None and event.place.text == "Palmyra"
    assert event.when is not None and event.when.text == "Saturday"


def test_taking_control_of_a_city_is_coercion_by_seizure(nlp):
    (event,) = events_of(nlp, "Isis took control of Palmyra over the weekend.")
    assert (event.type, event.mode) == ("COERCE", "seize")
    assert (event.source.text, event.target.text) == ("Isis", "Palmyra")  # type: ignore[union-attr]


def test_a_threat_to_attack_is_one_threaten_event_against_the_attacks_target(nlp):
    (event,) = events_of(nlp, "The rebels threatened to attack the capital.")
    assert event.type == "THREATEN" and event.mode == "violence"
    assert event.source.text == "rebels" and event.target.text == "capital"  # type: ignore[union-attr]


def test_intent_and_negation_change_the_category(nlp):
    (visit,) = events_of(nlp, "The German foreign minister will visit Albania in June.")
    assert visit.type == "AGREE"  # an intent to meet, not the meeting
    (refusal,) = events_of(nlp, "Jordan did not agree with Britain.")
    assert refusal.type == "REJECT"
    assert events_of(nlp, "The army did not attack the village.") == []


def test_a_passive_event_has_the_agent_as_source(nlp):
    (event,) = events_of(nlp, "Three journalists were arrested by the police in Cairo.")
    assert (event.type, event.mode) == ("COERCE", "arrest")
    assert event.source.text == "police" and event.target.text == "Three journalists"  # type: ignore[union-attr]
    assert event.place is not None and event.place.text == "Cairo"


def test_a_nationality_beside_an_attack_noun_is_its_source(nlp):
    events = events_of(nlp, "They have come under heavy Russian air strikes.")
    assert [(e.type, e.source.text) for e in events] == [("ASSAULT", "Russian")]  # type: ignore[union-attr]


def test_the_shipped_dictionary_loads_and_a_bad_line_is_named():
    lex = verb_dictionary()
    assert lex.verbs["attack"].type == "ASSAULT"
    assert lex.pairs["take control"].type == "COERCE" and "launch" in lex.light
    with pytest.raises(ValueError, match="line 2"):
        parse_dictionary(["# comment", "verb\tattack"])


def test_example_events_have_their_actors_places_and_sources(example_analysis):
    names = {e.id: e.name for e in example_analysis.entities}
    seen = {
        (e.type, names.get(e.source), names.get(e.target), e.status, e.attributed_name)
        for e in example_analysis.events
    }
    assert ("COERCE", "Islamic State", "Palmyra", "asserted", None) in seen  # Isis took control
    russian = [e for e in example_analysis.events if names.get(e.source) in ("Russia", "Russian")]
    assert any(e.type == "ASSAULT" and e.mode == "heavy-weapons" for e in russian)
    strikes = next(e for e in example_analysis.events if "60 overnight strikes" in e.trigger.text)
    assert strikes.status == "attributed" and names.get(strikes.place) == "Palmyra"
    assert strikes.attributed_name == "Russia's defence ministry"
    assert strikes.evidence.text.startswith("Russia's defence ministry said Sunday")
    overran = next(e for e in example_analysis.events if e.trigger.text == "overran")
    assert names.get(overran.source) == "Islamic State" and overran.source_text == "It"
    seized = next(e for e in example_analysis.events if e.trigger.text == "seized control")
    assert seized.status == "attributed" and names.get(seized.source) == "Islamic State"


def test_a_stored_storys_page_and_export_make_its_events_again(tmp_path, example_analysis):
    from newsprism.present.web import create_app
    from newsprism.settings import Settings
    from newsprism.store import open_store

    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.save_analysis(example_analysis)
    client = create_app(Settings(db=db)).test_client()
    story = example_analysis.stories[0]
    page = client.get(f"/story/{story.id}").get_data(as_text=True)
    assert "Events: who did what to whom" in page and 'class="story-map"' in page
    export = client.get(f"/api/stories/{story.id}").get_json()
    made = {(e["type"], e["trigger"]["text"], e["status"]) for e in export["events"]}
    assert ("COERCE", "took control", "asserted") in made
    assert len(export["events"]) == len(
        [e for e in example_analysis.events if e.story_id == story.id]
    )
