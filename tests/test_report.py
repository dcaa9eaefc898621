"""Reports for people: given these articles, the Markdown and HTML reports show this."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest
from present_sample import (
    AFP,
    AFP_HELD,
    GDN_5000,
    GDN_LAST_MAY,
    GDN_VIDEO,
    afp_annotated,
    palmyra_analysis,
    span,
)

from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    CitedSentence,
    Claim,
    Entity,
    Finding,
    InputProblem,
    Quote,
    Story,
    Summary,
)
from newsprism.present.report import render_html, render_markdown, write_report

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_TEXT = f"Officials said {SCRIPT} was found. A witness wrote {IMG} on a wall."


class PageParser(HTMLParser):
    """Collects the tags, attributes and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def hostile_analysis() -> Analysis:
    """Article text, titles, outlets, URLs, names and problems all carrying markup."""
    evil = Article(
        id="evil",
        title=f"Breaking {SCRIPT}",
        text=HOSTILE_TEXT,
        published=date(2016, 12, 13),
        outlet=IMG,
        url="javascript:alert(1)",
    )
    tricky = Article(
        id="tricky",
        title=IMG,
        text=HOSTILE_TEXT,
        outlet=f"Outlet {SCRIPT}",
        url=f"https://example.org/a{IMG}",
    )
    script = span(evil, SCRIPT)
    img = span(tricky, IMG)
    annotated = AnnotatedArticle(
        article=evil,
        sentences=(),
        mentions=(),
        quotes=(
            Quote(
                "q",
                evil.id,
                "direct",
                (script,),
                span(evil, "said"),
                span(evil, "Officials"),
                speaker_name=IMG,
                speaker_role=SCRIPT,
            ),
        ),
        claims=(Claim("c", script, "denied", 0, source_name=IMG, cue=SCRIPT),),
        times=(),
        quantities=(),
    )
    return Analysis(
        articles=(annotated, AnnotatedArticle(tricky, (), (), (), (), (), ())),
        entities=(Entity("e", SCRIPT, "ORG", (IMG,), (script,), (SCRIPT,)),),
        stories=(Story("s", IMG, (evil.id, tricky.id)),),
        summaries=(Summary("s", (CitedSentence(HOSTILE_TEXT, (script, img)),)),),
        findings=(
            Finding("s", "conflict", (script, img), SCRIPT, (IMG,), (SCRIPT, IMG), IMG),
            Finding("s", "single_source", (img,), IMG, (), (IMG,)),
        ),
        problems=(InputProblem(f"{IMG}.html", SCRIPT),),
    )


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(palmyra_analysis())


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(palmyra_analysis())


def test_markdown_lists_the_story_articles_with_outlet_and_date(markdown):
    assert "## 1. Palmyra recapture a boost for IS jihadists" in markdown
    assert "*2016-12-12 to 2016-12-14*" in markdown
    assert (
        '<a id="s1-a1"></a>\\[1\\] **Palmyra recapture a boost for IS jihadists** — AFP, '
        "2016-12-12" in markdown
    )
    assert "The Guardian, 2016-12-14" in markdown


def test_markdown_summary_sentences_are_followed_by_citations_to_the_articles(markdown):
    summary = markdown.split("### Summary")[1].split("###")[0]
    assert (
        "re-entered the ancient Syrian city at the weekend. "
        "\\[[AFP 2016-12-12](#s1-a1)\\] \\[[The Guardian 2016-12-14](#s1-a2)\\]"
    ) in summary
    assert "in recent months. \\[[The Guardian 2016-12-14](#s1-a2)\\]" in summary
    for anchor in set(re.findall(r"\]\(#([\w-]+)\)", markdown)):
        assert f'<a id="{anchor}"></a>' in markdown


def test_markdown_shows_a_conflict_side_by_side_with_who_asserts_each_side(markdown):
    conflicts = markdown.split("### Conflicts")[1].split("###")[0]
    assert "**Differs in: date** — when IS first took Palmyra: March 2015 or May 2015" in conflicts
    assert (
        "| \\[[AFP 2016-12-12](#s1-a1)\\] asserted by reporter "
        "| \\[[The Guardian 2016-12-14](#s1-a2)\\] asserted by reporter |"
    ) in conflicts
    assert f"| {AFP_HELD.text} | {GDN_LAST_MAY.text} |" in conflicts


def test_markdown_groups_quotes_by_speaker_with_role_cue_and_kind(markdown):
    quotes = markdown.split("### Who said what")[1].split("###")[0]
    peskov, rest = quotes.split("**Romain Caillet** (an expert on jihadist groups)")
    assert peskov.count("**Dmitry Peskov** (Kremlin spokesman)") == 1
    assert "*said* · direct — “We regret that we have yet" in peskov
    assert "direct — “We also regret that there still is" in peskov  # speaker carried over
    assert "“The geography of the city, … makes it very difficult to defend.”" in rest
    assert "**Igor Konashenkov**\n\n- *claimed* · indirect — around 5,000 Isis militants" in rest


