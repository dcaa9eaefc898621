"""Hostile inputs (issue 20): the full-size corpus through the product's command, as one batch
and one input at a time, each beside one good article.

    python bench/hostile.py WORK_DIR [--good 20] [--small] [--kinds json-deep,warc,...]
                            [--no-batch] [--no-single] [--timeout 900] [--memory-limit-gb 12]
                            [--keep]

WORK_DIR is where the corpus is generated (a new folder under it, removed afterwards unless
`--keep`); it needs room for ~60 MB of files (the .warc.gz that expands to 2 GB is ~2 MB on
disk). The corpus is `tests/hostile_corpus.py`'s, at `Sizes.full()` (`--small`: the tests'
variant). Each run is `newsprism analyze CORPUS --db DB --quiet` in a child process at the
default settings; wall time and peak RSS (`os.wait4`'s ru_maxrss, MiB) per run, under an
address-space limit (RLIMIT_AS) and a timeout (a run killed by either is a crash).

Printed: inputs; crashes (exit status non-zero although good articles exist, a traceback on
stderr, killed, timed out); good articles lost (not stored: read back from the database by
text); inputs skipped without a line (neither a stored article from it nor a stderr line naming
it), and inputs whose expected line is missing; the 10 slowest inputs alone with their seconds
and peak RSS. Then the web probes of `bench/web_probes.py` (`probe_web(work_dir)`, rows of
dicts) when that module exists.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_corpus import (  # noqa: E402
    KINDS,
    Corpus,
    HostileItem,
    Sizes,
    generate_corpus,
    generate_singles,
)

from newsprism.store import open_store  # noqa: E402


@dataclass
class Outcome:
    """One child run of the product on a corpus."""

    label: str
    corpus: Corpus
    returncode: int | None
    seconds: float
    peak_mib: float
    stderr: str
    killed: str = ""  # "timeout" / "signal N"
    stored_texts: set[str] = field(default_factory=set)
    stored_sources: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        folder = str(self.corpus.folder)
        return [line.replace(folder, "<corpus>") for line in self.stderr.splitlines()]

    @property
    def crash(self) -> str:
        if self.killed:
            return self.killed
        if "Traceback (most recent call last)" in self.stderr:
            last = [line for line in self.stderr.splitlines() if line.strip()][-1:]
            return f"traceback: {last[0][:160] if last else ''}"
        if self.returncode != 0 and self.corpus.good:
            return f"exit status {self.returncode}"
        return ""

    def named(self, item: HostileItem) -> bool:
        return any(item.name in line for line in self.lines)

    def gave_article(self, item: HostileItem) -> bool:
        folder = str(self.corpus.folder)
        return any(item.name in source.replace(folder, "") for source in self.stored_sources)

    @property
    def lost(self) -> list[str]:
        return [g.name for g in self.corpus.good if g.text not in self.stored_texts]

    @property
    def silent(self) -> list[str]:
        return [
            i.name
            for i in self.corpus.items
            if i.accountable and not self.named(i) and not self.gave_article(i)
        ]

    @property
    def unreported(self) -> list[str]:
        return [i.name for i in self.corpus.items if i.expect_line and not self.named(i)]


def newsprism_command() -> list[str]:
    script = Path(sys.executable).with_name("newsprism")
    found = str(script) if script.exists() else shutil.which("newsprism")
    return [found] if found else [sys.executable, "-m", "newsprism.cli"]


def read_store(db: Path) -> tuple[set[str], list[str]]:
    if not db.exists():
        return set(), []
    try:
        store = open_store(str(db))
    except Exception as error:  # noqa: BLE001 - a broken database is a finding, not a stop
        print(f"  (cannot open {db}: {error})", file=sys.stderr)
        return set(), []
    try:
        articles = [store.get_article(i) for i in store.article_ids()]
    finally:
        store.close()
    articles = [a for a in articles if a is not None]
    return {a.text for a in articles}, [a.source_path or "" for a in articles]


def run_product(label: str, corpus: Corpus, db: Path, timeout: float, limit_gb: float) -> Outcome:
    """`newsprism analyze CORPUS --db DB --quiet` in a child: status, time, peak RSS, stderr."""
    limit = int(limit_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    command = [*newsprism_command(), "analyze", os.fsencode(corpus.folder), "--db", str(db)]
    command.append("--quiet")
    err_path = db.with_suffix(".err")
    killed = ""
    with err_path.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=cap,
        )
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - started
    child.returncode = returncode = os.waitstatus_to_exitcode(status)
    if returncode < 0:
        killed = "timeout" if seconds >= timeout else f"killed by signal {-returncode}"
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    texts, sources = read_store(db)
    return Outcome(
        label, corpus, returncode, seconds, usage.ru_maxrss / 1024, stderr, killed, texts, sources
    )


def summary_row(title: str, outcomes: list[Outcome], inputs: int) -> list[str]:
    crashes = [o for o in outcomes if o.crash]
    lost = sum(len(o.lost) for o in outcomes)
    finished = [o for o in outcomes if not o.killed]  # a killed run printed no problem lines
    silent = sorted({name for o in finished for name in o.silent})
    unreported = sorted({name for o in finished for name in o.unreported})
    return [
        f"{title}: inputs {inputs}, runs {len(outcomes)}, crashes {len(crashes)}, "
        f"good articles lost {lost}, inputs skipped without a line {len(silent)}, "
        f"expected lines missing {len(unreported)}"
        + (f" (of the {len(finished)} runs not killed)" if len(finished) < len(outcomes) else ""),
        *(f"    crash   {o.label}: {o.crash}" for o in crashes),
        *(f"    lost    {o.label}: {', '.join(o.lost[:8])}" for o in outcomes if o.lost),
        *(f"    silent  {name}" for name in silent),
        *(f"    no line {name}" for name in unreported),
    ]


def print_table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def web_probes(work: Path) -> None:
    """The web server's edges, from bench/web_probes.py when it exists (another bench)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from web_probes import probe_web  # type: ignore[import-not-found]
    except ImportError:
        print("\nweb probes: bench/web_probes.py (probe_web) not found; none run")
        return
    rows = list(probe_web(work))
    print(f"\nweb probes: {len(rows)}")
    if rows and isinstance(rows[0], dict):
        header = list(rows[0])
        print_table([[str(row.get(k, ""))[:70] for k in header] for row in rows], header)
    elif rows and isinstance(rows[0], tuple) and len(rows[0]) == 3:  # (probe, status, seconds)
        table = [[str(name)[:70], str(status), f"{seconds:.2f}"] for name, status, seconds in rows]
        print_table(table, ["probe", "status", "seconds"])
    else:
        for row in rows:
            print(f"  {row}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="where the corpus is generated")
    parser.add_argument("--good", type=int, default=20, help="good articles in the batch")
    parser.add_argument("--small", action="store_true", help="the tests' small sizes")
    parser.add_argument("--kinds", default="", help="comma-separated kinds (default: all)")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--no-single", action="store_true")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--memory-limit-gb", type=float, default=12.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus")
    args = parser.parse_args(argv)

    sizes = Sizes.small() if args.small else Sizes.full()
    kinds = [k for k in args.kinds.split(",") if k] or list(KINDS)
    args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hostile-bench-", dir=args.work))
    print(f"corpus in {work} ({'small' if args.small else 'full'} sizes)", flush=True)
    try:
        if not args.no_batch:
            started = time.perf_counter()
            corpus = generate_corpus(work / "batch" / "corpus", sizes, args.good, kinds)
            print(
                f"batch: {len(corpus.items)} hostile inputs + {len(corpus.good)} good articles,"
                f" generated in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            batch = run_product(
                "batch", corpus, work / "batch" / "batch.db", args.timeout, args.memory_limit_gb
            )
            print(
                f"  rc {batch.returncode}, {batch.seconds:.1f} s, peak RSS "
                f"{batch.peak_mib:,.0f} MiB, {len(batch.stderr):,} bytes of stderr "
                f"({len(batch.lines):,} lines)"
            )
            for line in summary_row("one batch", [batch], len(corpus.items)):
                print(line)
            shutil.rmtree(work / "batch" / "corpus", ignore_errors=True)
        if not args.no_single:
            outcomes: list[Outcome] = []
            for kind in kinds:
                started = time.perf_counter()
                corpora = generate_singles(work / "single" / kind, kind, sizes, good_articles=1)
                made = time.perf_counter() - started
                print(f"{kind}: {len(corpora)} inputs, generated in {made:.0f} s", flush=True)
                for corpus in corpora:
                    item = corpus.items[0]
                    db = corpus.folder.parent / "one.db"
                    outcome = run_product(item.name, corpus, db, args.timeout, args.memory_limit_gb)
                    flag = outcome.crash or ("lost" if outcome.lost else "")
                    print(
                        f"  {item.name[:40]:40} {outcome.seconds:7.1f} s "
                        f"{outcome.peak_mib:8,.0f} MiB  {flag}",
                        flush=True,
                    )
                    outcomes.append(outcome)
                    shutil.rmtree(corpus.folder, ignore_errors=True)
            print()
            for line in summary_row("one at a time", outcomes, len(outcomes)):
                print(line)
            slowest = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:10]
            print("\nslowest inputs (each alone with one good article; includes ~3 s start-up):")
            print_table(
                [
                    [
                        o.label[:44],
                        o.corpus.items[0].kind,
                        f"{o.seconds:.1f}",
                        f"{o.peak_mib:,.0f}",
                        o.crash or "ok",
                    ]
                    for o in slowest
                ],
                ["input", "kind", "seconds", "peak MiB", "outcome"],
            )
        web_probes(work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
