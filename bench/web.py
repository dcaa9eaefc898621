"""The web UI's speed and weight, in Chromium, over the 500 DUC 2004 articles and the example.

    python bench/web.py ../shared/data [--db FILE] [--seconds 30] [--clients 4]
                        [--screenshots docs/images]

1. The CLI end to end: `newsprism analyze DATA/duc2004/*/docs examples/palmyra-2016 --db FILE`
   (skipped when FILE already holds stories), then `newsprism serve --db FILE` (waitress).
2. For the home page, a search and the largest story's page: the time to serve the HTML
   (the first fetch, which makes a story's report, and the median of 5 more), the time
   Chromium takes to render it (navigation start to the load event, median of 3) and the
   page's weight (HTML and everything it loads, as Chromium received them).
   Targets: served < 300 ms, rendered < 1 s, < 2 MB.
3. The API: requests/s for `/api/stories/<largest story>` over `--seconds` from `--clients`
   client processes (each one keep-alive connection), from `newsprism serve` beside the
   named baseline, the same app on Werkzeug's threaded development server (what `serve`
   used before), measured in the same run. Target: >= 50 requests/s on 2 cores for a story
   of 50 articles: also measured on one, the first 50 Timeline17 BBC articles on the BP oil
   spill analysed with `--one-story` into `fifty.db` beside FILE (`--no-fifty` skips it).
4. With `--screenshots`: the story page as a desktop (1280 px) and a phone (390 px) shows it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import chromium, is_local  # noqa: E402

SERVE_FETCHES = 5
RENDERS = 3
BASELINE_SERVER = """
import sys
from werkzeug.serving import make_server
from newsprism.present.web import create_app
from newsprism.settings import Settings
server = make_server("127.0.0.1", int(sys.argv[2]), create_app(Settings(db=sys.argv[1])),
                     threaded=True)
print("ready", flush=True)
server.serve_forever()
"""


# the command of this Python environment (the bench may run without it on PATH)
CLI = str(Path(sys.executable).with_name("newsprism"))
if not Path(CLI).exists():
    CLI = "newsprism"


def build_database(data: Path, db: Path) -> float | None:
    """Analyse DUC 2004 and the example into `db` with the CLI; seconds taken (None: reused)."""
    if db.exists() and db.stat().st_size > 0:
        return None
    started = time.perf_counter()
    folders = sorted(str(p) for p in data.glob("duc2004/*/docs"))  # not refs/ or peers/
    if len(folders) != 50:
        raise SystemExit(f"{data}/duc2004: expected 50 clusters' docs/, found {len(folders)}")
    subprocess.run([CLI, "analyze", *folders, str(EXAMPLE), "--db", str(db)], check=True)
    return time.perf_counter() - started


def fifty_article_database(data: Path, db: Path) -> float | None:
    """One story of 50 articles for the API's target: the first 50 of Timeline17's BBC
    articles on the BP oil spill (by date, then name), analysed with `--one-story`."""
    if db.exists() and db.stat().st_size > 0:
        return None
    folder = db.parent / "bpoil_bbc_50"
    folder.mkdir(parents=True, exist_ok=True)
    paths = sorted(data.glob("timeline17/bpoil_bbc/InputDocs/*/*.txt"))[:50]
    rows = ["file,outlet,published"]
    for number, path in enumerate(paths):
        name = f"{number:02d}.txt"
        (folder / name).write_bytes(path.read_bytes())
        rows.append(f"{name},BBC,{path.parent.name}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    started = time.perf_counter()
    command = [CLI, "analyze", str(folder), "--one-story", "--db", str(db)]
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def api_rates(db: Path, seconds: float, clients: int) -> tuple[dict[str, Any], str]:
    """requests/s (and errors) of `/api/stories/<largest>` from `serve` and the baseline."""
    rates: dict[str, Any] = {}
    for name, command in (("ours", ours), ("baseline", baseline)):
        port = free_port()
        with running(command(db, port), port) as site:
            story = largest_story(site)
            api = f"{site}/api/stories/{quote(story['id'])}"
            rates[name] = requests_per_second(api, seconds, clients)
    return rates, f"{story['articles']} articles"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(command: list[str], port: int) -> Iterator[str]:
    """A server started by `command`, until it answers on `port`; yields its URL."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/api/stories?limit=1", timeout=30).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit(f"{command[0]}: the server did not answer on {url}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def ours(db: Path, port: int) -> list[str]:
    return [CLI, "serve", "--db", str(db), "--port", str(port)]


def baseline(db: Path, port: int) -> list[str]:
    return [sys.executable, "-c", BASELINE_SERVER, str(db), str(port)]


def fetch_ms(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def served_ms(url: str) -> tuple[float, float]:
    """The first fetch's ms (a story's report and export are made then, and kept until the
    database changes) and the median of SERVE_FETCHES more."""
    first = fetch_ms(url)
    return first, statistics.median(fetch_ms(url) for _ in range(SERVE_FETCHES))


def rendered(browser: Any, url: str, origin: str) -> tuple[float, int, int]:
    """Median ms from navigation start to the load event, bytes received, foreign requests."""
    times, weight, foreign = [], 0, 0
    for _ in range(RENDERS):
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []
        requests: list[str] = []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body())))
        page.goto(url, wait_until="load")
        times.append(
            page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n.loadEventEnd - n.startTime; }"
            )
        )
        weight = sum(sizes)
        foreign = sum(1 for r in requests if not is_local(r, origin))
        context.close()
    return statistics.median(times), weight, foreign


