"""Claims and their standing: the user sees who stands behind each statement and how firmly."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsprism.analyse.one_sided import party_of
from newsprism.analyse.statements import asserter
from newsprism.annotate.attribution import find_quotes
from newsprism.annotate.claims import find_claims
from newsprism.annotate.pipeline import annotate_doc
from newsprism.model import Article, Claim

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"


def claims_of(nlp: Language, text: str) -> list[Claim]:
    doc = nlp(text)
    return find_claims(doc, "art", find_quotes(doc, "art"))


def claim_with(claims: list[Claim], words: str) -> Claim:
    matches = [c for c in claims if words in c.span.text]
    assert matches, f"no claim contains {words!r}: {[c.span.text for c in claims]}"
    return matches[0]


def test_reporter_statement_is_asserted(nlp):
    [claim] = claims_of(nlp, "Syrian forces retook the town in March.")
    assert claim.status == "asserted"
    assert claim.span.text == "Syrian forces retook the town in March."
    assert claim.source is None
    assert claim.id == "art:c1"


def test_quote_content_is_attributed_to_its_speaker(nlp):
    claims = claims_of(nlp, "Peskov added that jihadists from Iraq had been flooding into Syria.")
    claim = claim_with(claims, "jihadists from Iraq")
    assert claim.status == "attributed"
    assert claim.source is not None and claim.source.text == "Peskov"
    assert claim.source_name == "Peskov"
    assert claim.cue == "added"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry denied that its planes had bombed the hospital.",
        "The ministry rejected claims that its planes had bombed the hospital.",
        "The minister did not say that the planes had bombed the hospital.",
    ],
)
def test_denials(nlp, text):
    claim = claim_with(claims_of(nlp, text), "bombed the hospital")
    assert claim.status == "denied"
    assert claim.source is not None and claim.source.text in {"The ministry", "The minister"}


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The Russian defence ministry has not commented on the authenticity of the video.",
            "the authenticity of the video",
        ),
        ("The ministry did not confirm that its planes had bombed the hospital.", "bombed"),
    ],
)
def test_withheld_comment_leaves_the_content_unconfirmed_not_denied(nlp, text, content):
    claim = claim_with(claims_of(nlp, text), content)
    assert claim.status == "unverified"
    assert claim.source is not None and "ministry" in claim.source.text


@pytest.mark.parametrize(
    "text",
    [
        "The jihadists reportedly seized two oil fields.",
        "The strike allegedly killed 20 civilians.",
        "A video appears to show a hasty Russian retreat from the base.",
        "Government forces may have been vulnerable to a surprise attack.",
        "Fighters searched boxes in what is said to be Palmyra.",
    ],
)
def test_hedged_statements(nlp, text):
    [claim] = claims_of(nlp, text)
    assert claim.status == "hedged"


def test_unverified_statement_refers_to_what_the_video_shows(nlp):
    text = (
        "The video showed fighters looking around a deserted base.\n"
        "The video has not been independently verified and it is unclear when it was taken."
    )
    claims = claims_of(nlp, text)
    claim = claim_with(claims, "verified")
    assert claim.status == "unverified"
    assert claim.span.text == "The video has not been independently verified"
    assert claim.refers_to is not None
    assert claim.refers_to.text.startswith("The video showed fighters")


def test_could_not_be_verified(nlp):
    claim = claim_with(
        claims_of(nlp, "The footage could not be independently verified."), "verified"
    )
    assert claim.status == "unverified"


def test_condition_on_authenticity_is_unverified(nlp):
    text = "If the video is genuine, it appears that the army left equipment at the base."
    [claim] = claims_of(nlp, text)
    assert claim.status == "unverified"
    assert claim.span.text.startswith("If the video is genuine")
    assert claim.refers_to is not None
    assert claim.refers_to.text == "it appears that the army left equipment at the base"


def test_claims_are_in_text_order_with_sentence_indexes(nlp):
    claims = claims_of(nlp, 'Syrian forces retook the town. "We will stay," he said. It rained.')
    assert [c.id for c in claims] == ["art:c1", "art:c2", "art:c3"]
    assert [c.sentence for c in claims] == [0, 1, 2]
    assert [c.status for c in claims] == ["asserted", "attributed", "asserted"]


def test_worked_example_unverified_statements(nlp):
    path = next(EXAMPLE.glob("002_*.txt"))
    doc = nlp(path.read_text(encoding="utf-8"))
    claims = find_claims(doc, path.stem, find_quotes(doc, path.stem))
    unverified = [c.span.text for c in claims if c.status == "unverified"]
    assert "The video has not been independently verified" in unverified
    assert (
        "if the video is genuine, it appears that the Russian army left fighting equipment "
        "at the base"
    ) in unverified
    assert all(c.refers_to is not None for c in claims if c.status == "unverified")


def test_a_cue_that_reports_no_ones_words_leaves_the_statement_to_the_reporter(nlp):
    text = (
        "Syrian troops recaptured the site from IS fighters in March, delivering a major "
        "propaganda coup for both Damascus and Moscow."
    )
    doc = nlp(text)
    kinds = {q.cue.text if q.cue else None: q.cue_kind for q in find_quotes(doc, "art")}
    assert kinds == {"delivering": "other"}
    claims = find_claims(doc, "art", find_quotes(doc, "art"))
    assert {c.status for c in claims} == {"asserted"}


def test_cues_say_whether_they_report_speech_thought_or_a_view(nlp):
    said = find_quotes(nlp("Peskov said that the offensive had not been neutralised."), "a")
    shows = find_quotes(nlp("The footage shows that fighters opened boxes of rifles."), "a")
    portrayed = find_quotes(
        nlp("Russian television has portrayed the capture of Aleppo as a liberation."), "a"
    )
    assert [q.cue_kind for q in said] == ["speech"]
    assert [q.cue_kind for q in shows] == ["thought"]
    assert [q.cue_kind for q in portrayed] == ["view"]


def test_comparison_credits_such_a_statement_to_the_reporter(nlp):
    text = "The group's fighters have continued to push forward, advancing towards Al-Qaryatain."
    article = annotate_doc(nlp(text), Article(id="art", title="", text=text))
    assert [q.cue_kind for q in article.quotes] == ["other"]
    sentence = article.sentences[0].span
    assert asserter(article, sentence) == "reporter"
    assert party_of(article, sentence) is None
