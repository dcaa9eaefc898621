"""US counties and parishes resolved to their centre, chosen by the story's state."""

from __future__ import annotations

from newsprism.link.places import resolve_places
from newsprism.link.us_counties import counties_named
from newsprism.model import Entity, Span, Story


def place(name: str, number: int) -> Entity:
    span = Span("a1", number * 10, number * 10 + len(name), name)
    return Entity(f"e{number}", name, "GPE", (name,), (span,))


def resolved(*names: str) -> dict[str, object]:
    entities = [place(name, k) for k, name in enumerate(names)]
    found = resolve_places(entities, [Story("s1", "t", ("a1",))])
    return {e.name: e.place for e in found}


def test_a_parish_name_is_one_county_with_its_centre():
    (rapides,) = counties_named("Rapides Parish")
    assert (rapides.state, rapides.fips) == ("LA", "22079")
    assert abs(rapides.lat - 31.2) < 0.2 and abs(rapides.lon + 92.5) < 0.2
    assert counties_named("Rapides") == ()  # no county word: not read as a county


def test_a_county_is_resolved_in_the_state_the_story_is_in():
    places = resolved("Washington County", "Fayetteville", "Little Rock", "Arkansas")
    county = places["Washington County"]
    assert county.feature == "ADM2" and county.country == "US"  # type: ignore[attr-defined]
    assert county.geonameid is None and "AR" in county.note  # type: ignore[attr-defined]
    assert abs(county.lat - 36.0) < 0.3 and abs(county.lon + 94.2) < 0.3  # type: ignore[attr-defined]
    places = resolved("Rapides Parish", "Alexandria")
    assert places["Rapides Parish"].name == "Rapides Parish"  # type: ignore[attr-defined]


def test_a_common_county_name_with_no_state_to_choose_by_is_not_guessed_as_a_county():
    county = resolved("Washington County")["Washington County"]
    assert county is None or county.feature != "ADM2"  # type: ignore[attr-defined]
