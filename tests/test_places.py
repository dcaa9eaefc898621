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


def test_homs_province_is_the_syrian_province_and_homs_alone_the_city(example_analysis):
    place = place_named(example_analysis, "Homs province").place
    assert place is not None and place.feature == "ADM1" and place.country == "SY"
    assert place.geonameid is None and "admin region" in place.note
    assert place.lat is not None and place.lon is not None
    assert 33.5 <= place.lat <= 35.5 and 36.5 <= place.lon <= 39.5  # central Syria
    city = resolve("Homs", "Syria")["Homs"].place
    assert city is not None and (city.geonameid, city.feature) == (169577, "PPL")


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


def test_regions_outside_the_us_resolve_to_their_middle_without_a_geonames_id():
    found = resolve("Alberta", "Calgary", "Quebec")
    alberta, quebec = found["Alberta"].place, found["Quebec"].place
    assert alberta is not None and (alberta.country, alberta.feature) == ("CA", "ADM1")
    assert alberta.geonameid is None and 49 <= alberta.lat <= 60 and -120 <= alberta.lon <= -110
    assert quebec is not None and (quebec.country, quebec.feature) == ("CA", "ADM1")
    queensland = resolve("Queensland", "Sydney", "Perth")["Queensland"].place
    assert queensland is not None and (queensland.country, queensland.feature) == ("AU", "ADM1")
    assert queensland.lat is not None and queensland.lat is not None and queensland.lon is not None
    assert -29 <= queensland.lat <= -10 and 138 <= queensland.lon <= 154  # not at Brisbane only


def adjacent(*names: str) -> dict[str, Entity]:
    """Entities for `names` written one after the other, ", " between: "Lexington, Neb."."""
    from newsprism.link.places import resolve_places

    entities, start = [], 0
    for i, name in enumerate(names):
        entities.append(
            Entity(f"e{i}", name, "GPE", (name,), (Span("a1", start, start + len(name), name),))
        )
        start += len(name) + 2
    return {e.name: e for e in resolve_places(entities, [Story("s1", "t", ("a1",))])}


def test_the_state_written_after_a_town_chooses_among_its_homonyms():
    nebraska = adjacent("Lexington", "Neb.")
    assert nebraska["Neb."].place is not None and nebraska["Neb."].place.name == "Nebraska"
    town = nebraska["Lexington"].place
    assert town is not None and (town.geonameid, town.country) == (5071934, "US")
    alone = resolve("Lexington")["Lexington"].place  # the largest: Lexington, Kentucky
    assert alone is not None and alone.geonameid == 4297983
    west_virginia = adjacent("South Charleston", "W.Va.")["South Charleston"].place
    assert west_virginia is not None and west_virginia.geonameid is not None
    assert 38 <= west_virginia.lat <= 38.5 and -82 <= west_virginia.lon <= -81.5


def test_places_inside_names_and_abbreviations_are_place_mentions():
    """Local news names its places inside other names and by the AP's abbreviations."""
    from newsprism.annotate.pipeline import annotate_each
    from newsprism.link.entities import link_entities
    from newsprism.link.places import resolve_places
    from newsprism.model import Article
    from newsprism.settings import Settings

    text = (
        "The Madison County Health Department said on Tuesday that the University of "
        "Nebraska would test the water in Omaha, Neb., after U.S. officials asked."
    )
    (annotated,) = annotate_each([Article("a1", "", text)], Settings())
    entities, _ = link_entities([annotated])  # type: ignore[list-item]
    story = [Story("a1", "", ("a1",))]
    places = {
        text[m.start : m.end]: e.place
        for e in resolve_places(entities, story, articles=[annotated])  # type: ignore[list-item]
        if e.place is not None
        for m in e.mentions
    }
    assert {"Madison County", "Nebraska", "Omaha", "Neb.", "U.S."} <= set(places)
    assert places["Nebraska"].feature == "ADM1" and places["Neb."].name == "Nebraska"
    assert places["U.S."].geonameid == 6252001
    county = places["Madison County"]
    assert county.feature == "ADM2" and county.note.startswith("a US county (NE)")


def test_a_part_of_a_state_is_in_the_state_and_a_county_is_the_one_spelt_so():
    north = resolve("North Texas", "Dallas")["North Texas"].place
    assert north is not None and (north.name, north.feature) == ("Texas", "ADM1")
    for name, want in (
        ("South Philadelphia", "Philadelphia"),
        ("State of Ohio", "Ohio"),
        ("Ohioans", "Ohio"),
        ("North Qasr al-Zubaydiyat", None),
    ):
        assert resolve(name)[name].place.name == want, name  # type: ignore[union-attr]
    cooke = resolve("Cooke County", "Texas")["Cooke County"].place  # not Coke County, Texas
    assert cooke is not None and cooke.feature == "ADM2" and "(TX)" in cooke.note
    assert cooke.lat is not None and 33.5 <= cooke.lat <= 33.8


