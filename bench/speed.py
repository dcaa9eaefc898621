"""Throughput of the whole analysis against the spaCy pipeline alone, on the same texts.

Usage: python bench/speed.py DUC_DIR [--clusters N] [--stages]

DUC_DIR is the duc2004 folder; the yardstick is its 500 articles (`--clusters N` takes every
N-th cluster, for a quick look). Both runs use one process on the same texts in the same run:
first spaCy's `nlp.pipe` over the raw texts with the default pipeline (the baseline), then
`newsprism.analyze` on the same files with a fresh in-memory store (ingest, annotation,
linking, comparison, timeline, summary). The standard is a ratio of at least 0.70
(newsprism's articles/s over spaCy's). `--stages` also prints the time of each analysis step,
to see where the rest goes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import newsprism
from newsprism.annotate.nlp import load_pipeline
from newsprism.settings import Settings

STANDARD = 0.70


def duc_files(data: Path, every: int) -> list[Path]:
    clusters = sorted(p for p in data.iterdir() if (p / "docs").is_dir())[::every]
    return [f for c in clusters for f in sorted((c / "docs").glob("*.txt"))]


def spacy_alone(files: list[Path]) -> float:
    nlp = load_pipeline("md")
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def newsprism_whole(files: list[Path], show_stages: bool) -> float:
    stages: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        last[0] = now

    start = time.perf_counter()
    newsprism.analyze(files, Settings(db=":memory:"), progress=progress)
    elapsed = time.perf_counter() - start
    if show_stages:
        for stage, seconds in stages.items():
            print(f"  {stage:<10} {seconds:7.1f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--clusters", type=int, default=1, help="take every N-th cluster")
    parser.add_argument("--stages", action="store_true")
    args = parser.parse_args()
    files = duc_files(args.data, args.clusters)
    load_pipeline("md")  # model loading is not part of either measure
    baseline = spacy_alone(files)
    ours = newsprism_whole(files, args.stages)
    ratio = baseline / ours
    print(f"{len(files)} articles")
    print(
        f"{'spaCy md pipeline alone (baseline)':<36} {baseline:7.1f} s  "
        f"{len(files) / baseline:6.2f} articles/s"
    )
    print(f"{'newsprism analyze, whole':<36} {ours:7.1f} s  {len(files) / ours:6.2f} articles/s")
    verdict = "meets" if ratio >= STANDARD else "below"
    print(f"speed ratio {ratio:.2f} ({verdict} the {STANDARD:.2f} standard)")


if __name__ == "__main__":
    main()
