"""Time and peak memory of newsprism on big stories: Timeline17 pooled by theme, one story each.

    python bench/big_story.py DATA_DIR [--sizes topic,bpoil,all] [--work DIR] [--max-words 1500]
                              [--baseline-src PATH] [--memory-limit-gb 10] [--cache DB]
                              [--incremental [--incremental-pool all] [--batch 50]
                                             [--build-clustered] [--growth-window N]]
                              [--results FILE]

DATA_DIR is the timeline17 folder (<topic>_<outlet>/InputDocs/<YYYY-MM-DD>/*.htm.txt). Each
article is read up to the line of its 1,500th word (`cap_words`, bench/t17_data.py) and pooled:
`topic` = IraqWar_guardian (344 articles), `bpoil` = the five bpoil_* outlets (~1,460), `all` =
all twelve folders (~2,930), a number N = the first N of `all` (quick runs). A pool is a JSON
Lines file (text, published = folder date, outlet) in `--work` (default under /tmp).

Each pool goes through the product's command in a child process, as one story, twice on one
database: `newsprism analyze POOL.jsonl --one-story --db DB --json OUT.json --report OUT.html
--quiet --timeline-dates 20 --timeline-sentences 3`. Run 1 starts from an empty database: the
whole run. Run 2 finds every annotation cached (keyed by annotator version): everything after
annotation. Annotation ~ run 1 - run 2; "rerun" = run 2 / run 1. Per run: wall and CPU time and
peak RSS (`os.wait4`'s ru_maxrss; MB are MiB), under an address-space limit (RLIMIT_AS,
`--memory-limit-gb`) so that a run that would exhaust the machine fails ("failed (memory): ...").
Wall times on a shared machine include waiting for a core; CPU times do not.

`--baseline-src PATH`: an older checkout (`git worktree add /tmp/np-base d88301e`) run beside
today's code, the same Python with PYTHONPATH=PATH/src (`python -m newsprism.cli analyze`).
`--cache DB` (for development, not cold): today's runs start with DB's annotations of the pool
(current annotator), stored under the article records as the run reads them (a cached
annotation is reused only if the whole record, source file included, matches: a plain copy of
DB would miss); annotation columns and the whole-run target are then left out.

`--incremental`: the `--batch` (50) newest articles of `--incremental-pool` (all) by date join
a story of the rest. (a) the batch analysed (without --one-story) into a database holding only
its annotations; (b) the same into a database where the rest were analysed with --one-story
and the batch's annotations added. Both are everything after annotation (the batch's
annotations come from a cold run of it alone, also shown); their ratio b/a is the target.
(b) grows the stored story by a window (`growth_window`, README "Big stories"); (c), the
baseline, is (b) with `--growth-window 0` (every stored member re-read, as before), and the
two are compared on what the batch brings (`grown_against_whole`). A batch joins a story the
linkage finds it belongs to, which a --one-story pool of many themes rarely is:
`--build-clustered` stores the rest as the linkage groups it, and `--growth-window N` makes
(b) grow stories above N members, so that the merge is measured on stories the batch joins;
`--join` adds the batch to the biggest stored story (`--story ID`) in (b) and (c).

Targets (issue): `topic` whole run <= 2.5 GB; `all` run 2 <= 4 GB and <= 12x `topic`'s run 2
time; `all` report < 2 MB; incremental b/a <= 3. Other sizes stand in and say so. Results are
appended as one JSON line to bench/results/big_story.jsonl (`--results`).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import newsprism
from newsprism.annotate.nlp import annotator_version
from newsprism.api import read_articles
from newsprism.settings import Settings
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from t17_data import cap_words  # noqa: E402  (Timeline17 read as bench/timeline.py reads it)

POOLS = ("topic", "bpoil", "all")
COMMON = ["--quiet", "--timeline-dates", "20", "--timeline-sentences", "3"]
MEMORY_WORDS = ("MemoryError", "bad_alloc", "Cannot allocate", "out of memory")
SUMMARY_LINE = re.compile(r"(\d+) articles, (\d+) stories")
GB = 1024  # MB (MiB)


@dataclass(frozen=True)
class Code:
    name: str  # today | baseline
    src: Path  # the folder holding the newsprism package
    env: dict[str, str]

    def analyze(
        self, pool: Path, db: Path, out: Path, one_story: bool = True, extra: Sequence[str] = ()
    ) -> list[str]:
        cli = (self.src / "newsprism" / "cli.py").read_text(encoding="utf-8")
        main = "import sys; from newsprism.cli import main; sys.exit(main())"
        entry = ["-m", "newsprism.cli"] if 'if __name__ == "__main__":' in cli else ["-c", main]
        files = ["--db", str(db), "--json", f"{out}.json", "--report", f"{out}.html"]
        story = ["--one-story"] if one_story else []
        return [sys.executable, *entry, "analyze", str(pool), *files, *story, *COMMON, *extra]


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    failed: str = ""
    articles: int = 0  # as the run's summary line counts them
    stories: int = 0


@dataclass
class Result:
    size: str
    code: str
    records: int
    seeded: int
    run1: Run
    run2: Run | None
    json_mb: float | None = None
    report_mb: float | None = None


def pool_records(data_dir: Path, size: str, max_words: int) -> list[dict[str, str]]:
    folders = sorted(p.name for p in data_dir.iterdir() if (p / "InputDocs").is_dir())
    if size == "topic":
        folders = ["IraqWar_guardian"]
    elif size == "bpoil":
        folders = [f for f in folders if f.startswith("bpoil_")]
    records = []
    for folder in folders:
        for path in sorted((data_dir / folder).glob("InputDocs/*/*.txt")):
            text = cap_words(path.read_text(encoding="utf-8", errors="replace").strip(), max_words)
            if text.strip():
                outlet = folder.split("_", 1)[-1]
                records.append({"text": text, "published": path.parent.name, "outlet": outlet})
    return records if size in POOLS else records[: int(size)]


def write_jsonl(path: Path, records: Sequence[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def measure(command: list[str], code: Code, log: Path, limit_gb: float) -> Run:
    """Wall time, CPU time and peak RSS of one child process under an address-space limit."""
    limit = int(limit_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=code.env, preexec_fn=cap)
        _, status, usage = os.wait4(child.pid, 0)
    wall, cpu = time.perf_counter() - started, usage.ru_utime + usage.ru_stime
    run = Run(wall, cpu, usage.ru_maxrss / 1024)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        lines = [x.strip() for x in err_path.read_text(errors="replace").splitlines() if x.strip()]
        last = lines[-1] if lines else ""
        if child.returncode < 0:
            last = f"killed by signal {-child.returncode} {last}"
        memory = " (memory)" if any(word in last for word in MEMORY_WORDS) else ""
        run.failed = f"failed{memory}: {last[:200] or f'exit status {child.returncode}'}"
    elif found := SUMMARY_LINE.search(out_path.read_text()):
        run.articles, run.stories = int(found.group(1)), int(found.group(2))
    print(f"  {log.name}: {wall:.0f} s, {run.rss_mb:.0f} MB {run.failed}", flush=True)
    return run


def seed(db: Path, pool: Path, sources: Sequence[Path]) -> int:
    """Put the sources' annotations (current annotator) of the pool's articles into `db`, each
    with its article record as a run on `pool` reads it; how many articles got one."""
    articles, _ = read_articles([pool], Settings(), lambda *_: None)
    wanted = {a.id: a for a in articles}
    version, seeded = annotator_version(Settings().model), set[str]()
    with open_store(str(db)) as store:
        for source in (s for s in sources if s.exists()):
            with open_store(str(source)) as cache:
                ids = [i for i in wanted if i not in seeded]
                for start in range(0, len(ids), 200):
                    found = cache.load_annotations(ids[start : start + 200], version)
                    store.save_annotations(replace(v, article=wanted[k]) for k, v in found.items())
                    seeded.update(found)
    return len(seeded)


def run_size(size: str, pool: Path, code: Code, args: argparse.Namespace) -> Result:
    """Run 1 on an empty (or seeded) database, then run 2, the same, on the same database."""
    stem = args.work / f"{size}-{code.name}"
    db = fresh(stem.with_suffix(".db"))
    seeded = seed(db, pool, [args.work / "cache.db"]) if args.cache and code.name == "today" else 0
    print(f"{size} {code.name}: {seeded} annotations seeded" if seeded else f"{size} {code.name}")
    command = code.analyze(pool, db, stem)
    records = len(pool.read_text(encoding="utf-8").splitlines())
    first = measure(command, code, Path(f"{stem}-run1"), args.memory_limit_gb)
    if first.failed:
        return Result(size, code.name, records, seeded, first, None)
    sizes = [Path(f"{stem}{suffix}").stat().st_size / 2**20 for suffix in (".json", ".html")]
    second = measure(command, code, Path(f"{stem}-run2"), args.memory_limit_gb)
    return Result(size, code.name, records, seeded, first, second, *sizes)


def incremental(args: argparse.Namespace, code: Code, sources: list[Path]) -> dict[str, object]:
    """(a) the batch into a database of its annotations alone; (b) into the stored story's."""
    work = args.work
    records = pool_records(args.data_dir, args.incremental_pool, args.max_words)
    by_date = sorted(range(len(records)), key=lambda i: records[i]["published"])
    newest = set(by_date[-args.batch :])
    batch = write_jsonl(work / "inc-batch.jsonl", [records[i] for i in sorted(newest)])
    rest = [r for i, r in enumerate(records) if i not in newest]
    stored = write_jsonl(work / "inc-stored.jsonl", rest)

    def run(name: str, pool: Path, db: Path, one_story: bool = False, *extra: str) -> Run:
        command = code.analyze(pool, db, work / f"inc-{name}", one_story, extra)
        return measure(command, code, work / f"inc-{name}", args.memory_limit_gb)

    cold_db, a_db, b_db = (fresh(work / f"inc-{name}.db") for name in ("cold", "a", "b"))
    window = [] if args.growth_window is None else ["--growth-window", str(args.growth_window)]
    join: list[str] = []
    cold = run("cold", batch, cold_db)
    seed(a_db, batch, [cold_db])
    seeded = seed(b_db, stored, sources)
    build = run("build", stored, b_db, not args.build_clustered)
    seed(b_db, batch, [cold_db])
    if args.join and not build.failed:
        built = json.loads((work / "inc-build.json").read_text(encoding="utf-8"))
        join = ["--story", max(built["stories"], key=lambda s: len(s["articles"]))["id"]]
    with sqlite3.connect(b_db) as source, sqlite3.connect(fresh(work / "inc-c.db")) as copy:
        source.backup(copy)
    runs = {
        "batch alone into an empty DB, cold": cold,
        "stored story built (--one-story)": build,
        "(a) batch into an empty DB, annotated": run("a", batch, a_db),
        "(b) batch into the stored story's DB": run("b", batch, b_db, False, *window, *join),
        "(c) as (b), every member re-read": run(
            "c", batch, work / "inc-c.db", False, "--growth-window", "0", *join
        ),
    }
    print(
        f"\nincremental: a batch of the {len(newest)} newest articles of {args.incremental_pool}"
        f" joins a stored story of the other {len(rest)} ({seeded} annotations from caches)"
    )
    for label, r in runs.items():
        print(
            f"  {label:<40} {r.wall:7.1f} s {r.cpu:7.1f} s CPU {r.rss_mb:6.0f} MB  "
            f"{r.articles} articles, {r.stories} stories {r.failed}"
        )
    _, _, a, b, c = runs.values()
    ratio = None if a.failed or b.failed else b.wall / a.wall
    quality = None
    if ratio is not None:
        print(
            f"  (b)'s stories hold {b.articles - a.articles} stored articles; b/a time "
            f"x{ratio:.2f}, CPU x{b.cpu / a.cpu:.2f}, RSS x{b.rss_mb / a.rss_mb:.2f}; "
            f"c/a time x{c.wall / a.wall:.2f}, CPU x{c.cpu / a.cpu:.2f}"
        )
    if not (a.failed or b.failed or c.failed):
        quality = grown_against_whole(*(work / f"inc-{n}.json" for n in ("a", "b", "c")))
    return {
        "batch": len(newest),
        "ratio": ratio,
        "quality": quality,
        **{k: asdict(r) for k, r in runs.items()},
    }


