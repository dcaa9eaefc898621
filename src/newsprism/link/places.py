"""Places: each place entity resolved to one GeoNames entry, across its stories.

A place is an entity of type GPE, LOC or FAC, or a nationality word (NORP) that the country
names list reads as a country ("Russian" air strikes: Russia). Its candidates are the
gazetteer entries (`newsprism.link.gazetteer`) of any of its names across outlets (Palmyra and
Tadmur are one entity, so one geonameid: the entry both names reach scores higher). Each
candidate is scored by
- its size: log of its population; countries and US states above cities of their name;
- the story: the share of the other places in the entity's stories that lie in its country
  (an unambiguous place votes for its country; an ambiguous one splits its vote; a US county
  votes for the states that have a county of its name), at half weight in a country whose
  middle is near it (Gaza beside Israel), and, in the United States, in its state ("Paris"
  among Texas places is Paris, Texas);
- how many of the entity's names reach it (a town reached by another of its names, lower);
- the state or country written right after one of its mentions ("Lexington, Neb.").
A part or a kind of a place the gazetteer lacks is put at the place ("North Texas",
"South Philadelphia", "State of Ohio"); a nationality word not in the names table is read
by its ending ("Latvians", "Floridians", "European": Europe).
The confidence grows with the winner's margin over the next candidate. A region name
("Homs province", "Idlib governorate") is the admin region of that name, else the country of
the city it is named after, with confidence 0.4. A US county
("Rapides Parish", "Cook County") is given its centre from the Census Bureau's county shapes
(`newsprism.link.us_counties`; no geonameid), choosing among same-named counties by the
story's state. A name the gazetteer does not know is put at the town of the story's
countries its name begins with ("Dublin Veterans Park"), with a note, else left unresolved;
one whose only candidates are small towns in countries the story never mentions while it
does mention others is left unresolved with a note, not guessed. With the articles, the
places named inside ORG and FAC names are added first (`newsprism.link.place_names`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from newsprism.link.gazetteer import Entry, Gazetteer, gazetteer
from newsprism.link.gazetteer import place_key as gazetteer_key
from newsprism.link.place_names import inner_places, is_place_name
from newsprism.link.us_counties import County, counties_named
from newsprism.model import AnnotatedArticle, Entity, Place, Story

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
REGION_WORDS = frozenset(
    {"province", "governorate", "region", "district", "prefecture", "oblast", "county", "parish"}
)
CITY_WORDS = frozenset({"city", "town"})
DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "upstate", "downstate", "metro", "greater", "downtown",
    "uptown", "suburban", "rural",
})  # fmt: skip
"""Words that make a part of a place the gazetteer lacks, put at the place: "North Texas",
"eastern Ukraine", "South Philadelphia", "Metro Vancouver"."""
KIND_WORDS = frozenset({
    "state", "commonwealth", "republic", "kingdom", "province", "city", "town", "village",
    "township", "borough", "county", "parish",
})  # fmt: skip
"""Words for what a place is, before "of" and its name: "State of Ohio", "City of Dublin"."""
REGION_CONFIDENCE = 0.4
CONTEXT_WEIGHT = 1.5
NEAR_WEIGHT = 0.75  # a story's country next door counts half its own
NEAR_KM = 400
STATE_WEIGHT = 0.5
ALTERNATE_PENALTY = 0.3  # a town reached by another of its names ("Egypt" for Goodyear, AZ)
QUALIFIER_WEIGHT = 1.0  # the state or country written right after the name: "Paris, Tenn."
QUALIFIER_GAPS = frozenset({",", " ", ", "})
SMALL_TOWN = 100_000
FEATURE_BONUS = {"PCLI": 0.6, "PPLC": 0.55}  # a capital often stands for its government
US_STATE_BONUS = 0.4
REGION_BONUS = 0.1  # a province outside the US ("Gaza" is the strip's city, not the province)
Votes = Counter[str]  # counts may be fractions: one vote split over candidates
NATIONALITY_ENDINGS = (
    ("ian", "ia"), ("ian", ""), ("ian", "io"), ("ian", "a"), ("an", "a"), ("an", ""),
    ("an", "as"), ("n", ""), ("i", ""), ("ese", ""), ("ese", "a"), ("ish", ""), ("z", "zia"),
)  # fmt: skip
"""How English makes a nationality word of a place name (the word's ending, the name's)."""


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """`gazetteer.place_key`, memoised here (a pure function of the name): a story's names
    and its candidates' names are keyed again for each place, each time it grows. (The
    gazetteer keys its own names once, at load, uncached.)"""
    return gazetteer_key(name)


def resolve_places(
    entities: Sequence[Entity],
    stories: Sequence[Story],
    gaz: Gazetteer | None = None,
    articles: Sequence[AnnotatedArticle] = (),
) -> list[Entity]:
    """`entities`, each place among them given its `place` (resolved or not), in order; with
    `articles`, the places named inside their ORG and FAC names are added first (as mentions
    of their place entities, or as new ones after the others: `link.place_names`)."""
    gaz = gaz or gazetteer()
    if articles:
        entities = inner_places(articles, entities, gaz)
    places = {e.id: candidates(e, gaz) for e in entities if is_place(e, gaz)}
    story_of = {a: s.id for s in stories for a in s.article_ids}
    stories_of = {
        e.id: {story_of.get(m.article_id, m.article_id) for m in e.mentions}
        for e in entities
        if e.id in places
    }
    votes: dict[str, Votes] = defaultdict(Counter)
    own: dict[str, Votes] = {}
    by_id = {e.id: e for e in entities}
    for entity_id, (found, _) in places.items():
        counties = {c.fips: c for name in names_of(by_id[entity_id]) for c in counties_named(name)}
        own[entity_id] = county_votes(counties.values()) if counties else context_votes(found)
        for story in stories_of[entity_id]:
            votes[story].update(own[entity_id])
    texts = {a.article.id: a.article.text for a in articles}
    qualified = qualifiers(entities, places, texts)
    resolved = []
    for entity in entities:
        if entity.id in places:
            context: Votes = Counter()
            for story in stories_of[entity.id]:
                context.update(votes[story])
            context.subtract(own[entity.id])
            context.update(qualified.get(entity.id, Counter()))
            found, region = places[entity.id]
            inside = not found and not region
            if inside:  # only in a country the story's other places are in
                found = Counter({e: 1 for e in named_after(entity, gaz) if context[e.country] > 0})
            county = choose_county(entity, +context)
            keys = frozenset(k for n in names_of(entity) for k in (place_key(n), bare_key(n)))
            place = county or choose(found, region, +context, gaz, keys)
            if inside and found and place.geonameid is not None:
                note = f"the gazetteer lacks the name: placed at {place.name}, which it begins with"
                place = replace(place, confidence=min(place.confidence, 0.5), note=note)
            entity = replace(entity, place=place)
        resolved.append(entity)
    return resolved


def qualifiers(
    entities: Sequence[Entity],
    places: dict[str, tuple[Counter[Entry], bool]],
    texts: dict[str, str] | None = None,
) -> dict[str, Votes]:
    """Per place entity, the states and countries that qualify one of its mentions right
    after it ("Fresno, Calif.", "Lexington, Neb.", "London, Ontario"): keys "Q:US-CA", "Q:CA".
    Where the article's text is in `texts`, only a comma or a space may stand between them
    ("Egypt-US relations" does not put Egypt in the US)."""
    texts = texts or {}
    at = {(m.article_id, m.start): e.id for e in entities if e.id in places for m in e.mentions}
    found: dict[str, Votes] = {}
    for entity in entities:
        if entity.id not in places:
            continue
        for mention in entity.mentions:
            for gap in (1, 2):  # "Fresno, Calif." / "Fresno Calif."
                other = at.get((mention.article_id, mention.end + gap))
                if other is None or other == entity.id:
                    continue
                text = texts.get(mention.article_id)
                if text is not None and text[mention.end : mention.end + gap] not in QUALIFIER_GAPS:
                    break
                for entry in places[other][0]:
                    if entry.feature in ("ADM1", "PCLI"):
                        key = (
                            f"US-{entry.admin1}"
                            if entry.country == "US" and entry.admin1
                            else entry.country
                        )
                        found.setdefault(entity.id, Counter())["Q:" + key] = 1
                break
    return found


def is_place(entity: Entity, gaz: Gazetteer) -> bool:
    if entity.type in PLACE_TYPES:
        return True
    return entity.type == "NORP" and any(nationality(name, gaz) for name in names_of(entity))


def nationality(word: str, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country (else the continent, else the state or province) a nationality word
    stands for: from the names table ("Russian", "Briton"), else by the endings English
    forms these words with ("Latvians": Latvia, "Egyptian": Egypt, "Abkhaz": Abkhazia,
    "North American": North America, "Floridians": Florida, "Ontarians": Ontario), the
    stem spelt as the entry's own name."""
    found = tuple(e for e in gaz.lookup(word) if e.feature == "PCLI")
    if found:
        return found
    key = place_key(word)
    bases = {key, key[:-1]} if key.endswith("s") else {key}
    stems = {
        base[: len(base) - len(ending)] + stem
        for base in bases
        for ending, stem in NATIONALITY_ENDINGS
        if base.endswith(ending) and len(base) - len(ending) >= 3
    }
    entries = [
        e
        for stem in stems
        for e in gaz.lookup(stem)
        if e.feature in ("PCLI", "CONT", "ADM1") and place_key(e.name) == stem
    ]
    for feature in ("PCLI", "CONT", "ADM1"):
        if chosen := tuple(dict.fromkeys(e for e in entries if e.feature == feature)):
            return chosen
    return ()


