"""Places named inside other names: "Madison County" in "Madison County Health Department",
"Illinois" in "Illinois Department of Employment Security", "Nebraska" in "University of
Nebraska". Local news names its places this way as often as bare; the tagger gives the
whole name one label (ORG, FAC), so the place inside is found here.

A place inside a name is its first one to three words, or what follows its last "of", when
the gazetteer knows those words as a country, a US state or county, an admin region or a
town of 15,000+ people spelt just so ("Temple of Bel" is not in Bell, California), and they
are capitalised. Each becomes a mention of the place
entity of that name in the same article (made a new entity if there is none), resolved with
the others by `newsprism.link.places`.

Two ways news writes a place that the tagger often misses or calls a person or an
organisation are read from the text itself (`written_places`): the dateline, a place name in
capitals opening the article or a paragraph before a dash ("CORSICANA — A Henderson County
woman", "HURRICANE, W.Va. -", "LEBANON (AP) —"), known to the gazetteer (a town of fewer
than 15,000 people only with its state, the agency, or its name written elsewhere in the
article: "FILE —" opens a photo caption) or written elsewhere in the article ("HARWINTON —"
after "Harwinton supporters"); and the home town, county or state of a legislator after the
party letter ("Tom Bakk, DFL-Cook", "Torrey Westrom, R-Elbow Lake", "Nick Rahall, D-W. Va.").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from newsprism.link.gazetteer import Gazetteer, place_key
from newsprism.link.us_counties import counties_named
from newsprism.model import AnnotatedArticle, Entity, Span

HOLDING_LABELS = frozenset({"ORG", "FAC"})
MAX_WORDS = 3
INNER_CITY_POPULATION = 15_000
"""A town inside a name must be this large: small towns are named Commerce, Justice, Golden."""
NOT_PLACES = frozenset({
    "new", "united", "national", "american", "federal", "central", "metro", "university",
    "main", "st", "fort", "air", "gulf", "olympic", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "northwest", "northeast", "southwest",
    "southeast", "midwest", "capital", "city", "state", "county", "mount", "lake", "river",
})  # fmt: skip
"""Words the gazetteer knows as places (a town, a province) that begin names of other things
as common words: "Western Health", "Central High School", "Metro Police"."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
DATELINE = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=[.!?]\" )|(?<=\n)|(?<=\d ))"
    r"(?P<name>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"  # the place, in capitals
    r"(?P<state>, [A-Z][A-Za-z.]+(?: ?[A-Z][A-Za-z.]+)?)?"  # its state or country: ", W.Va."
    r"(?P<agency> ?\([A-Za-z]+\))?"  # "(AP)"
    r"(?P<dash> ?(?:—|–|-{1,3}|”)|:)? {0,2}(?=[A-Z\"“])"
)
PARTY = re.compile(
    r"(?:(?<=, )|(?<=\())(?:R|D|I|DFL)-([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,2})(?=[,;)]|$)"
)
"""A legislator's party and home after a comma or in brackets: ", R-Elbow Lake,", "(D-W.
Va.)" (the name is trimmed to the longest place the gazetteer knows); not "D-Day"."""
BEFORE_PLACE = re.compile(r"(?:\b(?:in|near|outside|throughout)|\d, of) $")
"""Words that put a name the tagger called a person or an organisation in a place: "in Grand
Prairie", "Kalena Horhn, 19, of Grand Prairie"."""
AFTER_PLACE = re.compile(
    r"^(?:'s|’s)?[ -](?:police|officers?|residents?|based|city|township|firefighters|council"
    r"|mayor|schools?|officials)\b",
    re.IGNORECASE,
)
"""Words after a place's name that make it one: "Roselle police", "Northbrook-based"."""
TAGGED_OTHERWISE = frozenset({"ORG", "PERSON"})


def inner_places(
    articles: Iterable[AnnotatedArticle],
    entities: Sequence[Entity],
    gaz: Gazetteer,
    covered: frozenset[tuple[str, int, int]] = frozenset(),
) -> list[Entity]:
    """`entities`, with the places named inside their articles' ORG and FAC names added as
    mentions of the place entity of that name (or of a new GPE entity)."""
    by_key = {
        (place_key(e.name), e.type): i for i, e in enumerate(entities) if e.type in ("GPE", "LOC")
    }
    spans = {(s.article_id, s.start, s.end) for e in entities for s in e.mentions} | covered
    added: dict[int, list[Span]] = {}
    new: dict[str, list[Span]] = {}
    for article in articles:
        tagged = [m.span for m in article.mentions if m.label in PLACE_LABELS]
        text = article.article.text
        written = [  # may be the span of a name the tagger called a person ("CLINTON —")
            span
            for span in (
                *written_places(article.article.id, text, gaz),
                *(
                    m.span
                    for m in article.mentions
                    if m.label in TAGGED_OTHERWISE and placed_by_words(m.span, text, gaz)
                ),
            )
            if not any(t.start < span.end and span.start < t.end for t in tagged)
        ]
        inside = (
            place_inside(mention.span, gaz)
            for mention in article.mentions
            if mention.label in HOLDING_LABELS
        )
        for span in (*written, *inside):
            if span is None:
                continue
            where = (span.article_id, span.start, span.end)
            if where in spans and span not in written:
                continue
            spans.add(where)
            key = place_key(span.text)
            found = by_key.get((key, "GPE"), by_key.get((key, "LOC")))
            if found is None:
                new.setdefault(key, []).append(span)
            else:
                added.setdefault(found, []).append(span)
    out = [
        replace(
            e,
            mentions=tuple(sorted((*e.mentions, *added[i]), key=lambda s: (s.article_id, s.start))),
        )
        if i in added
        else e
        for i, e in enumerate(entities)
    ]
    for key, mentions in new.items():
        digest = hashlib.sha1(f"GPE|{key}".encode()).hexdigest()[:10]
        name = mentions[0].text
        out.append(Entity(f"e-{digest}", name, "GPE", (name,), tuple(mentions)))
    return out


