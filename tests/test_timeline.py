"""Timelines: statements on their dates, the most referred-to dates, every sentence cited."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsprism.analyse.timeline import build_timeline
from newsprism.analyse.timeline.anchors import chronological, merge_same_facts
from newsprism.analyse.timeline.dates import date_importance
from newsprism.annotate.nlp import load_pipeline
from newsprism.annotate.pipeline import annotate_doc
from newsprism.model import AnnotatedArticle, Article, Fact, Span, Story

MONDAY = date(2016, 12, 12)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("md")


def annotated(nlp: Language, article_id: str, text: str, published: date) -> AnnotatedArticle:
    article = Article(id=article_id, title="", text=text, published=published)
    return annotate_doc(nlp(text), article)


@pytest.fixture(scope="module")
def articles(nlp: Language) -> dict[str, AnnotatedArticle]:
    texts = {
        "a": "IS fighters entered Palmyra on Saturday. The war started in March 2011.",
        "b": "Russian jets struck IS positions near Palmyra on Saturday. Talks failed in 2015.",
        "c": "IS seized Palmyra on Saturday after heavy fighting. Protests began in March 2011.",
    }
    return {key: annotated(nlp, key, text, MONDAY) for key, text in texts.items()}


def story_of(articles: dict[str, AnnotatedArticle]) -> Story:
    return Story(id="s-a", title="Palmyra", article_ids=tuple(articles))


def test_statements_are_on_the_date_they_are_about_not_the_publication_date(articles):
    timeline = build_timeline(story_of(articles), articles, ())
    assert [entry.date for entry in timeline] == ["2011-03", "2015", "2016-12-10"]


def test_the_most_referred_to_dates_are_kept_and_every_sentence_is_cited(articles):
    importance = date_importance(list(articles.values()))
    assert importance["2016-12-10"] == 3  # three articles refer to Saturday
    assert importance["2011-03"] < importance["2016-12-10"]  # a month counts less than a day
    (entry,) = build_timeline(story_of(articles), articles, (), max_dates=1, sentences_per_date=2)
    assert entry.date == "2016-12-10"
    assert len(entry.sentences) == 2
    for sentence in entry.sentences:
        assert sentence.sources
        for source in sentence.sources:
            assert (
                articles[source.article_id].article.text[source.start : source.end] == source.text
            )
        assert sentence.text == sentence.sources[0].text


def test_the_same_fact_from_several_articles_is_one_entry_with_every_source(articles):
    saturday = [
        next(s.span for s in articles[key].sentences if "Saturday" in s.span.text)
        for key in ("a", "c")
    ]
    fact = Fact(id="f1", story_id="s-a", statements=tuple(saturday), outlets=("A", "C"))
    (entry,) = build_timeline(story_of(articles), articles, (fact,), 1, 3)
    merged = [c for c in entry.sentences if len(c.sources) == 2]
    assert len(merged) == 1
    assert {s.article_id for s in merged[0].sources} == {"a", "c"}
    assert entry.sentences[0] is merged[0]  # the best-sourced sentence comes first


def test_every_dated_event_of_the_example_is_on_its_date_with_its_sources(example_analysis, gold):
    def file_number(article_id: str) -> str:  # gold names articles by their file's number
        item = next(a for a in example_analysis.articles if a.article.id == article_id)
        return item.article.source_path.rsplit("/", 1)[-1][:3]

    sources_on: dict[str, set[str]] = {}
    for entry in example_analysis.timeline:
        cited = {file_number(s.article_id) for c in entry.sentences for s in c.sources}
        sources_on.setdefault(entry.date, set()).update(cited)
    assert len(gold["timeline"]) == 10
    for event in gold["timeline"]:
        assert set(event["sources"]) <= sources_on.get(event["date"], set()), event["event"]


def test_the_report_charts_each_date_with_its_source_count(example_analysis):
    from newsprism.present.report.html_page import render_html

    page = render_html(example_analysis)
    chart = page[page.index('<figure class="timeline-chart"') : page.index("</figure>")]
    assert chart.count('<g class="event">') == sum(1 for entry in example_analysis.timeline)
    # Sunday 11 December: both articles report the strikes and the fall of the city.
    sunday = chart[chart.index("<title>2016-12-11") :]
    assert sunday.startswith("<title>2016-12-11 — 2 sources:")


def test_chart_text_is_escaped():
    from newsprism.present.report.chart import timeline_chart
    from newsprism.present.report.cite import CitedLine, SourceRef
    from newsprism.present.report.view import DatedLines

    entry = DatedLines(
        "2016-12-11", (CitedLine("<script>alert(1)</script> & more", (SourceRef("A", "a1", "x"),)),)
    )
    chart = timeline_chart([entry])
    assert "<script>" not in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in chart
    assert ">1</text>" in chart


def test_a_day_recalled_after_it_outranks_a_day_only_announced_before_it():
    from newsprism.analyse.timeline.dates import ranked_dates
    from newsprism.model import Span

    def article(article_id: str, published: date) -> AnnotatedArticle:
        return bare_article(article_id, published, "Today")

    def said(article_id: str) -> Span:
        return Span(article_id, 0, 5, "Today")

    articles = [
        article("a", date(2010, 4, 20)),
        article("b", date(2010, 5, 20)),
        article("c", date(2010, 5, 20)),
        article("d", date(2010, 5, 21)),
    ]
    dated = {  # two articles each: one on the day, one a month after it; or both before it
        "2010-04-20": [said("a"), said("b")],
        "2010-06-01": [said("c"), said("d")],
    }
    articles.append(article("e", date(2010, 6, 1)))
    assert ranked_dates(dated, set(), articles)[:2] == ["2010-04-20", "2010-06-01"]


def test_the_learned_date_ranker_is_shipped_for_the_features_it_was_trained_on():
    from newsprism.analyse.timeline.date_features import FEATURES
    from newsprism.analyse.timeline.dates import shipped_date_model

    model = shipped_date_model()
    assert len(model.weights) == len(FEATURES)
    recall_days = FEATURES.index("recall_days")
    assert model.weights[recall_days] > 0  # a day still recalled on later days matters


def test_weeks_and_weekends_sit_among_the_days_they_cover():
    values = ["2016-12-14", "2016-W49-WE", "2016-W49", "2016-12-05", "2016-12", "2016"]
    ordered = sorted(values, key=chronological)
    assert ordered == ["2016", "2016-12", "2016-12-05", "2016-W49", "2016-W49-WE", "2016-12-14"]


def test_a_day_is_summarised_by_the_sentence_that_recalls_it_later(nlp: Language):
    day = date(2010, 4, 20)
    texts = {  # coverage of the day itself, then a month later the day looked back on
        "a": (
            "Coast Guard crews fought a fire on the oil rig"
            " in the Gulf on Tuesday, the Coast Guard said.",
            day,
        ),
        "b": (
            "Coast Guard boats searched the Gulf for missing"
            " crew of the burning oil rig on Tuesday.",
            day,
        ),
        "c": (
            "On April 20, an explosion on the oil rig in the Gulf"
            " killed 11 crew and the Coast Guard began a search.",
            date(2010, 5, 20),
        ),
    }
    articles = {
        key: annotated(nlp, key, text, published) for key, (text, published) in texts.items()
    }
    (entry,) = build_timeline(story_of(articles), articles, (), max_dates=1, sentences_per_date=1)
    assert entry.date == "2010-04-20"
    assert [c.text for c in entry.sentences] == [texts["c"][0]]
    assert [s.article_id for s in entry.sentences[0].sources] == ["c"]


def test_a_summarised_timeline_does_not_repeat_a_sentence_under_two_dates(nlp: Language):
    texts = {
        "a": (
            "The oil rig exploded in the Gulf on April 20 and sank"
            " in the Gulf on April 22, the Coast Guard said.",
            date(2010, 4, 22),
        ),
        "b": (
            "Boats were sent to the scene of the blast on Tuesday, officials said.",
            date(2010, 4, 20),
        ),
        "d": (
            "The oil rig in the Gulf was still burning on Wednesday, the Coast Guard said.",
            date(2010, 4, 21),
        ),
        "c": ("Eleven workers were still missing on Thursday, officials said.", date(2010, 4, 22)),
    }
    articles = {
        key: annotated(nlp, key, text, published) for key, (text, published) in texts.items()
    }
    timeline = build_timeline(story_of(articles), articles, (), max_dates=3, sentences_per_date=1)
    assert [e.date for e in timeline] == ["2010-04-20", "2010-04-21", "2010-04-22"]
    told = [c.text for e in timeline for c in e.sentences]
    assert len(told) == len(set(told)) == 3


def test_a_day_stated_by_articles_of_other_days_counts_them():
    from newsprism.analyse.timeline.date_features import FEATURES, day_features
    from newsprism.model import Span

    def article(article_id: str, published: date) -> AnnotatedArticle:
        return bare_article(article_id, published, "On April 20")

    articles = [
        article("a", date(2010, 4, 20)),
        article("b", date(2010, 4, 21)),
        article("c", date(2010, 5, 20)),
        article("d", date(2010, 4, 10)),
    ]
    dated = {"2010-04-20": [Span(a.article.id, 0, 11, "On April 20") for a in articles]}
    values = day_features(dated, ["2010-04-20"], articles)["2010-04-20"]
    features = dict(zip(FEATURES, values, strict=True))
    assert features["other_day_mentions"] == 3  # the next day, a month later, ten days before
    assert features["news_mentions"] == 2  # the day itself and the next
    assert features["ahead_mentions"] == 1


def test_a_sentence_printed_twice_is_listed_once_under_its_date(nlp: Language):
    caption = "Fighters search weapon boxes in a base in this image uploaded on Tuesday."
    text = f"{caption} Troops left the base at the weekend. {caption}"
    articles = {"g": annotated(nlp, "g", text, date(2016, 12, 14))}
    timeline = build_timeline(story_of(articles), articles, (), sentences_per_date=3)
    (tuesday,) = [e for e in timeline if e.date == "2016-12-13"]
    assert [s.text for s in tuesday.sentences] == [caption]


def test_an_entry_merging_two_outlets_cites_the_outlet_whose_words_it_shows_first():
    wire_text = "The Kremlin on Monday deplored the lack of cooperation with the United States."
    paper_text = "On Monday a Russian general blamed the United States for the attack."
    wire = Article(id="wire", title="", text=wire_text, outlet="AFP", published=date(2016, 12, 12))
    paper = Article(
        id="paper", title="", text=paper_text, outlet="Guardian", published=date(2016, 12, 14)
    )
    by_id = {a.id: AnnotatedArticle(a, (), (), (), (), (), ()) for a in (wire, paper)}
    wire_span = Span("wire", 0, len(wire_text), wire_text)
    paper_span = Span("paper", 0, len(paper_text), paper_text)
    fact = Fact("f1", "s1", (paper_span, wire_span), ("Guardian", "AFP"))
    [cited] = merge_same_facts(
        [paper_span, wire_span], {("wire", 0): fact, ("paper", 0): fact}, by_id
    )
    assert cited.text == wire_text
    assert [s.article_id for s in cited.sources] == ["wire", "paper"]


def bare_article(article_id: str, published: date, text: str) -> AnnotatedArticle:
    """An article with nothing annotated: the date tests give its sentences and times."""
    article = Article(id=article_id, title="", text=text, published=published)
    return AnnotatedArticle(article, (), (), (), (), (), ())
