"""Alignment: sentences of different outlets that report the same thing become one fact;
sentences that only share the story's topic do not; copies of one article count once."""

from __future__ import annotations

import numpy as np

from newsprism.embed import load_encoder
from newsprism.link.align import Statement, align_story, independent_sources
from newsprism.link.paraphrase import PARAPHRASE_THRESHOLD, paraphrase_scores
from newsprism.model import Span, Story


def statement(
    article: str,
    text: str,
    *,
    entities: set[str] = frozenset(),
    facts: set[str] = frozenset(),
    frames: set[tuple[str, str]] = frozenset(),
    outlet: str = "",
) -> Statement:
    return Statement(
        span=Span(article, 0, len(text), text),
        article_id=article,
        outlet=outlet or article.upper(),
        sentence=0,
        terms=frozenset(text.lower().split()),
        entities=frozenset(entities),
        facts=frozenset(facts),
        frames=frozenset(frames),
    )


AFP = [
    statement(
        "afp",
        "Syrian troops backed by Russian air strikes recaptured the UNESCO world heritage site "
        "from IS fighters in March.",
        entities={"syria", "russia", "is"},
        facts={"t:2016-03"},
        frames={("retake", "syria"), ("retake", "is")},
    ),
    statement(
        "afp",
        "Russia has carried out a bombing campaign in Syria in support of President Bashar "
        "al-Assad since September 2015.",
        entities={"russia", "syria", "assad"},
        facts={"t:2015-09"},
        frames={("attack", "russia"), ("attack", "syria")},
    ),
]
GUARDIAN = [
    statement(
        "gdn",
        "Syrian forces retook the town in March.",
        entities={"syria"},
        facts={"t:2016-03"},
        frames={("retake", "syria")},
    ),
    statement(
        "gdn",
        "Russian television has portrayed the restoration of government control over Aleppo "
        "as a liberation from terror.",
        entities={"russia", "aleppo"},
        frames={("retake", "aleppo")},
    ),
]


def test_a_paraphrase_is_aligned_and_a_topical_neighbour_is_not():
    statements = AFP + GUARDIAN
    story = Story("s", "Palmyra", ("afp", "gdn"))
    scores, similarity = paraphrase_scores(statements, load_encoder("minilm"))
    facts = align_story(story, statements, scores, PARAPHRASE_THRESHOLD, similarity)
    assert [[s.text[:20] for s in f.statements] for f in facts] == [
        ["Syrian troops backed", "Syrian forces retook"]
    ]
    (fact,) = facts
    assert fact.outlets == ("AFP", "GDN") and fact.sources == 2


def test_statements_of_one_article_are_never_scored_against_each_other():
    scores, similarity = paraphrase_scores(AFP, load_encoder("minilm"))
    assert not np.any(scores) and not np.any(similarity)


def test_a_wire_copy_counts_once_however_many_outlets_run_it():
    carriers = [("ap1", "AP"), ("wp7", "Washington Post"), ("fox3", "Fox News"), ("bbc2", "BBC")]
    assert independent_sources(carriers, ()) == 4
    copies = (("wp7", "ap1"), ("fox3", "wp7"))  # Fox copied the Post's copy of AP
    assert independent_sources(carriers, copies) == 2
    # a copy of an article outside the fact does not merge the outlets that carry it
    assert independent_sources(carriers, (("wp9", "ap1"),)) == 4
