"""The story map: the story's places on an inline SVG of Natural Earth's countries."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from present_sample import GUARDIAN, palmyra_analysis, span

from newsprism.model import Entity, Place
from newsprism.present.report import render_html, render_markdown
from newsprism.present.report.story_map import view_bounds
from newsprism.present.report.world import decode_topology, world_countries


def test_the_shipped_countries_hold_their_cities():
    countries = world_countries()
    assert len(countries) > 170
    assert [c.name for c in countries if c.contains(38.28, 34.56)] == ["Syria"]  # Palmyra
    assert [c.name for c in countries if c.contains(43.12, 36.34)] == ["Iraq"]  # Mosul
    assert [c.name for c in countries if c.contains(37.62, 55.75)] == ["Russia"]  # Moscow
    assert not any(c.contains(-30.0, 30.0) for c in countries)  # the Atlantic


def test_a_topology_is_decoded_from_quantized_delta_arcs_and_reversed_arcs():
    topology = {
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[0, 0], [4, 4]]],
        "objects": {
            "countries": {
                "geometries": [{"type": "Polygon", "arcs": [[0, ~1]], "properties": {"name": "T"}}]
            }
        },
    }
    (country,) = decode_topology(topology)
    assert country.rings == (((10.0, 20.0), (12.0, 20.0), (12.0, 22.0), (10.0, 20.0)),)
    assert country.contains(11.5, 20.5) and not country.contains(10.5, 21.5)


def test_bounds_are_padded_and_never_smaller_than_a_region():
    west, south, east, north = view_bounds([(38.28, 34.56)])
    assert east - west >= 12 and north - south >= 12 and west < 38.28 < east


@pytest.fixture(scope="module")
def example_page(example_analysis) -> str:
    return render_html(example_analysis)


def svg_of(page: str) -> str:
    start = page.index('<svg class="story-map"')
    return page[start : page.index("</svg>", start) + 6]


def marker(svg: str, name: str) -> tuple[float, float, float, str]:
    pattern = (
        r'<a href="#([^"]+)" class="map-marker"[^>]*><circle cx="([\d.-]+)" cy="([\d.-]+)" '
        r'r="([\d.]+)"/><title>(?:[^<]* / )?' + re.escape(name) + r"[ (:]"
    )
    found = re.search(pattern, svg)
    assert found is not None, name
    return float(found[2]), float(found[3]), float(found[4]), found[1]


def test_the_example_map_is_zoomed_to_syria_and_iraq_with_markers_sized_by_mentions(
    example_page,
):
    svg = svg_of(example_page)
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    for town in ("Palmyra", "Aleppo", "Raqqa", "Mosul", "Damascus", "Al-Qaryatain"):
        x, y, _, _ = marker(svg, town)
        assert 0 < x < width and 0 < y < height, town
    palmyra, village = marker(svg, "Palmyra"), marker(svg, "Al-Qaryatain")
    assert palmyra[2] > village[2]  # named far more often: a bigger marker
    x, y, _, _ = marker(svg, "Russia")
    assert not (0 < x < width and 0 < y < height)  # Russia's centre is off this map
    assert "<title>Syria</title>" in svg and 'class="map-country map-named"' in svg
    assert 'aria-label="Palmyra (Tadmur, SY): ' in svg  # each link says where it leads
    assert "http" not in svg.replace("http://www.w3.org", "")  # nothing fetched


def test_each_marker_links_to_the_sentences_naming_its_place(example_page):
    _, _, _, anchor = marker(svg_of(example_page), "Palmyra")
    item = example_page[example_page.index(f'<li id="{anchor}">') :]
    item = item[: item.index("</ul></li>")]
    assert "<b>Palmyra</b> (Tadmur, SY)" in item
    assert item.count('class="cite"') >= 2 and "Palmyra" in item.split("<ul>")[1]


def test_place_names_from_articles_are_escaped_on_the_map_and_in_markdown():
    analysis = palmyra_analysis()
    hostile = Entity(
        "e-x",
        '<script>alert("x")</script>',
        "GPE",
        (),
        (span(GUARDIAN, "Palmyra"),),
        place=Place(163808, "Tadmur", 34.56, 38.28, "SY", "PPL", 0.9),
    )
    analysis = replace(analysis, entities=(*analysis.entities, hostile))
    page = render_html(analysis)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "\\<script\\>" in render_markdown(analysis)


def test_the_markdown_report_lists_each_place_with_its_country_coordinates_and_mentions(
    example_analysis,
):
    markdown = render_markdown(example_analysis)
    section = markdown[markdown.index("### Places") :]
    section = section[: section.index("\n### ", 4)]
    palmyra = next(line for line in section.splitlines() if line.startswith("- **Palmyra"))
    assert re.fullmatch(
        r"- \*\*Palmyra\*\* \(Tadmur, SY\): 34\.\d\d° N, 38\.\d\d° E, town; (\d+) mentions",
        palmyra,
    ), palmyra
    assert re.search(
        r"- \*\*[^\n]*Syria\*\* \(Syria, SY\): [\d.]+° N, [\d.]+° E, country; \d+ mention", section
    )
    assert re.search(
        r"- \*\*Homs province\*\* \(Homs, SY\): [\d.]+° N, [\d.]+° E, state or province", section
    )