def names_of(entity: Entity) -> list[str]:
    return list(dict.fromkeys((entity.name, *entity.aliases)))


def candidates(entity: Entity, gaz: Gazetteer) -> tuple[Counter[Entry], bool]:
    """The entries the entity's names reach, each with how many names reach it, and whether
    the names are of a region the gazetteer lacks ("X province" where it has no region X:
    the entries are of the city "X"), which they are not when another of them is a place by
    itself ("Baghdad" beside "Baghdad district" is the city)."""
    found: Counter[Entry] = Counter()
    region = direct = False
    for name in names_of(entity):
        entries = gaz.lookup(name)
        direct = direct or bool(entries)
        words = place_key(name).split()
        if not entries and len(words) > 1 and words[-1] in REGION_WORDS | CITY_WORDS:
            bare = " ".join(words[:-1])
            entries = gaz.regions(bare) if words[-1] in REGION_WORDS else ()
            if not entries:
                region = region or words[-1] in REGION_WORDS
                entries = gaz.lookup(bare)
        if not entries and bare_key(name) != place_key(name):
            entries = gaz.lookup(bare_key(name))  # "State of Ohio", "South Philadelphia"
        if entity.type == "NORP" or not entries:
            entries = nationality(name, gaz)  # "Ohioans" tagged as a place
        found.update(set(entries))
    return found, region and not direct


