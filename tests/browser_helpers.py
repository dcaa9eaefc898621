"""Debian's Chromium under Playwright, for the browser tests and bench/web.py.

The browser is the system's (`apt-get install chromium`), never one Playwright downloads;
as root it needs --no-sandbox. Everything it would fetch on its own (updates, sync, field
trials) is off, so the only requests a page makes are its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE = Path(__file__).parent / "assets" / "axe-core-4.14.1.min.js"
LOCAL_SCHEMES = ("data", "about", "blob")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (the test extra)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright Browser) for the block."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str, origin: str) -> bool:
    """Whether a request stays on this machine's server (or is a data:/about: URL)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary)
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (the page's context must bypass the
    CSP: axe is injected as a script)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return list(page.evaluate(AXE_RUN))
