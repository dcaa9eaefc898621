"""The report's timeline chart: dates on a time axis, long gaps cut out and marked."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from newsprism.present.report.chart import LABEL_GAP, first_day, timeline_chart
from newsprism.present.report.cite import CitedLine, SourceRef
from newsprism.present.report.view import DatedLines

SVG = "{http://www.w3.org/2000/svg}"


def entry(when: str, text: str = "Something happened.", sources: int = 1) -> DatedLines:
    refs = tuple(SourceRef(f"Outlet {n}", f"s1-a{n}", text) for n in range(sources))
    return DatedLines(when, (CitedLine(text, refs),))


def svg_of(entries: list[DatedLines]) -> ET.Element:
    """The chart's SVG, parsed as XML (so it is well formed, its text escaped)."""
    page = timeline_chart(entries)
    figure = ET.fromstring(page)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def markers(svg: ET.Element) -> dict[str, float]:
    """The x of each event's marker, by the date its title names."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "event":
            continue
        title = group.find(f"{SVG}title")
        circle = group.find(f"{SVG}circle")
        assert title is not None and title.text and circle is not None
        found[title.text.split(" — ")[0]] = float(circle.get("cx", "nan"))
    return found


def breaks(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "axis-break"]


def date_labels(svg: ET.Element) -> list[tuple[float, str]]:
    return [
        (float(t.get("x", "nan")), t.text or "")
        for t in svg.iter(f"{SVG}text")
        if t.get("transform", "").startswith("rotate")
    ]


def days(start: str, *offsets: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=n)).isoformat() for n in offsets]


def test_positions_follow_time_within_a_segment():
    dated = days("2016-03-01", 0, 1, 3, 7)  # 1, 2 and 4 days apart
    xs = markers(svg_of([entry(d) for d in dated]))
    positions = [xs[d] for d in dated]
    assert positions == sorted(positions)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert math.isclose(gaps[1] / gaps[0], 2, rel_tol=0.01)
    assert math.isclose(gaps[2] / gaps[0], 4, rel_tol=0.01)
    assert not breaks(svg_of([entry(d) for d in dated]))


def test_years_apart_evenly_spaced_need_no_break():
    xs = markers(svg_of([entry("2011"), entry("2013"), entry("2015")]))
    assert math.isclose(xs["2013"] - xs["2011"], xs["2015"] - xs["2013"], rel_tol=0.01)


def test_a_gap_of_years_is_cut_and_marked():
    dated = ["2011-06-14", "2015-03-01", "2015-03-03", "2015-03-10"]
    svg = svg_of([entry(d) for d in dated])
    cut = breaks(svg)
    assert len(cut) == 1
    title = cut[0].find(f"{SVG}title")
    assert title is not None and title.text == "2011-06-14 to 2015-03-01: 3 years 8 months skipped"
    assert cut[0].get("aria-label") == "3 years 8 months skipped"
    assert len(cut[0].findall(f"{SVG}line")) == 2  # the two slanted lines
    xs = markers(svg)
    recent = [xs[d] for d in dated[1:]]
    assert recent == sorted(recent)
    # the 2015 dates are not squeezed into a sliver: they hold most of the width
    assert recent[-1] - recent[0] > 0.5 * (recent[-1] - xs["2011-06-14"])
    assert math.isclose((recent[2] - recent[1]) / (recent[1] - recent[0]), 3.5, rel_tol=0.01)
    assert "the axis skips 3 years 8 months" in (svg.get("aria-label") or "")


def test_month_and_year_dates_sit_at_their_period_start():
    assert first_day("2016-03") == date(2016, 3, 1)
    assert first_day("2016") == date(2016, 1, 1)
    assert first_day("2016-SU") == date(2016, 6, 1)
    assert first_day("week of 2016-12-05") == date(2016, 12, 5)
    assert first_day("weekend of 2016-12-10") == date(2016, 12, 10)
    assert first_day("sometime") is None
    xs = markers(svg_of([entry("2016-03"), entry("2016-03-11"), entry("2016-03-21")]))
    assert math.isclose(xs["2016-03-11"] - xs["2016-03"], xs["2016-03-21"] - xs["2016-03-11"])


def test_a_single_date_renders():
    svg = svg_of([entry("2016-12-11", sources=2)])
    assert list(markers(svg)) == ["2016-12-11"]
    assert [text for _, text in date_labels(svg)] == ["2016-12-11"]
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == svg.findtext(f"{SVG}title")
    assert timeline_chart([]) == ""


def test_undated_labels_stay_beside_their_neighbours():
    svg = svg_of([entry("2016-03-01"), entry("late that spring"), entry("2016-03-05")])
    xs = markers(svg)
    assert xs["2016-03-01"] <= xs["late that spring"] <= xs["2016-03-05"]
    even = markers(svg_of([entry("one"), entry("two"), entry("three")]))
    assert math.isclose(even["two"] - even["one"], even["three"] - even["two"])


def test_sixty_dates_have_no_overlapping_labels():
    recent = days("2016-11-20", *range(30))
    earlier = [f"{2010 + n // 12}-{n % 12 + 1:02d}" for n in range(0, 60, 2)]
    dated = earlier + recent
    assert len(dated) == 60
    svg = svg_of([entry(d, sources=1 + n % 4) for n, d in enumerate(dated)])
    assert len(markers(svg)) == 60
    labels = sorted(date_labels(svg))
    assert len(labels) >= 10
    assert all(b[0] - a[0] >= LABEL_GAP for a, b in zip(labels, labels[1:], strict=False))
    shown = {text for _, text in labels}
    assert {dated[0], dated[-1]} <= shown  # the first and last dates keep their labels
    xs = markers(svg)
    positions = [xs[d] for d in dated]
    assert positions == sorted(positions)
    assert len(breaks(svg)) == 1  # the two years between the months and the last 30 days
    assert xs[recent[-1]] - xs[recent[0]] > 0.4 * (xs[recent[-1]] - xs[dated[0]])


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script> & </svg><b onload=1>'
    page = timeline_chart([entry(hostile, text=hostile), entry("2016-03-01", text=hostile)])
    assert "<script>" not in page and "<b " not in page and "</svg><b" not in page
    svg = svg_of([entry(hostile, text=hostile), entry("2016-03-01", text=hostile)])
    assert hostile in [text for _, text in date_labels(svg)]
    assert any(hostile in (t.text or "") for t in svg.iter(f"{SVG}title"))
    assert hostile in (svg.get("aria-label") or "")