def grown_against_whole(batch_json: Path, grown_json: Path, whole_json: Path) -> dict[str, float]:
    """How the story grown by a window (b) agrees with the whole re-read (c), on what the
    batch brings: the story each batch article joins, the statement pairs its statements form
    in facts (precision and recall of (b)'s against (c)'s), the conflicts citing a batch
    article, and the timeline's dates."""
    batch = {a["id"] for a in json.loads(batch_json.read_text())["articles"]}
    grown, whole = (json.loads(p.read_text()) for p in (grown_json, whole_json))

    def story_of(export: dict) -> dict[str, str]:
        return {i: s["id"] for s in export["stories"] for i in s["articles"] if i in batch}

    def pairs(export: dict) -> set[tuple[tuple[str, int], tuple[str, int]]]:
        found = set()
        for fact in export["facts"]:
            keys = [(s["article"], s["start"]) for s in fact["statements"]]
            for x in (k for k in keys if k[0] in batch):
                found.update((x, y) for y in keys if y != x)
        return found

    def conflicts(export: dict) -> set[frozenset[tuple[str, int]]]:
        return {
            frozenset((s["article"], s["start"]) for s in f["statements"])
            for f in export["findings"]
            if f["kind"] == "conflict" and any(s["article"] in batch for s in f["statements"])
        }

    def dates(export: dict) -> set[str]:
        return {e["date"] for e in export["timeline"]}

    same = sum(story_of(grown).get(i) == j for i, j in story_of(whole).items())
    got, want = pairs(grown), pairs(whole)
    hit = len(got & want)
    out = {
        "same_story": same / max(len(story_of(whole)), 1),
        "pair_precision": hit / max(len(got), 1),
        "pair_recall": hit / max(len(want), 1),
        "batch_conflicts_grown": len(conflicts(grown)),
        "batch_conflicts_whole": len(conflicts(whole)),
        "batch_conflicts_shared": len(conflicts(grown) & conflicts(whole)),
        "timeline_dates_shared": len(dates(grown) & dates(whole)) / max(len(dates(whole)), 1),
        "facts_grown": len(grown["facts"]),
        "facts_whole": len(whole["facts"]),
    }
    print("  (b) grown by a window against (c) every member re-read, on the batch's share:")
    for k, v in out.items():
        print(f"    {k:<24} {v:.3f}" if isinstance(v, float) else f"    {k:<24} {v}")
    return out