def bare_key(name: str) -> str:
    """The key of the place a name is a part or a kind of: "State of Ohio", "Town of
    Groton", "North Texas", "South Philadelphia" -> "ohio", "groton", "texas",
    "philadelphia"; else the name's own key."""
    words = place_key(name).split()
    if len(words) > 2 and words[1] == "of" and words[0] in KIND_WORDS:
        return " ".join(words[2:])
    if len(words) > 1 and words[0] in DIRECTIONS:
        return " ".join(words[1:])
    return " ".join(words)


def named_after(entity: Entity, gaz: Gazetteer) -> list[Entry]:
    """For a place the gazetteer lacks whose name begins with a place it has ("Dublin
    Veterans Park", "South Charleston Mound"): the towns of that name (not of another name of
    theirs)."""
    words = entity.name.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        head = " ".join(words[:n])
        if is_place_name(head, gaz):
            key = place_key(head)
            return [
                e
                for e in gaz.lookup(head)
                if e.feature in ("PPL", "PPLC") and place_key(e.name) == key
            ]
    return []


def context_votes(found: Counter[Entry]) -> Votes:
    """What one place says of where its story is: one vote split over its candidates'
    countries, and over their US states ("US-TX")."""
    votes: Votes = Counter()
    countries = {e.country for e in found if e.country}  # a continent has none
    for country in countries:
        votes[country] += 1 / len(countries)  # type: ignore[assignment]
    states = {e.admin1 for e in found if e.country == "US" and e.admin1}
    for state in states:
        votes["US-" + state] += 1 / len(states)  # type: ignore[assignment]
    return votes


def county_votes(counties: Iterable[County]) -> Votes:
    """What a US county says of where its story is: the United States, and one vote split
    over the states that have a county of its name ("Muscogee County": Georgia)."""
    states = {c.state for c in counties}
    votes: Votes = Counter({"US": 1})
    for state in states:
        votes["US-" + state] += 1 / len(states)  # type: ignore[assignment]
    return votes


def score(
    entry: Entry,
    hits: int,
    context: Votes,
    total: float,
    keys: frozenset[str] = frozenset(),
    near: float = 0.0,
) -> float:
    """How well `entry` fits a place named by `keys` (its names' keys) in `context`; `near`:
    the votes of the story's other countries whose middle is near it."""
    size = math.log10(max(entry.population, 10)) / 7
    own_name = not keys or place_key(entry.name) in keys
    if entry.feature == "ADM1":
        size += US_STATE_BONUS if entry.country == "US" else REGION_BONUS
    elif own_name:  # a capital by its own name: Amman is not "Philadelphia"'s capital bonus
        size += FEATURE_BONUS.get(entry.feature, 0.0)
    qualified = context["Q:" + entry.country] or (
        entry.country == "US" and context["Q:US-" + entry.admin1]
    )
    share = context[entry.country] / total if total else 0.0
    state = context["US-" + entry.admin1] / total if total and entry.country == "US" else 0.0
    return (
        size
        - ALTERNATE_PENALTY * (entry.feature in ("PPL", "PPLC") and not own_name)
        + CONTEXT_WEIGHT * share
        + NEAR_WEIGHT * (near / total if total else 0.0)
        + STATE_WEIGHT * min(state * 3, 1.0)
        + 0.3 * (hits - 1)
        + QUALIFIER_WEIGHT * bool(qualified)
    )