class Dateline(NamedTuple):
    """A dateline's place name as written, where, and what marks it a dateline."""

    name: str
    start: int
    end: int
    marked: bool  # a dash or an agency after it ("CORSICANA —", "LEBANON (AP)")
    state: bool  # its state or country after it (", W.Va.")
    agency: bool


@lru_cache(maxsize=1024)
def written_candidates(text: str) -> tuple[tuple[Dateline, ...], tuple[tuple[int, str], ...]]:
    """The datelines of `text`, and (offset, words) after each party letter: what
    `written_places` checks against the gazetteer. Memoised, a pure function of the text:
    scanning the whole text of every article of a watched story each time it grows was
    most of the cost of `inner_places`."""
    datelines = tuple(
        Dateline(
            match["name"],
            match.start("name"),
            match.end("name"),
            bool(match["dash"] or match["agency"]),
            bool(match["state"]),
            bool(match["agency"]),
        )
        for match in DATELINE.finditer(text)
    )
    parties = tuple((match.start(1), match.group(1)) for match in PARTY.finditer(text))
    return datelines, parties


def written_places(article_id: str, text: str, gaz: Gazetteer) -> Iterator[Span]:
    """The places of `text` written as a dateline or after a party letter (module doc)."""
    datelines, parties = written_candidates(text)
    for dateline in datelines:
        name = dateline.name
        found, counties = gaz.lookup(name), counties_named(name)
        if not (dateline.marked or dateline.state and (found or counties)):
            continue
        large = any(  # by its own name: "TOP" is an other name of Topeka's
            (e.feature not in ("PPL", "PPLC") or e.population >= INNER_CITY_POPULATION)
            and e.name.lower() == name.lower()
            for e in found
        )
        if (  # a small town's name is a word too ("FILE —", "TOP:"): it must be shown so
            large
            or counties
            or dateline.state
            or dateline.agency
            or name.title() in text  # "HARWINTON —" after "Harwinton supporters"
        ):
            yield Span(article_id, dateline.start, dateline.end, name)
    for start, written in parties:
        words = written.split(" ")
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(",;")
            if gaz.lookup(name) or counties_named(name):
                yield Span(article_id, start, start + len(name), name)
                break


def placed_by_words(span: Span, text: str, gaz: Gazetteer) -> bool:
    """Whether a name tagged as a person or an organisation is a place by the words around
    it ("in Grand Prairie", "Roselle police") and the gazetteer (a place of that very name)."""
    if not (
        BEFORE_PLACE.search(text[max(0, span.start - 12) : span.start])
        or AFTER_PLACE.search(text[span.end : span.end + 20])
    ):
        return False
    name = span.text.lower()
    return bool(counties_named(span.text)) or any(
        e.name.lower() == name or e.feature in ("PCLI", "ADM1") for e in gaz.lookup(span.text)
    )


def place_inside(span: Span, gaz: Gazetteer) -> Span | None:
    """The place named inside the name `span` ("Madison County" in "Madison County Health
    Department", "Nebraska" in "University of Nebraska"), or None."""
    text = span.text
    words = text.split(" ")
    if len(words) < 2:
        return None
    of = text.rfind(" of ")
    if of > 0:
        tail = text[of + 4 :]
        if is_place_name(tail, gaz):
            start = span.start + of + 4
            return Span(span.article_id, start, start + len(tail), tail)
    for n in range(min(MAX_WORDS, len(words) - 1), 0, -1):
        head = " ".join(words[:n])
        if is_place_name(head, gaz):
            return Span(span.article_id, span.start, span.start + len(head), head)
    return None


def is_place_name(text: str, gaz: Gazetteer) -> bool:
    words = text.split()
    if not words or not all(w[:1].isupper() for w in words if w.lower() not in ("of", "the")):
        return False
    if len(words) == 1 and words[0].lower().rstrip(".") in NOT_PLACES:
        return False
    if counties_named(text):
        return True
    return any(
        e.feature not in ("PPL", "PPLC")
        or e.population >= INNER_CITY_POPULATION
        and e.name.lower() == text.lower()
        for e in gaz.lookup(text)
    )