def print_table(results: Sequence[Result], cold: bool) -> list[Result]:
    """The table of runs and the growth between sizes; the sizes today's code completed."""
    print(
        f"\n{'size':>6} {'code':>8} {'records':>7} {'articles':>8} | {'run 1 s':>7} {'CPU s':>7}"
        f" {'MB':>6} | {'run 2 s':>7} {'CPU s':>7} {'MB':>6} | {'annot s':>7} {'rerun':>5}"
        f" | {'json MB':>7} {'html MB':>7}"
    )
    for r in results:
        line = f"{r.size:>6} {r.code:>8} {r.records:>7} {r.run1.articles:>8} | "
        for n, run in enumerate((r.run1, r.run2), start=1):
            if run is None or run.failed:
                print(line + f"run {n} {(run or r.run1).failed}")
                break
            line += f"{run.wall:7.1f} {run.cpu:7.1f} {run.rss_mb:6.0f} | "
        else:
            assert r.run2
            annot = r.run1.wall - r.run2.wall
            annot_text = f"{annot:7.1f}" if cold or r.code != "today" else f"{'-':>7}"
            print(
                line + f"{annot_text} {r.run2.wall / r.run1.wall:5.0%} | "
                f"{r.json_mb:7.2f} {r.report_mb:7.2f}"
            )
    done = [r for r in results if r.code == "today" and r.run2 and not r.run2.failed]
    for small, large in zip(done, done[1:], strict=False):
        assert small.run2 and large.run2
        pairs: list[tuple[str, float, float]] = [
            ("articles", small.run1.articles, large.run1.articles)
        ]
        for n, x, y in ((1, small.run1, large.run1), (2, small.run2, large.run2)):
            pairs += [(f"run {n} time", x.wall, y.wall), ("RSS", x.rss_mb, y.rss_mb)]
        factors = ", ".join(f"{what} x{b / a if a else float('nan'):.1f}" for what, a, b in pairs)
        print(f"  growth {small.size} -> {large.size}: {factors}")
    return done


