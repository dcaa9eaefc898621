"""Places: recognition and resolution of toponyms, beside a population baseline.

    python bench/places.py ../shared/data/geo [--limit N]

Gold: `geo/{lgl,trnews}.jsonl` (toponyms as character offsets with GeoNames ids and
coordinates; scoring rules in that folder's README). Each article is annotated by the product
and taken as its own story; predicted place mentions are the mentions of the entities
`resolve_places` gives a place. Recognition: span overlap, one to one, P/R/F1 over all gold
toponyms. Resolution, on the matched pairs whose gold has coordinates: error 0 km for the same
geonameid, else the great-circle distance, 20,039 km without coordinates; accuracy@161 km,
AUC of ln(error + 1), median. Baseline in the same run: "population" (the most populous
gazetteer entry of the mention's name), on the same pairs, and on all gold spans (the
README's anchor). Then the worked example, hand-labelled here (`EXAMPLE_GOLD`), newsprism
against the baseline, and the CLI run end to end with its export checked for `places`.
Also the gazetteer's index build time and memory.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from newsprism.annotate.pipeline import annotate_each
from newsprism.link.entities import link_entities
from newsprism.link.gazetteer import gazetteer
from newsprism.link.places import resolve_places
from newsprism.model import Article, Story
from newsprism.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
EXAMPLE_GOLD = {  # entity name -> GeoNames id, by hand (None: not in the gazetteer, or a region
    # outside the US, which the gazetteer holds without a GeoNames id)
    "Palmyra": 163808, "Syria": 163843, "Syrian": 163843, "Russia": 2017370,
    "Russian": 2017370, "United States": 6252001, "Aleppo": 170063, "Raqqa": 172955,
    "Damascus": 170654, "Iraq": 99237, "Iraqi": 99237, "Moscow": 524901, "Mosul": 99072,
    "Al-Qaryatain": 173361, "St Petersburg": 498817, "Homs province": None,
    "Arch of Victory": None, "Mariinsky Theatre": None,
}  # fmt: skip
WORLD = 20039.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def error(gold: dict, gid: int | None, lat: float | None, lon: float | None) -> float:
    if gid is not None and gid == gold.get("geonameid"):
        return 0.0
    if lat is None or lon is None:
        return WORLD
    return km(gold["lat"], gold["lon"], lat, lon)


def summary(errors: list[float]) -> str:
    if len(errors) < 2:
        return "n/a"
    logs = sorted(math.log(e + 1) for e in errors)
    auc = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    auc /= math.log(WORLD) * (len(logs) - 1)
    acc = sum(e < 161 for e in errors) / len(errors)
    return f"acc@161 {acc:.3f}  AUC {auc:.3f}  median {statistics.median(errors):,.0f} km"


def baseline(name: str) -> tuple[int | None, float | None, float | None]:
    found = gazetteer().lookup(name)
    return (found[0].geonameid, found[0].lat, found[0].lon) if found else (None, None, None)


def predicted(records: list[dict]) -> list[list[tuple[int, int, object]]]:
    """Per record: (start, end, place) of each predicted place mention."""
    articles = [Article(r["id"], "", r["text"]) for r in records]
    out: dict[str, list] = {r["id"]: [] for r in records}
    for annotated in annotate_each(articles, Settings()):
        if not hasattr(annotated, "article"):
            continue
        entities, _ = link_entities([annotated])  # type: ignore[list-item]
        aid = annotated.article.id  # type: ignore[union-attr]
        story = [Story(aid, "", (aid,))]
        for e in resolve_places(entities, story, articles=[annotated]):  # type: ignore[list-item]
            if e.place is not None:
                out[aid] += [(m.start, m.end, e.place) for m in e.mentions]
    return [out[r["id"]] for r in records]


def score_set(path: Path, limit: int | None) -> None:
    records = [json.loads(line) for line in path.open(encoding="utf-8")][:limit]
    started = time.perf_counter()
    predictions = predicted(records)
    tp = n_pred = n_gold = 0
    ours, base, base_all = [], [], []
    for record, spans in zip(records, predictions, strict=True):
        gold = record["toponyms"]
        n_gold, n_pred = n_gold + len(gold), n_pred + len(spans)
        pairs = sorted(
            (
                (min(g["end"], e) - max(g["start"], s), gi, pi)
                for gi, g in enumerate(gold)
                for pi, (s, e, _) in enumerate(spans)
                if min(g["end"], e) > max(g["start"], s)
            ),
            reverse=True,
        )
        used_g, used_p = set(), set()
        for _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            tp += 1
            g, place = gold[gi], spans[pi][2]
            if g.get("lat") is None:
                continue
            ours.append(error(g, place.geonameid, place.lat, place.lon))  # type: ignore[attr-defined]
            base.append(error(g, *baseline(record["text"][spans[pi][0] : spans[pi][1]])))
        base_all += [error(g, *baseline(g["name"])) for g in gold if g.get("lat") is not None]
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    print(f"\n{path.name}: {len(records)} articles, {n_gold} gold toponyms, {n_pred} predicted")
    print(f"  recognition            P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print(f"  newsprism  ({len(ours)} pairs)  {summary(ours)}")
    print(f"  population (same pairs)   {summary(base)}")
    print(f"  population (gold spans, {len(base_all)})  {summary(base_all)}")
    print(f"  ({time.perf_counter() - started:.0f} s)")


def example_and_cli() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.json"
        script = Path(sys.executable).parent / "newsprism"
        cli = [str(script)] if script.exists() else [sys.executable, "-m", "newsprism.cli"]
        command = [*cli, "analyze", str(EXAMPLE), "--db", str(Path(tmp) / "n.db")]
        subprocess.run([*command, "--json", str(out)], check=True, capture_output=True)
        places = json.loads(out.read_text(encoding="utf-8"))["places"]
    right = base_right = 0
    for place in places:
        want = EXAMPLE_GOLD.get(place["name"], "unlabelled")
        right += place["geonameid"] == want
        base_right += baseline(place["name"])[0] == want
    print(f"\nexample (CLI export): {len(places)} places, hand-labelled {len(EXAMPLE_GOLD)}")
    print(f"  newsprism {right}/{len(EXAMPLE_GOLD)}, population {base_right}/{len(EXAMPLE_GOLD)}")
    assert any(p["geonameid"] == 163808 for p in places), "Palmyra missing from places[]"


def index_cost() -> None:
    gazetteer.cache_clear()
    started = time.perf_counter()
    gazetteer()
    seconds = time.perf_counter() - started
    gazetteer.cache_clear()
    tracemalloc.start()
    gaz = gazetteer()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"gazetteer index: {len(gaz.by_key):,} keys, {len(gaz.entries):,} entries; "
        f"built in {seconds:.2f} s, {kept / 1e6:.0f} MB kept ({peak / 1e6:.0f} MB peak)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("geo", type=Path, help="the geo folder (lgl.jsonl, trnews.jsonl)")
    parser.add_argument("--limit", type=int, default=None, help="articles per set")
    args = parser.parse_args()
    index_cost()
    example_and_cli()
    for name in ("lgl.jsonl", "trnews.jsonl"):
        if (args.geo / name).exists():
            score_set(args.geo / name, args.limit)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
