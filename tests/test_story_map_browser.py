"""The story map in a real browser (Debian's Chromium under Playwright): the example's
report opened from a file, the map drawn where its places are, a marker followed to the
sentences that name its place, nothing fetched. With NEWSPRISM_SCREENSHOTS set to a folder
(docs/images), the map's screenshot is written there as story-map.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsprism.model import Analysis
from newsprism.present.report import write_report


@pytest.fixture(scope="module")
def report_url(tmp_path_factory, example_analysis: Analysis) -> str:
    path = tmp_path_factory.mktemp("map") / "report.html"
    write_report(example_analysis, path)
    return path.as_uri()


def test_the_map_draws_the_places_and_a_marker_leads_to_their_sentences(browser, report_url):
    page = browser.new_page(viewport={"width": 900, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report_url)
        svg = page.locator("svg.story-map").first
        svg.scroll_into_view_if_needed()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
        palmyra = page.locator("a.map-marker", has=page.locator("title", has_text="Palmyra"))
        circle = palmyra.locator("circle").first.bounding_box()
        assert circle is not None
        assert box["x"] < circle["x"] < box["x"] + box["width"]
        assert box["y"] < circle["y"] < box["y"] + box["height"]
        countries = page.locator("svg.story-map path.map-country").count()
        assert countries >= 5  # Syria, Iraq and their neighbours
        palmyra.first.click()
        anchor = page.evaluate("location.hash")
        item = page.locator(anchor)
        assert item.locator("b").first.inner_text() == "Palmyra"
        assert item.is_visible() and "Palmyra" in item.inner_text()
        section = page.locator("section.story-map-section").first
        folder = os.environ.get("NEWSPRISM_SCREENSHOTS")
        svg.scroll_into_view_if_needed()
        shot = svg.screenshot(path=str(Path(folder) / "story-map.png") if folder else None)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000
        assert section.is_visible()
        assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
    finally:
        page.close()
