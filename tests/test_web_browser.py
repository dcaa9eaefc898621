"""The web UI in a real browser: Debian's Chromium, driven by Playwright, over `newsprism
serve`'s own server (waitress) and a store holding the analysed example.

A reader's walk: home page, search, open a story, the claims matrix by keyboard, why an
article is here, a citation link, an uploaded article analysed while the page watches; no
request leaves the server and every page sends a Content-Security-Policy. axe-core (vendored
under tests/assets) finds no serious or critical accessibility violation on any page.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from browser_helpers import axe_violations, is_local

from newsprism.model import Analysis
from newsprism.present.web import create_app
from newsprism.present.web.server import LocalServer
from newsprism.settings import Settings
from newsprism.store import open_store

JOB_TIMEOUT_MS = 600_000
UPLOADED = """Russian jets pound Islamic State near Palmyra
Russian warplanes carried out dozens of strikes on Islamic State positions around Palmyra on
Monday, the Russian defence ministry said, a day after the jihadists retook the ancient city.
The Syrian army said its troops had withdrawn from Palmyra to avoid a massacre of civilians.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, example_analysis: Analysis) -> Iterator[str]:
    """The web UI over a new database holding the example, served by waitress."""
    db = str(tmp_path_factory.mktemp("browser") / "news.db")
    with open_store(db) as store:
        store.save_analysis(example_analysis)
    with LocalServer(create_app(Settings(db=db))) as server:
        yield server.url


class Watched:
    """A page whose requests and document responses are recorded."""

    def __init__(self, browser: Any, site: str, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.documents: list[Any] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "response",
            lambda r: self.documents.append(r) if r.request.is_navigation_request() else None,
        )
        self.site = site

    def foreign(self) -> list[str]:
        return [url for url in self.requests if not is_local(url, self.site)]


def story_export(site: str, story_id: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{site}/api/stories/{story_id}", timeout=60) as response:
        return json.load(response)


def test_a_reader_walks_through_the_site_in_chromium(browser, site, example_analysis, tmp_path):
    watched = Watched(browser, site)
    page = watched.page
    story = example_analysis.stories[0]

    # The home page lists the stored stories.
    page.goto(site + "/")
    assert page.get_by_role("heading", name="Stories").is_visible()
    assert page.locator(f'a[href="/story/{story.id}"]').count() == 1

    # Search from the box in the top bar, by keyboard.
    page.get_by_label("Search articles").fill("Palmyra")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Palmyra"))
    hits = page.locator("ul.hits > li")
    assert hits.count() >= 1
    assert page.locator("ul.hits mark").first.inner_text().lower() == "palmyra"

    # Open the story from a search hit.
    hits.first.locator(f'a[href="/story/{story.id}"]').click()
    page.wait_for_url(f"{site}/story/{story.id}")
    matrix = page.locator("#claims-matrix")
    assert matrix.is_visible()

    # The matrix by keyboard: the focused cell shows its cited sentence, the next Tab the next.
    texts = [a.article.text for a in example_analysis.articles]
    labels = matrix.locator("td.mx-cell .mx-label[aria-describedby]")
    assert labels.count() >= 2
    first = labels.nth(0)
    tooltip = matrix.locator("#" + first.get_attribute("aria-describedby"))
    assert not tooltip.is_visible()
    first.focus()
    assert tooltip.is_visible()
    sentence = tooltip.inner_text()
    words = re.sub(r"\s*\[[^\]]*\](\s*\(\+\d+ more\))?$", "", sentence).rstrip("…")
    assert any(" ".join(words.split()) in " ".join(t.split()) for t in texts), sentence
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert focused == labels.nth(1).get_attribute("aria-describedby")
    assert matrix.locator("#" + focused).is_visible() and not tooltip.is_visible()

    # Follow a citation link: the cited article's entry becomes the target.
    link = matrix.locator("td.mx-cell a.mx-label").first
    anchor = link.get_attribute("href")
    link.press("Enter")
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    assert page.evaluate("document.querySelector(':target').id") == anchor[1:]
    target = page.locator(anchor)
    assert target.is_visible()

    # Why this article is here: the reasons open from the article's entry.
    why = target.locator("details.why")
    why.locator("summary").click()
    reasons = why.locator("li")
    assert reasons.count() >= 1 and reasons.first.is_visible()
    export = story_export(site, story.id)
    shared = {
        r["text"] for m in export["memberships"] for r in m["reasons"] if r["kind"] == "names"
    }
    shown = why.inner_text()
    assert any(name in shown for name in shared), shown

    # Add an uploaded article and watch the job finish.
    page.get_by_role("link", name="Add articles").click()
    article = tmp_path / "russian-strikes.txt"
    article.write_text(UPLOADED, encoding="utf-8")
    page.get_by_label("Upload files").set_input_files(str(article))
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    page.locator("#state.state-done").wait_for(timeout=JOB_TIMEOUT_MS)
    assert page.locator("#read").inner_text() == "1"
    new_story = page.locator("#stories a").first
    new_story.wait_for()
    new_story.click()
    page.wait_for_url(re.compile(r"/story/"))
    assert page.get_by_text("Russian jets pound Islamic State near Palmyra").first.is_visible()

    # Nothing left this machine's server, and every page said what it may load.
    assert watched.foreign() == []
    assert len(watched.documents) >= 6
    for response in watched.documents:
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'none'" in policy and "script-src 'nonce-" in policy, response.url
    watched.context.close()


def test_the_csp_stops_a_script_the_page_did_not_send(browser, site):
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "/")
    blocked = page.evaluate(
        """() => new Promise(resolve => {
          document.addEventListener("securitypolicyviolation", e => resolve(e.violatedDirective));
          const s = document.createElement("script");
          s.textContent = "window.injected = true";
          document.body.appendChild(s);
          setTimeout(() => resolve(window.injected ? "ran" : "silent"), 2000);
        })"""
    )
    assert blocked.startswith("script-src")
    watched.context.close()


PAGES = ("/", "/search?q=Palmyra", "/add", "STORY", "STORY#why", "/story/no-such-story")


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(browser, site, example_analysis, path):
    story = example_analysis.stories[0]
    watched = Watched(browser, site, bypass_csp=True)
    page = watched.page
    page.goto(site + path.replace("STORY", f"/story/{story.id}").replace("#why", ""))
    if path.endswith("#why"):  # with every "why" open and a matrix cell's sentence shown
        page.evaluate("document.querySelectorAll('details.why').forEach(d => d.open = true)")
        page.locator("#claims-matrix .mx-label[aria-describedby]").first.focus()
    found = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert found == [], json.dumps(found, indent=1)
    watched.context.close()


def test_the_job_page_of_a_bad_upload_has_no_serious_violations(browser, site, tmp_path):
    watched = Watched(browser, site, bypass_csp=True)
    page = watched.page
    page.goto(site + "/add")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.get_by_label("Upload files").set_input_files(str(empty))
    page.get_by_role("button", name="Analyse").click()
    page.locator("#state.state-done").wait_for(timeout=JOB_TIMEOUT_MS)
    assert page.locator("#problems li").first.inner_text().startswith("empty.txt (uploaded): ")
    found = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert found == [], json.dumps(found, indent=1)
    watched.context.close()


def test_the_story_page_fits_a_phone(browser, site, example_analysis):
    phone = {"width": 390, "height": 844}
    watched = Watched(browser, site, viewport=phone, bypass_csp=True)
    page = watched.page
    page.goto(f"{site}/story/{example_analysis.stories[0].id}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # wide tables and the chart scroll inside their own box
    found = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert found == [], json.dumps(found, indent=1)
    watched.context.close()
