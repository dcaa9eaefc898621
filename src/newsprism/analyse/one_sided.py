"""One-sided facts: facts every outlet reports only as one party's claim.

"Its war planes had carried out more than 60 overnight strikes, Russia's defence ministry
said" and "IS seized control of the city hours later, ... the Amaq news agency said" may be
true, but no outlet vouches for them: they rest on a party to the conflict. A fact is one-sided
when each of its statements is attributed (a claim with a source, or a quote) and all of them
to the same party; corroboration by several outlets that all cite that party adds no
independent evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsprism.model import AnnotatedArticle, Fact, Span

ATTRIBUTED = frozenset({"attributed", "hedged", "unverified", "denied"})


def overlaps(a: Span, b: Span) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def party_of(article: AnnotatedArticle, span: Span) -> tuple[str, str] | None:
    """(key, name) of the party the statement is attributed to; None when the outlet states
    it in its own voice. The key is the linked entity when known, so "Konashenkov" and
    "the Russian defence ministry" stay apart but "Peskov" and "Dmitry Peskov" do not."""
    for claim in article.claims:
        if claim.status in ATTRIBUTED and claim.source_name and overlaps(claim.span, span):
            return (claim.source_entity or claim.source_name.lower(), claim.source_name)
    for quote in article.quotes:
        if quote.cue_kind == "other":  # its cue reports no one's words
            continue
        if any(overlaps(c, span) for c in quote.content):
            name = quote.speaker_name or (quote.speaker.text if quote.speaker else "")
            if name and name.lower() not in PRONOUNS:
                return (quote.speaker_entity or name.lower(), name)
    return None


PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def one_sided_party(spans: Sequence[Span], by_id: Mapping[str, AnnotatedArticle]) -> str | None:
    """The name of the one party all `spans` are attributed to, or None."""
    parties = [party_of(by_id[s.article_id], s) for s in spans if s.article_id in by_id]
    if not parties or any(p is None for p in parties):
        return None
    keys = {p[0] for p in parties if p is not None}
    if len(keys) != 1:
        return None
    return next(p[1] for p in parties if p is not None)


def mark_one_sided(facts: Sequence[Fact], by_id: Mapping[str, AnnotatedArticle]) -> list[Fact]:
    """`facts` with `one_sided_by` set where they rest on one party's claim."""
    return [replace(f, one_sided_by=one_sided_party(f.statements, by_id)) for f in facts]
