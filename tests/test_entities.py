"""Cross-document entities: the names news uses for one thing come out as one entity."""

from __future__ import annotations

import pytest

from newsprism.annotate.pipeline import annotate_articles
from newsprism.link.entities import link_entities
from newsprism.model import Article, Entity
from newsprism.settings import Settings

WIRE = """Islamic State jihadists re-entered Palmyra on Sunday, the Syrian Observatory for Human
Rights said. IS had been driven out of the city in March. Kremlin spokesman Dmitry Peskov
said Moscow regretted the lack of coordinated action. The group, also known as ISIL, holds
Raqa, its de facto capital. Amaq, Islamic State's news agency, said fighters had taken the
citadel of Tadmur [the Arabic name for Palmyra]."""

PAPER = """Isis fighters have retaken Palmyra, nine months after being forced out by Syrian
troops. Peskov said Russia had warned of the danger. Daesh [ISIS] moved fighters from Raqqa
and from Mosul, officials said. A video released by Amaq showed the fighters in the ruins.
Heidar Alishvandi, a local official, said the army had withdrawn."""

THIRD = """Heydar Alishvandi, the official, told reporters that families had fled Tadmur.
Mark Jay Heller, a lawyer for the families, said they had lost everything. Mark Heller said
he would go to court."""


def linked(texts: dict[str, str]) -> list[Entity]:
    """The entities linked across articles of these texts (by article id)."""
    articles = [Article(id=name, title="", text=text) for name, text in texts.items()]
    found, _ = link_entities(list(annotate_articles(articles, Settings())))
    return found


@pytest.fixture(scope="module")
def entities() -> list[Entity]:
    return linked({"wire": WIRE, "paper": PAPER, "third": THIRD})


def entity_with(entities: list[Entity], alias: str) -> Entity:
    matches = [e for e in entities if alias in e.aliases]
    assert len(matches) == 1, f"{alias!r} is in {len(matches)} entities"
    return matches[0]


def test_islamic_state_names_and_acronyms_are_one_organisation(entities: list[Entity]) -> None:
    group = entity_with(entities, "IS")
    assert {"Islamic State", "Isis", "ISIS", "ISIL", "Daesh"} <= set(group.aliases)
    assert group.name == "Islamic State" and group.type == "ORG"


def test_a_bracketed_gloss_joins_tadmur_to_palmyra(entities: list[Entity]) -> None:
    assert entity_with(entities, "Tadmur") == entity_with(entities, "Palmyra")


def test_transliteration_variants_are_one_place_or_person(entities: list[Entity]) -> None:
    assert entity_with(entities, "Raqa") == entity_with(entities, "Raqqa")
    assert entity_with(entities, "Heidar Alishvandi") == entity_with(entities, "Heydar Alishvandi")


def test_an_appositive_gloss_names_amaq_once(entities: list[Entity]) -> None:
    amaq = entity_with(entities, "Amaq")
    assert amaq != entity_with(entities, "IS")


def test_a_surname_joins_the_full_name_and_keeps_the_role(entities: list[Entity]) -> None:
    peskov = entity_with(entities, "Peskov")
    assert peskov == entity_with(entities, "Dmitry Peskov")
    assert peskov.name == "Dmitry Peskov" and peskov.type == "PERSON"
    assert "Kremlin spokesman" in peskov.roles


def test_a_dropped_middle_name_is_the_same_person(entities: list[Entity]) -> None:
    assert entity_with(entities, "Mark Heller") == entity_with(entities, "Mark Jay Heller")


def test_a_country_qualified_or_one_word_spelling_is_the_same_speaker() -> None:
    from newsprism.link.attach import attach_entities

    texts = {
        "guardian": "The US coastguard said the slick had grown to 5,000 barrels a day.",
        "reuters": "The US Coast Guard said on Tuesday crews were at work. "
        "The Coast Guard said the leak was growing, and US officials said BP would pay.",
    }
    articles = [Article(id=name, title="", text=text) for name, text in texts.items()]
    annotated = list(annotate_articles(articles, Settings()))
    found, entity_of = link_entities(annotated)
    names = {e.id: e.name for e in found}
    speakers = {
        q.speaker.text: names.get(q.speaker_entity or "")
        for a in attach_entities(annotated, entity_of)
        for q in a.quotes
    }
    coast_guard = {"The US coastguard", "The US Coast Guard", "The Coast Guard"}
    assert {speakers[s] for s in coast_guard} == {"Coast Guard"}, speakers
    assert speakers["US officials"] is None  # officials of the US, not the United States itself


def test_a_name_run_into_a_title_case_headline_joins_the_name() -> None:
    headline = "Fred LaRue Dies At Home In Mississippi"
    body = (
        "Fred LaRue, a Watergate figure, died on Saturday, his family said. "
        "Microsoft Corp. said it would not comment. Microsoft had hired him in 1990."
    )
    article = Article(id="obit", title="", text=f"{headline}\n\n{body}")
    annotated = list(annotate_articles([article], Settings()))
    found, _ = link_entities(annotated)
    runs = [e for e in found if any(a.startswith("Fred LaRue") for a in e.aliases)]
    assert len(runs) == 1 and runs[0].type == "PERSON"
    assert entity_with(found, "Microsoft Corp.") == entity_with(found, "Microsoft")


