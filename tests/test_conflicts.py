"""Each conflict kind, pinned with small real sentences: what a reader would flag as two
statements that cannot both be right (and pairs that only look alike are left alone).
Dates, durations, claims against outcomes, negations, denials and actors; numbers are in
test_number_conflicts.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conflict_helpers import conflicts, one_fact, said

from newsprism.analyse.conflicts.aligned import actor_conflict, denial_conflict, negation_conflict


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


def test_one_says_it_happened_the_other_that_it_did_not_is_a_negation_conflict():
    a = said("reu", "The cap stopped the flow of oil into the Gulf.", events={"stop"})
    b = said(
        "fox",
        "The cap has not stopped the flow of oil into the Gulf.",
        events={"stop"},
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "negation"
    # grouped under one broad fact, but not the same report: no conflict
    c = said(
        "fox",
        "The document said that at the time of the BP spill, there were 36 "
        "floating drilling rigs in the Gulf.",
        events={"leak"},
        by="The document",
    )
    d = said(
        "bbc",
        "The spill is a massive challenge to the company, but it is not the first "
        "time BP has been in the international spotlight.",
        events={"leak"},
    )
    assert not conflicts([c, d], [one_fact(c, d)])


def test_a_party_denying_what_another_outlet_reports_is_a_denial_conflict():
    a = said(
        "wp", "BP cut corners on the well's cement job, investigators said.", by="investigators"
    )
    b = said("bbc", "BP denied that it had cut corners on the well's cement job.", by="BP")
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "denial"
    assert "BP" in found.note


def test_the_same_capture_in_two_different_towns_is_no_conflict():
    # a party taking two towns on one day is two events as often as one misplaced: no rule
    a = said(
        "afp",
        "IS fighters seized Palmyra on Sunday.",
        events={"take"},
        places={"palmyra"},
        named=(("IS", "is", "ORG"),),
    )
    b = said(
        "gdn",
        "IS fighters seized Al-Qaryatain on Sunday.",
        events={"take"},
        places={"qaryatain"},
        named=(("IS", "is", "ORG"),),
    )
    assert not conflicts([a, b], [one_fact(a, b)])


def test_the_same_recapture_credited_to_different_forces_is_an_actor_conflict():
    a = said(
        "afp",
        "Syrian troops recaptured Palmyra in March.",
        events={"retake"},
        places={"palmyra"},
        named=(("Syrian", "syrian", "NORP"),),
    )
    b = said(
        "rt",
        "Russian special forces recaptured Palmyra in March.",
        events={"retake"},
        places={"palmyra"},
        named=(("Russian", "russian", "NORP"),),
    )
    (found,) = conflicts([a, b], [one_fact(a, b)])
    assert found.slot == "actor"
    assert "Syrian" in found.note and "Russian" in found.note
    same = said(
        "gdn",
        "Syrian forces retook the town in March.",
        events={"retake"},
        places={"palmyra"},
        named=(("Syrian", "syrian", "NORP"),),
    )
    assert actor_conflict(a, same) is None
    passive = said(
        "bbc",
        "Palmyra was recaptured by Russian special forces in March.",
        events={"retake"},
        places={"palmyra"},
        named=(("Russian", "russian", "NORP"),),
    )
    (found,) = conflicts([a, passive], [one_fact(a, passive)])
    assert found.slot == "actor"
    joint = said(
        "bbc",
        "Syrian troops backed by Russian jets recaptured Palmyra in March.",
        events={"retake"},
        places={"palmyra"},
        named=(("Syrian", "syrian", "NORP"), ("Russian", "russian", "NORP")),
    )
    assert actor_conflict(b, joint) is None  # the other names both


def test_sources_worded_differently_are_no_actor_conflict():
    # bpoil, 19 September 2010: the speakers differ in wording, the event's agent is BP in both
    gdn = said(
        "gdn",
        'With a final shot of cement, BP permanently " killed " its well in the Gulf '
        "of Mexico that ruptured in April, US officials confirmed today.",
        events={"kill"},
        by="US officials",
        named=(("BP", "bp", "ORG"), ("US officials", "us-officials", "ORG")),
    )
    reu = said(
        "reu",
        'With a final shot of cement, BP Plc permanently " killed " its deep-sea '
        "well in the Gulf of Mexico that ruptured in April, the top U.S. spill official "
        "said on Sunday.",
        events={"kill"},
        by="the top U.S. spill official",
        named=(
            ("BP Plc", "bp-plc", "ORG"),
            ("the top U.S. spill official", "us-official", "PERSON"),
        ),
    )
    assert actor_conflict(gdn, reu) is None
    fox = said(
        "fox",
        "Five times more oil a day than previously believed is spewing into the Gulf "
        "of Mexico from a blown-out well of a sunken drilling rig, the Coast Guard said.",
        events={"leak", "destroy"},
        by="the Coast Guard",
        named=(("the Coast Guard", "coast-guard", "ORG"),),
    )
    gdn = said(
        "gdn",
        "Five times more oil a day than previously believed is spewing into the Gulf "
        "of Mexico from the blown-out well of the Deepwater Horizon drilling rig, the US "
        "coastguard has said.",
        events={"leak", "destroy"},
        by="the US coastguard",
        named=(("the US coastguard", "us-coastguard", "ORG"),),
    )
    assert actor_conflict(fox, gdn) is None


def test_a_different_source_or_a_dismissed_remark_is_no_denial_conflict():
    # bpoil: the "denier" was a differently named source, or denied nothing stated
    bbc = said(
        "bbc",
        "Meanwhile, the US government issued a new deep-water drilling moratorium "
        "to replace one struck down in court.",
        by="the US government",
    )
    fox = said(
        "fox",
        "The Obama administration issued a new moratorium Monday on deep-water "
        "offshore drilling that is no longer based on water depth, after the initial one "
        "was rejected.",
        by="Obama",
    )
    declined = said("reu", "BP declined to comment.", by="BP")
    dismissed = said(
        "bbc",
        "But BP's chairman Carl-Henric Svanberg later dismissed those comments.",
        by="Carl-Henric Svanberg",
    )
    not_resigning = said(
        "gdn", 'BP tells AFP: " Tony Hayward remains chief executive and is not resigning.', by="BP"
    )
    denied = said("gdn2", "BP denied that Hayward was close to resigning.", by="BP")
    for a, b in ((bbc, fox), (declined, dismissed), (not_resigning, denied)):
        assert denial_conflict(a, b) is None and denial_conflict(b, a) is None, a.span.text
    resigning = said("sky", "Tony Hayward is close to resigning as chief executive.")
    (found,) = conflicts([resigning, denied], [one_fact(resigning, denied)])
    assert found.slot == "denial" and found.asserted_by == ("reporter", "BP")


def test_negating_another_word_or_a_modal_sentence_is_no_negation_conflict():
    # bpoil: reader comments and two reports that agree the tar balls are not from the spill
    comment = said(
        "bbc",
        "Causing the oil droplets to sink will not solve the spill clean-up as "
        "we will be polluting the water below the surface.",
        events={"leak"},
    )
    blame = said("gdn", "We 're all to blame for the oil spill", events={"leak"})
    keys = said(
        "fox",
        "The Coast Guard says around 100 tar balls have been recovered throughout "
        "the Florida Keys in the last week, but none have been linked to the massive Gulf "
        "of Mexico spill.",
        events={"leak"},
        by="The Coast Guard",
    )
    florida = said("bbc", "Tar balls turned up in Florida but not from oil spill.", events={"leak"})
    for a, b in ((comment, blame), (keys, florida)):
        assert negation_conflict(a, b) is None and negation_conflict(b, a) is None, a.span.text
        assert not conflicts([a, b], [one_fact(a, b)])


def test_reports_weeks_apart_are_updates_not_conflicts():
    april = said(
        "fox",
        "Crews have not been able to stop the oil spewing from the sea floor.",
        events={"stop", "leak"},
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


def test_the_same_date_conflict_in_two_sentence_pairs_is_listed_once():
    held = said(
        "afp",
        "IS held Palmyra from March 2015 to May 2016.",
        events={"hold"},
        months=("2015-03", "2016-05"),
        places={"palmyra"},
        terms={"hold", "palmyra"},
    )
    retook = [
        said(
            "gdn",
            text,
            index=k,
            events={"retake"},
            months=("2016-03",),
            places={"palmyra"},
            terms={"retake", "town", "march"},
        )
        for k, text in enumerate(
            (
                "Syrian forces retook the town in March.",
                "The town was recaptured by the army in March.",
            )
        )
    ]
    (found,) = [c for c in conflicts([held, *retook]) if c.slot == "date"]
    assert set(found.statements) == {held.span, retook[0].span, retook[1].span}


def test_a_failure_said_in_other_words_or_a_conditional_is_no_negation_conflict():
    failed = said(
        "bbc",
        "The latest attempt to stop the Gulf oil leak has failed, BP said.",
        events={"stop", "leak"},
        by="BP",
    )
    unable = said(
        "reu",
        "We have not been able to stop the flow of the Gulf oil leak, BP said.",
        events={"stop", "leak"},
        by="BP",
    )
    stopped = said(
        "bbc", "Oil stopped leaking into the Gulf of Mexico on 15 July.", events={"stop", "leak"}
    )
    no_longer = said("fox", "Oil is no longer leaking into the Gulf of Mexico.", events={"leak"})
    threat = said(
        "reu",
        "The government will remove BP if it does not stop the Gulf leak.",
        events={"stop", "leak"},
    )
    plug = said("fox", "BP equipment will stop the Gulf leak this week.", events={"stop", "leak"})
    for pair in ((failed, unable), (stopped, no_longer), (threat, plug)):
        assert not conflicts(list(pair), [one_fact(*pair)]), pair[0].span.text


def test_places_and_actors_of_a_background_clause_are_no_conflict():
    bbc = said(
        "bbc",
        "Oil has been leaking into the Gulf since a rig leased by BP blew up on 20 "
        "April, killing 11 workers.",
        events={"leak", "destroy", "kill"},
        places={"gulf"},
        actors={"bp"},
    )
    fox = said(
        "fox",
        "Hayward spoke at BP's Houston headquarters, his first break since the rig "
        "exploded April 20, killing 11 workers.",
        events={"explode", "kill"},
        places={"houston"},
        actors={"bp"},
    )
    assert not conflicts([bbc, fox], [one_fact(bbc, fox)])
