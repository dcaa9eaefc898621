"""The claims matrix: per fact or claim, how each outlet carries it (the worked example)."""

from __future__ import annotations

import re
from dataclasses import replace

from newsprism.model import Analysis, Span
from newsprism.present.export import analysis_to_json
from newsprism.present.report import render_html, render_markdown
from newsprism.present.report.cite import Citer
from newsprism.present.report.matrix import ClaimsMatrix, claims_matrix
from newsprism.present.report.view import build_report_view, hidden_note
from newsprism.present.web import create_app
from newsprism.settings import Settings
from newsprism.store import open_store


def matrix_of(analysis: Analysis) -> ClaimsMatrix:
    matrix = claims_matrix(analysis, analysis.stories[0], Citer({}, {}))
    assert matrix is not None
    return matrix


def matrix_html(page: str) -> str:
    start = page.index('<section class="claims-matrix" id="claims-matrix"')
    return page[start : page.index("</section>", start)]


def test_the_example_has_one_column_per_outlet_and_conflicts_first(example_analysis):
    matrix = matrix_of(example_analysis)
    assert [c.outlet for c in matrix.columns] == ["AFP", "The Guardian"]
    assert all(c.republishers == () for c in matrix.columns)
    first = matrix.rows[0]
    assert (first.kind, first.slot) == ("conflict", "date")
    assert "taken in 2015-03" in first.note  # when IS first took (and held) Palmyra
    assert [c.kind for c in first.cells] == ["contradicts", "contradicts"]
    assert "held Palmyra" in first.cells[0].text
    assert "Last May" in first.cells[1].text
    kinds = [r.kind for r in matrix.rows]
    assert kinds == sorted(kinds, key=lambda k: k != "conflict")


def test_a_corroborated_fact_is_asserted_or_attributed_by_both(example_analysis):
    matrix = matrix_of(example_analysis)
    facts = [r for r in matrix.rows if r.kind == "fact"]
    assert facts
    for row in facts:
        assert all(c.kind in ("asserts", "attributes") for c in row.cells)
        assert all(
            c.span is not None and c.text == " ".join(c.span.text.split()) for c in row.cells
        )
    took = next(r for r in facts if r.text.startswith("Isis took control of Palmyra"))
    assert [c.kind for c in took.cells] == ["asserts", "asserts"]
    said = next(r for r in facts if "Konashenkov" in r.text)
    assert said.cells[1].kind == "attributes"
    assert said.cells[1].who == "Igor Konashenkov"
    assert said.cells[1].label == "attributes to Igor Konashenkov"


def test_a_single_source_claim_is_silent_in_the_other_outlet(example_analysis):
    matrix = matrix_of(example_analysis)
    peskov = next(r for r in matrix.rows if r.text.startswith('"We regret that'))
    assert peskov.kind == "claim"
    assert peskov.cells[0].kind == "attributes" and peskov.cells[0].who == "Dmitry Peskov"
    assert peskov.cells[1].kind == "silent" and peskov.cells[1].text == ""
    guardian_only = [r for r in matrix.rows if r.kind == "claim" and r.cells[0].kind == "silent"]
    assert guardian_only and all(r.cells[1].kind != "silent" for r in guardian_only)


def test_the_html_matrix_labels_cells_in_words_and_links_each_sentence(example_analysis):
    page = render_html(example_analysis)
    assert page.count('id="claims-matrix"') == 1
    section = matrix_html(page)
    head = re.search(r"<thead>(.*?)</thead>", section)
    assert head is not None
    assert re.findall(r'<th scope="col">(.*?)</th>', head.group(1)) == [
        "Fact or claim",
        "AFP",
        "The Guardian",
    ]
    first_row = re.search(r"<tbody><tr[^>]*>(.*?)</tr>", section)
    assert first_row is not None
    assert first_row.group(1).count(">contradicts</a>") == 2
    assert 'class="mx-cell mx-silent"><span class="mx-label">silent</span>' in section
    # every cited cell: the sentence in a title, a link to the article's entry, and a
    # description the focused link points at
    links = re.findall(
        r'<a class="mx-label" href="#(s1-a\d)" title="([^"]*)" aria-describedby="([^"]+)">',
        section,
    )
    assert links
    for anchor, title, described in links:
        assert f'id="{anchor}"' in page
        assert title
        assert f'<span class="mx-sentence" id="{described}" role="tooltip">{title}' in section


