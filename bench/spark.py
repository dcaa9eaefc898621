"""`newsprism spark` against the one-machine CLI on the same WARC, in one run.

Usage: python bench/spark.py DUC_DIR [--clusters N] [--work /tmp/newsprism-spark-bench]
                             [--cores 1 2] [--rounds 1]

DUC_DIR is the duc2004 folder. Its articles (every N-th cluster with `--clusters N`) are
written as a WARC of HTML responses (warcio) under `--work` (never into the repository).
Then, each timed (wall and CPU seconds of all its processes, the load average before it)
with its peak memory (the resident and the proportional set of every process of the run,
read from /proc; Spark's Python workers and its JVM shown apart):

1. the baseline: `newsprism analyze WARC --jobs 2` (one machine, two annotation processes);
2. Spark's start-up: a local[2] session and one trivial job;
3. `newsprism spark WARC --master local[1]` and `--master local[2]`, fresh outputs;
4. `newsprism spark` again on the last of them with the stored annotations (a rerun).

With `--rounds N`, 1 and 3 are made N times in turn and the median of each round's ratio of
Spark to the baseline is printed, in wall time and in CPU seconds: on a shared machine the
load drifts from one run to the next, and a ratio within a round drifts less.

It prints articles/s, the ratio of Spark's wall time to the baseline's (target on two cores:
at most 1.5), Parquet bytes per article (annotation cache, tables), and the equality of the
results: B³ F1 of Spark's stories against analyze's, and the quotes and findings each found.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TARGET_RATIO = 1.5


def duc_files(data: Path, every: int) -> list[Path]:
    clusters = sorted(p for p in data.iterdir() if (p / "docs").is_dir())[::every]
    return [f for c in clusters for f in sorted((c / "docs").glob("*.txt"))]


def write_warc(files: list[Path], path: Path) -> None:
    """Each DUC article as an HTML page (first line as its title) in a gzipped WARC."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for file in files:
            text = file.read_text(encoding="utf-8", errors="replace").strip()
            title = text.splitlines()[0].strip()
            paragraphs = "".join(
                f"<p>{html.escape(' '.join(p.split()))}</p>" for p in text.split("\n\n")
            )
            body = (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
                f"</title></head><body><article>{paragraphs}</article></body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://duc.example/{file.parent.parent.name}/{file.stem}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)


def descendants(root: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def resident(pid: int) -> tuple[int, str]:
    """(resident bytes, command line) of a process; (0, "") when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            rss = next((int(x.split()[1]) * 1024 for x in handle if x.startswith("VmRSS")), 0)
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        return rss, command
    except OSError:
        return 0, ""


def proportional(pid: int) -> int:
    """A process's proportional set size in bytes (each page shared by N processes counted
    1/N: Spark's workers share the daemon's pipeline copy-on-write); 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next((int(x.split()[1]) * 1024 for x in handle if x.startswith("Pss:")), 0)
    except OSError:
        return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used so far; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def timed(command: list[str]) -> dict[str, float]:
    """Run `command`; wall seconds, CPU seconds of all its processes (sampled from /proc
    every half second, so a process's last half second can be missed) and peak memory:
    total resident (shared pages counted in every process), total proportional (counted
    once), largest Python worker, JVM."""
    peaks = {"total": 0, "pss": 0, "worker": 0, "jvm": 0}
    used: dict[int, float] = {}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            pids = descendants(process.pid)
            for pid in pids:
                used[pid] = max(used.get(pid, 0.0), cpu_seconds(pid))
            sizes = [resident(pid) for pid in pids]
            peaks["total"] = max(peaks["total"], sum(s for s, _ in sizes))
            peaks["pss"] = max(peaks["pss"], sum(proportional(pid) for pid in pids))
            for size, line in sizes:
                kind = "jvm" if "java" in line.split(" ")[0] else "worker"
                if kind == "worker" and "pyspark" not in line and "multiprocessing" not in line:
                    continue
                peaks[kind] = max(peaks[kind], size)
            time.sleep(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output, _ = process.communicate()
    done.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": sum(used.values()), **peaks, "output": output.decode()}


def spark_startup() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from newsprism.spark.session import spark_session;"
        "s=spark_session('local[2]'); s.sparkContext.parallelize(range(2)).count();"
        "print(time.perf_counter()-t); s.stop()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*.parquet"))


def b_cubed(found: list[list[str]], reference: list[list[str]]) -> float:
    mine = {item: set(group) for group in found for item in group}
    theirs = {item: set(group) for group in reference for item in group}
    items = sorted(set(mine) & set(theirs))
    precision = sum(len(mine[i] & theirs[i]) / len(mine[i]) for i in items) / len(items)
    recall = sum(len(mine[i] & theirs[i]) / len(theirs[i]) for i in items) / len(items)
    return 2 * precision * recall / (precision + recall)