def targets(done: Sequence[Result], cold: bool, ratio: float | None) -> dict[str, bool]:
    verdicts: dict[str, bool] = {}
    stand_in = False
    if done:
        small = next((r for r in done if r.size == "topic"), done[0])
        large = next((r for r in done if r.size == "all"), done[-1])
        assert small.run2 and large.run2 and large.report_mb is not None
        stand_in = (small.size, large.size) != ("topic", "all")
        if cold:
            verdicts[f"{small.size}: whole run <= 2.5 GB"] = small.run1.rss_mb <= 2.5 * GB
        verdicts[f"{large.size}: after annotation <= 4 GB"] = large.run2.rss_mb <= 4 * GB
        verdicts[f"{large.size}: after annotation <= 12x {small.size}'s time"] = (
            large.run2.wall <= 12 * small.run2.wall
        )
        verdicts[f"{large.size}: report < 2 MB"] = large.report_mb < 2
    if ratio is not None:
        verdicts["incremental: b/a time <= 3"] = ratio <= 3
    print(
        "\ntargets"
        + (" (first and last size stand in for topic and all)" if stand_in else "")
        + ("" if cold else " (run 1 not cold: no whole-run target)")
    )
    for name, passed in verdicts.items():
        print(f"  {name:<50} {'PASS' if passed else 'FAIL'}")
    return verdicts


