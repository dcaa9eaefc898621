"""Comparing outlets end to end on small real-style articles: what is corroborated and by how
many independent outlets (a wire copy counts once), what rests on one party's claim, where
the outlets disagree, and the coverage matrix a reader sees."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import newsprism
from newsprism.analyse.compare import compare_story
from newsprism.analyse.coverage import outlet_names, story_coverage
from newsprism.analyse.one_sided import mark_one_sided
from newsprism.annotate.pipeline import annotate_articles
from newsprism.ingest.fields import article_id
from newsprism.link.align import align_story, story_statements
from newsprism.link.attach import attach_entities
from newsprism.link.entities import link_entities
from newsprism.link.paraphrase import PARAPHRASE_THRESHOLD, embeds_statements, paraphrase_scores
from newsprism.model import Article, Fact, Finding, Story
from newsprism.settings import Settings

sys.path.append(str(Path(__file__).resolve().parent.parent / "bench"))  # evaluation helpers
from gold_checks import article_prefixes, checks_found, matches_check  # noqa: E402

AP = (
    "The Deepwater Horizon rig exploded in the Gulf of Mexico on April 20, killing 11 workers. "
    "About 5,000 barrels of oil a day are leaking from the well, the Coast Guard said. "
    "BP said its engineers would try to cap the well this week."
)
WIRE_COPY = AP.replace("this week", "in the coming days")
BBC = (
    "Eleven workers were killed when the Deepwater Horizon rig exploded in the Gulf of Mexico "
    "on April 20. "
    "Scientists estimate that 25,000 barrels of oil a day are leaking from the well. "
    "The spill has reached the coast of Louisiana, where fishing has been suspended. "
    "Governor Bobby Jindal said oil had fouled 24 miles of the Louisiana coast."
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "palmyra-2016"


def article(text: str, outlet: str) -> Article:
    return Article(article_id(text), f"{outlet} on the spill", text, date(2010, 5, 1), outlet)


@pytest.fixture(scope="module")
def compared() -> tuple[Story, list[Fact], list[Finding]]:
    articles = [article(AP, "AP"), article(WIRE_COPY, "Washington Post"), article(BBC, "BBC")]
    annotated = list(annotate_articles(articles, Settings()))
    entities, entity_of = link_entities(annotated)
    annotated = attach_entities(annotated, entity_of)
    by_id = {a.article.id: a for a in annotated}
    ids = tuple(a.id for a in articles)
    story = Story("spill", "Gulf spill", ids, duplicates=((ids[1], ids[0]),))
    statements = story_statements(story, by_id, entity_of)
    pairs, similarity = paraphrase_scores(statements)
    aligned = align_story(story, statements, pairs, PARAPHRASE_THRESHOLD, similarity)
    facts = mark_one_sided(aligned, by_id)
    types = {e.id: e.type for e in entities}
    return story, facts, compare_story(story, by_id, facts, entity_of, types)


def texts(finding: Finding | Fact) -> str:
    return " | ".join(s.text for s in finding.statements)


def test_the_explosion_is_corroborated_by_two_independent_outlets_not_three(compared):
    _, facts, findings = compared
    explosion = [f for f in facts if "rig exploded" in texts(f)]
    assert explosion and max(len(f.outlets) for f in explosion) == 3
    assert max(f.sources for f in explosion) == 2  # AP and its copy in the Post count once
    corroborated = [f for f in findings if f.kind == "corroborated"]
    assert any("rig exploded" in texts(f) and f.sources == 2 for f in corroborated)


def test_a_fact_only_the_wire_and_its_copy_carry_is_not_corroborated(compared):
    _, facts, findings = compared
    cap = [f for f in facts if "cap the well" in texts(f)]
    assert cap and all(f.sources == 1 for f in cap)
    assert not any("cap the well" in texts(f) for f in findings if f.kind == "corroborated")


def test_a_claim_only_one_party_makes_is_marked_one_sided(compared):
    _, facts, findings = compared
    cap = next(f for f in facts if "cap the well" in texts(f))
    assert cap.one_sided_by == "BP"
    (only,) = [f for f in findings if f.kind == "single_source" and "Jindal" in texts(f)]
    assert only.outlets == ("BBC",) and "Jindal" in (only.one_sided_by or "")
    (wire,) = [f for f in findings if f.kind == "single_source" and "cap the well" in texts(f)]
    assert wire.outlets == ("AP",) and wire.one_sided_by == "BP"  # the copy is not listed


def test_disputed_statements_are_neither_corroborated_nor_single_source(compared):
    _, _, findings = compared
    agreeing = [f for f in findings if f.kind != "conflict"]
    assert not any("barrels" in texts(f) for f in agreeing)


def test_5000_versus_25000_barrels_a_day_is_a_number_conflict(compared):
    _, _, findings = compared
    conflicts = [f for f in findings if f.kind == "conflict" and f.slot == "number"]
    assert conflicts, [f.note for f in findings if f.kind == "conflict"]
    assert any("5,000" in f.note and "25,000" in f.note for f in conflicts)
    (conflict,) = conflicts  # the wire copy's repeat of the number is not a second conflict
    assert conflict.outlets == ("AP", "BBC")
    assert conflict.asserted_by == ("the Coast Guard", "Scientists")


def test_the_coverage_matrix_marks_which_outlet_carries_which_fact(compared):
    story, facts, findings = compared
    outlets = {story.article_ids[0]: "AP", story.article_ids[1]: "Washington Post"}
    outlets[story.article_ids[2]] = "BBC"
    coverage = story_coverage(story, outlet_names(outlets.items()), facts, findings)
    assert coverage.outlets == ("AP", "Washington Post", "BBC")
    first = coverage.facts[0]
    assert "rig exploded" in texts(first)
    assert [row[0] for row in coverage.carried] == [True, True, True]
    assert coverage.single_source == (1, 0, 1)  # BP's plan (AP), Jindal's miles (BBC)


def gold_facts_found(analysis, gold) -> list[str]:
    corroborated = [f for f in analysis.findings if f.kind == "corroborated"]
    checks = gold["cross_source"]["checks"]["corroborated"]
    return checks_found(corroborated, checks, article_prefixes(analysis.articles))


def test_without_embeddings_the_example_still_corroborates_three_gold_facts(gold):
    settings = newsprism.Settings(db=":memory:", facts_model="lexical")
    analysis = newsprism.analyze([EXAMPLE], settings)
    assert len(gold_facts_found(analysis, gold)) >= 3  # MiniLM finds 4; plain lexical found 2


def test_auto_embeds_a_small_story_and_not_a_large_one():
    assert embeds_statements("auto", 69, budget=600)
    assert embeds_statements("auto", 600, budget=600, articles=120, window=120)
    assert not embeds_statements("auto", 601, budget=600)
    assert not embeds_statements("auto", 300, budget=600, articles=121, window=120)
    assert embeds_statements("auto", 300, budget=600, articles=500, window=0)  # 0: no window
    assert embeds_statements("minilm", 690, budget=600, articles=500, window=120)
    assert not embeds_statements("lexical", 10, budget=600)
    with pytest.raises(ValueError):
        embeds_statements("bert", 10, budget=600)


def test_the_example_corroborates_what_gold_does_and_reports_few_loose_pairs(
    example_analysis, gold
):
    prefixes = article_prefixes(example_analysis.articles)
    corroborated = [f for f in example_analysis.findings if f.kind == "corroborated"]
    checks = gold["cross_source"]["checks"]
    found = checks_found(corroborated, checks["corroborated"], prefixes)
    assert len(found) >= 4, found  # the lexical alignment found 2 of the 5
    assert len(corroborated) <= 8  # it reported 9 pairs, most of them topical neighbours
    conflicts = [f for f in example_analysis.findings if f.kind == "conflict"]
    for check in checks["conflicts"]:
        assert any(matches_check(f, check, prefixes) for f in conflicts), check["what"]
    assert {f.slot for f in conflicts} >= {"date", "duration", "claim_vs_outcome"}


def test_a_caption_restating_a_corroborated_sentence_is_not_single_source(example_analysis):
    caption = "IS ravaged ancient ruins during the 10 months it held Palmyra"
    fuller = "IS ravaged the ruins during the 10 months it held Palmyra"
    findings = example_analysis.findings
    assert any(fuller in texts(f) for f in findings if f.kind == "corroborated")
    assert not any(caption in texts(f) for f in findings if f.kind == "single_source")
