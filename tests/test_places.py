"""Places: every place entity resolved to one GeoNames entry (or left unresolved, saying so)."""

from __future__ import annotations

from newsprism.model import Analysis, Entity, Span, Story
from newsprism.present.export import analysis_to_json
from newsprism.store import open_store


def place_named(analysis: Analysis, name: str) -> Entity:
    return next(e for e in analysis.entities if e.name == name and e.place is not None)


def test_example_places_resolve_in_syria_iraq_and_russia(example_analysis):
    expected = {
        "Palmyra": (163808, "SY"),
        "Aleppo": (170063, "SY"),
        "Raqqa": (172955, "SY"),
        "Mosul": (99072, "IQ"),
        "Al-Qaryatain": (173361, "SY"),
        "Syria": (163843, "SY"),
        "Russia": (2017370, "RU"),
        "St Petersburg": (498817, "RU"),
    }
    for name, (geonameid, country) in expected.items():
        place = place_named(example_analysis, name).place
        assert place is not None and (place.geonameid, place.country) == (geonameid, country), name
        assert place.lat is not None and place.lon is not None and place.confidence >= 0.5


def test_a_country_sits_at_the_centre_of_its_own_cities(example_analysis):
    boxes = {"Syria": ((32, 37.5), (35, 42.5)), "Russia": ((45, 70), (30, 100))}
    for name, ((south, north), (west, east)) in boxes.items():
        place = place_named(example_analysis, name).place
        assert place is not None and place.lat is not None and place.lon is not None
        assert south <= place.lat <= north and west <= place.lon <= east, (name, place)


def test_tadmur_and_palmyra_are_one_place_in_syria_not_brazil(example_analysis):
    palmyra = place_named(example_analysis, "Palmyra")
    assert "Tadmur" in palmyra.aliases
    assert palmyra.place is not None and palmyra.place.name == "Tadmur"
    exported = analysis_to_json(example_analysis)["places"]
    assert [p["geonameid"] for p in exported if "Tadmur" in {m["text"] for m in p["mentions"]}] == [
        163808
    ]


def test_homs_province_is_given_as_its_country_with_low_confidence(example_analysis):
    place = place_named(example_analysis, "Homs province").place
    assert place is not None and place.feature == "PCLI" and place.country == "SY"
    assert place.confidence < 0.5 and "admin-1" in place.note


def test_nationality_words_stand_for_their_country(example_analysis):
    for name, country in (("Russian", "RU"), ("Syrian", "SY"), ("Iraqi", "IQ")):
        place = place_named(example_analysis, name).place
        assert place is not None and place.country == country and place.feature == "PCLI"
    assert all(e.place is None for e in example_analysis.entities if e.name == "jihadist")


def test_a_place_not_in_the_gazetteer_is_left_unresolved_and_says_so(example_analysis):
    theatre = place_named(example_analysis, "Mariinsky Theatre").place
    assert theatre is not None and theatre.geonameid is None and theatre.lat is None
    assert theatre.confidence == 0 and "gazetteer" in theatre.note


def resolve(*names: str) -> dict[str, Entity]:
    from newsprism.link.places import resolve_places

    entities = [
        Entity(f"e{i}", n, "GPE", (n,), (Span("a1", i * 10, i * 10 + len(n), n),))
        for i, n in enumerate(names)
    ]
    stories = [Story("s1", "t", ("a1",))]
    return {e.name: e for e in resolve_places(entities, stories)}


def test_paris_among_texas_places_is_paris_texas_and_alone_is_paris_france():
    texas = resolve("Paris", "Texas", "Dallas", "Houston")["Paris"].place
    assert texas is not None and (texas.country, texas.geonameid) == ("US", 4717560)
    france = resolve("Paris", "Lyon")["Paris"].place
    assert france is not None and (france.country, france.geonameid) == ("FR", 2988507)


def test_a_made_up_place_name_is_unresolved():
    place = resolve("Syria", "Qasr al-Zubaydiyat")["Qasr al-Zubaydiyat"].place
    assert place is not None and place.geonameid is None


def test_places_round_trip_through_the_store(example_analysis, store_location):
    """SQLite and PostgreSQL both give back each entity's place as it was saved."""
    with open_store(store_location) as store:
        store.save_analysis(example_analysis)
        loaded = {e.id: e.place for e in store.load_entities()}
    for entity in example_analysis.entities:
        assert loaded[entity.id] == entity.place


def test_the_gazetteer_index_is_cached_on_disk_and_read_back_the_same(tmp_path, monkeypatch):
    from newsprism.link import gazetteer as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    module.gazetteer.cache_clear()
    try:
        built = module.gazetteer()
        [cached] = (tmp_path / "newsprism").glob("gazetteer-*.json")
        module.gazetteer.cache_clear()
        assert module.gazetteer() == built
        cached.write_text("{not json")  # a damaged cache is rebuilt, not trusted
        module.gazetteer.cache_clear()
        assert module.gazetteer() == built
    finally:
        module.gazetteer.cache_clear()
