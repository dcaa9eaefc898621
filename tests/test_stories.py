"""Stories: articles from several outlets about one event are shown together, others apart."""

from __future__ import annotations

import hashlib
import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import newsprism
from newsprism.annotate.pipeline import annotate_articles
from newsprism.link.linkage import average_linkage
from newsprism.link.similarity import relative_similarity
from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Article, Sentence, Span, Story
from newsprism.settings import Settings
from newsprism.store import open_store

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


QUAKE_LATE = """The death toll from the earthquake that devastated the mountain towns of Amatrice
and Accumoli in central Italy rose to 250 on Thursday, the civil protection agency said, as
rescuers kept digging through the rubble of collapsed houses for survivors. Prime Minister
Matteo Renzi visited the quake zone near Norcia and promised to rebuild Amatrice, whose mayor
Sergio Pirozzi said half of the town had been destroyed by the magnitude 6.2 earthquake."""

MARATHON = """Eliud Kipchoge won the Berlin marathon on Sunday in two hours, three minutes and
five seconds, the second fastest time ever run, beating Kenenisa Bekele in cold rain. The
Kenyan Olympic champion said the wet roads had cost him a chance at the world record, and
thanked the crowds who lined the course through the German capital."""


def test_a_new_article_joins_its_stored_story_under_the_same_id(
    news: list[AnnotatedArticle],
) -> None:
    quake_wire, quake_paper, election = news
    first = group_stories([quake_wire, election], Settings())
    late = annotate_one(QUAKE_LATE, date(2016, 8, 23))  # dated earlier than the stored story
    marathon = annotate_one(MARATHON, date(2016, 9, 25))
    second = group_stories([*news, late, marathon], Settings(), prior_stories=first)
    by_article = {i: s for s in second for i in s.article_ids}
    quake_story = next(s for s in first if quake_wire.article.id in s.article_ids)
    assert by_article[late.article.id].id == quake_story.id
    assert by_article[quake_paper.article.id].id == quake_story.id
    assert by_article[election.article.id].id == "s-" + election.article.id
    assert by_article[marathon.article.id].id == "s-" + marathon.article.id
    assert len(second) == 3
    assert by_article[late.article.id].first_published == date(2016, 8, 23)


def test_stored_stories_are_not_reclustered_when_no_new_article_joins_them(
    news: list[AnnotatedArticle],
) -> None:
    quake_wire, quake_paper, _ = news
    apart = [
        Story("s-old", "Quake", (quake_wire.article.id,)),
        Story("s-young", "Quake again", (quake_paper.article.id,)),
    ]
    again = group_stories([quake_wire, quake_paper], Settings(), prior_stories=apart)
    assert {s.id: s.article_ids for s in again} == {
        "s-old": (quake_wire.article.id,),
        "s-young": (quake_paper.article.id,),
    }


def test_a_new_article_that_joins_two_stored_stories_merges_them_under_the_older_id(
    news: list[AnnotatedArticle],
) -> None:
    quake_wire, quake_paper, _ = news
    apart = [
        Story("s-old", "Quake", (quake_wire.article.id,)),
        Story("s-young", "Quake again", (quake_paper.article.id,)),
    ]
    late = annotate_one(QUAKE_LATE, date(2016, 8, 25))
    (merged,) = group_stories([quake_wire, quake_paper, late], Settings(), prior_stories=apart)
    assert merged.id == "s-old"
    assert merged.merged_from == ("s-young",)
    assert set(merged.article_ids) == {a.article.id for a in (quake_wire, quake_paper, late)}


def annotate_one(text: str, published: date) -> AnnotatedArticle:
    (annotated,) = annotate_articles([make_article(text, published)], Settings())
    return annotated


