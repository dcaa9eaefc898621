"""Given the worked example (AFP and Guardian on IS retaking Palmyra), the user sees what the
hand-made reference analysis (tests/data/palmyra-gold.json) says matters."""

from __future__ import annotations

from newsprism.model import Analysis, Entity


def entity_named(analysis: Analysis, alias: str) -> Entity:
    matches = [e for e in analysis.entities if alias in e.aliases]
    assert len(matches) == 1, f"{alias!r} is in {len(matches)} entities"
    return matches[0]


def article_prefix(analysis: Analysis, article_id: str) -> str:
    annotated = next(a for a in analysis.articles if a.article.id == article_id)
    return annotated.article.source_path.rsplit("/", 1)[-1][:3]


def test_both_articles_read_with_their_metadata(example_analysis):
    outlets = sorted(a.article.outlet for a in example_analysis.articles)
    assert outlets == ["AFP", "The Guardian"]
    assert {a.article.published.isoformat() for a in example_analysis.articles} == {
        "2016-12-12",
        "2016-12-14",
    }


def test_the_two_articles_form_one_story(example_analysis):
    assert len(example_analysis.stories) == 1
    assert len(example_analysis.stories[0].article_ids) == 2


def test_islamic_state_names_are_one_entity(example_analysis):
    entity = entity_named(example_analysis, "IS")
    assert {"Isis", "ISIS", "Daesh", "Islamic State"} <= set(entity.aliases)
    assert entity.type == "ORG"


def test_tadmur_is_palmyra(example_analysis):
    assert entity_named(example_analysis, "Tadmur") == entity_named(example_analysis, "Palmyra")


def test_every_gold_entity_is_a_single_entity(example_analysis, gold):
    for reference in gold["entities"]:
        names = [a for a in reference["aliases"] if a[:1].isupper() and not a.startswith("The ")]
        found = {e.id for e in example_analysis.entities for name in names if name in e.aliases}
        assert len(found) == 1, f"{reference['name']}: {names} spread over {len(found)} entities"


def gold_speaker_forms(gold: dict, speaker: str) -> set[str]:
    """The gold speaker's name and the aliases gold lists for that entity."""
    forms = {speaker}
    for reference in gold["entities"]:
        if reference["name"] == speaker:
            forms.update(reference["aliases"])
    return forms


def speaker_is(analysis: Analysis, quote, forms: set[str]) -> bool:
    """Right speaker by name, or through the entity the speaker was linked to."""
    name = quote.speaker_name or (quote.speaker.text if quote.speaker else "")
    if name and any(name == f or f.split()[-1] in name or name in f for f in forms):
        return True
    entity = next((e for e in analysis.entities if e.id == quote.speaker_entity), None)
    return entity is not None and bool(forms & ({entity.name} | set(entity.aliases)))


def gold_quote_found(analysis: Analysis, gold: dict, reference: dict) -> bool:
    speaker = reference["speaker"]
    for annotated in analysis.articles:
        if article_prefix(analysis, annotated.article.id) != reference["article"]:
            continue
        for quote in annotated.quotes:
            content = " ".join(span.text for span in quote.content)
            if reference["opens"][:40] not in content:
                continue
            if "fighter" in speaker:
                name = quote.speaker_name or (quote.speaker.text if quote.speaker else "")
                return "fighter" in name.lower()
            if speaker_is(analysis, quote, gold_speaker_forms(gold, speaker)):
                return True
    return False


def test_all_24_gold_quotes_have_the_right_speaker(example_analysis, gold):
    missed = [q["opens"] for q in gold["quotes"] if not gold_quote_found(example_analysis, gold, q)]
    assert len(gold["quotes"]) == 24
    assert not missed, f"missed: {missed}"


def test_he_said_is_resolved_to_winter_and_peskov_quotes_are_attributed(example_analysis):
    quotes = [q for a in example_analysis.articles for q in a.quotes]
    winter = [q for q in quotes if q.speaker_name and "Winter" in q.speaker_name]
    assert any(q.speaker is not None and q.speaker.text.lower() == "he" for q in winter)
    peskov = [q for q in quotes if q.speaker_name and "Peskov" in q.speaker_name]
    assert len(peskov) >= 3
    assert all(q.speaker_entity == entity_named(example_analysis, "Peskov").id for q in peskov)


def test_march_versus_may_conflict_shows_both_sentences(example_analysis):
    conflicts = [f for f in example_analysis.findings if f.kind == "conflict"]

    def matches(finding):
        texts = [s.text for s in finding.statements]
        return any("from March 2015 to May 2016" in t for t in texts) and any(
            "retook the town in March" in t or "Last May" in t for t in texts
        )

    assert any(matches(f) for f in conflicts), [f.note for f in conflicts]


def test_claim_of_success_conflicts_with_outcome(example_analysis):
    conflicts = [f for f in example_analysis.findings if f.kind == "conflict"]
    assert any(
        any("thwarted all terrorist attacks" in s.text for s in f.statements)
        and any("IS seized control of the city hours later" in s.text for s in f.statements)
        for f in conflicts
    )


def test_sunday_11_december_is_on_the_timeline_with_both_articles(example_analysis):
    entries = [e for e in example_analysis.timeline if e.date == "2016-12-11"]
    assert entries
    sources = {s.article_id for e in entries for c in e.sentences for s in c.sources}
    assert len(sources) == 2


def test_summary_sentences_cite_their_articles(example_analysis):
    (summary,) = example_analysis.summaries
    assert summary.sentences
    ids = {a.article.id for a in example_analysis.articles}
    for sentence in summary.sentences:
        assert sentence.sources and {s.article_id for s in sentence.sources} <= ids
    words = sum(len(s.text.split()) for s in summary.sentences)
    assert words <= 120


def test_the_video_is_flagged_unverified(example_analysis):
    claims = [c for a in example_analysis.articles for c in a.claims if c.status == "unverified"]
    texts = " ".join(c.span.text for c in claims)
    assert "has not been independently verified" in texts
    assert "if the video is genuine" in texts


def test_numbers_come_with_what_they_count(example_analysis):
    quantities = {q.span.text: q for a in example_analysis.articles for q in a.quantities}
    strikes = quantities["more than 60 overnight strikes"]
    assert (strikes.value, strikes.qualifier) == (60, "more than")
    assert quantities["around 5,000 Isis militants"].qualifier == "around"
