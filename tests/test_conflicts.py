"""Each conflict kind, pinned with small real sentences: what a reader would flag as two
statements that cannot both be right (and pairs that only look alike are left alone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from newsprism.analyse.conflicts import find_conflicts
from newsprism.analyse.statements import SentenceFacts, negated_events
from newsprism.model import Fact, Quantity, Span


def said(
    article: str,
    text: str,
    index: int = 0,
    *,
    events: set[str] = frozenset(),
    months: tuple[str, ...] = (),
    durations: tuple[int, ...] = (),
    numbers: tuple[tuple[str, float, str, str | None], ...] = (),
    places: set[str] = frozenset(),
    actors: set[str] = frozenset(),
    by: str = "reporter",
    outlet: str = "",
    negated: bool = False,
    denied: bool = False,
    terms: set[str] = frozenset(),
) -> SentenceFacts:
    """What the annotate stage reads off one sentence, written out by hand."""
    span = Span(article, 0, len(text), text)
    quantities = tuple(
        Quantity(
            Span(article, text.index(words), text.index(words) + len(words), words), v, u, q, index
        )
        for words, v, u, q in numbers
    )
    return SentenceFacts(
        span=span,
        index=index,
        outlet=outlet or article.upper(),
        events=frozenset(events),
        terms=frozenset(terms or {w.strip(".,\"").lower() for w in text.split() if len(w) > 3}),
        months=months,
        durations_in_months=durations,
        quantities=quantities,
        places=frozenset(places),
        asserted_by=by,
        own_places=frozenset(places),
        actors=frozenset(actors),
        negated=negated,
        denied=denied,
        negated_events=negated_events(text),
    )


def one_fact(*sides: SentenceFacts) -> Fact:
    return Fact("f", "s", tuple(s.span for s in sides), tuple(s.outlet for s in sides), len(sides))


def conflicts(sentences, facts=()):
    return find_conflicts("s", sentences, facts)


def test_march_versus_may_for_the_same_capture_is_a_date_conflict():
    afp = said(
        "afp",
        "IS ravaged the ruins during the 10 months it held Palmyra from March 2015 to May 2016.",
        events={"hold"},
        months=("2015-03", "2016-05"),
        places={"palmyra"},
        terms={"ravage", "ruin", "month", "hold", "palmyra", "march", "may"},
    )
    guardian = said(
        "gdn",
        "Syrian forces retook the town in March.",
        events={"retake"},
        months=("2016-03",),
        places={"palmyra"},
        terms={"syrian", "force", "retake", "town", "march"},
    )
    (found,) = [c for c in conflicts([afp, guardian]) if c.slot == "date"]
    assert found.statements == (guardian.span, afp.span)  # the earlier month's side first
    assert found.note.index("2016-03") < found.note.index("2016-05")
    assert found.asserted_by == ("reporter", "reporter")
    assert found.outlets == ("GDN", "AFP")


def test_a_range_that_is_not_its_stated_length_is_a_duration_conflict():
    afp = said(
        "afp",
        "IS ravaged the ruins during the 10 months it held Palmyra from March 2015 to May 2016.",
        events={"hold"},
        months=("2015-03", "2016-05"),
        durations=(10,),
        places={"palmyra"},
    )
    (found,) = [c for c in conflicts([afp]) if c.slot == "duration"]
    assert found.note == "2015-03 to 2016-05 is 14 months, not 10 months"
    right = said(
        "afp",
        "IS held Palmyra for 10 months, from May 2015 to March 2016.",
        months=("2015-05", "2016-03"),
        durations=(10,),
    )
    assert not [c for c in conflicts([right]) if c.slot == "duration"]


def test_a_claim_to_have_stopped_attacks_then_the_city_taken_is_claim_versus_outcome():
    claim = said(
        "afp",
        'Russia\'s defence ministry said its war planes had "thwarted all terrorist attacks".',
        index=8,
        places={"palmyra"},
        by="Russia's defence ministry",
        terms={"thwart", "terrorist", "attack"},
        events={"attack"},
    )
    outcome = said(
        "afp",
        "IS seized control of the city hours later.",
        index=9,
        events={"take"},
        places={"palmyra"},
    )
    (found,) = conflicts([claim, outcome])
    assert found.slot == "claim_vs_outcome"
    assert found.asserted_by == ("Russia's defence ministry", "reporter")


def test_aligned_statements_counting_the_same_fighters_differently_conflict_on_number():
    a = said(
        "rt",
        "Around 5,000 IS militants took part in the attack on Palmyra.",
        numbers=(("5,000 IS militants", 5000, "IS militants", None),),
        by="Konashenkov",
    )
    b = said(
        "bbc",
        "Some 3,000 IS militants took part in the attack on Palmyra.",
        numbers=(("3,000 IS militants", 3000, "IS militants", None),),
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "number"
    assert "5,000" in found.note and "3,000" in found.note
    assert found.asserted_by == ("reporter", "Konashenkov")  # the lower count's side first
    # not aligned as one fact: two different counts, no conflict
    assert not conflicts([a, b])


def test_durations_and_close_numbers_are_not_number_conflicts():
    a = said(
        "gdn",
        "The recapture comes just seven months after the concert.",
        numbers=(("seven months", 7, "months", None),),
    )
    b = said(
        "afp",
        "IS ravaged the ruins during the 10 months it held Palmyra.",
        numbers=(("10 months", 10, "months", None),),
    )
    c = said(
        "afp",
        "More than 60 overnight strikes hit Palmyra.",
        numbers=(("More than 60 overnight strikes", 60, "overnight strikes", "more than"),),
    )
    d = said(
        "gdn",
        "Russian planes carried out 64 strikes on Palmyra overnight.",
        numbers=(("64 strikes", 64, "strikes", None),),
    )
    assert not conflicts([a, b], [one_fact(a, b)])
    assert not conflicts([c, d], [one_fact(c, d)])


def test_one_says_it_happened_the_other_that_it_did_not_is_a_negation_conflict():
    a = said("reu", "The cap stopped the flow of oil into the Gulf.", events={"stop"})
    b = said(
        "fox",
        "The cap has not stopped the flow of oil into the Gulf.",
        events={"stop"},
        negated=True,
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "negation"
    # grouped under one broad fact, but not the same report: no conflict
    c = said("fox", "The document said that at the time of the BP spill, there were 36 "
             "floating drilling rigs in the Gulf.", events={"leak"}, by="The document")
    d = said("bbc", "The spill is a massive challenge to the company, but it is not the first "
             "time BP has been in the international spotlight.", events={"leak"}, negated=True)
    assert not conflicts([c, d], [one_fact(c, d)])


def test_a_party_denying_what_another_outlet_reports_is_a_denial_conflict():
    a = said(
        "wp", "BP cut corners on the well's cement job, investigators said.", by="investigators"
    )
    b = said(
        "bbc", "BP denied that it had cut corners on the well's cement job.", by="BP", denied=True
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "denial"
    assert "BP" in found.note


def test_the_same_capture_in_two_different_towns_is_a_place_conflict():
    a = said(
        "afp",
        "IS fighters seized Palmyra on Sunday.",
        events={"take"},
        places={"palmyra"},
        actors={"is"},
    )
    b = said(
        "gdn",
        "IS fighters seized Al-Qaryatain on Sunday.",
        events={"take"},
        places={"qaryatain"},
        actors={"is"},
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "place"


def test_the_same_recapture_credited_to_different_forces_is_an_actor_conflict():
    a = said(
        "afp",
        "Syrian troops recaptured Palmyra in March.",
        events={"retake"},
        places={"palmyra"},
        actors={"syrian"},
    )
    b = said(
        "rt",
        "Russian special forces recaptured Palmyra in March.",
        events={"retake"},
        places={"palmyra"},
        actors={"russian"},
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "actor"
    same = said(
        "gdn",
        "Syrian forces retook the town in March.",
        events={"retake"},
        places={"palmyra"},
        actors={"syrian"},
    )
    assert not conflicts([a, same], [one_fact(a, same)])


def test_reports_weeks_apart_are_updates_not_conflicts():
    april = said(
        "fox",
        "Crews have not been able to stop the oil spewing from the sea floor.",
        events={"stop", "leak"},
        negated=True,
    )
    july = said(
        "bbc",
        "Crews have been able to stop the oil spewing from the sea floor with a new cap.",
        events={"stop", "leak"},
    )
    april = replace(april, published=date(2010, 4, 27))
    july = replace(july, published=date(2010, 7, 21))
    assert not conflicts([april, july], [one_fact(april, july)])
    same_week = replace(july, published=date(2010, 4, 28))
    (found,) = conflicts([april, same_week], [one_fact(april, same_week)])
    assert found.slot == "negation" and "stop" in found.note


def test_halting_something_is_not_a_claim_to_have_stopped_an_attack():
    halt = said(
        "fox",
        "BP announced that it would halt dispersant use while agencies assess its impact.",
        index=3,
        places={"gulf"},
        by="BP",
        terms={"halt", "dispersant", "agency", "assess", "impact"},
    )
    taken = said(
        "fox",
        "A dispersant is taking the oil and dissolving it in the water of the Gulf.",
        index=4,
        events={"take"},
        places={"gulf"},
    )
    assert not conflicts([halt, taken])


def test_taking_office_and_falling_shares_are_not_changes_of_control():
    office = said(
        "reu",
        "Cameron, who took office last month in London, is under pressure to protect BP.",
        events={"take"},
        months=("2010-05",),
        places={"london"},
        terms={"cameron", "take", "office", "month", "london", "pressure", "protect"},
    )
    shares = said(
        "reu",
        "In London, BP's shares have fallen 32 percent in June alone.",
        events={"take"},
        months=("2010-06",),
        places={"london"},
        terms={"london", "share", "fall", "percent", "june"},
    )
    assert not conflicts([office, shares])


def test_a_value_the_other_sentence_also_gives_is_not_a_number_conflict():
    fox = said(
        "fox",
        "One plume stretched for 10 miles, with a 3-mile width.",
        numbers=(("10 miles", 10, "miles", None), ("3-mile", 3, "mile", None)),
    )
    bbc = said(
        "bbc",
        "Scientists found plumes of oil, one 10 miles long and a mile wide.",
        numbers=(("10 miles", 10, "miles", None),),
    )
    assert not conflicts([fox, bbc], [one_fact(fox, bbc)])
    both_negated = said("gdn", "The operation would only limit, not entirely stop, the oil "
                        "spill.", events={"stop", "leak"}, negated=True)
    also = said("bbc", "However, this strategy may not stop the oil spill completely.",
                events={"stop", "leak"}, negated=True)
    assert not conflicts([both_negated, also], [one_fact(both_negated, also)])


def flow(article: str, text: str, figure: str, value: float, day: int, month: int = 5, **kw):
    """A sentence giving one oil figure, published on the given day of 2010."""
    unit = figure.split()[-1]
    qualifier = next((q for q in ("at least", "about") if figure.lower().startswith(q)), None)
    sentence = said(article, text, numbers=((figure, value, unit, qualifier),), **kw)
    return replace(sentence, published=date(2010, month, day))


def test_two_outlets_giving_different_flow_rates_the_same_day_conflict_on_number():
    bp = flow("fox", "BP says about 5,000 barrels of oil a day are leaking.", "about 5,000 barrels",
              5000, 28, by="BP")
    panel = flow("bbc", "Scientists say 12,000-19,000 barrels of oil a day are leaking.",
                 "12,000-19,000 barrels", 12000, 28, by="Scientists")
    (found,) = conflicts([bp, panel])  # not aligned as one fact: the figures are compared
    assert found.slot == "number"
    assert "5,000" in found.note and "12,000-19,000" in found.note
    assert found.asserted_by == ("BP", "Scientists")


def test_a_range_and_its_end_a_bound_and_a_conversion_agree():
    panel = flow("bbc", "Scientists say 35,000-60,000 barrels of oil a day are leaking.",
                 "35,000-60,000 barrels", 35000, 16, month=6)
    top = flow("gdn", "The estimate is now that 60,000 barrels of oil a day are leaking.",
               "60,000 barrels", 60000, 16, month=6)
    at_least = flow("reu", "At least 12,000 barrels of oil a day are leaking.",
                    "At least 12,000 barrels", 12000, 16, month=6)
    gallons = flow("fox", "Some 2.5 million gallons of oil a day are leaking.",
                   "2.5 million gallons", 2.5e6, 16, month=6)
    assert not conflicts([panel, top, at_least, gallons])


def test_what_is_captured_is_not_what_leaks_and_an_earlier_estimate_is_history():
    captured = flow("bbc", "The cap is capturing 10,000 barrels of oil a day.",
                    "10,000 barrels", 10000, 7, month=6)
    leaking = flow("reu", "The well is leaking 12,000 to 19,000 barrels of oil a day.",
                   "19,000 barrels", 19000, 7, month=6)
    earlier = flow("gdn", "BP had estimated that 5,000 barrels of oil a day were leaking.",
                   "5,000 barrels", 5000, 7, month=6)
    assert not conflicts([captured, leaking, earlier])


def test_a_figure_revised_over_weeks_differs_over_time_and_a_stale_one_is_outdated():
    may = [flow(a, "An estimated 5,000 barrels of oil a day are leaking.", "5,000 barrels", 5000,
                day) for a, day in (("bbc", 8), ("fox", 9))]
    june = [flow(a, "Between 35,000 and 60,000 barrels of oil a day are leaking.",
                 "35,000 and 60,000 barrels", 35000, day, month=6) for a, day in (("reu", 16),
                                                                                  ("wp", 28))]
    late = flow("gdn", "Still 5,000 barrels of oil a day are leaking into the Gulf.",
                "5,000 barrels", 5000, 28, month=6)
    found = {f.slot: f for f in conflicts([*may, *june, late])}
    assert set(found) == {"revised", "outdated"}  # no contradiction: weeks apart
    assert found["revised"].statements == tuple(s.span for s in may + june)  # earlier first
    assert "differs over time" in found["revised"].note
    assert found["outdated"].statements == tuple(s.span for s in [*june, late])
    alone = flow("ap", "Now 60,000 barrels of oil a day are leaking.", "60,000 barrels", 60000,
                 28, month=6)  # one outlet's value is no revision
    assert not conflicts([may[0], alone])


def test_one_disagreement_carried_by_several_sentence_pairs_is_one_conflict():
    low = [flow(a, f"About 5,000 barrels of oil a day are leaking, {who} says.",
                "About 5,000 barrels", 5000, 28, by=who) for a, who in (("fox", "BP"),
                                                                       ("wp", "the Coast Guard"))]
    high = [flow(a, "Scientists say 12,000-19,000 barrels of oil a day are leaking.",
                 "12,000-19,000 barrels", 12000, 28) for a in ("bbc", "reu")]
    (found,) = conflicts(low + high)
    assert found.statements == tuple(s.span for s in low + high)
    assert found.outlets == ("FOX", "WP", "BBC", "REU")


def test_the_same_date_conflict_in_two_sentence_pairs_is_listed_once():
    held = said("afp", "IS held Palmyra from March 2015 to May 2016.", events={"hold"},
                months=("2015-03", "2016-05"), places={"palmyra"}, terms={"hold", "palmyra"})
    retook = [
        said("gdn", text, index=k, events={"retake"}, months=("2016-03",), places={"palmyra"},
             terms={"retake", "town", "march"})
        for k, text in enumerate(("Syrian forces retook the town in March.",
                                  "The town was recaptured by the army in March."))
    ]
    (found,) = [c for c in conflicts([held, *retook]) if c.slot == "date"]
    assert set(found.statements) == {held.span, retook[0].span, retook[1].span}


def test_a_failure_said_in_other_words_or_a_conditional_is_no_negation_conflict():
    failed = said("bbc", "The latest attempt to stop the Gulf oil leak has failed, BP said.",
                  events={"stop", "leak"}, by="BP")
    unable = said("reu", "We have not been able to stop the flow of the Gulf oil leak, BP said.",
                  events={"stop", "leak"}, by="BP")
    stopped = said("bbc", "Oil stopped leaking into the Gulf of Mexico on 15 July.",
                   events={"stop", "leak"})
    no_longer = said("fox", "Oil is no longer leaking into the Gulf of Mexico.", events={"leak"})
    threat = said("reu", "The government will remove BP if it does not stop the Gulf leak.",
                  events={"stop", "leak"})
    plug = said("fox", "BP equipment will stop the Gulf leak this week.", events={"stop", "leak"})
    for pair in ((failed, unable), (stopped, no_longer), (threat, plug)):
        assert not conflicts(list(pair), [one_fact(*pair)]), pair[0].span.text


def test_places_and_actors_of_a_background_clause_are_no_conflict():
    bbc = said("bbc", "Oil has been leaking into the Gulf since a rig leased by BP blew up on 20 "
               "April, killing 11 workers.", events={"leak", "destroy", "kill"},
               places={"gulf"}, actors={"bp"})
    fox = said("fox", "Hayward spoke at BP's Houston headquarters, his first break since the rig "
               "exploded April 20, killing 11 workers.", events={"explode", "kill"},
               places={"houston"}, actors={"bp"})
    assert not conflicts([bbc, fox], [one_fact(bbc, fox)])
