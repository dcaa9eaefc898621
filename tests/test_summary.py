"""The cited summary: given the Palmyra articles, the user sees a short, cited, clean summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyse.summary import summarise_story
from newsprism.analyse.summary_filters import skip_reason
from newsprism.annotate.pipeline import annotate_articles
from newsprism.ingest.fields import article_id
from newsprism.model import AnnotatedArticle, Article, Fact, Story, Summary
from newsprism.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "palmyra-2016"
OTHER_STORY_TEXT = (
    "The city council approved a new budget for public libraries on Tuesday. "
    "The budget raises spending on books and opening hours by ten percent across the city."
)


def article_from_file(path: Path) -> Article:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    text = body.strip()
    return Article(id=article_id(text), title=title.strip(), text=text, source_path=str(path))


@pytest.fixture(scope="module")
def annotated() -> list[AnnotatedArticle]:
    articles = [article_from_file(p) for p in sorted(EXAMPLE.glob("*.txt"))]
    other = Article(id=article_id(OTHER_STORY_TEXT), title="Library budget", text=OTHER_STORY_TEXT)
    return list(annotate_articles([*articles, other], Settings(model="md")))


@pytest.fixture(scope="module")
def story(annotated: list[AnnotatedArticle]) -> Story:
    palmyra_ids = tuple(a.article.id for a in annotated if a.article.source_path)
    return Story(id="palmyra", title="Palmyra", article_ids=palmyra_ids)


@pytest.fixture(scope="module")
def summary(story: Story, annotated: list[AnnotatedArticle]) -> Summary:
    return summarise_story(story, annotated, facts=(), max_words=120)


def words(summary: Summary) -> int:
    return sum(len(s.text.split()) for s in summary.sentences)


def test_summary_stays_within_the_word_budget(story, annotated, summary):
    assert summary.story_id == "palmyra"
    assert 60 <= words(summary) <= 120
    for budget in (15, 40):
        assert words(summarise_story(story, annotated, (), budget)) <= budget


def test_every_sentence_cites_its_own_words_in_a_story_article(story, annotated, summary):
    texts = {a.article.id: a.article.text for a in annotated}
    for sentence in summary.sentences:
        own = sentence.sources[0]
        assert own.article_id in story.article_ids
        assert texts[own.article_id][own.start : own.end] == own.text
        assert " ".join(own.text.split()) == sentence.text


def test_summary_draws_on_both_articles(summary):
    assert len({s.sources[0].article_id for s in summary.sentences}) == 2


def test_summary_has_no_near_duplicate_sentences(summary):
    term_sets = [set(s.text.lower().split()) for s in summary.sentences]
    for i, first in enumerate(term_sets):
        for second in term_sets[i + 1 :]:
            assert len(first & second) / min(len(first), len(second)) < 0.7


def test_summary_skips_headings_captions_and_questions(summary):
    for sentence in summary.sentences:
        assert "Photograph:" not in sentence.text
        assert "?" not in sentence.text
        assert sentence.text[-1] in ".!\"”'’"
        assert not sentence.text.startswith("PALMYRA -")
        assert "still image" not in sentence.text  # caption whose credit is the next sentence
        assert "gate of the Russian base" not in sentence.text  # inside a longer quotation


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- Why is Palmyra important? -", "heading or fragment"),
        ("So why did the Russian army leave so much weaponry behind at the base?", "question"),
        ("Authenticity questions", "too short"),
        (
            "Isis release video showing abandoned base with significant weaponry left behind",
            "heading or fragment",
        ),
        (
            "Islamic State fighters search weapon boxes in a Russian base in Palmyra. "
            "Photograph: Amaq News Agency/Handout via Reuters",
            "caption",
        ),
        ("“Look at the war booty,” says one of the Isis fighters in the video.", None),
        ("“I am losing hope, it looks like we have lost the city and all its ruins.”", "quotation"),
    ],
)
def test_sentences_that_cannot_stand_alone_are_recognised(text, reason):
    assert skip_reason(text) == reason


def test_a_fact_makes_the_summary_sentence_cite_both_articles(story, annotated, summary):
    first = summary.sentences[0].sources[0]
    other = next(
        a
        for a in annotated
        if a.article.id in story.article_ids and a.article.id != first.article_id
    )
    partner = other.sentences[5].span
    fact = Fact(
        id="f1", story_id="palmyra", statements=(first, partner), outlets=("AFP", "Guardian")
    )
    cited = summarise_story(story, annotated, facts=(fact,), max_words=120)
    citing = next(s for s in cited.sentences if s.sources[0] == first)
    assert {span.article_id for span in citing.sources} == set(story.article_ids)
    assert partner in citing.sources
