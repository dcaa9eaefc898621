"""Events: PLOVER event coding of the gold-standard records, beside two baselines.

    python bench/events.py ../shared/data [--limit N] [--no-cli]

Gold: `plover/PLOVER_GSR_CAMEO.txt` (322 sentences, one PLOVER 0.5b1 event each; a repeated
id is read once). The gold's names are mapped to the 2021 names newsprism codes: DEMAND ->
REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT. Each sentence is parsed by
the product's pipeline and coded by `find_events`; the sentence's event is the candidate whose
trigger stands highest in the parse (nearest the root), none when there is no candidate.
Figures: type accuracy, precision/recall/F1 per type and their macro mean, source and target
match (our actor's words share a word with one of the gold actor texts), over all records
with a gold actor and over the records whose type is right; the most frequent confusions.
Baselines in the same run: "majority" (every sentence the most frequent gold type) and
"verb lookup" (the first verb of the sentence found in the same verb dictionary, no rules:
no frames, light verbs, nouns, negation or intent; its source the noun phrase just before
the verb, its target the one just after). Then the CLI end to end: the records as JSON Lines
through `newsprism analyze --json`, with the share of records whose export holds an event of
the gold type, compared with the in-process run; and the worked example through the CLI, its
events by Islamic State and Russia listed with where, when and who reports them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from newsprism.annotate.event_verbs import verb_dictionary
from newsprism.annotate.events import find_events
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.nlp import load_pipeline
from newsprism.annotate.time import find_times
from newsprism.model import EventCandidate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
NONE = "NONE"
STOP = frozenset({"the", "a", "an", "of", "and", "'s", "its", "their", "his", "her"})


def load_records(folder: Path) -> list[dict]:
    path = folder / "plover" / "PLOVER_GSR_CAMEO.txt"
    seen, records = set(), []
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or record["id"] in seen:
            continue
        seen.add(record["id"])
        record["gold"] = RENAMED.get(record["event"], record["event"])
        records.append(record)
    return records


def actor_texts(field: object) -> list[str]:
    if not isinstance(field, list):
        return []
    return [a["actorText"] for a in field if isinstance(a, dict) and a.get("actorText")]


def words(text: str) -> set[str]:
    return {w.strip(".,'\"()").lower() for w in text.split()} - STOP - {""}


def matches(ours: str | None, gold: list[str]) -> bool:
    return ours is not None and any(words(ours) & words(g) for g in gold)


def depth(doc: Doc, start: int) -> int:
    token = next((t for t in doc if t.idx >= start), doc[0])
    steps = 0
    while token.head.i != token.i and steps < 50:
        token, steps = token.head, steps + 1
    return steps


def primary(doc: Doc, events: list[EventCandidate]) -> EventCandidate | None:
    if not events:
        return None
    return min(events, key=lambda e: (depth(doc, e.trigger.start), e.trigger.start))


def verb_lookup(doc: Doc) -> tuple[str, str | None, str | None]:
    verbs = verb_dictionary().verbs
    chunks = list(doc.noun_chunks)
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            before = [c for c in chunks if c.end <= token.i]
            after = [c for c in chunks if c.start > token.i]
            return (
                verbs[token.lemma_.lower()].type,
                before[-1].text if before else None,
                after[0].text if after else None,
            )
    return NONE, None, None


def scores(name: str, rows: list[tuple[str, str, bool | None, bool | None]]) -> dict:
    """rows: (gold type, predicted type, source match or None if no gold source, target ...)."""
    types = sorted({g for g, *_ in rows})
    per_type = {}
    for kind in types:
        tp = sum(1 for g, p, *_ in rows if g == kind and p == kind)
        fp = sum(1 for g, p, *_ in rows if g != kind and p == kind)
        fn = sum(1 for g, p, *_ in rows if g == kind and p != kind)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_type[kind] = (prec, rec, f1, tp + fn)
    accuracy = sum(1 for g, p, *_ in rows if g == p) / len(rows)

    def share(index: int, only_right: bool) -> tuple[float, int]:
        kept = [r for r in rows if r[index] is not None and (not only_right or r[0] == r[1])]
        return (sum(1 for r in kept if r[index]) / len(kept) if kept else 0.0, len(kept))

    return {
        "name": name,
        "accuracy": accuracy,
        "macro_f1": sum(v[2] for v in per_type.values()) / len(per_type),
        "per_type": per_type,
        "source": share(2, False),
        "target": share(3, False),
        "source_right": share(2, True),
        "target_right": share(3, True),
        "coded": sum(1 for _, p, *_ in rows if p != NONE) / len(rows),
    }


def show(result: dict) -> None:
    print(
        f"{result['name']:<12} type accuracy {result['accuracy']:.3f}  macro F1 "
        f"{result['macro_f1']:.3f}  coded {result['coded']:.3f}  "
        f"source {result['source'][0]:.3f} (n={result['source'][1]})  "
        f"target {result['target'][0]:.3f} (n={result['target'][1]})  "
        f"| on right types: source {result['source_right'][0]:.3f}, "
        f"target {result['target_right'][0]:.3f}"
    )


def run_cli(records: list[dict]) -> tuple[float, float]:
    """The records through `newsprism analyze`: (share of records whose export has an event
    of the gold type, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plover.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for r in records:
                row = {
                    "id": r["id"],
                    "title": r["id"],
                    "text": r["text"],
                    "published": "2000-01-01",
                }
                out.write(json.dumps(row) + "\n")
        export = Path(tmp) / "out.json"
        began = time.perf_counter()
        command = [str(Path(sys.executable).parent / "newsprism"), "analyze", str(source)]
        command += ["--db", str(Path(tmp) / "b.db"), "--json", str(export)]
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - began
        data = json.loads(export.read_text(encoding="utf-8"))
    types: dict[str, set[str]] = {}
    for event in data["events"]:  # an event several records report is one, listing them all
        for article in event["articles"]:
            types.setdefault(article, set()).add(event["type"])
    hit = sum(1 for r in records if r["gold"] in types.get(r["id"], set()))
    return hit / len(records), seconds


def example_events() -> None:
    """The worked example through the CLI: its events by Islamic State and Russia."""
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "example.json"
        command = [str(Path(sys.executable).parent / "newsprism"), "analyze", str(EXAMPLE)]
        command += ["--db", str(Path(tmp) / "e.db"), "--json", str(export)]
        subprocess.run(command, check=True, capture_output=True)
        data = json.loads(export.read_text(encoding="utf-8"))
    names = {e["id"]: e["name"] for e in data["entities"]}
    print(f"\nexample ({len(data['events'])} events): those by Islamic State and Russia")
    for event in data["events"]:
        source = names.get(event["source"] or "")
        if source not in ("Islamic State", "Russia", "Russian"):
            continue
        target = names.get(event["target"] or "") or event["target_text"]
        said = (
            f", {event['status']} by {event['attributed_name']}" if event["attributed_name"] else ""
        )
        print(
            f"  {event['type']:<8} {source} -> {target}: {event['trigger']['text']!r} "
            f"(place {names.get(event['place'] or '')}, date {event['date']}{said})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holding plover/)")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()
    records = load_records(args.data)
    if args.limit:
        records = records[: args.limit]
    nlp = load_pipeline("md")
    ours, lookup, majority, any_hit = [], [], [], 0
    top = Counter(r["gold"] for r in records).most_common(1)[0][0]
    confusions: Counter[tuple[str, str]] = Counter()
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        gold, sources, targets = record["gold"], record.get("source"), record.get("target")
        gs, gt = actor_texts(sources), actor_texts(targets)
        events = find_events(doc, "r", find_mentions(doc, "r"), find_times(doc, "r", None))
        any_hit += any(e.type == gold for e in events)
        event = primary(doc, events)
        kind = event.type if event else NONE
        src = event.source.text if event and event.source else None
        tar = event.target.text if event and event.target else None
        ours.append(
            (gold, kind, matches(src, gs) if gs else None, matches(tar, gt) if gt else None)
        )
        if kind != gold:
            confusions[(gold, kind)] += 1
        lkind, lsrc, ltar = verb_lookup(doc)
        lookup.append(
            (gold, lkind, matches(lsrc, gs) if gs else None, matches(ltar, gt) if gt else None)
        )
        majority.append((gold, top, False if gs else None, False if gt else None))
    print(f"PLOVER gold records: {len(records)} sentences, gold types mapped to 2021 names")
    results = [scores("newsprism", ours), scores("verb lookup", lookup)]
    results.append(scores(f"majority={top}", majority))
    for result in results:
        show(result)
    print(
        f"newsprism: an event of the gold type among all candidates: {any_hit / len(records):.3f}"
    )
    print("\nper type (P / R / F1, gold n): newsprism | verb lookup")
    for kind, (p, r, f, n) in results[0]["per_type"].items():
        lp, lr, lf, _ = results[1]["per_type"][kind]
        print(
            f"  {kind:<10} {p:.2f} / {r:.2f} / {f:.2f}  n={n:<3} | {lp:.2f} / {lr:.2f} / {lf:.2f}"
        )
    print("\nmost frequent confusions (gold -> newsprism):")
    for (gold, kind), count in confusions.most_common(12):
        print(f"  {gold:<10} -> {kind:<10} {count}")
    if not args.no_cli:
        share, seconds = run_cli(records)
        print(
            f"\nCLI end to end (newsprism analyze --json, {seconds:.0f} s): records whose "
            f"export holds an event of the gold type {share:.3f} "
            f"(in process: {any_hit / len(records):.3f})"
        )
        example_events()


if __name__ == "__main__":
    main()