def places_of(text: str) -> dict[str, list]:
    """Each place mention's text in `text`, annotated and resolved as the CLI does it, with
    the places it was resolved to."""
    from newsprism.annotate.pipeline import annotate_each
    from newsprism.link.entities import link_entities
    from newsprism.link.places import resolve_places
    from newsprism.model import Article
    from newsprism.settings import Settings

    (annotated,) = annotate_each([Article("a1", "", text)], Settings())
    entities, _ = link_entities([annotated])  # type: ignore[list-item]
    found: dict[str, list] = {}
    story = [Story("a1", "", ("a1",))]
    for e in resolve_places(entities, story, articles=[annotated]):  # type: ignore[list-item]
        for m in e.mentions:
            if e.place is not None:
                found.setdefault(text[m.start : m.end], []).append(e.place)
    return found


def test_datelines_and_legislators_home_towns_are_places():
    text = (
        "Council approves budget. CORSICANA — A Henderson County woman was sentenced on "
        "Monday, said Rep. Torrey Westrom, R-Elbow Lake, and Sen. Tom Bakk, DFL-Cook, who "
        "met in St. Paul, Minn., on Friday."
    )
    places = places_of(text)
    assert {"CORSICANA", "Elbow Lake", "Cook", "St. Paul"} <= set(places)
    elbow_lake = places["Elbow Lake"][0]
    assert elbow_lake.country == "US" and 45 <= elbow_lake.lat <= 47  # in Minnesota
    corsicana = places["CORSICANA"][0]
    assert corsicana.country == "US" and 31.5 <= corsicana.lat <= 32.5  # Corsicana, Texas
    assert "Day" not in places_of("Veterans of D-Day met in Normandy on Friday.")
    caption = places_of("Storm hits coast. FILE — A photo of the pier in Biloxi, Miss., in 2005.")
    assert "FILE" not in caption and "Biloxi" in caption


def test_a_country_next_to_another_with_a_hyphen_is_not_qualified_by_it():
    places = places_of("Egypt-US relations warmed as Cairo hosted envoys from Washington.")
    assert places["Egypt"][0].geonameid == 357994  # the country, not Egypt, Pennsylvania


def test_a_town_the_tagger_calls_an_organisation_is_a_place_by_the_words_around_it():
    text = (
        "Grand Prairie police are investigating the death of a teenager, said Kalena Horhn, "
        "19, of Grand Prairie. Corporate officials for Northbrook-based Crate & Barrel "
        "declined to comment."
    )
    places = places_of(text)
    assert len(places["Grand Prairie"]) == 2 and "Northbrook" in places
    assert places["Grand Prairie"][0].country == "US"
    assert "Crate & Barrel" not in places


def test_nationality_words_beyond_the_names_table_and_continents():
    from newsprism.link.places import resolve_places

    words = ("Latvians", "Abkhaz", "Floridians", "European", "Christian")
    entities = [
        Entity(f"e{i}", w, "NORP", (w,), (Span("a1", i * 20, i * 20 + len(w), w),))
        for i, w in enumerate(words)
    ]
    found = {e.name: e.place for e in resolve_places(entities, [Story("s1", "t", ("a1",))])}
    assert (found["Latvians"].country, found["Latvians"].feature) == ("LV", "PCLI")  # type: ignore[union-attr]
    assert (found["Abkhaz"].country, found["Abkhaz"].feature) == ("GE", "ADM1")  # type: ignore[union-attr]
    assert found["Floridians"].name == "Florida"  # type: ignore[union-attr]
    europe = found["European"]
    assert europe is not None and (europe.geonameid, europe.feature) == (6255148, "CONT")
    assert europe.country is None and 40 <= europe.lat <= 60  # type: ignore[operator]
    assert found["Christian"] is None  # a religion is not a place


def test_a_county_puts_its_story_in_its_state():
    georgia = resolve("Columbus", "Muscogee County", "Harris County")["Columbus"].place
    assert georgia is not None and (georgia.country, georgia.geonameid) == ("US", 4188985)


def test_a_canadian_province_abbreviated_qualifies_its_town():
    ontario = adjacent("London", "Ont.")
    assert ontario["Ont."].place is not None and ontario["Ont."].place.name == "Ontario"
    london = ontario["London"].place
    assert london is not None and london.country == "CA"  # not London, England


def test_a_place_next_to_the_story_s_country_wins_over_one_far_away():
    gaza = resolve("Gaza", "Israel", "Jerusalem")["Gaza"].place
    assert gaza is not None and gaza.country == "PS"  # the strip's city, not Mozambique's province


def test_a_city_also_called_a_district_is_the_city():
    from newsprism.link.places import resolve_places

    names = ("Baghdad", "Baghdad district")
    spans = tuple(Span("a1", i * 20, i * 20 + len(n), n) for i, n in enumerate(names))
    entities = [Entity("e0", "Baghdad", "GPE", names, spans)]
    place = resolve_places(entities, [Story("s1", "t", ("a1",))])[0].place
    assert place is not None and place.geonameid == 98182 and place.feature == "PPLC"
