"""Stories: articles from several outlets about one event are shown together, others apart."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from newsprism.annotate.pipeline import annotate_articles
from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Article
from newsprism.settings import Settings

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"

QUAKE_WIRE = """A powerful earthquake struck central Italy early on Wednesday, flattening
houses in the mountain town of Amatrice and killing at least 38 people, officials said.
The magnitude 6.2 quake hit at 3:36 a.m. near Norcia, the Italian civil protection agency
said. Rescue workers dug through the rubble of collapsed buildings in Amatrice and nearby
Accumoli, searching for survivors trapped under the debris. "Half the town is gone," the
mayor of Amatrice, Sergio Pirozzi, told state radio. Prime Minister Matteo Renzi said the
government would send emergency teams to the earthquake zone."""

QUAKE_PAPER = """Rescuers in central Italy searched through rubble on Wednesday for people
trapped after an earthquake of magnitude 6.2 devastated Amatrice and Accumoli, killing dozens.
The mayor of Amatrice, Sergio Pirozzi, said half of the town had been destroyed by the quake,
which struck near Norcia before dawn. Italy's civil protection agency said the death toll was
rising as emergency teams reached collapsed houses in the mountain villages. Matteo Renzi,
the prime minister, promised that no family would be left alone after the earthquake."""

ELECTION = """Voters in Iceland went to the polls on Saturday in a parliamentary election in
which the Pirate Party hoped to become the largest party. Opinion polls gave the Pirates and
the Independence Party about a fifth of the vote each. Campaigners in Reykjavik handed out
leaflets on housing and fishing quotas, and turnout was expected to be high after the
Panama Papers scandal forced the former prime minister to resign in the spring."""


def make_article(text: str, published: date | None = None, title: str = "") -> Article:
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Article(id=article_id, title=title, text=text, published=published)


@pytest.fixture(scope="module")
def news() -> list[AnnotatedArticle]:
    articles = [
        make_article(QUAKE_WIRE, date(2016, 8, 24), "Earthquake kills dozens in central Italy"),
        make_article(QUAKE_PAPER, date(2016, 8, 24), "Rescuers search rubble in Amatrice"),
        make_article(ELECTION, date(2016, 10, 29), "Iceland votes"),
    ]
    return list(annotate_articles(articles, Settings()))


@pytest.fixture(scope="module")
def example() -> list[AnnotatedArticle]:
    articles = []
    for path in sorted(EXAMPLE.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        articles.append(Article(id=path.stem, title=title.strip(), text=body.strip()))
    return list(annotate_articles(articles, Settings()))


def story_sets(annotated: list[AnnotatedArticle], settings: Settings) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in group_stories(annotated, settings)}


def test_two_outlets_on_one_event_form_one_story_and_an_unrelated_article_its_own(
    news: list[AnnotatedArticle],
) -> None:
    quake_wire, quake_paper, election = (a.article.id for a in news)
    assert story_sets(news, Settings()) == {
        frozenset({quake_wire, quake_paper}),
        frozenset({election}),
    }


def test_the_larger_story_comes_first_with_its_dates_and_a_title(
    news: list[AnnotatedArticle],
) -> None:
    quake, election = group_stories(news, Settings())
    assert len(quake.article_ids) == 2
    assert quake.first_published == quake.last_published == date(2016, 8, 24)
    assert quake.title in {
        "Earthquake kills dozens in central Italy",
        "Rescuers search rubble in Amatrice",
    }
    assert election.title == "Iceland votes"


def test_the_worked_example_is_one_story(example: list[AnnotatedArticle]) -> None:
    assert story_sets(example, Settings()) == {
        frozenset({"000_02cc217ee7d2ff1b", "002_7755901504861f9e"})
    }


def test_story_ids_are_the_same_across_runs_and_input_orders(
    news: list[AnnotatedArticle],
) -> None:
    first = group_stories(news, Settings())
    again = group_stories(news, Settings())
    reversed_input = group_stories(list(reversed(news)), Settings())
    assert first == again == reversed_input
    earliest = min(news, key=lambda a: (a.article.published, a.article.id)).article.id
    assert first[0].id == "s-" + earliest


def test_one_story_setting_puts_every_article_in_one_story(
    news: list[AnnotatedArticle],
) -> None:
    (story,) = group_stories(news, Settings(one_story=True))
    assert set(story.article_ids) == {a.article.id for a in news}
    assert story.first_published == date(2016, 8, 24)
    assert story.last_published == date(2016, 10, 29)


def test_no_articles_no_stories() -> None:
    assert group_stories([], Settings()) == []
