"""Number conflicts, pinned with small real sentences: outlets giving incompatible figures for
the same quantity at the same time conflict; ranges and their ends, bounds, conversions,
other measures and figures revised over time do not (those are `revised` and `outdated`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conflict_helpers import conflicts, flow, one_fact, said


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
    both_negated = said(
        "gdn",
        "The operation would only limit, not entirely stop, the oil spill.",
        events={"stop", "leak"},
    )
    also = said(
        "bbc",
        "However, this strategy may not stop the oil spill completely.",
        events={"stop", "leak"},
    )
    assert not conflicts([both_negated, also], [one_fact(both_negated, also)])


def test_two_outlets_giving_different_flow_rates_the_same_day_conflict_on_number():
    bp = flow(
        "fox",
        "BP says about 5,000 barrels of oil a day are leaking.",
        "about 5,000 barrels",
        5000,
        28,
        by="BP",
    )
    panel = flow(
        "bbc",
        "Scientists say 12,000-19,000 barrels of oil a day are leaking.",
        "12,000-19,000 barrels",
        12000,
        28,
        by="Scientists",
    )
    (found,) = conflicts([bp, panel])  # not aligned as one fact: the figures are compared
    assert found.slot == "number"
    assert "5,000" in found.note and "12,000-19,000" in found.note
    assert found.asserted_by == ("BP", "Scientists")


def test_a_range_and_its_end_a_bound_and_a_conversion_agree():
    panel = flow(
        "bbc",
        "Scientists say 35,000-60,000 barrels of oil a day are leaking.",
        "35,000-60,000 barrels",
        35000,
        16,
        month=6,
    )
    top = flow(
        "gdn",
        "The estimate is now that 60,000 barrels of oil a day are leaking.",
        "60,000 barrels",
        60000,
        16,
        month=6,
    )
    at_least = flow(
        "reu",
        "At least 12,000 barrels of oil a day are leaking.",
        "At least 12,000 barrels",
        12000,
        16,
        month=6,
    )
    gallons = flow(
        "fox",
        "Some 2.5 million gallons of oil a day are leaking.",
        "2.5 million gallons",
        2.5e6,
        16,
        month=6,
    )
    assert not conflicts([panel, top, at_least, gallons])


def test_what_is_captured_is_not_what_leaks_and_an_earlier_estimate_is_history():
    captured = flow(
        "bbc",
        "The cap is capturing 10,000 barrels of oil a day.",
        "10,000 barrels",
        10000,
        7,
        month=6,
    )
    leaking = flow(
        "reu",
        "The well is leaking 12,000 to 19,000 barrels of oil a day.",
        "19,000 barrels",
        19000,
        7,
        month=6,
    )
    earlier = flow(
        "gdn",
        "BP had estimated that 5,000 barrels of oil a day were leaking.",
        "5,000 barrels",
        5000,
        7,
        month=6,
    )
    assert not conflicts([captured, leaking, earlier])


def test_a_figure_revised_over_weeks_differs_over_time_and_a_stale_one_is_outdated():
    may = [
        flow(a, "An estimated 5,000 barrels of oil a day are leaking.", "5,000 barrels", 5000, day)
        for a, day in (("bbc", 8), ("fox", 9))
    ]
    june = [
        flow(
            a,
            "Between 35,000 and 60,000 barrels of oil a day are leaking.",
            "35,000 and 60,000 barrels",
            35000,
            day,
            month=6,
        )
        for a, day in (("reu", 16), ("wp", 28))
    ]
    late = flow(
        "gdn",
        "Still 5,000 barrels of oil a day are leaking into the Gulf.",
        "5,000 barrels",
        5000,
        28,
        month=6,
    )
    found = {f.slot: f for f in conflicts([*may, *june, late])}
    assert set(found) == {"revised", "outdated"}  # no contradiction: weeks apart
    assert found["revised"].statements == tuple(s.span for s in may + june)  # earlier first
    assert "differs over time" in found["revised"].note
    assert found["outdated"].statements == tuple(s.span for s in [*june, late])
    alone = flow(
        "ap", "Now 60,000 barrels of oil a day are leaking.", "60,000 barrels", 60000, 28, month=6
    )  # one outlet's value is no revision
    assert not conflicts([may[0], alone])


def test_one_disagreement_carried_by_several_sentence_pairs_is_one_conflict():
    low = [
        flow(
            a,
            f"About 5,000 barrels of oil a day are leaking, {who} says.",
            "About 5,000 barrels",
            5000,
            28,
            by=who,
        )
        for a, who in (("fox", "BP"), ("wp", "the Coast Guard"))
    ]
    high = [
        flow(
            a,
            "Scientists say 12,000-19,000 barrels of oil a day are leaking.",
            "12,000-19,000 barrels",
            12000,
            28,
        )
        for a in ("bbc", "reu")
    ]
    (found,) = conflicts(low + high)
    assert found.statements == tuple(s.span for s in low + high)
    assert found.outlets == ("FOX", "WP", "BBC", "REU")


def test_a_rival_estimate_beside_the_official_one_is_a_disagreement_not_a_revision():
    # bpoil, May 2010: the scientists' 70,000 barrels a day, given by two outlets, while the
    # official 5,000 was still the figure outlets gave
    official = [
        flow(
            a,
            "Some 5,000 barrels of oil a day are flowing into the sea.",
            "5,000 barrels",
            5000,
            day,
        )
        for a, day in (("bbc", 8), ("reu", 10))
    ]
    authorities = flow(
        "gdn",
        "US authorities estimate that about 5,000 barrels of oil a day are leaking.",
        "about 5,000 barrels",
        5000,
        14,
        by="US authorities",
    )
    rivals = [
        flow(
            a,
            "Researchers said the leak was spewing about 70,000 barrels of oil a day.",
            "about 70,000 barrels",
            70000,
            day,
            by="Researchers",
        )
        for a, day in (("bbc", 14), ("reu", 20))
    ]
    found = conflicts([*official, authorities, *rivals])
    assert [f.slot for f in found] == ["number"]  # the same day: 5,000 against 70,000
    assert set(found[0].statements) == {authorities.span, rivals[0].span}
    adopted = replace(rivals[1], asserted_by="reporter")  # an outlet states it as the figure
    assert {f.slot for f in conflicts([*official, authorities, rivals[0], adopted])} >= {"revised"}


def test_a_total_broken_down_into_the_other_figure_is_no_number_conflict():
    # bpoil, 20 May 2010: the Guardian's 95,000 is both leaks, 70,000 of them the largest one
    wereley = replace(
        said(
            "gdn",
            "He told the committee that the two wellhead leaks combined to gush 95,000 barrels "
            "a day into the Gulf of Mexico, with 70,000 barrels from the largest leak and "
            "25,000 from the smaller.",
            numbers=(
                ("95,000 barrels", 95000, "barrels", None),
                ("70,000 barrels", 70000, "barrels", None),
            ),
            by="Steve Wereley",
        ),
        published=date(2010, 5, 20),
    )
    scientists = flow(
        "reu",
        "Scientists have pegged the spill's volume at about 70,000 barrels per day.",
        "about 70,000 barrels",
        70000,
        20,
        by="Scientists",
    )
    assert not conflicts([wereley, scientists])
    bp = flow(
        "reu",
        "BP has been estimating the leak was flowing at a rate of 5,000 barrels per day.",
        "5,000 barrels",
        5000,
        20,
        by="BP",
    )
    (found,) = conflicts([wereley, bp])
    assert found.slot == "number" and "95,000" in found.note
