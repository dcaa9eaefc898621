"""Why an article is in its story, in words: one cited line per reason of its `Membership`.

The numbers come from `newsprism.link.reasons`; here they are only worded, each line citing
the other members that share the reason (the first few, then how many more).
"""

from __future__ import annotations

from newsprism.model import JoinReason, Membership
from newsprism.present.report.cite import CitedLine, Citer, SourceRef

REFS_SHOWN = 4


def why_lines(membership: Membership | None, citer: Citer, others: int) -> tuple[CitedLine, ...]:
    """The reasons of `membership` worded for a reader; `others` is the story's other members."""
    if membership is None:
        return ()
    lines = [reason_line(r, citer, others) for r in membership.reasons]
    return tuple(line for line in lines if line is not None)


def reason_line(reason: JoinReason, citer: Citer, others: int) -> CitedLine | None:
    refs = cited_articles(reason.articles, citer)
    many = others > 1
    who = f"{len(reason.articles)} of the {others} other articles" if many else "the other article"
    do, say = ("do", "say") if many else ("does", "says")
    if reason.kind == "copy":
        return CitedLine("A near-duplicate (wire copy or republished version) of", refs)
    if reason.kind == "sentences":
        return CitedLine(f"Says what {who} {say}: “{reason.text}”", refs)
    if reason.kind == "names":
        return CitedLine(f"Names {reason.text}, as {who} {do}", refs)
    if reason.kind == "dates":
        return CitedLine(f"Gives the date {reason.text}, as {who} {do}", refs)
    if reason.kind == "words":
        return CitedLine(
            f"Shares the words {reason.text} ({reason.weight:.0%} of its similarity) with", refs
        )
    return None


def cited_articles(article_ids: tuple[str, ...], citer: Citer) -> tuple[SourceRef, ...]:
    shown = tuple(citer.ref(a) for a in article_ids[:REFS_SHOWN])
    more = len(article_ids) - REFS_SHOWN
    return shown + ((SourceRef(f"+{more} more", None, ""),) if more > 0 else ())