def write_article(folder: Path, name: str, title: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return path


def test_a_second_analyze_run_keeps_story_ids_and_records_the_merge_in_the_store(
    tmp_path: Path,
) -> None:
    settings = Settings(db=str(tmp_path / "news.db"), published=date(2016, 8, 24))
    day_one = [
        write_article(tmp_path, "wire", "Earthquake kills dozens in central Italy", QUAKE_WIRE),
        write_article(tmp_path, "iceland", "Iceland votes", ELECTION),
    ]
    first = newsprism.analyze(day_one, settings)
    quake_id = next(s.id for s in first.stories if "Earthquake" in s.title)
    day_two = [
        write_article(tmp_path, "paper", "Rescuers search rubble in Amatrice", QUAKE_PAPER),
        write_article(tmp_path, "marathon", "Kipchoge wins in Berlin", MARATHON),
    ]
    second = newsprism.analyze(day_two, settings)
    titles = {s.id: len(s.article_ids) for s in second.stories}
    assert titles[quake_id] == 2  # the day-one story grew under its id
    assert len(second.stories) == 2  # the Iceland story was not touched, the marathon is new
    with open_store(settings.db) as store:
        stored = {s.id: s for s in store.load_stories()}
    assert len(stored) == 3 and len(stored[quake_id].article_ids) == 2


def synthetic_article(name: str, words: list[str], day: int) -> AnnotatedArticle:
    """An article given as its content words (what story grouping reads), four per sentence."""
    text = " ".join(words)
    sentences = tuple(
        Sentence(Span(name, 0, len(text), text), number, tuple(words[start : start + 4]))
        for number, start in enumerate(range(0, len(words), 4))
    )
    article = Article(id=name, title="", text=text, published=date(2016, 8, day))
    return AnnotatedArticle(article, sentences, (), (), (), (), ())


def synthetic_collection(stories: int, per_story: int, seed: int = 7) -> list[AnnotatedArticle]:
    """Articles of `stories` events: each draws on its event's own words and shared news words."""
    chooser = random.Random(seed)
    shared = [f"common{i}" for i in range(60)]
    articles = []
    for story in range(stories):
        own = [f"event{story}word{i}" for i in range(25)]
        for number in range(per_story):
            words = chooser.sample(own, 12) + chooser.sample(shared, 12)
            chooser.shuffle(words)
            articles.append(synthetic_article(f"a{story}-{number}", words, 1 + story % 3))
    return articles


def test_many_articles_fall_into_their_events_in_batch_and_arriving_in_two_runs() -> None:
    articles = synthetic_collection(stories=6, per_story=8)
    expected = {
        frozenset(a.article.id for a in articles if a.article.id.startswith(f"a{story}-"))
        for story in range(6)
    }
    assert story_sets(articles, Settings()) == expected
    early = [a for a in articles if int(a.article.id.split("-")[1]) < 5]
    first = group_stories(early, Settings())
    second = group_stories(articles, Settings(), prior_stories=first)
    assert {frozenset(s.article_ids) for s in second} == expected
    assert {s.id for s in second} == {s.id for s in first}  # every story kept its id


def test_a_pair_counts_relative_to_how_alike_its_articles_neighbours_are() -> None:
    graph = sp.coo_matrix(([0.3, 0.3, 0.02], ([0, 2, 0], [1, 3, 3])), shape=(4, 4))
    scale = np.array([0.6, 0.6, 0.05, np.nan])  # 0, 1: a tight story; 2, 3: lone articles
    result = relative_similarity(graph, scale).tocsr()
    relative = {pair: result[pair] for pair in ((0, 1), (2, 3), (0, 3))}
    assert relative[(0, 1)] < relative[(2, 3)]  # the same cosine means more for lone articles
    assert relative[(0, 3)] < relative[(0, 1)]
    assert all(0.0 <= value <= 1.0 for value in relative.values())


def web_page_article(name: str, words: list[str]) -> AnnotatedArticle:
    """An article whose first sentence is its page's address as a tokeniser cuts it."""
    text = "http: / / www. " + " ".join(words)
    address = Sentence(Span(name, 0, 15, text[:15]), 0, ("http", "www"))
    body = synthetic_article(name, words, 2).sentences
    sentences = (address, *(Sentence(s.span, s.index + 1, s.terms) for s in body))
    article = Article(id=name, title="", text=text, published=date(2016, 8, 2))
    return AnnotatedArticle(article, sentences, (), (), (), (), ())


def test_articles_do_not_share_a_story_for_opening_with_a_web_address() -> None:
    articles = synthetic_collection(stories=3, per_story=6)
    pages = [
        web_page_article(f"page{n}", [f"page{n}topic{i}" for i in range(10)]) for n in range(3)
    ]
    stories = story_sets([*articles, *pages], Settings())
    assert {frozenset({p.article.id}) for p in pages} <= stories


CRIME_WORDS = (
    "police shoot suspect arrest victim officer wound hospital charge gun "
    "kill man woman street night witness detective murder scene investigate"
).split()


def crime_report(name: str, own: list[str], chooser: random.Random) -> AnnotatedArticle:
    """A crime report: its event's own names and places among the words all crime news uses."""
    words = own + chooser.sample(CRIME_WORDS, 6)
    chooser.shuffle(words)
    return synthetic_article(name, words, 3)


def test_separate_crime_reports_stay_apart_and_two_reports_of_one_crime_join() -> None:
    chooser = random.Random(11)
    lone = [
        crime_report(f"crime{n}", [f"crime{n}place{i}" for i in range(16)], chooser)
        for n in range(24)
    ]
    event = [f"robberyname{i}" for i in range(24)]
    pair = [crime_report(f"robbery{n}", chooser.sample(event, 16), chooser) for n in range(2)]
    stories = story_sets([*lone, *pair], Settings())
    assert frozenset({"robbery0", "robbery1"}) in stories
    assert {frozenset({a.article.id}) for a in lone} <= stories  # no two lone reports merged


def test_lone_articles_join_on_a_weak_cosine_only_as_each_others_clear_nearest() -> None:
    pairs = ([0, 0, 1, 3], [1, 2, 2, 4])  # 0, 1, 2 all alike; 3 and 4 only each other
    relative = sp.coo_matrix(([0.9] * 4, pairs), shape=(5, 5))
    weak = sp.coo_matrix(([0.05] * 4, pairs), shape=(5, 5))
    strong = sp.coo_matrix(([0.3] * 4, pairs), shape=(5, 5))
    assert sorted(average_linkage(5, relative, 0.14, cosines=weak)) == [[0], [1], [2], [3, 4]]
    assert sorted(average_linkage(5, relative, 0.14, cosines=strong)) == [[0, 1, 2], [3, 4]]
