"""Descriptions outlets agree on: two outlets that call one organisation a news agency
corroborate that, though no sentence of one paraphrases a sentence of the other."""

from __future__ import annotations

from datetime import date

from newsprism.analyse.descriptions import corroborated_descriptions, description_head
from newsprism.annotate.pipeline import annotate_articles
from newsprism.ingest.fields import article_id
from newsprism.link.entities import link_entities
from newsprism.model import Article, Story
from newsprism.settings import Settings

WIRE = (
    "Islamic State fighters seized the town hours later, a monitoring group and the "
    "jihadist-linked Amaq news agency said."
)
PAPER = (
    "A video released by Amaq, Islamic State's news agency, appears to show a hasty retreat "
    "from a forward base near the town."
)
OTHER = "Amaq, a rival militia, said the town had fallen."


def describe(texts_by_outlet: dict[str, str], duplicates=()):
    articles = [
        Article(article_id(text), outlet, text, date(2016, 12, 12), outlet)
        for outlet, text in texts_by_outlet.items()
    ]
    annotated = list(annotate_articles(articles, Settings()))
    _, entity_of = link_entities(annotated)
    ids = tuple(a.id for a in articles)
    story = Story("s", "Palmyra", ids, duplicates=duplicates)
    return corroborated_descriptions(story, {a.article.id: a for a in annotated}, entity_of)


def test_two_outlets_calling_one_organisation_a_news_agency_corroborate_it():
    (finding,) = describe({"AFP": WIRE, "The Guardian": PAPER})
    assert finding.kind == "corroborated"
    assert finding.sources == 2
    assert set(finding.outlets) == {"AFP", "The Guardian"}
    assert "jihadist-linked news agency" in finding.note
    assert "Islamic State's news agency" in finding.note
    assert [s.text for s in finding.statements] == [WIRE, PAPER]


def test_different_descriptions_or_a_wire_copy_corroborate_nothing():
    assert describe({"AFP": WIRE, "Reuters": OTHER}) == []
    copy = WIRE.replace("hours later", "soon after")
    duplicates = ((article_id(copy), article_id(WIRE)),)
    assert describe({"AFP": WIRE, "Le Monde": copy}, duplicates) == []


def test_the_head_of_a_description_is_its_noun_before_any_complement():
    assert description_head("Syria's director of antiquities") == "director"
    assert description_head("a senior fellow at the International Centre") == "fellow"
    assert description_head("Kremlin spokesman") == "spokesman"
    assert description_head("the Arabic name for Palmyra") == "name"
    assert description_head("US Army") is None