def test_markdown_shows_findings_claims_numbers_entities_and_problems(markdown):
    assert "- **Reported by AFP, The Guardian** — IS retook Palmyra at the weekend" in markdown
    assert "**Only in The Guardian**" in markdown
    assert (
        f"{GDN_5000.text} \\[[The Guardian 2016-12-14](#s1-a2)\\] — according to Igor "
        "Konashenkov" in markdown
    )
    assert f"- **UNVERIFIED** — {GDN_VIDEO.text}" in markdown
    assert "attributed" not in markdown.split("### Claims to treat with care")[1].split("###")[0]
    assert "- more than 60 overnight strikes — more than 60 strikes" in markdown
    assert "- around 5,000 Isis militants — around 5,000 militants" in markdown
    assert "- **Islamic State** (ORG) — also: IS, Isis — 3 mentions" in markdown
    assert "- **weekend of 2016-12-10** — Islamic State jihadists re-entered Palmyra." in markdown
    assert markdown.rstrip().endswith("- skipped: feeds/broken.xml: not well-formed XML at line 3")


def test_html_is_one_self_contained_page_without_scripts(page):
    parsed = parse(page)
    tags = {tag for tag, _ in parsed.tags}
    assert page.startswith("<!DOCTYPE html>")
    assert "style" in tags
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert all("src" not in attrs for _, attrs in parsed.tags)


def test_html_summary_cites_articles_by_links_that_resolve(page):
    parsed = parse(page)
    ids = {attrs["id"] for _, attrs in parsed.tags if attrs.get("id")}
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert {"#s1-a1", "#s1-a2"} <= set(links)
    assert all(link[1:] in ids for link in links if link and link.startswith("#"))
    summary = page.split("<h3>Summary</h3>")[1].split("<h3>")[0]
    assert ('at the weekend.<a class="cite" href="#s1-a1" title="' + AFP.text[:20]) in summary
    assert ">[The Guardian 2016-12-14]</a>" in summary


def test_html_shows_conflict_sides_claim_badges_and_speakers(page):
    conflict = page.split('<div class="conflict">')[1]
    assert '<span class="badge badge-slot">date</span>' in conflict
    assert conflict.count('<div class="side">') == 2
    assert f"<blockquote>{AFP_HELD.text}</blockquote>" in conflict
    assert f"<blockquote>{GDN_LAST_MAY.text}</blockquote>" in conflict
    assert "asserted by <strong>reporter</strong>" in conflict
    assert '<span class="badge badge-unverified">unverified</span>The video has not' in page
    assert page.count("<h4>Dmitry Peskov") == 1
    peskov = page.split("<h4>Dmitry Peskov")[1].split("<h4>")[0]
    assert '<span class="role">— Kremlin spokesman</span>' in peskov
    assert '<span class="said">“We regret that' in peskov
    assert '<span class="said">“We also regret that' in peskov


def test_hostile_text_is_escaped_everywhere_in_html():
    page = render_html(hostile_analysis())
    parsed = parse(page)
    assert "<script" not in page and "<img" not in page
    assert {tag for tag, _ in parsed.tags}.isdisjoint({"script", "img"})
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "https://", "http://"))
    assert "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    text = "".join(parsed.text)
    assert HOSTILE_TEXT in text  # shown to the reader as written, never run
    assert f"Breaking {SCRIPT}" in text


def test_only_http_urls_become_links():
    page = render_html(hostile_analysis())
    hrefs = [attrs["href"] for tag, attrs in parse(page).tags if tag == "a"]
    external = [h for h in hrefs if h and not h.startswith("#")]
    assert external == ["https://example.org/a%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E"]
    markdown = render_markdown(hostile_analysis())
    assert "(javascript:" not in markdown
    assert "[link](https://example.org/a%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E)" in markdown


def test_hostile_text_cannot_inject_markup_into_markdown():
    markdown = render_markdown(hostile_analysis())
    raw_tags = re.findall(r"(?<!\\)<[^>]*>", markdown)
    assert set(raw_tags) <= {'<a id="s1-a1">', '<a id="s1-a2">', "</a>"}
    assert "\\<script\\>alert(1)\\</script\\>" in markdown
    assert "Breaking \\<script\\>" in markdown


