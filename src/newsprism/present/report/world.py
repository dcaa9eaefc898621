"""The world's country shapes for the story map: Natural Earth's 1:110m countries (public
domain) as shipped by the npm package world-atlas (`data/countries-110m.json`, TopoJSON;
see `data/countries-110m.LICENSE.txt`), decoded once per process into longitude/latitude
rings. Nothing is fetched: the file ships with newsprism."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "countries-110m.json"
Point = tuple[float, float]  # (longitude, latitude) in degrees
Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]  # outer rings and holes, as TopoJSON gives them
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point is inside the country (even-odd rule over all its rings)."""
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        inside = False
        for ring in self.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
        return inside


def decode_topology(topology: dict) -> tuple[Country, ...]:
    """The countries of a TopoJSON topology with quantized, delta-encoded arcs (the
    TopoJSON specification, 2.1): each arc's positions summed and scaled back to degrees,
    each ring joined from its arcs (a negative index is the reversed arc ~i)."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: list[Point] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return tuple(points)

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(ring(r) for polygon in polygons for r in polygon)
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        name = str(geometry.get("properties", {}).get("name", ""))
        countries.append(Country(name, rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(countries)


@lru_cache(maxsize=1)
def world_countries() -> tuple[Country, ...]:
    """The shipped countries, decoded once per process."""
    return decode_topology(json.loads(DATA.read_text(encoding="utf-8")))
