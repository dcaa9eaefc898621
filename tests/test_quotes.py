"""Who said what: given short real news sentences, the user sees each quote with its speaker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from quote_helpers import content_text, quote_with, quotes_of

from newsprism.annotate.attribution import find_quotes
from newsprism.annotate.attribution.quote_marks import find_quoted_passages
from newsprism.model import Quote

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
GOLD = Path(__file__).parent / "data" / "palmyra-gold.json"


def test_direct_quote_with_role_and_name(nlp):
    text = (
        '"We regret that we have yet to neutralise their offensive," Kremlin spokesman '
        "Dmitry Peskov said on Monday."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.kind == "direct"
    assert quote.content[0].text.startswith('"We regret')
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker is not None and quote.speaker.text == "Kremlin spokesman Dmitry Peskov"
    assert quote.speaker_name == "Dmitry Peskov"
    assert quote.speaker_role == "Kremlin spokesman"
    assert quote.id == "art:q1"
    assert text[quote.content[0].start : quote.content[0].end] == quote.content[0].text


def test_pronoun_speaker_takes_the_previous_person_and_full_name(nlp):
    text = (
        "Charlie Winter is a senior fellow at King's College London.\n"
        "The advance lets the group change the narrative, Winter said.\n"
        '"It really feeds their ability to engage in triumphalist propaganda," he said.'
    )
    quotes = quotes_of(nlp, text)
    pronoun = quote_with(quotes, "It really feeds")
    assert pronoun.speaker is not None and pronoun.speaker.text == "he"
    assert pronoun.speaker_name == "Charlie Winter"
    assert pronoun.speaker_mention is not None and pronoun.speaker_mention.text == "Charlie Winter"
    assert quote_with(quotes, "change the narrative").speaker_name == "Charlie Winter"


def test_paragraph_without_attribution_carries_the_previous_speaker(nlp):
    text = (
        '"We regret that we have yet to neutralise their offensive," Dmitry Peskov said.\n'
        '"We also regret that there still is a lack of coordinated action with other states."'
    )
    quotes = quotes_of(nlp, text)
    carried = quote_with(quotes, "We also regret")
    assert carried.speaker is None
    assert carried.cue is None
    assert carried.speaker_name == "Dmitry Peskov"
    assert [q.id for q in quotes] == ["art:q1", "art:q2"]


@pytest.mark.parametrize("source", ["Sources", "Experts", "Officials"])
def test_anonymous_group_source(nlp, source):
    [quote] = quotes_of(
        nlp, f"{source} said several factors explained the shock recapture of the city."
    )
    assert quote.kind == "indirect"
    assert quote.speaker is not None and quote.speaker.text == source
    assert quote.speaker_name == source
    assert content_text(quote).startswith("several factors explained")


def test_indirect_quote_after_its_content(nlp):
    text = (
        "IS seized control of the city hours later, a monitoring group and the "
        "jihadist-linked Amaq news agency said."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.kind == "indirect"
    assert content_text(quote) == "IS seized control of the city hours later"
    assert quote.speaker is not None and quote.speaker.text.startswith("a monitoring group")


def test_discontinuous_content_is_one_quote_with_two_spans(nlp):
    text = (
        '"The catastrophe has happened," Maamoun Abdulkarim, Syria\'s director of antiquities, '
        'told the Guardian. "I am losing hope, it looks like we have lost the city."'
    )
    [quote] = quotes_of(nlp, text)
    assert [span.text[:16] for span in quote.content] == ['"The catastrophe', '"I am losing hop']
    assert quote.speaker_name == "Maamoun Abdulkarim"
    assert quote.speaker_role == "Syria's director of antiquities"
    assert quote.cue is not None and quote.cue.text == "told"


def test_quote_split_by_its_attribution(nlp):
    text = '"We will win," he said, "because we are stronger."'
    [quote] = quotes_of(nlp, text)
    assert len(quote.content) == 2
    assert quote.speaker is not None and quote.speaker.text == "he"


def test_nested_quote_stays_inside_the_outer_one(nlp):
    text = "“He told me ‘never again’ and I believed him,” said Anna Smith, a local teacher."
    [quote] = quotes_of(nlp, text)
    assert content_text(quote) == "“He told me ‘never again’ and I believed him,”"
    assert quote.speaker_name == "Anna Smith"


def test_mixed_quote_of_a_participle_takes_the_governing_speaker(nlp):
    text = (
        "Russia's defence ministry said Sunday that its war planes had carried out 60 strikes, "
        'claiming to have "thwarted all terrorist attacks" on the city.'
    )
    quotes = quotes_of(nlp, text)
    claiming = next(q for q in quotes if q.cue is not None and q.cue.text == "claiming")
    assert claiming.kind == "mixed"
    assert "thwarted all terrorist attacks" in content_text(claiming)
    assert claiming.speaker is not None and claiming.speaker.text == "Russia's defence ministry"


def test_according_to(nlp):
    [quote] = quotes_of(
        nlp, "More than 300 people were killed, according to the Syrian Observatory."
    )
    assert quote.cue is not None and quote.cue.text == "according to"
    assert quote.speaker is not None and quote.speaker.text == "the Syrian Observatory"
    assert content_text(quote) == "More than 300 people were killed"


def test_scare_quotes_are_not_quotes(nlp):
    assert quotes_of(nlp, 'The army made a "tactical" move on Sunday.') == []


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never closes and goes on and on',
        "“Unbalanced” quote” marks “everywhere, he said.",
        '"',
        "“",
        "",
    ],
)
def test_unbalanced_quote_marks_do_not_crash(nlp, text):
    for quote in quotes_of(nlp, text):
        for span in quote.content:
            assert text[span.start : span.end] == span.text


def test_unclosed_mark_runs_to_the_end_of_its_paragraph():
    text = 'He said "this never closes\nNext paragraph.'
    [passage] = find_quoted_passages(text)
    assert (passage.start, passage.end, passage.closed) == (8, 26, False)


def test_apostrophes_are_not_quote_marks():
    assert find_quoted_passages("Syria’s army and the group’s fighters") == []


def test_two_apostrophes_quote_as_newspaper_archives_print_them(nlp):
    text = "''It was the least bad outcome,'' Mr. Morgan of the club said. ''Rock 'n' roll.''"
    passages = find_quoted_passages(text)
    assert [text[p.start : p.end] for p in passages] == [
        "''It was the least bad outcome,''",
        "''Rock 'n' roll.''",
    ]
    assert text[slice(*passages[0].inner(text))] == "It was the least bad outcome,"
    quote = quote_with(quotes_of(nlp, text), "least bad outcome")
    assert quote.kind == "direct" and quote.speaker_name == "Morgan"


def test_worked_example_speakers_match_the_reference(nlp):
    """All 24 reference quotes, each with its speaker: a name the reference gives the speaker's
    entity ("Russia's defence ministry" is an alias of "Russian Ministry of Defence")."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    aliases = {e["name"]: {e["name"], *e.get("aliases", [])} for e in gold["entities"]}
    quotes = {
        path.name[:3]: find_quotes(nlp(path.read_text(encoding="utf-8")), path.stem)
        for path in sorted(EXAMPLE.glob("*.txt"))
    }
    missed = [
        (g["speaker"], g["opens"])
        for g in gold["quotes"]
        if not any(
            _same_speaker(q, g["speaker"], aliases.get(g["speaker"], set()))
            for q in quotes[g["article"]]
            if g["opens"] in content_text(q)
        )
    ]
    assert not missed


def _same_speaker(quote: Quote, gold_speaker: str, aliases: set[str]) -> bool:
    if "fighter" in gold_speaker:
        return quote.speaker is not None and "fighter" in quote.speaker.text
    names = {gold_speaker, gold_speaker.split()[-1]} | aliases
    return quote.speaker_name in names


def test_it_appears_that_names_no_speaker(nlp):
    text = "If the video is genuine, it appears that the army left equipment at the base."
    quote = quote_with(quotes_of(nlp, text), "the army left equipment")
    assert quote.speaker is None


def test_an_impersonal_it_is_known_takes_no_earlier_speaker(nlp):
    text = (
        "Peskov said the offensive had not been neutralised. The ministry has not commented on "
        "the video, nor is it known how many troops were stationed at the base."
    )
    quote = quote_with(quotes_of(nlp, text), "how many troops")
    assert quote.speaker is None and quote.speaker_name is None