def test_an_ordinary_sentence_keeps_a_longer_name_apart() -> None:
    text = (
        "New Orleans Saints fans gathered downtown on Sunday. "
        "New Orleans police said the crowd was peaceful."
    )
    annotated = list(annotate_articles([Article(id="a", title="", text=text)], Settings()))
    found, _ = link_entities(annotated)
    team = [e for e in found if "New Orleans Saints" in e.aliases]
    city = [e for e in found if "New Orleans" in e.aliases]
    assert team and city and team[0].id != city[0].id


def test_a_familiar_first_name_is_the_same_person_and_a_relative_is_not() -> None:
    first = "President William Jefferson Clinton met Hillary Clinton at the White House on Monday."
    second = "Bill Clinton told reporters on Tuesday that the talks had gone well."
    annotated = list(
        annotate_articles(
            [Article(id="a", title="", text=first), Article(id="b", title="", text=second)],
            Settings(),
        )
    )
    found, _ = link_entities(annotated)
    assert entity_with(found, "Bill Clinton") == entity_with(found, "William Jefferson Clinton")
    assert entity_with(found, "Hillary Clinton") != entity_with(found, "Bill Clinton")


def test_an_agency_credit_in_a_dateline_is_not_another_name_of_the_place() -> None:
    texts = {
        "jakarta": "JAKARTA, Indonesia (AP) _ Students marched on parliament on Monday.",
        "moscow": "MOSCOW (AP) -- Russia's parliament met on Tuesday, officials said.",
        "cairo": "CAIRO, Egypt (AP) — Egypt's president spoke on Wednesday.",
    }
    found = linked(texts)
    places = [
        next(e for e in found if name in {a.lower() for a in e.aliases})
        for name in ("indonesia", "moscow", "egypt")
    ]
    assert len({p.id for p in places}) == 3
    assert all("AP" not in p.aliases for p in places)


def test_two_places_joined_by_or_are_two_entities_and_an_appositive_or_is_one() -> None:
    texts = {
        "a": "Washington fears that North Korea or Iran could build a bomb. Iran denied it.",
        "b": "North Korea tested a missile on Friday, officials said.",
        "c": "The Kurdistan Workers Party, or Partiya, said it would fight. Partiya denied it.",
    }
    found = linked(texts)
    assert entity_with(found, "Iran") != entity_with(found, "North Korea")
    assert entity_with(found, "Partiya") == entity_with(found, "Kurdistan Workers Party")


def test_a_speaker_span_is_the_entity_of_its_head_mention() -> None:
    from newsprism.link.attach import entity_for_span
    from newsprism.model import Mention, Span

    text = "the BBC and the ITV said, while US officials in London said"

    def mention(word: str, label: str, kind: str = "name", nth: int = 0) -> Mention:
        start = text.index(word, text.index(word) + 1) if nth else text.index(word)
        return Mention(Span("a", start, start + len(word), word), label, 0, kind)

    itv, bbc = mention("ITV", "ORG", "institution"), mention("BBC", "ORG", "institution")
    us, london = mention("US", "GPE"), mention("London", "GPE")
    entity_of = {(m.span.article_id, m.span.start, m.span.end): m.span.text for m in (itv, bbc)}
    entity_of |= {(m.span.article_id, m.span.start, m.span.end): m.span.text for m in (us, london)}
    mentions = [itv, bbc, us, london]

    def speaker(words: str) -> str | None:
        start = text.index(words)
        return entity_for_span(Span("a", start, start + len(words), words), mentions, entity_of)

    assert speaker("the BBC and the ITV") == "ITV"  # two institutions alike: the first listed
    assert speaker("US officials") is None  # a name that only modifies the span
    assert speaker("officials in London") == "London"  # ends where the span ends
    assert speaker("BBC and the ITV said, while US") == "ITV"  # an institution over a name
    assert speaker("C and the IT") is None  # no mention wholly inside


def test_attaching_again_hands_back_the_same_articles() -> None:
    """The store writes back only annotations that are not the objects it read: an article
    whose quotes and claims already name their entities comes back as it is."""
    from newsprism.link.attach import attach_entities

    text = "The US Coast Guard said on Tuesday crews were at work, BP said."
    annotated = list(annotate_articles([Article(id="a", title="", text=text)], Settings()))
    _, entity_of = link_entities(annotated)
    first = attach_entities(annotated, entity_of)
    assert any(q.speaker_entity for a in first for q in a.quotes)
    assert first[0] is not annotated[0]  # the speakers' entities were new
    again = attach_entities(first, entity_of)
    assert again[0] is first[0]