def client_loop(url: str, seconds: float, counts: Any, errors: Any) -> None:
    """Requests `url` on one keep-alive connection for `seconds`; adds to the shared counts."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    done = failed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                failed += 1
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    with counts.get_lock():
        counts.value += done
    with errors.get_lock():
        errors.value += failed


def requests_per_second(url: str, seconds: float, clients: int) -> tuple[float, int]:
    urllib.request.urlopen(url, timeout=60).read()  # warm: the story's slice is made once
    counts, errors = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    workers = [
        multiprocessing.Process(target=client_loop, args=(url, seconds, counts, errors))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counts.value / seconds, errors.value


def largest_story(site: str) -> dict[str, Any]:
    stories: list[dict[str, Any]] = []
    url = site + "/api/stories?limit=200"
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:
            page = json.load(response)
        stories += page["stories"]
        url = page.get("next") or ""
    return max(stories, key=lambda s: (s["articles"], s["outlets"]))


def screenshots(browser: Any, site: str, folder: Path) -> None:
    """The example's story page (found by the API's ?q=) as a 1280 px desktop and a 390 px
    phone show it: its top, with the first article's reasons open, and its claims matrix with
    a cell's sentence shown by keyboard focus."""
    with urllib.request.urlopen(site + "/api/stories?q=Palmyra&limit=1", timeout=60) as answer:
        url = site + "/story/" + quote(json.load(answer)["stories"][0]["id"])
    folder.mkdir(parents=True, exist_ok=True)
    for device, width, height in (("desktop", 1280, 1100), ("phone", 390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.locator("details.why").first.evaluate("d => d.open = true")
        page.screenshot(path=str(folder / f"story-{device}.png"))
        cell = page.locator("#claims-matrix .mx-label[aria-describedby]").first
        page.locator("#claims-matrix").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('#claims-matrix').scrollIntoView()")
        cell.focus()
        page.screenshot(path=str(folder / f"matrix-{device}.png"))
        context.close()
        print(f"screenshots: {folder}/story-{device}.png, matrix-{device}.png ({width} px)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds duc2004/)")
    parser.add_argument("--db", type=Path, help="database to build or reuse")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--screenshots", type=Path, help="folder for the story page's PNGs")
    parser.add_argument(
        "--no-fifty", action="store_true", help="skip the API on a story of 50 articles"
    )
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="newsprism-web-")) / "news.db"
    took = build_database(args.data, db)
    print(f"database: {db} " + (f"(built by the CLI in {took:.0f} s)" if took else "(reused)"))
    print(f"cores: {os.cpu_count()}")

    port = free_port()
    with running(ours(db, port), port) as site:
        story = largest_story(site)
        print(
            f"largest story: {story['id']} ({story['articles']} articles, "
            f"{story['outlets']} outlets)"
        )
        pages = {
            "home": site + "/",
            "search 'hurricane'": site + "/search?q=hurricane",
            "largest story": site + "/story/" + quote(story["id"]),
        }
        head = f"{'first ms':>9} {'served ms':>10} {'rendered ms':>12} {'weight KB':>10}"
        print(f"\n{'page':22} {head} {'foreign':>8}")
        with chromium() as browser:
            for name, url in pages.items():
                first, serve = served_ms(url)
                render, weight, foreign = rendered(browser, url, site)
                print(
                    f"{name:22} {first:9.0f} {serve:10.0f} {render:12.0f} "
                    f"{weight / 1024:10.0f} {foreign:8d}"
                )
            if args.screenshots:
                screenshots(browser, site, args.screenshots)
    rows = [("largest DUC story", db)]
    if not args.no_fifty:
        fifty = db.parent / "fifty.db"
        took = fifty_article_database(args.data, fifty)
        print(f"\n50-article story: {fifty} " + (f"(built in {took:.0f} s)" if took else ""))
        rows.append(("Timeline17 BP oil spill", fifty))
    print(f"\nGET /api/stories/<id>, {args.clients} clients x {args.seconds:.0f} s, requests/s:")
    print(f"  {'story':34} {'newsprism serve':>16} {'baseline: Werkzeug dev':>23}")
    for name, path in rows:
        rates, size = api_rates(path, args.seconds, args.clients)
        (ours_rate, ours_errors), (base_rate, base_errors) = rates["ours"], rates["baseline"]
        print(
            f"  {name + ' (' + size + ')':34} {ours_rate:16.1f} {base_rate:23.1f}"
            + (f"  errors {ours_errors} / {base_errors}" if ours_errors or base_errors else "")
        )


if __name__ == "__main__":
    main()
