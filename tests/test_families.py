"""Story families: two events of one kind are two stories in one family; others stay apart."""

from __future__ import annotations

import hashlib
import html
import json
from datetime import date
from pathlib import Path

import pytest

import newsprism
from newsprism.model import Analysis, Story
from newsprism.present.export import analysis_to_json
from newsprism.present.web import create_app
from newsprism.settings import Settings
from newsprism.store import open_store

SINGER_REHAB = [
    (
        "Singer Lena Morrow enters rehab <b>clinic</b>",
        """Pop singer Lena Morrow has checked herself into a drug rehabilitation clinic in
Malibu, her publicist said on Monday. Morrow, 27, entered the treatment centre over the weekend
after cancelling three concerts of her tour. "Lena has decided to seek treatment for her
addiction and asks for privacy," the publicist told reporters. The singer was arrested in June
for driving under the influence.""",
    ),
    (
        "Lena Morrow checks into Malibu <b>treatment</b> centre",
        """Lena Morrow is in rehab. The pop star checked into a Malibu treatment centre for drug
addiction over the weekend, her publicist confirmed on Monday, days after she cancelled three
concerts. Morrow, who was arrested for driving under the influence in June, asked fans for
privacy while she seeks treatment, the publicist said.""",
    ),
]
ACTOR_REHAB = [
    (
        "Actor Daniel Crane goes to rehab",
        """Actor Daniel Crane has entered a rehabilitation clinic in Arizona for treatment of
alcohol addiction, his spokesman said on Thursday. Crane, 41, checked into the treatment
centre after his arrest last month for drunk driving in Phoenix. "Daniel is taking his
recovery seriously and asks for privacy," the spokesman said. Filming of his next movie has
been postponed.""",
    ),
    (
        "Daniel Crane in Arizona rehab clinic",
        """Daniel Crane is in rehab for alcohol addiction. The actor checked into an Arizona
rehabilitation clinic this week, a month after police in Phoenix arrested him for drunk
driving, his spokesman confirmed on Thursday. The studio postponed filming of his next movie
while Crane seeks treatment, and the spokesman asked for privacy.""",
    ),
]
ELECTION = [
    (
        "Iceland votes",
        """Voters in Iceland went to the polls on Saturday in a parliamentary election in
which the Pirate Party hoped to become the largest party. Opinion polls gave the Pirates and
the Independence Party about a fifth of the vote each. Campaigners in Reykjavik handed out
leaflets on housing and fishing quotas, and turnout was expected to be high after the
Panama Papers scandal forced the former prime minister to resign in the spring.""",
    ),
]


def write_articles(folder: Path, items: list[tuple[str, str]], published: date) -> None:
    """Each (title, text) as a JSON Lines record, published on `published` by its own outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{published.isoformat()}.jsonl").open("a", encoding="utf-8") as out:
        for number, (title, text) in enumerate(items):
            record = {
                "id": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
                "title": title,
                "text": text,
                "published": published.isoformat(),
                "outlet": f"Outlet {number + 1}",
            }
            out.write(json.dumps(record) + "\n")


def story_holding(analysis: Analysis, text: str) -> Story:
    """The story holding the article whose record had this text."""
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return next(s for s in analysis.stories if article_id in s.article_ids)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    write_articles(folder / "singer", SINGER_REHAB, date(2016, 3, 7))
    write_articles(folder / "actor", ACTOR_REHAB, date(2016, 9, 15))
    write_articles(folder / "election", ELECTION, date(2016, 10, 29))
    return folder


@pytest.fixture(scope="module")
def analysis(news: Path) -> Analysis:
    return newsprism.analyze([news], Settings(db=":memory:"))


def test_two_events_of_one_kind_are_two_stories_in_one_family(analysis: Analysis):
    singer = story_holding(analysis, SINGER_REHAB[0][1])
    actor = story_holding(analysis, ACTOR_REHAB[0][1])
    assert singer.id != actor.id
    assert len(singer.article_ids) == len(actor.article_ids) == 2
    assert singer.family is not None and singer.family == actor.family


def test_the_family_is_named_after_its_oldest_story(analysis: Analysis):
    singer = story_holding(analysis, SINGER_REHAB[0][1])
    actor = story_holding(analysis, ACTOR_REHAB[0][1])
    ids = {singer.id, actor.id}
    assert singer.family in {"f-" + i for i in ids}


def test_an_unrelated_story_has_no_family(analysis: Analysis):
    election = story_holding(analysis, ELECTION[0][1])
    assert election.family is None
    assert len(analysis.stories) == 3


def test_families_survive_storing_and_reloading(analysis: Analysis, store_location: str):
    with open_store(store_location) as store:
        store.save_analysis(analysis)
        stored = {s.id: s.family for s in store.load_stories()}
    assert stored == {s.id: s.family for s in analysis.stories}
    assert len(set(stored.values()) - {None}) == 1


def test_the_export_gives_each_story_its_family(analysis: Analysis):
    exported = {s["id"]: s["family"] for s in analysis_to_json(analysis)["stories"]}
    singer = story_holding(analysis, SINGER_REHAB[0][1])
    actor = story_holding(analysis, ACTOR_REHAB[0][1])
    assert exported[singer.id] == exported[actor.id] == singer.family
    assert exported[story_holding(analysis, ELECTION[0][1]).id] is None


def test_a_story_page_lists_its_related_stories_escaped(analysis: Analysis, tmp_path: Path):
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.save_analysis(analysis)
    client = create_app(Settings(db=db)).test_client()
    singer = story_holding(analysis, SINGER_REHAB[0][1])
    actor = story_holding(analysis, ACTOR_REHAB[0][1])
    election = story_holding(analysis, ELECTION[0][1])

    page = client.get(f"/story/{actor.id}").get_data(as_text=True)
    related = page[page.index("Related stories") :]
    assert f"/story/{singer.id}" in related
    assert html.escape(singer.title, quote=False) in related
    assert "&lt;b&gt;" in related and "<b>" not in related
    alone = client.get(f"/story/{election.id}").get_data(as_text=True)
    assert "Related stories" not in alone


def test_a_later_run_joins_the_family_of_a_stored_story(tmp_path: Path):
    db = str(tmp_path / "news.db")
    settings = Settings(db=db)
    write_articles(tmp_path / "day1", SINGER_REHAB + ELECTION, date(2016, 3, 7))
    write_articles(tmp_path / "day2", ACTOR_REHAB, date(2016, 9, 15))
    first = newsprism.analyze([tmp_path / "day1"], settings)
    singer = story_holding(first, SINGER_REHAB[0][1])
    assert singer.family is None  # its relative is not read yet

    second = newsprism.analyze([tmp_path / "day2"], settings)
    actor = story_holding(second, ACTOR_REHAB[0][1])
    assert [s.id for s in second.stories] == [actor.id]
    assert actor.family == "f-" + singer.id
    page = create_app(settings).test_client().get(f"/story/{singer.id}").get_data(as_text=True)
    assert f"/story/{actor.id}" in page[page.index("Related stories") :]