def equality(spark: dict, analyze: dict) -> str:
    groups = [s["articles"] for s in spark["stories"]]
    reference = [s["articles"] for s in analyze["stories"]]
    quotes = {(q["article"], q["cue"]["start"]) for q in spark["quotes"]}
    gold_quotes = {(q["article"], q["cue"]["start"]) for q in analyze["quotes"]}
    kinds = Counter(f["kind"] for f in spark["findings"])
    gold_kinds = Counter(f["kind"] for f in analyze["findings"])
    return (
        f"stories B3 F1 {b_cubed(groups, reference):.4f} ({len(groups)} vs {len(reference)}); "
        f"quotes {len(quotes)} vs {len(gold_quotes)} (differing {len(quotes ^ gold_quotes)}); "
        f"findings {dict(kinds)} vs {dict(gold_kinds)}"
    )


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def run_baseline(cli: list[str], warc: Path, work: Path, n: int) -> dict[str, Any]:
    """`newsprism analyze --jobs 2` into a fresh store, timed and printed."""
    (work / "analyze.db").unlink(missing_ok=True)
    print(f"load average before the baseline: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    base = timed(
        [
            *cli,
            "analyze",
            str(warc),
            "--jobs",
            "2",
            "--db",
            str(work / "analyze.db"),
            "--json",
            str(work / "analyze.json"),
        ]
    )
    print(
        f"baseline  newsprism analyze --jobs 2: {base['seconds']:.1f} s (CPU {base['cpu']:.1f} s), "
        f"{n / base['seconds']:.2f} articles/s, peak {mib(base['total'])} resident in all "
        f"({mib(base['pss'])} proportional)"
    )
    return base


def run_spark(
    cli: list[str], warc: Path, work: Path, n: int, cores: int, base: dict[str, Any]
) -> dict[str, Any]:
    """`newsprism spark --master local[cores]` into a fresh `--out`, timed, printed and
    compared with the baseline's JSON export."""
    out = work / f"spark-{cores}"
    shutil.rmtree(out, ignore_errors=True)
    print(f"load average before local[{cores}]: {os.getloadavg()[0]:.1f}")
    result = timed(
        [
            *cli,
            "spark",
            str(warc),
            "--master",
            f"local[{cores}]",
            "--out",
            str(out),
            "--json",
            str(work / f"spark-{cores}.json"),
            "--quiet",
        ]
    )
    print(
        f"spark     local[{cores}]: {result['seconds']:.1f} s (CPU {result['cpu']:.1f} s, "
        f"{result['cpu'] / base['cpu']:.2f}x the baseline's), "
        f"{n / result['seconds']:.2f} articles/s "
        f"({n / result['seconds'] / cores:.2f} per core), "
        f"{result['seconds'] / base['seconds']:.2f}x the baseline's wall time "
        f"(target <= {TARGET_RATIO} on 2 cores); peak: largest Python worker "
        f"{mib(result['worker'])}, JVM {mib(result['jvm'])}, all {mib(result['total'])} "
        f"resident ({mib(result['pss'])} proportional)"
    )
    spark = json.loads((work / f"spark-{cores}.json").read_text(encoding="utf-8"))
    analyze = json.loads((work / "analyze.json").read_text(encoding="utf-8"))
    print(f"          {result['output'].strip().splitlines()[-2]}")
    print(f"          equality with analyze: {equality(spark, analyze)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the duc2004 folder")
    parser.add_argument("--clusters", type=int, default=1, help="take every N-th cluster")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsprism-spark-bench"))
    parser.add_argument(
        "--cores", type=int, nargs="+", default=[1, 2], help="local[N] runs to make (1 2)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of the baseline and the Spark runs, in turn; with more than one, the "
        "medians of each round's ratios (on a shared machine the load drifts between runs)",
    )
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    files = duc_files(args.data, args.clusters)
    warc = args.work / "duc2004.warc.gz"
    write_warc(files, warc)
    n = len(files)
    print(f"{n} DUC 2004 articles as a WARC of HTML responses: {warc} ({warc.stat().st_size:,} B)")
    cli = [sys.executable, "-m", "newsprism.cli"]

    ratios: dict[int, list[tuple[float, float]]] = {cores: [] for cores in args.cores}
    for round_number in range(args.rounds):
        if args.rounds > 1:
            print(f"round {round_number + 1} of {args.rounds}")
        base = run_baseline(cli, warc, args.work, n)
        if round_number == 0:
            print(f"Spark start-up (local[2] session and one job): {spark_startup():.1f} s")
        for cores in args.cores:
            result = run_spark(cli, warc, args.work, n, cores, base)
            ratios[cores].append((result["seconds"] / base["seconds"], result["cpu"] / base["cpu"]))
    if args.rounds > 1:
        for cores, found in ratios.items():
            print(
                f"local[{cores}] over {args.rounds} rounds: median ratio to the baseline "
                f"{statistics.median(w for w, _ in found):.2f} in wall time "
                f"(each round {', '.join(f'{w:.2f}' for w, _ in found)}), "
                f"{statistics.median(c for _, c in found):.2f} in CPU seconds"
            )
    cores = args.cores[-1]
    out = args.work / f"spark-{cores}"
    master = f"local[{cores}]"
    rerun = timed([*cli, "spark", str(warc), "--master", master, "--out", str(out), "--quiet"])
    print(
        f"spark     {master} rerun on stored annotations: {rerun['seconds']:.1f} s "
        f"(CPU {rerun['cpu']:.1f} s)"
    )
    print(
        f"Parquet per article: annotation cache {folder_bytes(out / 'annotations') / n:,.0f} B, "
        f"tables {folder_bytes(out / 'tables') / n:,.0f} B"
    )


if __name__ == "__main__":
    main()
