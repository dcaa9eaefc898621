"""Model objects survive the trip to JSON and back unchanged."""

from __future__ import annotations

import json
from datetime import date

import pytest

from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    CitedSentence,
    Claim,
    Entity,
    Finding,
    InputProblem,
    Mention,
    Quantity,
    Quote,
    Sentence,
    Span,
    Story,
    TimelineEntry,
    TimeRef,
)
from newsprism.store import RecordError, from_record, to_record

TEXT = 'Kremlin spokesman Dmitry Peskov said "we regret it" on 12 December 2016. About 60 strikes.'
ARTICLE = Article("a1", "Palmyra", TEXT, date(2016, 12, 12), "AFP", None, "in/a1.txt")


def span(phrase: str) -> Span:
    start = TEXT.index(phrase)
    return Span("a1", start, start + len(phrase), phrase)


def annotated() -> AnnotatedArticle:
    peskov = span("Dmitry Peskov")
    return AnnotatedArticle(
        article=ARTICLE,
        sentences=(Sentence(span(TEXT[:72]), 0, ("kremlin", "regret")),),
        mentions=(Mention(peskov, "PERSON", 0, role="Kremlin spokesman"),),
        quotes=(
            Quote(
                "q1", "a1", "direct", (span("we regret it"),), span("said"), peskov, "Dmitry Peskov"
            ),
        ),
        claims=(Claim("c1", span("we regret it"), "attributed", 0, source=peskov),),
        times=(TimeRef(span("12 December 2016"), "DATE", "2016-12-12", "day", 0),),
        quantities=(Quantity(span("About 60 strikes"), 60, "strikes", "approximately", 1),),
        annotator="core_web_md-3.7.1",
    )


def test_annotated_article_round_trips_through_json_text():
    original = annotated()
    record = json.loads(json.dumps(to_record(original)))
    assert from_record(AnnotatedArticle, record) == original


def test_dates_tuples_and_none_become_json_values():
    record = to_record(ARTICLE)
    assert record["published"] == "2016-12-12"
    assert record["url"] is None
    story = to_record(Story("s1", "Palmyra", ("a1", "a2"), date(2016, 12, 11), None))
    assert story["article_ids"] == ["a1", "a2"]
    assert story["last_published"] is None


def test_a_whole_analysis_round_trips():
    finding = Finding(
        "s1", "conflict", (span("60"),), "numbers differ", ("AFP",), ("reporter",), "number"
    )
    analysis = Analysis(
        articles=(annotated(),),
        entities=(Entity("e1", "Dmitry Peskov", "PERSON", ("Peskov",), (span("Dmitry Peskov"),)),),
        stories=(Story("s1", "Palmyra", ("a1",), date(2016, 12, 12), date(2016, 12, 12)),),
        timeline=(
            TimelineEntry("s1", "2016-12-12", (CitedSentence("Peskov spoke.", (span("said"),)),)),
        ),
        findings=(finding,),
        problems=(InputProblem("bad.html", "empty page"),),
    )
    assert from_record(Analysis, json.loads(json.dumps(to_record(analysis)))) == analysis


def test_a_whole_number_read_for_a_float_field_becomes_a_float():
    quantity = from_record(Quantity, {**to_record(annotated().quantities[0]), "value": 60})
    assert isinstance(quantity.value, float)


def test_a_record_missing_a_defaulted_field_takes_the_default_and_unknown_keys_are_ignored():
    record = to_record(ARTICLE)
    del record["source_path"]
    record["added_by_a_later_version"] = 1
    assert from_record(Article, record) == Article(
        "a1", "Palmyra", TEXT, date(2016, 12, 12), "AFP", None, None
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"article_id": "a1", "start": "0", "end": 3, "text": "Kre"}, "Span.start"),
        ({"article_id": "a1", "start": True, "end": 3, "text": "Kre"}, "Span.start"),
        ({"article_id": "a1", "end": 3, "text": "Kre"}, "start"),
        (["a1", 0, 3, "Kre"], "expected an object"),
    ],
)
def test_a_record_that_does_not_fit_raises_record_error_naming_the_field(record, message):
    with pytest.raises(RecordError, match=message):
        from_record(Span, record)


def test_a_bad_date_is_a_record_error():
    with pytest.raises(RecordError, match="Article.published"):
        from_record(Article, {**to_record(ARTICLE), "published": "last Tuesday"})


def test_to_record_refuses_what_is_not_a_dataclass_instance():
    with pytest.raises(TypeError):
        to_record(Article)
    with pytest.raises(TypeError):
        to_record({"id": "a1"})


def test_a_record_error_deep_inside_names_the_path_to_the_bad_value():
    record = to_record(annotated())
    record["sentences"][0]["span"]["start"] = "zero"
    with pytest.raises(RecordError, match=r"^AnnotatedArticle\.sentences\[0\]\.span\.start: "):
        from_record(AnnotatedArticle, record)
