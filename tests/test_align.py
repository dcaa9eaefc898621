"""Alignment: sentences of different outlets that report the same thing become one fact;
sentences that only share the story's topic do not; copies of one article count once."""

from __future__ import annotations

import numpy as np

from newsprism.embed import load_encoder
from newsprism.link.align import Statement, align_story, independent_sources
from newsprism.link.context import ContextAffinity
from newsprism.link.date_ranges import DateSpans
from newsprism.link.pairs import cross_article_pairs
from newsprism.link.paraphrase import PARAPHRASE_THRESHOLD, paraphrase_scores, shares_specific
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
    pairs, similarity = paraphrase_scores(statements, load_encoder("minilm"))
    facts = align_story(story, statements, pairs, PARAPHRASE_THRESHOLD, similarity)
    assert [[s.text[:20] for s in f.statements] for f in facts] == [
        ["Syrian troops backed", "Syrian forces retook"]
    ]
    (fact,) = facts
    assert fact.outlets == ("AFP", "GDN") and fact.sources == 2


def test_statements_of_one_article_are_never_scored_against_each_other():
    pairs, similarity = paraphrase_scores(AFP, load_encoder("minilm"))
    assert len(pairs.first) == 0
    assert not np.any(similarity(np.array([0]), np.array([1])))


def test_a_wire_copy_counts_once_however_many_outlets_run_it():
    carriers = [("ap1", "AP"), ("wp7", "Washington Post"), ("fox3", "Fox News"), ("bbc2", "BBC")]
    assert independent_sources(carriers, ()) == 4
    copies = (("wp7", "ap1"), ("fox3", "wp7"))  # Fox copied the Post's copy of AP
    assert independent_sources(carriers, copies) == 2
    # a copy of an article outside the fact does not merge the outlets that carry it
    assert independent_sources(carriers, (("wp9", "ap1"),)) == 4


def test_dates_fit_when_their_days_overlap():
    saturday, monday, weekend, december, spring = (
        {"2016-12-10"},
        {"2016-12-12"},
        {"2016-W49-WE"},
        {"2016-12"},
        {"2017-SP"},
    )
    spans = DateSpans([saturday, monday, weekend, december, spring, {"PAST_REF"}])
    assert spans.dated.tolist() == [True, True, True, True, True, False]  # "recently": no date
    fits = spans.fit(np.array([0, 0, 1, 0, 1, 3]), np.array([2, 3, 3, 1, 2, 4]))
    assert fits.tolist() == [True, True, True, False, False, False]
    # Saturday: the weekend, in December; Monday is not Saturday, nor the weekend


def capture_report(article: str, pirates: int, day: str, ship: str) -> list[Statement]:
    """An article on one of two pirate captures: its details, and a sentence any report of
    either capture could carry."""
    return [
        statement(
            article,
            f"The warship {ship} seized {pirates} Somali pirates on {day}.",
            entities={ship.lower(), "somalia"},
            facts={f"n:{pirates}", f"t:{day}"},
        ),
        statement(
            article,
            "The Indian navy captured pirates who attacked a merchant ship in the Gulf of Aden.",
            entities={"indian navy", "gulf of aden"},
            frames={("take", "indian navy")},
        ),
        statement(article, f"{ship} had been patrolling the area since October.", entities={ship}),
    ]


def test_a_sentence_both_events_could_carry_scores_higher_within_its_event():
    first = capture_report("a1", 23, "2008-12-13", "INS Mysore")
    first += capture_report("a2", 23, "2008-12-13", "INS Mysore")
    second = capture_report("b1", 26, "2008-11-20", "INS Sukanya")
    second += capture_report("b2", 26, "2008-11-20", "INS Sukanya")
    statements = first + second
    generic = [k for k, s in enumerate(statements) if s.span.text.startswith("The Indian navy")]
    a1, a2, b1, b2 = generic  # the same words in all four articles
    affinity = ContextAffinity(statements)(np.array([a1, b1, a1, a2]), np.array([a2, b2, b1, b2]))
    assert affinity[0] > 0 and affinity[1] > 0
    assert affinity[2] <= 0 and affinity[3] <= 0
    _, similarity = paraphrase_scores(statements, load_encoder("minilm"))
    within, across = (
        similarity(np.array([a1, b1]), np.array([a2, b2])),
        similarity(np.array([a1, a2]), np.array([b1, b2])),
    )
    assert within[0] > across[0] and within[1] > across[1]


def test_two_articles_have_no_context_to_compare_with():
    statements = capture_report("a1", 23, "2008-12-13", "INS Mysore")
    statements += capture_report("b1", 26, "2008-11-20", "INS Sukanya")
    first, second = cross_article_pairs(np.array([0, 0, 0, 1, 1, 1]))
    assert not np.any(ContextAffinity(statements)(first, second))


