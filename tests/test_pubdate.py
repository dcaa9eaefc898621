"""Publication dates: from metadata when given, else inferred from the text and the story."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

import newsprism
from newsprism.analyse.pubdate import infer_story_dates
from newsprism.annotate.pipeline import annotate_doc
from newsprism.model import Analysis, AnnotatedArticle, Article

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"


@pytest.fixture(scope="module")
def undated_example(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """The worked example without its metadata.csv: two articles and no dates."""
    folder = tmp_path_factory.mktemp("palmyra-undated")
    for path in EXAMPLE.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return newsprism.analyze([folder], newsprism.Settings(db=":memory:"))


def annotated(nlp: Language, text: str, published: date | None = None) -> AnnotatedArticle:
    article = Article(id=f"a{abs(hash(text)) % 10**6}", title="", text=text, published=published)
    return annotate_doc(nlp(text), article)


def test_without_metadata_both_articles_are_dated_december_2016_not_a_day(undated_example):
    for item in undated_example.articles:
        article = item.article
        assert article.published is None
        assert article.published_inferred == "2016-12"
        assert article.published_granularity == "month"
        assert article.published_source in ("text", "story")
        assert 0 < (article.published_confidence or 0) < 1


def test_relative_dates_resolve_against_the_inferred_month_only_where_sound(undated_example):
    values = {}
    for item in undated_example.articles:
        for time in item.times:
            values.setdefault(time.span.text, set()).add(time.value)
    assert values["March"] == {"2016-03"}  # "recaptured ... in March": the month is known
    assert values["early May"] == {"2016-05"}
    assert values["spring"] == {"2017-SP"}  # "suspended until spring" looks ahead
    assert values["Monday"] == {""}  # the day is not known, so no day is guessed
    assert values["the weekend"] == {""}


def test_metadata_dates_are_kept_and_said_to_come_from_metadata(example_analysis):
    for item in example_analysis.articles:
        article = item.article
        assert article.published is not None
        assert article.published_inferred is None
        assert (article.published_granularity, article.published_source) == ("day", "metadata")
        assert article.published_confidence == 1.0


def test_months_counted_since_a_named_month_date_the_article(nlp):
    text = (
        "The orchestra played in Palmyra in May 2016. The city's recapture comes just seven "
        "months after that concert in early May."
    )
    found = infer_story_dates([annotated(nlp, text)])
    (only,) = found.values()
    assert (only.value, only.granularity, only.source) == ("2016-12", "month", "text")


def test_a_span_that_is_not_time_elapsed_is_no_cue(nlp):
    text = "IS held the city for 10 months, from March 2015 to May 2016, and left in March."
    (only,) = infer_story_dates([annotated(nlp, text)]).values()
    assert only.value == "2016-05"  # only a lower bound: the latest date it states


def test_an_undated_article_takes_its_dated_sibling_month(nlp):
    dated = annotated(nlp, "The Kremlin on Monday deplored the attack.", date(2016, 12, 12))
    undated = annotated(nlp, "The video was uploaded to social media on Tuesday.")
    found = infer_story_dates([dated, undated])
    assert found[dated.article.id].value == "2016-12-12"
    assert found[undated.article.id].value == "2016-12"
    assert found[undated.article.id].source == "story"


def test_nothing_to_go_on_gives_no_date(nlp):
    assert infer_story_dates([annotated(nlp, "The rebels left on Monday.")]) == {}