def test_the_markdown_report_has_a_compact_matrix(example_analysis):
    text = render_markdown(example_analysis)
    block = text[text.index("### Claim by claim, outlet by outlet") :]
    assert "Fact or claim | AFP | The Guardian" in block
    first = block.splitlines()[4]
    assert first.startswith("**conflict: date**")
    assert first.count("contradicts \\[[") == 2


def test_hostile_sentence_text_is_escaped(example_analysis):
    hostile = '<script>alert(1)</script>" onmouseover="x'
    fact = example_analysis.facts[0]
    s0 = fact.statements[0]
    bad = replace(fact, statements=(replace(s0, text=hostile), *fact.statements[1:]))
    analysis = replace(example_analysis, facts=(bad, *example_analysis.facts[1:]))
    section = matrix_html(render_html(analysis))
    assert "<script>" not in section
    assert '" onmouseover="' not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x" in section
    markdown = render_markdown(analysis)
    assert "<script>" not in markdown


def test_a_big_story_shows_the_first_rows_and_says_how_many_more(example_analysis):
    facts = tuple(replace(f, id=f"{f.id}-{k}") for k in range(12) for f in example_analysis.facts)
    big = replace(example_analysis, facts=facts)
    full = len(matrix_of(example_analysis).rows) + matrix_of(example_analysis).more
    total = full + len(facts) - len(example_analysis.facts)
    story = build_report_view(big).stories[0]
    assert story.matrix is not None
    assert len(story.matrix.rows) == 40
    assert story.matrix.more == total - 40
    assert [r.kind for r in story.matrix.rows[:4]] == ["conflict"] * 4
    assert all(r.kind == "fact" for r in story.matrix.rows[4:])
    assert ("claims matrix rows", total - 40) in story.hidden
    assert f"{total - 40:,} more claims matrix rows" in hidden_note(story)
    assert f"{total - 40} more in the JSON export." in matrix_html(render_html(big))


def test_wire_copies_share_their_originals_column(example_analysis):
    afp = example_analysis.articles[0]
    copy = replace(afp, article=replace(afp.article, id="copy0001", outlet="Yahoo News"))
    story = example_analysis.stories[0]
    story = replace(
        story,
        article_ids=(*story.article_ids, "copy0001"),
        duplicates=(("copy0001", afp.article.id),),
    )
    fact = example_analysis.facts[0]
    s_afp = next(s for s in fact.statements if s.article_id == afp.article.id)
    copied = Span("copy0001", s_afp.start, s_afp.end, s_afp.text)
    only_copy = replace(fact, id="copy-only", statements=(copied,), outlets=("Yahoo News",))
    analysis = replace(
        example_analysis,
        articles=(*example_analysis.articles, copy),
        stories=(story,),
        facts=(*example_analysis.facts, only_copy),
    )
    matrix = matrix_of(analysis)
    assert [(c.outlet, c.republishers) for c in matrix.columns] == [
        ("AFP", ("Yahoo News",)),
        ("The Guardian", ()),
    ]
    row = next(r for r in matrix.rows if r.kind == "fact" and r.carriers == 1)
    assert row.cells[0].span == copied and row.cells[1].kind == "silent"
    assert 'AFP<br><span class="mx-also">republished by Yahoo News</span>' in render_html(analysis)


def test_the_matrix_is_presentation_only(example_analysis):
    assert "matrix" not in str(sorted(analysis_to_json(example_analysis)))


def test_the_web_story_page_shows_the_matrix(tmp_path, example_analysis):
    path = str(tmp_path / "news.db")
    with open_store(path) as store:
        store.save_analysis(example_analysis)
    client = create_app(Settings(db=path)).test_client()
    page = client.get(f"/story/{example_analysis.stories[0].id}").get_data(as_text=True)
    assert page.count('id="claims-matrix"') == 1
    assert ">contradicts</a>" in matrix_html(page)
