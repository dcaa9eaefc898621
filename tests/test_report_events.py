"""The events table of the report: who did what to whom, where, when, from which sentence."""

from __future__ import annotations

from dataclasses import replace

from present_sample import GDN_TOOK, GUARDIAN, palmyra_analysis, span

from newsprism.model import Entity, Event
from newsprism.present.report import render_html, render_markdown


def analysis_with_events():
    analysis = palmyra_analysis()
    palmyra = Entity("e-palmyra", "Palmyra", "GPE", ("Palmyra",), (span(GUARDIAN, "Palmyra"),))
    took = Event(
        "ev-1",
        "s1",
        "COERCE",
        "seize",
        GDN_TOOK,
        span(GUARDIAN, "took control"),
        source="e-is",
        target="e-palmyra",
        place="e-palmyra",
        date="2016-W49-WE",
    )
    hostile = Event(
        "ev-2",
        "s1",
        "ASSAULT",
        "",
        GDN_TOOK,
        span(GUARDIAN, "Russian"),
        source_text="<script>alert(1)</script>",
        status="attributed",
        attributed_name="a <b>ministry</b>",
    )
    return replace(analysis, entities=(*analysis.entities, palmyra), events=(took, hostile))


def test_the_html_report_has_a_row_per_event_with_names_and_the_cited_sentence():
    page = render_html(analysis_with_events())
    section = page[page.index('<section class="events"') :]
    section = section[: section.index("</section>")]
    body = section.index("<tbody>")
    first = section[body : section.index("</tr>", body)]
    assert "<td>Islamic State</td>" in first and "COERCE (seize)" in first
    assert "<td>Palmyra</td><td>Palmyra</td><td>weekend of 2016-12-10</td>" in first
    assert "Isis took control of Palmyra" in first and 'class="cite"' in first


def test_event_words_from_articles_are_escaped_and_a_reported_event_says_by_whom():
    page = render_html(analysis_with_events())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "attributed: a &lt;b&gt;ministry&lt;/b&gt;" in page


def test_the_markdown_report_has_the_events_table():
    text = render_markdown(analysis_with_events())
    assert "### Events: who did what to whom" in text
    row = next(line for line in text.splitlines() if line.startswith("| Islamic State"))
    assert "COERCE (seize): took control" in row and "Palmyra" in row