def test_a_loose_pair_must_share_something_few_sentences_of_the_story_have():
    topic = [
        statement(f"a{k}", f"Fighting around Palmyra continued as the attack went on, day {k}.")
        for k in range(6)
    ]
    temples = statement("x", "The militants blew up temples in Palmyra during the attack.")
    ruins = statement("y", "Palmyra's ancient temples were destroyed in the attack.")
    neighbour = statement("z", "Palmyra came under attack again.")
    shared = shares_specific(
        [*topic, temples, ruins, neighbour], np.array([6, 6, 7]), np.array([7, 8, 8])
    )
    assert shared[0]  # "temples": two of the story's nine sentences
    assert not shared[1] and not shared[2]  # "palmyra", "attack": all of them


def test_pair_products_are_exact_whatever_the_chunking(monkeypatch):
    from scipy import sparse

    from newsprism.link import pairs

    matrix = sparse.random(40, 500, density=0.4, random_state=3, format="csr")
    rows = np.random.default_rng(3).integers(0, 40, (2, 3000))
    expected = np.asarray(matrix[rows[0]].multiply(matrix[rows[1]]).sum(axis=1)).ravel()
    vectors = pairs.SparseRows(matrix)
    assert np.allclose(pairs.paired_dot(vectors, vectors, rows[0], rows[1]), expected)
    monkeypatch.setattr(pairs, "DENSE_PRODUCT_CELLS", 0)  # look each pair's entries up
    monkeypatch.setattr(pairs, "ENTRY_CHUNK", 150)  # rows hold about 200 entries: one a chunk
    assert np.allclose(pairs.paired_dot(vectors, vectors, rows[0], rows[1]), expected)


def test_pair_products_are_the_same_to_the_last_bit_from_the_whole_product(monkeypatch):
    """A small story's pairs are read off one sparse product; its scores must not move."""
    from scipy import sparse

    from newsprism.link import pairs

    left = pairs.SparseRows(sparse.random(60, 300, density=0.2, random_state=5, format="csr"))
    right = pairs.SparseRows(sparse.random(50, 300, density=0.3, random_state=6, format="csr"))
    first = np.random.default_rng(5).integers(0, 60, 2000)
    second = np.random.default_rng(6).integers(0, 50, 2000)
    whole = pairs.paired_dot(left, right, first, second)  # 3,000 cells: one product
    monkeypatch.setattr(pairs, "DENSE_PRODUCT_CELLS", 0)
    looked_up = pairs.paired_dot(left, right, first, second)
    assert whole.dtype == looked_up.dtype == np.float64
    assert whole.tobytes() == looked_up.tobytes()
    assert np.count_nonzero(whole) > 1000


def test_a_mutual_best_match_is_each_sides_best_in_its_article_ties_to_the_earlier():
    """Checked against the definition, pair by pair, with many tied scores."""
    from newsprism.link import pairs

    generator = np.random.default_rng(7)
    articles = generator.integers(0, 6, 120)
    first, second = pairs.cross_article_pairs(articles)
    keep = generator.random(len(first)) < 0.3
    first, second = first[keep], second[keep]
    score = generator.integers(0, 5, len(first)) / 4  # few distinct values: ties everywhere
    matches: dict[int, list[tuple[int, float]]] = {}
    for i, j, s in zip(first.tolist(), second.tolist(), score.tolist(), strict=True):
        matches.setdefault(i, []).append((j, s))
        matches.setdefault(j, []).append((i, s))

    def best_in_article(i: int, article: int) -> int:
        found = [(-s, j) for j, s in matches[i] if articles[j] == article]
        return min(found)[1]

    expected = [
        best_in_article(i, articles[j]) == j and best_in_article(j, articles[i]) == i
        for i, j in zip(first.tolist(), second.tolist(), strict=True)
    ]
    mutual = pairs.best_of_each_article(first, second, score, articles, 1)
    assert mutual.tolist() == expected
    assert 0 < sum(expected) < len(expected)


def test_near_synonyms_come_from_the_vocabulary_asked_even_when_its_words_were_seen(nlp):
    """Word vector rows are remembered per word and per vocabulary: a second vocabulary that
    gives the same words other vectors gives other near-synonyms."""
    from spacy.vocab import Vocab

    from newsprism.link.align import near_synonyms

    words = dict.fromkeys(["city", "town", "banana", "retook"], 1)
    assert near_synonyms(words, nlp.vocab) == {"city": {"town"}, "town": {"city"}}
    toy = Vocab()
    toy.reset_vectors(width=3)
    toy.set_vector("banana", np.array([1.0, 0.0, 0.0], dtype="f"))
    toy.set_vector("city", np.array([1.0, 0.1, 0.0], dtype="f"))
    toy.set_vector("retook", np.array([0.0, 0.0, 1.0], dtype="f"))
    assert near_synonyms(words, toy) == {"banana": {"city"}, "city": {"banana"}}
    assert near_synonyms(words, nlp.vocab) == {"city": {"town"}, "town": {"city"}}
