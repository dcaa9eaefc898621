"""Which days matter in a topic's coverage: the date selection of timeline summarisation.

Days are ranked by a learned linear model over what the coverage says about each day
(`date_features`: articles published on it, sentences and articles stating it, and
when those were published relative to it), as in Ghalandari & Ifrim (2020, DATEWISE). The
weights are trained on Timeline17 by `bench/train_timeline_dates.py` (a pairwise logistic
ranker: a gold day should outscore a non-gold day of the same topic) and shipped in
`data/timeline_dates.json`. Months and years come after days, by how many articles state them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from newsprism.analyse.timeline.anchors import CALENDAR_VALUE, DAY_VALUE, MONTH_VALUE, quoted_ranges
from newsprism.analyse.timeline.date_features import FEATURES, day_features
from newsprism.model import AnnotatedArticle, Span

MODEL_PATH = Path(__file__).parent / "data" / "timeline_dates.json"
PUBLISHED_WEIGHT = 0.5  # an article published on a date is half a reference to it
COARSE_DATE_WEIGHT = 0.5  # a month or a year counts half a day: timelines are about days
LEAD_IN_DAYS = 31  # a topic summary may start a month before its first article


@dataclass(frozen=True)
class DateModel:
    """A linear score over `FEATURES`: the higher, the more a day belongs on the timeline."""

    weights: tuple[float, ...]

    def score(self, features: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, features, strict=True))


@cache
def shipped_date_model() -> DateModel:
    stored = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(stored["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH} was trained on other features; retrain it")
    return DateModel(tuple(stored["weights"]))


def ranked_dates(
    dated: Mapping[str, Sequence[Span]],
    lead_days: set[str],
    articles: Sequence[AnnotatedArticle],
    model: DateModel | None = None,
) -> list[str]:
    """The dates stated in (`dated`) or reported by (`lead_days`) the coverage, most important
    first: days by the date model's score, then coarser periods by how many articles state them."""
    model = model or shipped_date_model()
    candidates = [d for d in set(dated) | lead_days if within_coverage(d, articles)]
    days = candidate_days(dated, lead_days, articles)
    scores = {d: model.score(f) for d, f in day_features(dated, days, articles).items()}
    coarse = date_importance(articles)
    return sorted(
        candidates,
        key=lambda d: (not DAY_VALUE.match(d), -scores.get(d, 0.0), -coarse.get(d, 0.0), d),
    )


def candidate_days(
    dated: Mapping[str, Sequence[Span]], lead_days: set[str], articles: Sequence[AnnotatedArticle]
) -> list[str]:
    """The days (not months or years) a timeline of the coverage may choose from, in order."""
    return sorted(
        d for d in set(dated) | lead_days if DAY_VALUE.match(d) and within_coverage(d, articles)
    )


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