def test_markdown_escapes_characters_that_would_break_the_layout():
    text = "- *Not* emphasis | [not](a link) _x_ `code` &amp; # 1. item"
    article = Article("md", "# Not a heading", text, None, "Wire | Desk")
    sentence = span(article, text)
    analysis = Analysis(
        articles=(AnnotatedArticle(article, (), (), (), (), (), ()),),
        stories=(Story("s", "1. Not a list", (article.id,)),),
        summaries=(Summary("s", (CitedSentence(text, (sentence,)),)),),
    )
    markdown = render_markdown(analysis)
    assert "## 1. 1\\. Not a list" in markdown
    assert "**\\# Not a heading** — Wire \\| Desk" in markdown
    assert (
        "\\- \\*Not\\* emphasis \\| \\[not\\](a link) \\_x\\_ \\`code\\` \\&amp; \\# 1. item "
        "\\[[Wire \\| Desk](#s1-a1)\\]"
    ) in markdown


def test_articles_in_no_story_are_still_reported():
    analysis = Analysis(articles=(afp_annotated(),))
    markdown = render_markdown(analysis)
    assert "1 article · 0 stories" in markdown
    assert "## 1. Articles" in markdown
    assert "**Dmitry Peskov** (Kremlin spokesman)" in markdown
    assert "<h2>Articles</h2>" in render_html(analysis)


@pytest.mark.parametrize(
    ("name", "opening"),
    [
        ("report.md", "# newsprism report"),
        ("report.markdown", "# newsprism report"),
        ("report.html", "<!DOCTYPE html>"),
        ("REPORT.HTM", "<!DOCTYPE html>"),
    ],
)
def test_write_report_picks_the_format_from_the_extension(tmp_path, name, opening):
    target = tmp_path / name
    write_report(palmyra_analysis(), target)
    assert target.read_text(encoding="utf-8").startswith(opening)


def test_write_report_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match=r"\.txt"):
        write_report(palmyra_analysis(), tmp_path / "report.txt")
    assert not (tmp_path / "report.txt").exists()


def test_direct_quotes_get_quotation_marks_once_and_reported_speech_none():
    words = '"We regret that we have yet to completely neutralise their offensive,"'
    quote = Quote("q", AFP.id, "direct", (span(AFP, words),), None, None, "Dmitry Peskov")
    annotated = replace(afp_annotated(), quotes=(quote,))
    markdown = render_markdown(Analysis(articles=(annotated,)))
    assert f"*(no cue)* · direct — {words} \\[" in markdown
    words = "that “the timing of their attack is related to what is happening in Aleppo”"
    article = Article(id="g", title="", text=f"Assad told reporters {words}.")
    quote = Quote("q", "g", "direct", (span(article, words),), None, None, "Bashar al-Assad")
    told = AnnotatedArticle(article, (), (), (quote,), (), (), ())
    assert f"· direct — {words} \\[" in render_markdown(Analysis(articles=(told,)))


def test_claims_to_treat_with_care_list_each_statement_once(example_analysis):
    """The Guardian prints its photo caption twice; the reader sees the hedged caption once."""
    section = render_markdown(example_analysis).split("### Claims to treat with care")[1]
    lines = [line for line in section.split("###")[0].splitlines() if line.startswith("- ")]
    assert any("what is said to be Palmyra" in line for line in lines)
    assert len(lines) == len(set(lines))


def test_stories_of_one_family_link_to_each_other_and_others_do_not():
    articles = tuple(
        AnnotatedArticle(Article(id=i, title="", text="Text."), (), (), (), (), (), ())
        for i in ("a", "b", "c")
    )
    stories = (
        Story("s-a", "Lohan enters rehab <again>", ("a",), family="f-s-a"),
        Story("s-b", "Reid enters rehab", ("b",), family="f-s-a"),
        Story("s-c", "Pirates seized off Somalia", ("c",)),
    )
    page = render_html(Analysis(articles=articles, stories=stories))
    sections = page.split('<section class="story"')[1:]
    assert '<a href="#story-2">Reid enters rehab</a>' in sections[0]
    assert '<a href="#story-1">Lohan enters rehab &lt;again&gt;</a>' in sections[1]
    assert "Related stories" not in sections[2]
    markdown = render_markdown(Analysis(articles=articles, stories=stories))
    assert "Related stories: 2. Reid enters rehab" in markdown


def test_words_an_article_prints_twice_are_listed_once():
    caption = "what is said to be Palmyra in a still image"
    text = f"Fighters search {caption}. Fighters search {caption}."
    article = Article(id="g", title="", text=text)
    quotes = tuple(
        Quote(f"q{n}", "g", "indirect", (span(article, caption, n),), None, None, None)
        for n in (0, 1)
    )
    markdown = render_markdown(
        Analysis(articles=(AnnotatedArticle(article, (), (), quotes, (), (), ()),))
    )
    assert markdown.count(caption) == 1
