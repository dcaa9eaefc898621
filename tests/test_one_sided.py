"""Who a span is attributed to (analyse/one_sided.py), on a hand-made article: the indexed
lookup must answer as a scan of the claims and quotes in their order would."""

from __future__ import annotations

from newsprism.analyse.one_sided import Attributions, party_of
from newsprism.analyse.statements import asserter
from newsprism.model import AnnotatedArticle, Article, Claim, Quote, Sentence, Span

TEXT = (
    "The ministry said 60 strikes hit the city. "  # 0-43
    "He said the bridge was cut. "  # 43-71
    "Residents fled. "  # 71-87
    "The army, a spokesman said, denied it all."  # 87-129
)


def span(start: int, end: int, article: str = "a") -> Span:
    return Span(article, start, end, TEXT[start:end])


def article() -> AnnotatedArticle:
    bounds = [(0, 43), (43, 71), (71, 87), (87, 129)]
    claims = (
        # listed first, though it starts later in the first sentence: it is the one asked for
        Claim("c1", span(18, 42), "attributed", 0, source_name="The ministry"),
        Claim("c2", span(0, 42), "attributed", 0, source_name="Someone", source_entity="E9"),
        Claim("c3", span(87, 129), "asserted", 3, source_name="The army"),  # not attributed
    )
    quotes = (
        Quote("q1", "a", "indirect", (span(51, 70),), None, span(43, 45), speaker_name="He"),
        # one long quote reaching over the last two sentences
        Quote("q2", "a", "mixed", (span(72, 128),), None, None, speaker_name="A spokesman"),
    )
    return AnnotatedArticle(
        article=Article(id="a", title="t", text=TEXT, outlet="X"),
        sentences=tuple(Sentence(span(s, e), i) for i, (s, e) in enumerate(bounds)),
        mentions=(),
        quotes=quotes,
        claims=claims,
        times=(),
        quantities=(),
    )


def test_the_first_listed_attributed_claim_names_the_party():
    a = article()
    assert party_of(a, a.sentences[0].span) == ("the ministry", "The ministry")
    assert Attributions(a).asserter(span(0, 10)) == "Someone"  # only c2 reaches "The minist"


def test_a_pronoun_speaker_asserts_but_is_no_party():
    a = article()
    assert party_of(a, a.sentences[1].span) is None
    assert asserter(a, a.sentences[1].span) == "He"


def test_a_long_quote_attributes_every_sentence_it_reaches():
    a = article()
    index = Attributions(a)
    assert index.party(a.sentences[2].span) == ("a spokesman", "A spokesman")
    assert index.asserter(a.sentences[3].span) == "A spokesman"  # the army's claim is asserted


def test_a_span_no_claim_or_quote_reaches_is_the_reporters():
    a = article()
    assert asserter(a, span(128, 129)) == "reporter"
    assert party_of(a, span(0, 10, article="b")) is None  # another article's offsets
