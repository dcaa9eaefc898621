"""Hard cases of who said what, on short real news sentences: the user sees the right speaker,
cue and content where a lexicon of speech verbs and quotation marks alone would fail."""

from __future__ import annotations

import pytest
from quote_helpers import content_text, quote_with, quotes_of

from newsprism.annotate.attribution.cue_model import load_cue_model


def test_the_cue_model_ships_with_the_package():
    model = load_cue_model()
    assert model.weights and 0 < model.threshold < 1


def test_speaker_carried_over_across_an_unquoted_paragraph(nlp):
    text = (
        '"We regret that we have yet to neutralise their offensive," Dmitry Peskov said.\n'
        "The Kremlin has backed the Syrian army since 2015.\n"
        '"We also regret that there still is a lack of coordinated action with other states."'
    )
    carried = quote_with(quotes_of(nlp, text), "We also regret")
    assert carried.speaker is None and carried.cue is None
    assert carried.speaker_name == "Dmitry Peskov"


def test_speaker_not_carried_over_a_paragraph_with_its_own_quote(nlp):
    text = (
        '"We regret that we have yet to neutralise their offensive," Dmitry Peskov said.\n'
        'The army called it a "tactical" move.\n'
        "More fighting was reported in the east of the country on Monday.\n"
        '"We also regret that there still is a lack of coordinated action with other states."'
    )
    quotes = quotes_of(nlp, text)
    assert not any("We also regret" in content_text(q) for q in quotes)


def test_pronoun_speaker_of_an_indirect_quote(nlp):
    text = (
        "Hillary Clinton spoke in Ohio on Monday. "
        "She said Americans were right to be angry about the economy."
    )
    quote = quote_with(quotes_of(nlp, text), "right to be angry")
    assert quote.speaker is not None and quote.speaker.text == "She"
    assert quote.speaker_name == "Hillary Clinton"
    assert quote.kind == "indirect"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Sources said the senator would not seek a second term.", "Sources"),
        ("Two people familiar with the talks said a deal was close.", "Two people"),
        ("A source close to the campaign told reporters that the rally was cancelled.", "A source"),
    ],
)
def test_anonymous_sources(nlp, text, source):
    [quote] = quotes_of(nlp, text)
    assert quote.speaker is not None and quote.speaker.text.startswith(source)
    assert quote.speaker_mention is None  # no named entity behind an anonymous source


def test_discontinuous_content_around_the_attribution(nlp):
    text = (
        '"I think somebody like Mr. Trump is taking advantage of that," Obama said. '
        "\"That's what he's exploiting during the course of his campaign.\""
    )
    [quote] = quotes_of(nlp, text)
    assert len(quote.content) == 2
    assert quote.content[1].text.startswith('"That')
    assert quote.speaker_name == "Obama"


def test_nested_quote_inside_a_quote_keeps_the_outer_speaker(nlp):
    text = (
        "“She told me ‘yes, that’s what happened’ and I believed her,” "
        "Pat Smith said at the hearing."
    )
    quote = quote_with(quotes_of(nlp, text), "She told me")
    assert quote.speaker_name == "Pat Smith"
    assert "‘yes, that’s what happened’" in content_text(quote)


@pytest.mark.parametrize(
    "text",
    [
        "“Unbalanced” quote” marks “everywhere, he said, “and never closed.",
        '""""',
        "He said: “",
        "«Il a dit» \"mixed ' marks ’ everywhere“",
    ],
)
def test_unbalanced_quote_marks_do_not_crash(nlp, text):
    for quote in quotes_of(nlp, text):
        assert all(text[s.start : s.end] == s.text for s in quote.content)


def test_non_speech_attribution_called_for(nlp):
    [quote] = quotes_of(nlp, "Sanders called for a ban on fracking in every state.")
    assert quote.cue is not None and quote.cue.text == "called for"
    assert content_text(quote) == "a ban on fracking in every state"
    assert quote.speaker is not None and quote.speaker.text == "Sanders"


def test_appositive_source_keeps_its_closing_comma(nlp):
    [quote] = quotes_of(
        nlp,
        "Joh Husted, Ohio Secretary of State, said the ruling would confuse voters.",
    )
    assert (
        quote.speaker is not None and quote.speaker.text == "Joh Husted, Ohio Secretary of State,"
    )
    assert quote.speaker_name == "Joh Husted"


def test_according_to_source_stops_before_the_content(nlp):
    [quote] = quotes_of(
        nlp,
        "According to conservative columnist Hugh Hewitt, one notable feature of the movie "
        "is who it lacks.",
    )
    assert quote.speaker is not None and quote.speaker.text == "conservative columnist Hugh Hewitt"
    assert content_text(quote) == "one notable feature of the movie is who it lacks"


def test_as_the_outlet_reported(nlp):
    [quote] = quotes_of(
        nlp, "As The Hill reported, Donald Trump was also accused of breaking debate rules."
    )
    assert quote.speaker is not None and quote.speaker.text == "The Hill"
    assert quote.cue is not None and quote.cue.text == "reported"
    assert content_text(quote) == "Donald Trump was also accused of breaking debate rules"


def test_went_on_to_say_keeps_the_subject_as_speaker(nlp):
    quote = quote_with(
        quotes_of(nlp, "Pence went on to say that the two men would do great things together."),
        "the two men",
    )
    assert quote.speaker is not None and quote.speaker.text == "Pence"
    assert quote.cue is not None and quote.cue.text == "went on to say"


