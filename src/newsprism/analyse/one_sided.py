"""One-sided facts: facts every outlet reports only as one party's claim.

"Its war planes had carried out more than 60 overnight strikes, Russia's defence ministry
said" and "IS seized control of the city hours later, ... the Amaq news agency said" may be
true, but no outlet vouches for them: they rest on a party to the conflict. A fact is one-sided
when each of its statements is attributed (a claim with a source, or a quote) and all of them
to the same party; corroboration by several outlets that all cite that party adds no
independent evidence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Generic, TypeVar

from newsprism.model import AnnotatedArticle, Fact, Span

ATTRIBUTED = frozenset({"attributed", "hedged", "unverified", "denied"})


def overlaps(a: Span, b: Span) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


V = TypeVar("V")


class FirstOverlap(Generic[V]):
    """The first of some spans, in the order given, that overlaps a queried span.

    A story's comparison asks who asserts each of its sentences and each statement of its
    facts; scanning every claim and quote of the article for each (as `overlaps` over all of
    them) made that quadratic in the article's length, and a watched story is compared again
    each time it grows. The spans are sorted by start once; a query looks only at those that
    start before it ends and late enough to reach it (no span is longer than the longest),
    and keeps the earliest in the given order, so the answer is the scan's."""

    def __init__(self, items: Iterable[tuple[Span, V]], same_article: bool = True) -> None:
        entries = sorted(
            (span.start, order, span.end, span.article_id, value)
            for order, (span, value) in enumerate(items)
        )
        self._starts = [e[0] for e in entries]
        self._entries = entries
        self._longest = max((e[2] - e[0] for e in entries), default=0)
        self._same_article = same_article  # whether a span of another article may overlap

    def first(self, span: Span) -> V | None:
        lo = bisect_right(self._starts, span.start - self._longest)
        hi = bisect_left(self._starts, span.end)
        best: tuple[int, V] | None = None
        for _, order, end, article_id, value in self._entries[lo:hi]:
            if span.start < end and (article_id == span.article_id or not self._same_article):
                if best is None or order < best[0]:
                    best = (order, value)
        return None if best is None else best[1]


class Attributions:
    """Who each span of one article is attributed to, read off its claims and quotes; built
    once per article and asked for each of its sentences (see `FirstOverlap`)."""

    def __init__(self, article: AnnotatedArticle) -> None:
        reporting = [q for q in article.quotes if q.cue_kind != "other"]  # others report no one
        parties: list[tuple[Span, tuple[str, str]]] = [
            (claim.span, (claim.source_entity or claim.source_name.lower(), claim.source_name))
            for claim in article.claims
            if claim.status in ATTRIBUTED and claim.source_name
        ]
        self._claims = FirstOverlap(parties)
        quoted: list[tuple[Span, tuple[str, str]]] = []
        speakers: list[tuple[Span, str]] = []
        for quote in reporting:
            name = quote.speaker_name or (quote.speaker.text if quote.speaker else "")
            if name and name.lower() not in PRONOUNS:
                key = quote.speaker_entity or name.lower()
                quoted += [(c, (key, name)) for c in quote.content]
            if quote.speaker_name or quote.speaker is not None:
                speakers += [(c, name) for c in quote.content]
        self._quoted = FirstOverlap(quoted)
        self._speakers = FirstOverlap(speakers, same_article=False)  # as `asserter` always did

    def party(self, span: Span) -> tuple[str, str] | None:
        """(key, name) of the party the statement is attributed to: the source of the first
        attributed claim overlapping it, else the first quote's named speaker (no pronoun);
        None when the outlet states it in its own voice. The key is the linked entity when
        known, so "Konashenkov" and "the Russian defence ministry" stay apart but "Peskov"
        and "Dmitry Peskov" do not."""
        claimed = self._claims.first(span)
        return claimed if claimed is not None else self._quoted.first(span)

    def asserter(self, span: Span) -> str:
        """Who the sentence's content is attributed to: its party, else the speaker of the
        first quote overlapping it (even a pronoun), else the reporter."""
        party = self.party(span)
        if party is not None:
            return party[1]
        speaker = self._speakers.first(span)
        return "reporter" if speaker is None else speaker


def party_of(article: AnnotatedArticle, span: Span) -> tuple[str, str] | None:
    """`Attributions.party` of one span (build `Attributions` once to ask about many)."""
    return Attributions(article).party(span)


PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def one_sided_party(
    spans: Sequence[Span],
    by_id: Mapping[str, AnnotatedArticle],
    attributions: dict[str, Attributions] | None = None,
) -> str | None:
    """The name of the one party all `spans` are attributed to, or None. `attributions`
    keeps each article's index across calls (filled as needed)."""
    known = {} if attributions is None else attributions
    for s in spans:
        if s.article_id in by_id and s.article_id not in known:
            known[s.article_id] = Attributions(by_id[s.article_id])
    parties = [known[s.article_id].party(s) for s in spans if s.article_id in by_id]
    if not parties or any(p is None for p in parties):
        return None
    keys = {p[0] for p in parties if p is not None}
    if len(keys) != 1:
        return None
    return next(p[1] for p in parties if p is not None)


def mark_one_sided(facts: Sequence[Fact], by_id: Mapping[str, AnnotatedArticle]) -> list[Fact]:
    """`facts` with `one_sided_by` set where they rest on one party's claim (each article
    indexed once for all the facts)."""
    attributions: dict[str, Attributions] = {}
    return [
        replace(f, one_sided_by=one_sided_party(f.statements, by_id, attributions)) for f in facts
    ]
