"""Time expressions: given a news text and its publication date, the user sees these dates."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsprism.annotate.time import find_times, normalise_timex
from newsprism.model import TimeRef

MONDAY = date(2016, 12, 12)  # the AFP article of the worked example
WEDNESDAY = date(2016, 12, 14)  # the Guardian article


def times(nlp: Language, text: str, published: date | None) -> list[TimeRef]:
    return find_times(nlp(text), "a1", published)


def values(nlp: Language, text: str, published: date | None) -> dict[str, str]:
    return {ref.span.text: ref.value for ref in times(nlp, text, published)}


def test_spans_are_exact_and_carry_their_sentence(nlp: Language) -> None:
    text = "The rebels left. The Kremlin on Monday deplored the attack at the weekend."
    doc = nlp(text)
    refs = find_times(doc, "a1", MONDAY)
    assert [(r.span.text, r.type, r.value, r.granularity) for r in refs] == [
        ("Monday", "DATE", "2016-12-12", "day"),
        ("the weekend", "DATE", "2016-W49-WE", "weekend"),
    ]
    sentences = list(doc.sents)
    for ref in refs:
        assert ref.span.article_id == "a1"
        assert text[ref.span.start : ref.span.end] == ref.span.text
        assert ref.span.text in sentences[ref.sentence].text
    assert refs[0].sentence == 1


def test_weekdays_in_past_tense_are_the_most_recent_such_day(nlp: Language) -> None:
    text = (
        "The jihadists briefly entered Palmyra on Saturday before being forced to withdraw. "
        "Russia's defence ministry said Sunday that its planes had carried out strikes. "
        "The Kremlin on Monday deplored the lack of cooperation."
    )
    assert values(nlp, text, MONDAY) == {
        "Saturday": "2016-12-10",
        "Sunday": "2016-12-11",
        "Monday": "2016-12-12",
    }


def test_weekdays_relative_to_a_wednesday(nlp: Language) -> None:
    text = (
        "The video was uploaded to social media on Tuesday. "
        "A US general warned on Wednesday that the weapons could pose a threat."
    )
    assert values(nlp, text, WEDNESDAY) == {"Tuesday": "2016-12-13", "Wednesday": "2016-12-14"}


def test_past_weekday_across_a_month_boundary(nlp: Language) -> None:
    thursday = date(2016, 12, 1)
    assert values(nlp, "The talks collapsed on Monday.", thursday) == {"Monday": "2016-11-28"}


def test_weekdays_ahead_across_a_year_boundary(nlp: Language) -> None:
    friday = date(2016, 12, 30)
    text = "The ministers will meet on Monday. The vote is set for next Tuesday."
    assert values(nlp, text, friday) == {"Monday": "2017-01-02", "next Tuesday": "2017-01-03"}


def test_a_deadline_next_month_in_a_past_sentence_crosses_into_the_next_year(nlp: Language) -> None:
    december = date(2016, 12, 28)
    assert values(nlp, "The deadline was extended to Jan. 20.", december) == {
        "Jan. 20": "2017-01-20"
    }
    assert values(nlp, "The talks were held in February.", december) == {"February": "2016-02"}


def test_future_tense_and_next_and_last_point_the_right_way(nlp: Language) -> None:
    text = "The ministers will meet on Friday. They met last Friday and meet again next Monday."
    assert values(nlp, text, MONDAY) == {
        "Friday": "2016-12-16",
        "last Friday": "2016-12-09",
        "next Monday": "2016-12-19",
    }


def test_weeks_and_weekends(nlp: Language) -> None:
    text = "The group began an assault last week. Isis took control of Palmyra over the weekend."
    found = values(nlp, text, MONDAY)
    # ISO weeks: Monday 2016-12-12 is in week 50, so last week and the weekend are in week 49.
    assert found == {"last week": "2016-W49", "the weekend": "2016-W49-WE"}
    assert values(nlp, "The weekend fighting left dozens dead.", WEDNESDAY) == {
        "The weekend": "2016-W49-WE"
    }


def test_month_names_without_a_year_follow_the_tense(nlp: Language) -> None:
    text = "Syrian forces retook the town in March, and in early May an orchestra played there."
    assert values(nlp, text, WEDNESDAY) == {"March": "2016-03", "early May": "2016-05"}
    assert values(nlp, "Last May, the militants laid siege to the city.", WEDNESDAY) == {
        "Last May": "2016-05"
    }
    assert values(nlp, "The elections will be held in March.", WEDNESDAY) == {"March": "2017-03"}


def test_last_may_set_against_early_may_is_the_may_before(nlp: Language) -> None:
    # The Guardian article: the first seizure was in May 2015, the concert in May 2016.
    text = (
        "Last May, the militants laid siege to the city. "
        "Syrian forces retook the town in March, and in early May an orchestra played there."
    )
    assert values(nlp, text, WEDNESDAY) == {
        "Last May": "2015-05",
        "March": "2016-03",
        "early May": "2016-05",
    }


def test_a_range_is_two_dates(nlp: Language) -> None:
    text = "IS ravaged the ruins during the 10 months it held Palmyra from March 2015 to May 2016."
    refs = times(nlp, text, MONDAY)
    assert [(r.span.text, r.type, r.value) for r in refs] == [
        ("the 10 months", "DURATION", "P10M"),  # TimeML keeps the determiner
        ("March 2015", "DATE", "2015-03"),
        ("May 2016", "DATE", "2016-05"),
    ]


def test_absolute_dates_in_their_many_spellings(nlp: Language) -> None:
    text = (
        "Russia has bombed Syria since September 2015. The war started in March 2011. "
        "The report is dated Dec. 12, 2016, the annex 12 December 2016 and the file 2016-12-12. "
        "Prices fell in 2015 and peaked in the 1990s, while December 2016 was calm."
    )
    assert values(nlp, text, MONDAY) == {
        "September 2015": "2015-09",
        "March 2011": "2011-03",
        "Dec. 12, 2016": "2016-12-12",
        "12 December 2016": "2016-12-12",
        "2016-12-12": "2016-12-12",
        "2015": "2015",
        "the 1990s": "199",
        "December 2016": "2016-12",
    }


def test_durations_and_sets(nlp: Language) -> None:
    text = (
        "The fighters returned after an eight-month absence. Morale is boosted for at least "
        "another six months. Much of the year-long mission was secret. "
        "The group issues daily denials."
    )
    refs = times(nlp, text, MONDAY)
    assert [(r.span.text, r.type, r.value, r.granularity) for r in refs] == [
        ("eight-month", "DURATION", "P8M", "duration"),
        ("six months", "DURATION", "P6M", "duration"),
        ("year-long", "DURATION", "P1Y", "duration"),
        ("daily", "SET", "P1D", "set"),
    ]


def test_deictic_days_and_years(nlp: Language) -> None:
    text = (
        "God allowed us to conquer it today. Tomorrow, we will conquer more. "
        "Yesterday was calm, and this year was hard."
    )
    assert values(nlp, text, WEDNESDAY) == {
        "today": "2016-12-14",
        "Tomorrow": "2016-12-15",
        "Yesterday": "2016-12-13",
        "this year": "2016",
    }


def test_until_spring_looks_ahead(nlp: Language) -> None:
    text = "Operations near Raqqa were suspended until spring, he said."
    assert values(nlp, text, MONDAY) == {"spring": "2017-SP"}


def test_vague_and_relative_expressions_get_a_sensible_or_empty_value(nlp: Language) -> None:
    text = "IS seized the city hours later. They have captured territory in recent days."
    refs = {r.span.text: (r.type, r.value) for r in times(nlp, text, MONDAY)}
    # "hours later" counts from another event, not from publication: a duration, no date.
    assert refs == {"hours later": ("DURATION", "PTXH"), "recent days": ("DATE", "PAST_REF")}


def test_numbers_and_names_that_are_not_times(nlp: Language) -> None:
    text = (
        "Its planes carried out more than 60 overnight strikes. The militants blew up the "
        "2,000-year-old Temple of Bel. You may leave now, said Theresa May, and 2000 people left. "
        "Prices fall in a second wave. Assad told Russia Today television."
    )
    assert values(nlp, text, MONDAY) == {"now": "PRESENT_REF"}


def test_without_a_publication_date_relative_values_are_empty(nlp: Language) -> None:
    text = (
        "The Kremlin on Monday recalled the events of March 2015 "
        "and last week's talks over ten days."
    )
    refs = {r.span.text: (r.type, r.value) for r in times(nlp, text, None)}
    assert refs == {
        "Monday": ("DATE", ""),
        "March 2015": ("DATE", "2015-03"),
        "last week": ("DATE", ""),
        "ten days": ("DURATION", "P10D"),
    }


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        ("last May", MONDAY, None, ("DATE", "2016-05", "month")),
        ("last May", date(2016, 5, 20), "past", ("DATE", "2015-05", "month")),
        ("May", date(2016, 5, 20), "past", ("DATE", "2016-05", "month")),
        ("next May", MONDAY, None, ("DATE", "2017-05", "month")),
        ("October", MONDAY, "past", ("DATE", "2016-10", "month")),
        ("October", MONDAY, "future", ("DATE", "2017-10", "month")),
        ("the third quarter", MONDAY, "past", ("DATE", "2016-Q3", "quarter")),
        ("three years ago", MONDAY, None, ("DATE", "2013", "year")),
        ("the past two months", MONDAY, None, ("DURATION", "P2M", "duration")),
        ("90 minutes", None, None, ("DURATION", "PT90M", "duration")),
        ("3:30 p.m. Tuesday", WEDNESDAY, "past", ("TIME", "2016-12-13T15:30", "time")),
        ("last night", WEDNESDAY, None, ("TIME", "2016-12-13TNI", "time")),
        ("the 20th century", None, None, ("DATE", "19", "century")),
        ("every Monday", None, None, ("SET", "XXXX-WXX-1", "set")),
        ("the weekend", date(2016, 12, 10), "past", ("DATE", "2016-W49-WE", "weekend")),
        ("the weekend", MONDAY, "future", ("DATE", "2016-W50-WE", "weekend")),
        ("Temple of Bel", MONDAY, None, None),
    ],
)
def test_normalise_timex(
    text: str, published: date | None, tense: str | None, expected: tuple[str, str, str] | None
) -> None:
    assert normalise_timex(text, published, tense) == expected


def test_last_month_day_and_the_month_just_gone(nlp: Language) -> None:
    # "last February" said in March means a year back: this February would be "last month".
    march = date(1998, 3, 1)
    assert values(nlp, "Two helicopters crashed last February.", march) == {
        "last February": "1997-02"
    }
    assert values(nlp, "He was shot last Oct. 23 at his home.", date(1999, 4, 19)) == {
        "last Oct. 23": "1998-10-23"
    }


def test_the_words_around_a_date_say_which_way_it_points(nlp: Language) -> None:
    friday = date(2000, 1, 7)
    text = (
        "Relatives said they would fight Wednesday's ruling. "
        "Officials postponed any action until Tuesday. "
        "Protesters planned a large demonstration on Saturday. "
        "Inspectors have not been allowed in since Jan. 3."
    )
    assert values(nlp, text, friday) == {
        "Wednesday": "2000-01-05",  # a ruling that has been made
        "Tuesday": "2000-01-11",  # until: ahead, although the verb is past
        "Saturday": "2000-01-08",  # a plan: the nearest Saturday
        "Jan. 3": "2000-01-03",
    }


def test_a_purpose_infinitive_keeps_the_tense_of_its_verb(nlp: Language) -> None:
    saturday = date(1999, 3, 13)
    text = "The government staged celebrations to mark the country's entry into NATO on Friday."
    assert values(nlp, text, saturday) == {"Friday": "1999-03-12"}


def test_durations_with_halves_couples_and_hundreds(nlp: Language) -> None:
    text = (
        "She will spend about 5 1/2 hours in Nairobi. They lived in camps for 2 1/2 years. "
        "The mood will not change for a couple of years. The crown has ruled for almost "
        "a hundred years."
    )
    assert values(nlp, text, MONDAY) == {
        "about 5 1/2 hours": "PT5H30M",
        "2 1/2 years": "P2Y6M",
        "a couple of years": "P2Y",
        "almost a hundred years": "P100Y",
    }


def test_approximators_and_bounds_belong_to_the_expression(nlp: Language) -> None:
    text = (
        "The talks have been cut off for nearly two years. Reservists can serve up to 180 days. "
        "The army left more than four decades ago and the deal should close in the next two "
        "years or so. The blast came at about 10:35 a.m. Last year's results were weak."
    )
    assert values(nlp, text, MONDAY) == {
        "nearly two years": "P2Y",
        "up to 180 days": "P180D",
        "more than four decades ago": "197",
        "the next two years or so": "P2Y",
        "about 10:35 a.m.": "2016-12-12T10:35",
        "Last year": "2015",
    }


def test_a_vague_amount_ago_is_a_reference_to_the_past(nlp: Language) -> None:
    text = "The family left Cuba several years ago and sold the house a few months ago."
    assert values(nlp, text, MONDAY) == {
        "several years ago": "PAST_REF",
        "a few months ago": "PAST_REF",
    }


def test_dates_that_lean_on_another_date_of_the_text(nlp: Language) -> None:
    text = (
        "On May 22, 1995, Farkas was made a general, and the following year he was appointed "
        "attache. The blast occurred at about 10:35 a.m. on Friday, Aug. 7, 1998."
    )
    found = values(nlp, text, date(1998, 4, 18))
    assert found["the following year"] == "1996"
    assert found["about 10:35 a.m."] == "1998-08-07T10:35"


def test_a_year_earlier_in_a_quarterly_report_is_that_quarter_a_year_back(nlp: Language) -> None:
    text = (
        "The company earned $5 million in the third quarter. A year earlier, it lost "
        "$2 million. In the year-ago period, sales were lower. Net income for the fiscal year "
        "ended June 30 rose."
    )
    refs = {r.span.text: (r.type, r.value) for r in times(nlp, text, date(1989, 10, 26))}
    assert refs["the third quarter"] == ("DATE", "1989-Q3")
    assert refs["A year earlier"] == ("DATE", "1988-Q3")
    assert refs["the year-ago period"] == ("DATE", "1988-Q3")
    assert refs["the fiscal year"] == ("DURATION", "P1Y")


def test_a_range_and_since_keep_their_years(nlp: Language) -> None:
    text = (
        "Russia has bombed Syria since September 2015, after IS held the city "
        "from March 2015 to May 2016."
    )
    assert values(nlp, text, None) == {
        "September 2015": "2015-09",
        "March 2015": "2015-03",
        "May 2016": "2016-05",
    }


def test_spoken_years_of_broadcast_transcripts_and_the_previous_weekday(nlp: Language) -> None:
    text = (
        "Prices fell to the level we saw in the winter of nineteen ninety-four. "
        "The deal was signed the previous Friday."
    )
    assert values(nlp, text, date(1998, 2, 27)) == {
        "the winter of nineteen ninety-four": "1994-WI",
        "the previous Friday": "1998-02-20",
    }


def test_rates_are_sets_and_ages_are_not_times(nlp: Language) -> None:
    text = (
        "The plant will save $500 million a year and add four flights a week. "
        "Mr. Schwarz, 52 years old, will stay for a year."
    )
    refs = times(nlp, text, MONDAY)
    assert [(r.span.text, r.type, r.value) for r in refs] == [
        ("a year", "SET", "P1Y"),
        ("a week", "SET", "P1W"),
        ("a year", "DURATION", "P1Y"),
    ]


def test_a_month_with_a_relative_year_and_each_month(nlp: Language) -> None:
    text = (
        "Pol Pot was arrested in June last year. The party meets each July. "
        "Until Thursday, the police had not called him a suspect. The bank announced an "
        "agreement to acquire the insurer in January."
    )
    assert values(nlp, text, MONDAY) == {
        "June last year": "2015-06",
        "each July": "XXXX-07",
        "Thursday": "2016-12-08",
        "January": "2017-01",  # a plan ("agreement to acquire") looks ahead
    }


def test_a_forecast_quarter_is_no_anchor_for_the_year_ago_period(nlp: Language) -> None:
    text = (
        "Profit rose 5% in the third quarter. The company expects growth in the first quarter "
        "of 2017. In the year-ago period, it earned $1 million."
    )
    found = values(nlp, text, MONDAY)
    assert found["the third quarter"] == "2016-Q3"
    assert found["the year-ago period"] == "2015-Q3"
