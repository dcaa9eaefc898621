"""What a topic's coverage says about each day: the features of the learned date ranker.

After the date features of Ghalandari & Ifrim (2020, DATEWISE) and Tran et al. (2013): how
many articles appeared on the day and the next (the news of the day), how many sentences and
articles state the day, and when those articles were published relative to it: the same or
the next day (reported as news), later (looked back on: a milestone still recalled), or before
(announced: a plan that may not happen); how many state it in their opening sentences, on
how many later days it is still recalled, and how many articles of other days than its own
state it (a day's own articles state it as "today"; others only if it matters). Plain
counts: the ranker weighs them linearly, as the hand-set score it replaces did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from newsprism.model import AnnotatedArticle, Span

NEWS_DAYS = 1  # a day's events are reported that day and the next
OPENING_SENTENCES = 5  # a date stated this early in an article is what the article is about

FEATURES = (
    "published",  # articles published on the day
    "published_next",  # articles published the next day
    "mention_sentences",  # sentences stating the day (outside quotes)
    "news_mentions",  # articles stating it, published on the day or the next
    "recall_mentions",  # ... published later
    "ahead_mentions",  # ... published before it
    "opening_mentions",  # ... in their opening sentences
    "recall_days",  # later publication days on which it is still stated
    "other_day_mentions",  # articles stating it, published on another day (DATEWISE)
)


def day_features(
    dated: Mapping[str, Sequence[Span]], days: Sequence[str], articles: Sequence[AnnotatedArticle]
) -> dict[str, list[float]]:
    """A feature vector (in `FEATURES` order) for each day (ISO "YYYY-MM-DD") in `days`.

    `dated` holds, for each date value, the sentences stating it outside quotation.
    """
    published = {a.article.id: a.article.published for a in articles}
    position = {(s.span.article_id, s.span.start): s.index for a in articles for s in a.sentences}
    per_day = Counter(when for when in published.values() if when is not None)
    features = {}
    for value in days:
        day = date.fromisoformat(value)
        spans = dated.get(value, ())
        lags = {
            s.article_id: (when - day).days
            for s in spans
            if (when := published.get(s.article_id)) is not None
        }
        opening = {
            s.article_id
            for s in spans
            if position.get((s.article_id, s.start), OPENING_SENTENCES) < OPENING_SENTENCES
        }
        recalled_on = {lag for lag in lags.values() if lag > NEWS_DAYS}
        features[value] = [
            float(per_day[day]),
            float(per_day[day + timedelta(days=1)]),
            float(len(spans)),
            float(sum(1 for lag in lags.values() if 0 <= lag <= NEWS_DAYS)),
            float(sum(1 for lag in lags.values() if lag > NEWS_DAYS)),
            float(sum(1 for lag in lags.values() if lag < 0)),
            float(len(opening)),
            float(len(recalled_on)),
            float(sum(1 for lag in lags.values() if lag != 0)),
        ]
    return features