def git_commit(path: Path) -> str:
    def git(*words: str) -> str:
        found = subprocess.run(["git", "-C", str(path), *words], capture_output=True, text=True)
        return found.stdout.strip()

    return git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "-s", "src") else "")


def codes_to_run(baseline_src: Path | None) -> list[Code]:
    """Today's code (the newsprism this bench imports) and the baseline checkout, if any,
    each checked to import its own package."""
    codes = [Code("today", Path(newsprism.__file__).resolve().parents[1], dict(os.environ))]
    if baseline_src:
        src = (baseline_src / "src").resolve()
        path = os.pathsep.join(p for p in (str(src), os.environ.get("PYTHONPATH")) if p)
        codes.append(Code("baseline", src, {**os.environ, "PYTHONPATH": path}))
    for code in codes:
        probe = [sys.executable, "-c", "import newsprism; print(newsprism.__file__)"]
        found = subprocess.run(probe, env=code.env, capture_output=True, text=True).stdout.strip()
        print(f"{code.name}: {found} ({git_commit(code.src.parent)})")
        if not found or not Path(found).resolve().is_relative_to(code.src):
            sys.exit(f"{code.name} does not import newsprism from {code.src}")
    return codes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the timeline17 folder")
    parser.add_argument("--sizes", default="topic,bpoil,all", help="topic, bpoil, all or N")
    default_work = Path(tempfile.gettempdir()) / "newsprism-bench-big-story"
    parser.add_argument("--work", type=Path, default=default_work)
    parser.add_argument("--max-words", type=int, default=1500)
    parser.add_argument("--baseline-src", type=Path, help="an older checkout to run beside")
    parser.add_argument("--memory-limit-gb", type=float, default=10.0)
    parser.add_argument("--cache", type=Path, help="seed today's runs with its annotations")
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--incremental-pool", default="all", help="pool split into batch+story")
    parser.add_argument(
        "--build-clustered",
        action="store_true",
        help="store the rest as the linkage groups it (not --one-story): batch articles then "
        "join the stories they belong to",
    )
    parser.add_argument("--growth-window", type=int, help="(b)'s --growth-window (default 120)")
    parser.add_argument(
        "--join",
        action="store_true",
        help="(b) and (c) add the batch to the biggest stored story (--story ID) whatever the "
        "linkage says, so that the merge is measured at the stored story's size",
    )
    parser.add_argument("--batch", type=int, default=50)
    default_results = Path(__file__).resolve().parent / "results" / "big_story.jsonl"
    parser.add_argument("--results", type=Path, default=default_results)
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    if any(s not in POOLS and not s.isdigit() for s in [*sizes, args.incremental_pool]):
        parser.error(f"sizes are {', '.join(POOLS)} or numbers")
    if args.cache and not args.cache.is_file():
        parser.error(f"no database {args.cache}")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.cache:  # a consistent copy, even of a database another process is writing
        with sqlite3.connect(args.cache) as source:
            with sqlite3.connect(fresh(args.work / "cache.db")) as copy:
                source.backup(copy)
    codes = codes_to_run(args.baseline_src)
    results = []
    for size in sizes:
        records = pool_records(args.data_dir, size, args.max_words)
        pool = write_jsonl(args.work / f"{size}.jsonl", records)
        for code in codes:
            results.append(run_size(size, pool, code, args))
    cold = not args.cache
    done = print_table(results, cold)
    inc = None
    if args.incremental:
        sources = [args.work / f"{s}-today.db" for s in sizes]
        sources = [args.work / "cache.db", *sources] if args.cache else sources
        inc = incremental(args, codes[0], sources)
    verdicts = targets(done, cold, inc["ratio"] if inc else None)  # type: ignore[arg-type]
    line = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commits": {c.name: git_commit(c.src.parent) for c in codes},
        "cold": cold,
        "max_words": args.max_words,
        "memory_limit_gb": args.memory_limit_gb,
        "sizes": [asdict(r) for r in results],
        "incremental": inc,
        "targets": verdicts,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
    print(f"results appended to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
