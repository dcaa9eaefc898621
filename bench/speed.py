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


def spacy_alone(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of spaCy's pipeline over the raw texts."""
    nlp = load_pipeline("md")
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def newsprism_whole(files: list[Path], show_stages: bool) -> tuple[float, float]:
    """Wall and CPU seconds of the whole analysis; the stages' wall seconds when asked."""
    stages: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        last[0] = now

    start, cpu = time.perf_counter(), time.process_time()
    newsprism.analyze(files, Settings(db=":memory:"), progress=progress)
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    if show_stages:
        for stage, seconds in stages.items():
            print(f"  {stage:<10} {seconds:7.1f} s")
    return elapsed, cpu_used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--clusters", type=int, default=1, help="take every N-th cluster")
    parser.add_argument("--stages", action="store_true")
    args = parser.parse_args()
    files = duc_files(args.data, args.clusters)
    load_pipeline("md")  # model loading is not part of either measure
    baseline, baseline_cpu = spacy_alone(files)
    ours, ours_cpu = newsprism_whole(files, args.stages)
    print(f"{len(files)} articles")
    for name, wall, cpu in (
        ("spaCy md pipeline alone (baseline)", baseline, baseline_cpu),
        ("newsprism analyze, whole", ours, ours_cpu),
    ):
        rate = len(files) / wall
        print(f"{name:<36} {wall:7.1f} s wall  {cpu:7.1f} s CPU  {rate:6.2f} articles/s")
    # On a shared machine the wall ratio moves with the load; the CPU ratio does not.
    for measure, ratio in (("wall", baseline / ours), ("CPU", baseline_cpu / ours_cpu)):
        verdict = "meets" if ratio >= STANDARD else "below"
        print(f"speed ratio ({measure}) {ratio:.2f} ({verdict} the {STANDARD:.2f} standard)")


if __name__ == "__main__":
    main()
