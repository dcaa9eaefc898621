"""Big stories: a story too big to score every pair of its sentences is aligned from each
sentence's nearest pairs; a long article is parsed in pieces; wire copies printed hundreds of
times and thousands of one-line articles analyse as one story."""

from __future__ import annotations

import json

import numpy as np
import pytest

import newsprism
from newsprism.annotate import pipeline
from newsprism.ingest.fields import article_id
from newsprism.link import pairs
from newsprism.link.align import LexicalSimilarity, Statement
from newsprism.link.paraphrase import align_facts
from newsprism.model import Article, Span, Story
from newsprism.settings import Settings


def statement(article: str, index: int, text: str, entities: frozenset[str] = frozenset()):
    return Statement(
        span=Span(article, index * 100, index * 100 + len(text), text),
        article_id=article,
        outlet=f"outlet {article}",
        sentence=index,
        terms=frozenset(w.strip(".,").lower() for w in text.split() if len(w) > 3),
        entities=entities,
        facts=frozenset(),
    )


def spill_story(articles: int) -> tuple[Story, list[Statement]]:
    """Each article reports the explosion in one of two wordings, and one thing of its own."""
    wordings = [
        "The Deepwater Horizon rig exploded killing eleven workers offshore",
        "Eleven workers died when the Deepwater Horizon rig exploded offshore",
    ]
    statements = []
    for k in range(articles):
        statements.append(statement(f"a{k}", 0, wordings[k % 2], frozenset({"deepwater"})))
        own = f"Reporter{k} interviewed fisherman{k} about shrimp{k} catches near harbour{k}"
        statements.append(statement(f"a{k}", 1, own))
    return Story("spill", "Spill", tuple(f"a{k}" for k in range(articles))), statements


def test_a_story_too_big_to_score_every_pair_is_aligned_from_nearest_pairs(nlp):
    story, statements = spill_story(1_200)  # 2,400 statements: 2.9 million pairs
    lexical = LexicalSimilarity(statements, nlp.vocab)
    first, second = lexical.candidates()
    assert len(first) <= len(statements) * pairs.NEIGHBOURS < 2_400 * 2_399 // 2
    assert np.all(first < second)
    facts = align_facts(story, statements, nlp.vocab)
    explosion = [f for f in facts if "exploded" in f.statements[0].text]
    carried = {s.article_id for f in explosion for s in f.statements}
    assert len(carried) == 1_200  # every article's report of the explosion is in a fact
    assert all("exploded" in s.text for f in facts for s in f.statements)  # nothing else is


def test_a_long_article_is_cut_where_paragraphs_end_and_joins_back_exactly():
    text = ("A paragraph of news, with a quote. " * 40 + "\n\n") * 30 + "x" * 5_000
    pieces = pipeline.parse_pieces(text, 2_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 2_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:25])


def test_an_article_longer_than_a_parse_piece_is_annotated_whole(monkeypatch):
    paragraph = (
        '"The well is capped," BP spokesman Andrew Gowers said on Thursday. '
        "Engineers will test the seal for 48 hours.\n\n"
    )
    text = "Oil well capped\n\n" + paragraph * 60
    monkeypatch.setattr(pipeline, "PARSE_PIECE", 1_000)
    assert len(pipeline.parse_pieces(text)) > 5
    (annotated,) = pipeline.annotate_articles([article_of(text)], Settings())
    assert all(s.span.text == text[s.span.start : s.span.end] for s in annotated.sentences)
    assert annotated.sentences[-1].span.end >= len(text.rstrip()) - 1
    assert len(annotated.quotes) == 60  # every paragraph's quote, in every piece
    assert len([t for t in annotated.times if t.span.text == "Thursday"]) == 60


def article_of(text: str) -> Article:
    return Article(id=article_id(text), title="Oil well capped", text=text)


@pytest.fixture(scope="module")
def wire_story(tmp_path_factory):
    """One wire story printed by 200 outlets, each with its own dateline, as one story."""
    folder = tmp_path_factory.mktemp("wire")
    body = (
        "The Deepwater Horizon rig exploded in the Gulf of Mexico on April 20, killing 11 "
        "workers. About 5,000 barrels of oil a day are leaking from the well, the Coast Guard "
        "said. BP said its engineers would try to cap the well this week."
    )
    with (folder / "copies.jsonl").open("w", encoding="utf-8") as out:
        for k in range(200):
            record = {
                "text": f"Outlet {k} staff report\n\n{body}",
                "outlet": f"Outlet {k}",
                "published": "2010-04-26",
            }
            out.write(json.dumps(record) + "\n")
    settings = Settings(db=":memory:", one_story=True)
    return newsprism.analyze([folder], settings)


def test_wire_copies_printed_200_times_are_one_source(wire_story):
    (story,) = wire_story.stories
    assert len(story.article_ids) == 200
    assert len(story.duplicates) == 199  # every copy points at the first printing
    assert wire_story.facts and all(f.sources == 1 for f in wire_story.facts)
    assert not [f for f in wire_story.findings if f.kind == "corroborated"]


def test_two_thousand_one_line_articles_are_one_story(tmp_path):
    with (tmp_path / "lines.jsonl").open("w", encoding="utf-8") as out:
        for k in range(2_000):
            line = f"Protesters gathered in square {k} on Friday as police watched {k % 7} streets."
            out.write(json.dumps({"text": line, "published": "2011-01-28"}) + "\n")
    analysis = newsprism.analyze([tmp_path], Settings(db=":memory:", one_story=True))
    (story,) = analysis.stories
    assert len(story.article_ids) == 2_000
    assert analysis.summaries[0].sentences