def test_headline_with_the_speaker_before_a_colon(nlp):
    text = (
        "Pence: Gennifer Flowers Won't Be at Debate.\n\n"
        "Republican vice-presidential nominee Mike Pence spoke on Sunday."
    )
    quote = quote_with(quotes_of(nlp, text), "Gennifer Flowers")
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.speaker is not None and quote.speaker.text == "Pence"
    assert content_text(quote) == "Gennifer Flowers Won't Be at Debate"


def test_headline_colon_without_a_source_is_no_attribution(nlp):
    text = "The Latest: Sanders wins Minnesota caucuses.\n\nSanders won by twenty points."
    assert not any(q.cue is not None and q.cue.text == ":" for q in quotes_of(nlp, text))


def test_quote_signed_with_a_dash(nlp):
    text = (
        "Voters told us what they think.\n"
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“He is ignorant of our culture.”― Pamela Padilla\n"
    )
    quotes = quotes_of(nlp, text)
    signed = quote_with(quotes, "greatest shame")
    assert signed.cue is not None and signed.cue.text == "―"
    assert signed.speaker is not None and signed.speaker.text == "Sonya Herridge"
    assert quote_with(quotes, "ignorant").speaker_name == "Pamela Padilla"


def test_passive_cue_attributes_its_subject(nlp):
    [quote] = quotes_of(nlp, "His views were echoed by a number of tax experts.")
    assert content_text(quote) == "His views"
    assert quote.speaker is not None and quote.speaker.text == "a number of tax experts"


def test_paragraph_introduced_by_a_cue_and_a_colon(nlp):
    text = (
        "The governor spoke on the radio on Wednesday.\n\n"
        "The governor added:\n\n"
        "It's typical of Hillary Clinton. She knows nothing.\n"
    )
    quote = quote_with(quotes_of(nlp, text), "typical of Hillary")
    assert quote.cue is not None and quote.cue.text == "added:"
    assert quote.speaker is not None and quote.speaker.text == "The governor"
    assert content_text(quote) == "It's typical of Hillary Clinton. She knows nothing"


def test_content_on_both_sides_of_the_attribution_set_into_it(nlp):
    quote = quote_with(
        quotes_of(
            nlp,
            "In the three years since the shootings, Barden says, far too many lives have been "
            "lost to gun violence.",
        ),
        "lives",
    )
    assert [span.text for span in quote.content] == [
        "In the three years since the shootings",
        "far too many lives have been lost to gun violence",
    ]
    assert quote.speaker is not None and quote.speaker.text == "Barden"


def test_subject_raised_by_the_cue_is_content_not_source(nlp):
    quote = quote_with(
        quotes_of(nlp, "The birth of the baby is expected to coincide with the convention."),
        "coincide",
    )
    assert quote.speaker is None
    assert quote.content[0].text == "The birth of the baby"


def test_object_content_keeps_the_phrase_it_is_compared_to(nlp):
    [quote] = quotes_of(nlp, "The senator compared abortion to the Holocaust.")
    assert content_text(quote) == "abortion to the Holocaust"
    assert quote.speaker is not None and quote.speaker.text == "The senator"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Most voters think the economy has improved, but that there is still more to do.",
            "the economy has improved, but that there is still more to do",
        ),
        (
            "A new poll shows the governor 10 points ahead of his challenger.",
            "the governor 10 points ahead of his challenger",
        ),
        ("Warren fired back at the bank over its fees.", "the bank over its fees"),
    ],
)
def test_content_runs_on_over_what_follows_it_on_the_cue(nlp, text, content):
    """The parser hangs the end of the content on the cue; PolNeAR's content runs on."""
    [quote] = quotes_of(nlp, text)
    assert content_text(quote) == content


def test_complementiser_before_a_quotation_stays_in_the_content(nlp):
    [quote] = quotes_of(nlp, 'The mayor added that "the fight is not over."')
    assert content_text(quote) == 'that "the fight is not over."'


def test_content_stops_before_the_writers_aside_about_one_of_its_nouns(nlp):
    quote = quote_with(
        quotes_of(
            nlp,
            "The senator said he has supported legislation to curb accreditation bodies, "
            "which he called a cartel.",
        ),
        "legislation",
    )
    assert content_text(quote) == "he has supported legislation to curb accreditation bodies"


def test_passive_cue_keeps_what_it_says_its_subject_is(nlp):
    quote = quote_with(
        quotes_of(nlp, "His rhetoric has been widely condemned as fearmongering."), "rhetoric"
    )
    assert [span.text for span in quote.content] == ["His rhetoric", "fearmongering"]
    assert quote.cue is not None and quote.cue.text == "has been widely condemned as"


def test_subordinate_clause_with_a_cue_stays_in_the_content(nlp):
    [quote] = quotes_of(
        nlp, "She said she had stayed silent because she did not believe she could stay calm."
    )
    assert content_text(quote) == (
        "she had stayed silent because she did not believe she could stay calm"
    )


def test_content_keeps_the_full_stop_of_an_initialism(nlp):
    [quote] = quotes_of(nlp, "He said the company would leave the U.S.")
    assert content_text(quote) == "the company would leave the U.S."


def test_transcript_line_content_without_its_full_stop(nlp):
    text = (
        "Candidates debate in Iowa.\n\n"
        "WALLACE: Your opponent says you cannot win the general election.\n\n"
        "CRUZ: That is simply false.\n"
    )
    quote = quote_with(quotes_of(nlp, text), "simply false")
    assert quote.speaker is not None and quote.speaker.text == "CRUZ"
    assert content_text(quote) == "That is simply false"
