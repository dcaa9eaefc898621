"""Near-duplicates: a wire copy run by several outlets is linked to the original, once."""

from __future__ import annotations

from datetime import date

from newsprism.annotate.pipeline import annotate_articles
from newsprism.link.duplicates import find_duplicates
from newsprism.link.stories import group_stories
from newsprism.model import Article
from newsprism.settings import Settings

WIRE = """Islamic State jihadists re-entered the ancient city of Palmyra on Sunday despite
more than 60 overnight Russian air strikes, a monitoring group said. The Syrian Observatory
for Human Rights said the jihadists had taken the city's citadel and were advancing towards
the famous Roman-era ruins, a UNESCO world heritage site. Syrian troops withdrew to the
south of the city, a military source told AFP. The army had recaptured Palmyra from IS in
March with Russian help, in what Moscow hailed as a major victory against terrorism."""

REPUBLISHED = (
    "By AFP staff. "
    + WIRE.replace("on Sunday", "on Sunday 11 December")
    + "\nThis story has been updated with the army's withdrawal."
)

OWN_WORDS = """The Syrian army pulled back from Palmyra as IS fighters swept into the desert
city again, nine months after losing it. Russia's jets struck the attackers dozens of times
overnight, but could not stop them reaching the citadel, activists reported. Moscow had
celebrated the spring recapture of the ruins with an orchestra concert in the amphitheatre."""


def article(article_id: str, text: str, published: date | None) -> Article:
    return Article(id=article_id, title="", text=text, published=published)


def test_a_republished_wire_copy_points_to_the_earliest_published_original() -> None:
    articles = [
        article("copy", REPUBLISHED, date(2016, 12, 12)),
        article("wire", WIRE, date(2016, 12, 11)),
        article("own", OWN_WORDS, date(2016, 12, 11)),
    ]
    assert find_duplicates(articles) == {"copy": "wire"}


def test_undated_copies_point_to_the_first_one_read() -> None:
    articles = [
        article("first", WIRE, None),
        article("second", REPUBLISHED, None),
        article("third", WIRE + " Reporting by the Beirut bureau.", None),
    ]
    assert find_duplicates(articles) == {"second": "first", "third": "first"}


def test_two_reports_of_one_event_in_their_own_words_are_not_copies() -> None:
    articles = [article("wire", WIRE, None), article("own", OWN_WORDS, None)]
    assert find_duplicates(articles) == {}


def test_the_story_lists_its_copies_so_they_count_once() -> None:
    articles = [
        article("wire", WIRE, date(2016, 12, 11)),
        article("copy", REPUBLISHED, date(2016, 12, 12)),
        article("own", OWN_WORDS, date(2016, 12, 11)),
    ]
    stories = group_stories(list(annotate_articles(articles, Settings())), Settings())
    story = next(s for s in stories if "wire" in s.article_ids)
    assert "copy" in story.article_ids
    assert story.duplicates == (("copy", "wire"),)
    assert all(s.duplicates == () for s in stories if s is not story)
