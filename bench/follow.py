"""What following one story costs: a story grown by one article per run, against one run.

    python bench/follow.py DATA_DIR [--articles 40] [--topic IraqWar_guardian] [--every 10]

A reporter follows a story (`newsprism analyze NEW --story ID`, or a watch pass that adds an
article to it): each run reads the new article and analyses it into the stored story. This
bench takes the first `--articles` files of one Timeline17 topic (DATA_DIR holds timeline17/,
or is it) and measures, each side in a process forked after a warm-up on another topic:

- the baseline: one `analyze --one-story` run over all of them;
- following: the first article as a story, then each next one added with `--story ID`
  (the incremental path: stored members re-read up to `growth_window`, results merged).

Printed: CPU seconds of each side, their ratio, the CPU seconds of a run at every `--every`
story sizes (how a run's cost grows with the story), each side's peak resident memory (of
its forked process, pages shared with the parent included), and that both
end with one story of every article. Then the CLI end to end: `newsprism analyze FILE --story
ID` for one more article, its exit code and time. Timings only; no timing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsprism.api import analyze
from newsprism.settings import Settings
from newsprism.store import open_store

WARM_UP = "MJ_bbc"  # a topic the bench does not measure


def one_run(files: list[Path], db: str) -> tuple[float, int]:
    """(CPU seconds, stories) of one `analyze --one-story` over `files`."""
    started = time.process_time()
    analysis = analyze(files, Settings(db=db, one_story=True))
    return time.process_time() - started, len(analysis.stories)


def followed(files: list[Path], db: str, every: int) -> tuple[float, list[tuple[int, float]], str]:
    """(CPU seconds in all, (story size, CPU seconds of its run) every `every` articles, the
    story's id) of a story grown by one article per run."""
    started = time.process_time()
    (story,) = analyze(files[:1], Settings(db=db, one_story=True)).stories
    marks = []
    for size, file in enumerate(files[1:], start=2):
        run = time.process_time()
        analyze([file], Settings(db=db, story=story.id))
        if size % every == 0 or size == len(files):
            marks.append((size, time.process_time() - run))
    return time.process_time() - started, marks, story.id


def in_child(function, *args):  # type: ignore[no-untyped-def]
    """`function(*args)` in a process forked from this one (warmed up, no memoised texts of
    the other side), with the child's peak resident memory in MiB."""
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(with_peak, (function, *args))


def with_peak(function, *args):  # type: ignore[no-untyped-def]
    result = function(*args)
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder, or its timeline17/")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--topic", default="IraqWar_guardian")
    parser.add_argument("--every", type=int, default=10, help="report a run's CPU every N")
    args = parser.parse_args()
    data = args.data / "timeline17" if (args.data / "timeline17").is_dir() else args.data
    files = sorted((data / args.topic / "InputDocs").glob("*/*.txt"))[: args.articles]
    if len(files) < 2:
        sys.exit(f"{data / args.topic}: fewer than two articles")
    folder = Path(tempfile.mkdtemp(prefix="newsprism-follow-bench-"))
    warm = sorted((data / WARM_UP / "InputDocs").glob("*/*.txt"))[:3]
    analyze(warm, Settings(db=":memory:"))  # lazy loads, for both sides
    (one_cpu, one_stories), one_peak = in_child(one_run, files, str(folder / "one.db"))
    (grow_cpu, marks, story_id), grow_peak = in_child(
        followed, files, str(folder / "follow.db"), args.every
    )
    with open_store(str(folder / "follow.db")) as store:
        stories = store.load_stories()
    print(f"{len(files)} articles of {args.topic}")
    print(f"baseline  one analyze --one-story run: {one_cpu:.1f} s CPU, {one_stories} story, "
          f"peak {one_peak:,.0f} MiB")  # fmt: skip
    print(f"following one article a run: {grow_cpu:.1f} s CPU ({one_cpu / grow_cpu:.0%} of the "
          f"baseline's pace), {len(stories)} story of {len(stories[0].article_ids)} articles, "
          f"peak {grow_peak:,.0f} MiB")  # fmt: skip
    print("CPU seconds of the run that brings the story to N articles: "
          + ", ".join(f"{size}: {cpu:.2f}" for size, cpu in marks))  # fmt: skip
    more = sorted((data / args.topic / "InputDocs").glob("*/*.txt"))[args.articles]
    command = [sys.executable, "-m", "newsprism.cli", "analyze", str(more), "--db",
               str(folder / "follow.db"), "--story", story_id, "--quiet"]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    print(f"CLI end to end: newsprism analyze ONE_MORE --story ID: exit {done.returncode}, "
          f"{time.perf_counter() - started:.1f} s wall (process start and model load included)"
          f"{': ' + done.stderr.strip().splitlines()[-1] if done.returncode else ''}")  # fmt: skip


if __name__ == "__main__":
    main()
