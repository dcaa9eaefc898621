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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace

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
        for mention in article.mentions:
            if mention.label not in HOLDING_LABELS:
                continue
            span = place_inside(mention.span, gaz)
            if span is None or (span.article_id, span.start, span.end) in spans:
                continue
            spans.add((span.article_id, span.start, span.end))
            key = place_key(span.text)
            found = by_key.get((key, "GPE"), by_key.get((key, "LOC")))
            if found is None:
                new.setdefault(span.text, []).append(span)
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
    for name, mentions in new.items():
        digest = hashlib.sha1(f"GPE|{place_key(name)}".encode()).hexdigest()[:10]
        out.append(Entity(f"e-{digest}", name, "GPE", (name,), tuple(mentions)))
    return out


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
