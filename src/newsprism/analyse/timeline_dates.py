"""Which days matter in a topic's coverage: the date selection of timeline summarisation.

Follows the date-reference features of Ghalandari & Ifrim (2020, DATEWISE) and Tran et al.
(2013): a day matters when many sentences of the collection state it, and most when they come
from articles published on the day or just after it (the news of that day), less when they
look back at it long after (a milestone still recalled), and least when they announce it
beforehand (a plan that may not happen). Articles published on a day count too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from newsprism.analyse.timeline_anchors import CALENDAR_VALUE, DAY_VALUE, MONTH_VALUE, quoted_ranges
from newsprism.model import AnnotatedArticle, Span

NEWS_DAYS = 1  # a day's events are reported that day and the next
NEWS_WEIGHT = 1.0  # a mention of a day in its own or the next day's news
RECALL_WEIGHT = 4.0  # a mention of a day looked back on later: a milestone still recalled
AHEAD_WEIGHT = 0.5  # a mention of a day still to come
PUBLISHED_WEIGHT = 0.5  # an article published on a day is half a reference to it
COARSE_DATE_WEIGHT = 0.5  # a month or a year counts half a day: timelines are about days
LEAD_IN_DAYS = 31  # a topic summary may start a month before its first article


def ranked_dates(
    dated: Mapping[str, Sequence[Span]], lead_days: set[str], articles: Sequence[AnnotatedArticle]
) -> list[str]:
    """The dates stated in (`dated`) or reported by (`lead_days`) the coverage, most important
    first; days before coarser periods, each kind by how strongly the coverage points at it."""
    published = {a.article.id: a.article.published for a in articles}
    explicit = {
        value: [(published[s.article_id], s) for s in spans if published[s.article_id]]
        for value, spans in dated.items()
        if DAY_VALUE.match(value)
    }
    scores = day_scores(explicit, articles)
    coarse = date_importance(articles)
    candidates = [d for d in set(dated) | lead_days if within_coverage(d, articles)]
    return sorted(
        candidates,
        key=lambda d: (not DAY_VALUE.match(d), -scores.get(d, 0.0), -coarse.get(d, 0.0), d),
    )


def day_scores(
    mentions: Mapping[str, Sequence[tuple[date, Span]]], articles: Sequence[AnnotatedArticle]
) -> dict[str, float]:
    """How strongly the collection points at each day: mentions weighted by when they were
    published relative to the day, plus the articles published on it."""
    scores: dict[str, float] = defaultdict(float)
    for value, found in mentions.items():
        day = date.fromisoformat(value)
        weights: dict[str, float] = {}
        for published, span in found:
            lag = (published - day).days
            if 0 <= lag <= NEWS_DAYS:
                weight = NEWS_WEIGHT
            elif lag > NEWS_DAYS:
                weight = RECALL_WEIGHT
            else:
                weight = AHEAD_WEIGHT
            weights[span.article_id] = max(weight, weights.get(span.article_id, 0.0))
        scores[value] += sum(weights.values())
    for article in articles:
        if article.article.published is not None:
            scores[article.article.published.isoformat()] += PUBLISHED_WEIGHT
    return dict(scores)


def date_importance(articles: Sequence[AnnotatedArticle]) -> dict[str, float]:
    """How many articles refer to each calendar date (outside quotes); coarse dates weigh less."""
    importance: dict[str, float] = defaultdict(float)
    for article in articles:
        quoted = quoted_ranges(article)
        mentioned = {
            time.value
            for time in article.times
            if time.type == "DATE"
            and CALENDAR_VALUE.match(time.value)
            and not any(start <= time.span.start < end for start, end in quoted)
        }
        for value in mentioned:
            importance[value] += 1.0 if DAY_VALUE.match(value) else COARSE_DATE_WEIGHT
        if article.article.published is not None:
            importance[article.article.published.isoformat()] += PUBLISHED_WEIGHT
    return dict(importance)


def within_coverage(value: str, articles: Sequence[AnnotatedArticle]) -> bool:
    """Whether a date falls in the span the articles cover (not a forecast, not ancient history).

    A summary of a topic's coverage is about what happened while it was covered: from a month
    before the first article to the last one (compared at the date's own precision). Undated
    articles set no limit.
    """
    published = [a.article.published for a in articles if a.article.published is not None]
    if not published:
        return True
    first = date.fromordinal(min(published).toordinal() - LEAD_IN_DAYS).isoformat()
    last = max(published).isoformat()
    if DAY_VALUE.match(value):
        return first <= value <= last
    if MONTH_VALUE.match(value):
        return first[:7] <= value <= last[:7]
    return first[:4] <= value[:4] <= last[:4]