def near_votes(
    entry: Entry,
    context: Votes,
    gaz: Gazetteer,
    middles: Sequence[tuple[str, float, float, float]] | None = None,
) -> float:
    """The votes of the story's countries, other than the entry's own, whose middle lies
    within NEAR_KM of it: Gaza in a story about Israel is the strip's city, not Mozambique's
    province. `middles`: `country_middles(context, gaz)`, when the caller has them."""
    if entry.lat is None or entry.lon is None:
        return 0.0
    votes = 0.0
    for code, count, lat, lon in country_middles(context, gaz) if middles is None else middles:
        if code != entry.country and is_near(entry.lat, entry.lon, lat, lon):
            votes += count
    return votes


def country_middles(context: Votes, gaz: Gazetteer) -> list[tuple[str, float, float, float]]:
    """(code, votes, latitude, longitude) of the countries in `context` with votes and a
    known middle, in `context`'s order: read once per place chosen, not once per candidate."""
    middles: list[tuple[str, float, float, float]] = []
    for code, count in context.items():
        if count <= 0 or code.startswith(("US-", "Q:")):
            continue
        country = gaz.country(code)
        if country is not None and country.lat is not None and country.lon is not None:
            middles.append((code, count, country.lat, country.lon))
    return middles


@lru_cache(maxsize=65536)
def is_near(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """Whether two points are within NEAR_KM. Memoised: a story's candidates are measured
    against the same countries for each of its places, and again each time it grows."""
    return distance_km(lat1, lon1, lat2, lon2) < NEAR_KM


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def choose(
    found: Counter[Entry],
    region: bool,
    context: Votes,
    gaz: Gazetteer,
    keys: frozenset[str] = frozenset(),
) -> Place:
    if not found:
        return Place(
            None, note="not in the gazetteer (GeoNames places of 1,000+ people, countries, regions)"
        )
    total = sum(v for k, v in context.items() if not k.startswith(("US-", "Q:")))
    middles = country_middles(context, gaz)
    near = {e: near_votes(e, context, gaz, middles) for e in found}
    scores = {e: score(e, found[e], context, total, keys, near[e]) for e in found}
    ranked = sorted(found, key=lambda e: (-scores[e], e.geonameid))
    best = ranked[0]
    if region and best.feature == "PPL" or region and best.feature == "PPLC":
        country = gaz.country(best.country)
        if country is None:
            return Place(None, note="a region; the gazetteer has no admin-1 regions here")
        return place_of(
            country,
            REGION_CONFIDENCE,
            f"a region named after {best.name}; the gazetteer has no admin-1 regions outside "
            "the US, so its country is given",
        )
    if (
        best.feature in ("PPL", "PPLC")
        and best.population < SMALL_TOWN
        and total >= 2
        and context[best.country] == 0
    ):
        return Place(
            None, note=f"only candidate {best.name} ({best.country}) is far from the story"
        )
    note = (
        "an admin region: its centre from GeoNames' places in it; no GeoNames id in our data"
        if best.geonameid < 0
        else ""
    )
    if len(ranked) == 1:
        return place_of(best, 0.9, note)
    margin = scores[best] - scores[ranked[1]]
    return place_of(best, round(min(0.9, 0.5 + margin / 2), 2), note)


def choose_county(entity: Entity, context: Votes) -> Place | None:
    """A US county ("Rapides Parish", "Cook County") at its centre, when one county has the
    name, or the story's places vote for one of the states that have one; None otherwise."""
    found = {c.fips: c for name in names_of(entity) for c in counties_named(name)}
    if not found:
        return None
    spelt = {name.lower() for name in names_of(entity)}

    def weight(c: County) -> tuple[float, bool]:
        # the story's state first, then the county spelt just so (Cooke, not Coke County)
        return context["US-" + c.state] + 10 * context["Q:US-" + c.state], c.name.lower() in spelt

    ranked = sorted(found.values(), key=lambda c: (-weight(c)[0], -weight(c)[1], c.fips))
    best = ranked[0]
    if len(ranked) > 1 and weight(best) <= weight(ranked[1]):
        return None  # "Washington County" in a story with no state to choose by
    return Place(
        geonameid=None,
        name=best.name,
        lat=best.lat,
        lon=best.lon,
        country="US",
        feature="ADM2",
        confidence=0.8 if len(ranked) == 1 else 0.7,
        note=f"a US county ({best.state}): its centre from the Census Bureau's county shapes; "
        "the gazetteer has no GeoNames id for counties",
    )


def place_of(entry: Entry, confidence: float, note: str = "") -> Place:
    return Place(
        geonameid=entry.geonameid if entry.geonameid > 0 else None,  # regions have none
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
        country=entry.country or None,  # a continent
        feature=entry.feature,
        confidence=confidence,
        note=note,
    )
