"""Citations of a report: which article a line comes from, its anchor and the words cited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.model import CitedSentence, Span
from newsprism.present.report.text import one_line

CITATIONS_SHOWN = 6  # articles cited per line of a report; the JSON export cites them all


@dataclass(frozen=True)
class SourceRef:
    """A citation: a short label for an article, the anchor of its entry, the words cited."""

    label: str
    anchor: str | None
    excerpt: str


@dataclass(frozen=True)
class CitedLine:
    text: str
    refs: tuple[SourceRef, ...]


class Citer:
    """Turns spans into citations pointing at the entries of one story's article list."""

    def __init__(self, labels: dict[str, str], anchors: dict[str, str]) -> None:
        self.labels = labels
        self.anchors = anchors

    def ref(self, article_id: str, spans: Iterable[Span] = ()) -> SourceRef:
        excerpt = " … ".join(one_line(s.text) for s in spans)
        label = self.labels.get(article_id, f"article {article_id[:8]}")
        return SourceRef(label, self.anchors.get(article_id), excerpt)

    def refs(self, spans: Iterable[Span]) -> tuple[SourceRef, ...]:
        """One citation per article, the first CITATIONS_SHOWN of them, then a last one
        saying how many more articles the JSON export cites (a fact of a big story rests on
        hundreds of articles)."""
        by_article: dict[str, list[Span]] = {}
        for span in spans:
            by_article.setdefault(span.article_id, []).append(span)
        shown = tuple(
            self.ref(a_id, group) for a_id, group in list(by_article.items())[:CITATIONS_SHOWN]
        )
        more = len(by_article) - CITATIONS_SHOWN
        return shown + ((SourceRef(f"+{more} more", None, ""),) if more > 0 else ())

    def line(self, sentence: CitedSentence) -> CitedLine:
        return CitedLine(one_line(sentence.text), self.refs(sentence.sources))
