"""`newsprism watch` against a simulated newsroom on loopback.

    python bench/watch.py DATA_DIR [--per-outlet 3] [--per-pass 3] [--keep DIR]
                                   [--facts-model auto|minilm|lexical] [--growth-window N]
                                   [--no-oracle]

The bench serves several outlets itself (tests/newsroom.py: one HTTP server per outlet on
127.0.0.1, an RSS feed with ETag/Last-Modified and 304s, article pages with og:site_name and
article:published_time, a robots.txt that disallows /private/). It releases articles over
simulated hours, a few per pass: the first days of two Timeline17 topics (H1N1 from BBC, The
Guardian and Reuters; the BP oil spill from BBC, The Guardian, Reuters and Fox News; English
pages only) and the worked example (AFP half-way, The Guardian last), then makes one more pass
with nothing new. Each pass is `newsprism.watch.run_pass` (what `watch --once
--allow-private --min-interval 0 --host-delay 0` runs) in one process, after a warm-up
`analyze` on another topic's articles so that neither side pays for lazy loads.

Printed: requests made against the minimum needed (each due feed once, each new page once,
robots.txt once per origin); the share of 304s on unchanged feeds; the time of the unchanged
pass; articles per second end to end (and wall and CPU seconds, the load average) beside the
baseline `newsprism.analyze` on the same articles saved as HTML files (one run, and one run per
pass's batch, each in a process forked after the warm-up; `--facts-model` applies to both
sides); seconds from an article's release to its alert; alerts against those the scripted
release implies, precision and recall: `new_story` when a topic's first articles come out,
`new_outlet` when an outlet first covers a topic already out; then every kind against the batch
path (bench/watch_oracle.py: per pass k, the alert difference between `analyze` over the
articles released up to pass k and up to pass k-1, in fresh databases; it checks the
incremental path against the batch path). Then the CLI end to end on the same newsroom:
`newsprism watch --once ...` twice in a fresh database and `newsprism alerts --json`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from newsroom import Newsroom, Outlet, Story, example_story  # noqa: E402
from watch_oracle import batch_alerts, report_lines, score  # noqa: E402

from newsprism.annotate.nlp import load_pipeline  # noqa: E402
from newsprism.api import analyze  # noqa: E402
from newsprism.settings import Settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402
from newsprism.watch import WatchSettings, run_pass  # noqa: E402
from newsprism.watch.politeness import parse_iso  # noqa: E402

WARM_UP = "MJ_bbc"  # a topic the bench does not release
START = {"H1N1": "2009-04-24", "bpoil": "2010-04-21"}  # the days the event broke
TOPICS = {
    "H1N1": {"BBC": "H1N1_bbc", "The Guardian": "H1N1_guardian", "Reuters": "H1N1_reuters"},
    "bpoil": {
        "BBC": "bpoil_bbc",
        "The Guardian": "bpoil_guardian",
        "Reuters": "bpoil_reuters",
        "Fox News": "bpoil_foxnews",
    },
}
EXAMPLE = [("AFP", "000_02cc217ee7d2ff1b.txt", "2016-12-12"),
           ("The Guardian", "002_7755901504861f9e.txt", "2016-12-14")]  # fmt: skip
WATCH = WatchSettings(allow_private=True, host_delay=0, min_interval=0)


@dataclass(frozen=True)
class Release:
    topic: str
    outlet: str
    story: Story


ENGLISH_WORDS = frozenset("the of and to a in that is was for on with said by as".split())


def readable(file: Path) -> bool:
    """An article of at least 150 words, mostly letters (not a video page's debris), in
    English: at least one word in ten among the commonest English words. (Timeline17's BBC
    H1N1 folder holds BBC Vietnamese pages with their accents stripped; `analyze` rightly
    keeps such a page apart, so it is no report of the English story the script releases.)"""
    text = file.read_text(errors="replace")
    letters = sum(c.isalpha() for c in text)
    words = text.lower().split()
    english = sum(w in ENGLISH_WORDS for w in words)
    return (
        len(words) > 150
        and letters > 0.7 * len(text.replace(" ", ""))
        and english >= 0.1 * len(words)
    )


def timeline17_story(folder: Path, slug: str) -> Story:
    lines = [" ".join(line.split()) for line in folder.read_text(errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return Story(slug, lines[0][:150], "\n".join(lines[1:] or lines), folder.parent.name)


def scripted_releases(data: Path, per_outlet: int) -> list[list[Release]]:
    """Per topic, the first `per_outlet` articles of each outlet (by date), topics and outlets
    taking turns; the worked example's AFP report half-way, The Guardian's last (their
    conflicts come out in a later pass than the story)."""
    queues = []
    for topic, outlets in TOPICS.items():
        releases = []
        for outlet, name in outlets.items():
            files = sorted((data / name / "InputDocs").glob("*/*.txt"))
            files = [f for f in files if f.parent.name >= START[topic] and readable(f)]
            for n, file in enumerate(files[:per_outlet]):
                slug = f"{topic}-{name}-{n}"
                releases.append(
                    (file.parent.name, Release(topic, outlet, timeline17_story(file, slug)))
                )
        queues.append([r for _, r in sorted(releases, key=lambda x: x[0])])
    turns: list[Release] = []
    while any(queues):
        for queue in queues:
            if queue:
                turns.append(queue.pop(0))
    (afp, afp_name, afp_day), (guardian, guardian_name, guardian_day) = EXAMPLE
    turns.insert(len(turns) // 2, Release("palmyra", afp, example_story(afp_name, afp_day)))
    turns.append(Release("palmyra", guardian, example_story(guardian_name, guardian_day)))
    return [[r] for r in turns]


def batches(releases: list[list[Release]], per_pass: int) -> list[list[Release]]:
    flat = [r for group in releases for r in group]
    return [flat[i : i + per_pass] for i in range(0, len(flat), per_pass)]


def expected_alerts(passes: list[list[Release]]) -> set[tuple[str, ...]]:
    """new_story when a topic first comes out; new_outlet when an outlet first covers a topic
    that came out in an earlier pass."""
    out: set[tuple[str, ...]] = set()
    seen: dict[str, set[str]] = defaultdict(set)
    for batch in passes:
        fresh = {r.topic for r in batch if not seen[r.topic]}
        for release in batch:
            if release.topic in fresh:
                out.add(("new_story", release.topic))
            elif release.outlet not in seen[release.topic]:
                out.add(("new_outlet", release.topic, release.outlet))
        for release in batch:
            seen[release.topic].add(release.outlet)
    return out


def run_watch_passes(
    room: Newsroom, passes: list[list[Release]], db: str, settings: Settings
) -> dict:
    outlets = {o.name: o for o in room.outlets}
    sources = [o.feed_url for o in room.outlets]
    settings = replace(settings, db=db)
    per_pass, released_at, alerts = [], {}, []
    with open_store(db) as store:
        for batch in [*passes, []]:
            marks = {o.name: len(o.log) for o in room.outlets}
            for release in batch:
                outlets[release.outlet].publish(release.story)
                released_at[outlets[release.outlet].page_url(release.story.slug)] = time.time()
            started = time.perf_counter()
            report = run_pass(sources, store, settings, WATCH)
            seconds = time.perf_counter() - started
            logs = {o.name: o.log[marks[o.name] :] for o in room.outlets}
            changed = {r.outlet for r in batch}
            per_pass.append({"batch": batch, "report": report, "seconds": seconds, "logs": logs,
                             "changed": changed})  # fmt: skip
            alerts += report.alerts
        url_of = {a: (store.get_article(a).url or "") for a in store.article_ids()}  # type: ignore[union-attr]
    return {"passes": per_pass, "released_at": released_at, "alerts": alerts, "url_of": url_of}


def request_counts(result: dict, room: Newsroom) -> tuple[int, int, int, int]:
    """(requests made, minimum needed, 304s on unchanged feeds, requests to unchanged feeds)."""
    made = minimum = unchanged_304 = unchanged = 0
    robots_seen: set[str] = set()
    polled: set[str] = set()
    for step in result["passes"]:
        for outlet in room.outlets:
            log = step["logs"][outlet.name]
            made += len(log)
            new_pages = sum(1 for r in step["batch"] if r.outlet == outlet.name)
            minimum += 1 + new_pages + (outlet.name not in robots_seen)
            robots_seen.add(outlet.name)
            first = outlet.name not in polled
            polled.add(outlet.name)
            if outlet.name not in step["changed"] and not first:  # a first GET is never a 304
                feed = [status for path, status in log if path == "/feed.xml"]
                unchanged += len(feed)
                unchanged_304 += sum(1 for status in feed if status == 304)
    return made, minimum, unchanged_304, unchanged


def scored_alerts(result: dict, topic_of_url: dict[str, tuple[str, str]]) -> list[tuple[str, ...]]:
    """(kind, topic[, outlet]) of each new_story and new_outlet alert, repeats kept (a topic
    split into two stories gives two new_story alerts: one is a false alarm)."""
    found: list[tuple[str, ...]] = []
    for alert in result["alerts"]:
        urls = [result["url_of"].get(a, "") for a in alert.article_ids]
        known = [topic_of_url[u] for u in urls if u in topic_of_url]
        if not known:
            continue
        topic, outlet = known[0]
        if alert.kind == "new_story":
            found.append(("new_story", Counter(t for t, _ in known).most_common(1)[0][0]))
        elif alert.kind == "new_outlet":
            found.append(("new_outlet", topic, outlet))
    return found


def save_pages(passes: list[list[Release]], folder: Path) -> list[Path]:
    """The pages of each pass's articles as HTML files, one folder per pass."""
    folders = []
    for number, batch in enumerate(passes):
        pages = folder / "pages" / f"{number:03d}"
        pages.mkdir(parents=True, exist_ok=True)
        for release in batch:
            (pages / f"{release.story.slug}.html").write_bytes(
                Outlet(release.outlet).page(release.story)
            )
        folders.append(pages)
    return folders


def warm_up_pages(data: Path, folder: Path) -> list[Path]:
    """Three pages of a Timeline17 topic the bench does not release, for the warm-up."""
    files = sorted((data / WARM_UP / "InputDocs").glob("*/*.txt"))
    stories = [timeline17_story(f, f"warm-up-{n}") for n, f in enumerate(files[:3])]
    folder.mkdir(parents=True, exist_ok=True)
    for story in stories:
        (folder / f"{story.slug}.html").write_bytes(Outlet("BBC").page(story))
    return [folder]


def baseline_times(
    pass_folders: list[Path], folder: Path, settings: Settings
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) seconds of `newsprism.analyze` on the same pages as HTML files: in one run,
    and in one run per pass's batch (into one database). Each is timed in a process forked
    from this one after the warm-up, so neither starts with the other's (or the watch's)
    texts memoised."""
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        one = pool.apply(one_run_times, (pass_folders, folder, settings))
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        per_batch = pool.apply(per_batch_times, (pass_folders, folder, settings))
    return one, per_batch


def one_run_times(
    pass_folders: list[Path], folder: Path, settings: Settings
) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    analyze(pass_folders, replace(settings, db=str(folder / "one.db")))
    return time.perf_counter() - started, time.process_time() - cpu


def per_batch_times(
    pass_folders: list[Path], folder: Path, settings: Settings
) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    for pages in pass_folders:
        analyze([pages], replace(settings, db=str(folder / "batches.db")))
    return time.perf_counter() - started, time.process_time() - cpu


def cli_end_to_end(passes: list[list[Release]], folder: Path, settings: Settings) -> str:
    with Newsroom(sorted({r.outlet for b in passes for r in b})) as room:
        outlets = {o.name: o for o in room.outlets}
        sources = folder / "sources.txt"
        sources.write_text("\n".join(o.feed_url for o in room.outlets) + "\n")
        config = folder / "watch.toml"
        config.write_text(
            f'[newsprism]\nfacts_model = "{settings.facts_model}"\n'
            f"growth_window = {settings.growth_window}\n"
        )
        db = folder / "cli.db"
        command = [sys.executable, "-m", "newsprism.cli", "watch", str(sources), "--db", str(db),
                   "--once", "--allow-private", "--min-interval", "0", "--host-delay", "0",
                   "--quiet", "--config", str(config)]  # fmt: skip
        lines = []
        for batch in (passes[0], [r for b in passes[1:] for r in b]):
            for release in batch:
                outlets[release.outlet].publish(release.story)
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines.append(f"exit {done.returncode}: {done.stdout.strip()}")
        out = folder / "alerts.json"
        listing = [sys.executable, "-m", "newsprism.cli", "alerts", "--db", str(db)]
        done = subprocess.run(
            [*listing, "--json", str(out)], capture_output=True, text=True, check=False
        )
        kinds = Counter(a["kind"] for a in json.loads(out.read_text())["alerts"])
        lines.append(f"alerts exit {done.returncode}: {dict(kinds)}")
    return "\n  ".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds timeline17/)")
    parser.add_argument("--per-outlet", type=int, default=3)
    parser.add_argument("--per-pass", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the databases and pages here")
    parser.add_argument(
        "--facts-model",
        default="auto",
        choices=("auto", "minilm", "lexical"),
        help="for watch and for every analyze baseline alike (default: the default, auto)",
    )
    parser.add_argument(
        "--growth-window",
        type=int,
        default=Settings().growth_window,
        help="stored members a pass re-reads of a bigger story (Settings.growth_window), for "
        "watch and every analyze baseline alike (default: %(default)s)",
    )
    parser.add_argument("--no-oracle", action="store_true", help="skip the batch-path oracle")
    args = parser.parse_args()
    settings = Settings(facts_model=args.facts_model, growth_window=args.growth_window)
    data = args.data / "timeline17" if (args.data / "timeline17").is_dir() else args.data
    passes = batches(scripted_releases(data, args.per_outlet), args.per_pass)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsprism-watch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    count = sum(len(b) for b in passes)
    load_pipeline(Settings().model)  # both sides run with the pipeline loaded
    names = sorted({r.outlet for b in passes for r in b})
    print(f"{count} articles from {len(names)} outlets in {len(passes)} passes, then 1 unchanged")
    # Warm up once (lazy loads: gazetteer, date parser, encoder) on articles of another topic,
    # so neither side pays for lazy loads nor finds the measured texts memoised.
    analyze(warm_up_pages(data, folder / "warm-up"), replace(settings, db=":memory:"))
    pass_folders = save_pages(passes, folder)
    (one_wall, one_cpu), (batch_wall, batch_cpu) = baseline_times(pass_folders, folder, settings)
    with Newsroom(names) as room:
        started, cpu = time.perf_counter(), time.process_time()
        result = run_watch_passes(room, passes, str(folder / "watch.db"), settings)
        watch_seconds, watch_cpu = time.perf_counter() - started, time.process_time() - cpu
        made, minimum, unchanged_304, unchanged = request_counts(result, room)
        topic_of_url = {o.page_url(r.story.slug): (r.topic, r.outlet) for b in passes for r in b
                        for o in room.outlets if o.name == r.outlet}  # fmt: skip
        private = sum(1 for o in room.outlets for path, _ in o.log if path.startswith("/private/"))
    last = result["passes"][-1]
    print(f"requests: {made} made, {minimum} the minimum (feeds, new pages, robots.txt once)")
    print(f"unchanged feeds: {unchanged_304}/{unchanged} answered 304 "
          f"({unchanged_304 / max(unchanged, 1):.0%}); disallowed requests: {private}")  # fmt: skip
    print(f"unchanged pass: {last['seconds']:.2f} s, {len(last['report'].alerts)} alerts, "
          f"requests {sum(len(v) for v in last['logs'].values())} (host delay 0)")  # fmt: skip
    rate = count / watch_seconds
    fetching = sum(step["report"].fetch_seconds for step in result["passes"])
    analysing = sum(step["report"].analyse_seconds for step in result["passes"])
    print(f"watch: {watch_seconds:.1f} s wall ({watch_cpu:.1f} s CPU) in all: fetching "
          f"{fetching:.1f} s, analysing {analysing:.1f} s")  # fmt: skip
    one, per_batch = count / one_wall, count / batch_wall
    print(f"baseline analyze: one run {one_wall:.1f} s wall ({one_cpu:.1f} s CPU), one run per "
          f"pass's batch {batch_wall:.1f} s wall ({batch_cpu:.1f} s CPU); load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    print(
        f"articles/s end to end: watch {rate:.2f}; baseline analyze one run {one:.2f} "
        f"({rate / one:.0%}), analyze per pass's batch {per_batch:.2f} ({rate / per_batch:.0%}); "
        f"by CPU seconds: {one_cpu / watch_cpu:.0%} of one run, {batch_cpu / watch_cpu:.0%} "
        "of per pass"
    )
    latencies = []
    for alert in result["alerts"]:
        created = parse_iso(alert.created).timestamp()
        urls = [result["url_of"].get(a, "") for a in alert.article_ids]
        released = [result["released_at"][u] for u in urls if u in result["released_at"]]
        if released:
            latencies.append(created - max(released))
    if latencies:
        print(f"release to alert: median {statistics.median(latencies):.1f} s, "
              f"max {max(latencies):.1f} s over {len(latencies)} alerts (all in the pass that "
              "fetched the article)")  # fmt: skip
    expected = expected_alerts(passes)
    found = scored_alerts(result, topic_of_url)
    for kind in ("new_story", "new_outlet"):
        want = Counter(e for e in expected if e[0] == kind)
        got = Counter(f for f in found if f[0] == kind)
        hit = sum((want & got).values())
        print(
            f"{kind:<11} precision {hit}/{got.total()} = {hit / max(got.total(), 1):.2f}, "
            f"recall {hit}/{want.total()} = {hit / max(want.total(), 1):.2f}"
        )
        for miss in sorted((want - got).elements()):
            print(f"    missed {miss}")
        for extra in sorted((got - want).elements()):
            print(f"    extra  {extra}")
    print("baseline (an alert on every new item, as feed readers do): "
          f"{count} alerts, new_outlet precision "
          f"{len([e for e in expected if e[0] == 'new_outlet'])}/{count}")  # fmt: skip
    others = Counter(a.kind for a in result["alerts"] if a.kind not in ("new_story", "new_outlet"))
    print(f"other alerts (no scripted truth): {dict(others)}")
    if not args.no_oracle:
        implied = batch_alerts(pass_folders, folder / "oracle", settings)
        watched = [step["report"].alerts for step in result["passes"]]
        print(
            "every kind against the batch path (the oracle checks the incremental path against "
            "the batch path: per pass k, the difference between `analyze` over the articles "
            "released up to pass k and up to pass k-1, fresh databases):"
        )
        print("  " + "\n  ".join(report_lines(score(watched, implied))))
    print(f"CLI end to end:\n  {cli_end_to_end(passes, folder, settings)}")


if __name__ == "__main__":
    main()
