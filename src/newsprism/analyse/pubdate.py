"""Publication dates: taken from metadata, else inferred from the text and the story, honestly.

An article without a date still dates itself: it is published no earlier than the latest
absolute date it mentions ("from March 2015 to May 2016"), and a span of months counted from
a month it names ("after an eight-month absence" since the recapture "in March"; "comes just
seven months after" a concert "in early May") is a later lower bound. Articles of one story
appear within days of each other, so the story's latest bound dates all its undated
articles. The result is a month (or a year) with a confidence, never a guessed day: the
text says which month, not which day.

Lower bounds, not estimates, because news reports events that have happened: every bound is
a date the publication cannot precede, and the latest bound is the tightest. The year of a
month named without one ("in March") is that of the latest absolute date of the story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsprism.annotate.time.context import separate_last_month
from newsprism.annotate.time.rules import MONTHS
from newsprism.annotate.time.values import normalise_timex
from newsprism.model import AnnotatedArticle, Article, Story, TimeRef

CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{2})")
MONTH_DURATION = re.compile(r"^P(\d+)M$")
MAX_CUE_MONTHS = 24  # longer spans say little about the publication month
ELAPSED_AFTER = re.compile(r"^(?:\s|-)(?:after|later|since|absence|on)\b")
ELAPSED_BEFORE = re.compile(r"\bafter (?:an?|some|nearly|almost|about)?\s*$")
LOOKS_AHEAD = re.compile(r"\b(?:until|till|next|by)\s+$")
# Coarse enough to resolve against a month-level publication date.
MONTH_SOUND = {"month", "season", "quarter", "year", "decade", "century"}
YEAR_SOUND = {"year", "decade", "century"}
CONFIDENCE = {"metadata": 1.0, "text": 0.6, "story": 0.5}


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published: `value` is a TIMEX3 date (2016-12-12, 2016-12, 2016)."""

    value: str
    granularity: str  # day | month | year
    confidence: float
    source: str  # metadata | text | story


def month_index(value: str) -> int | None:
    match = CALENDAR_MONTH.match(value)
    return int(match.group(1)) * 12 + int(match.group(2)) - 1 if match else None


def month_value(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def absolute_value(time: TimeRef) -> str:
    """The value `time` has with no publication date at all ("" for "in March", "Monday").

    Recomputed from the words so that inference never leans on values an earlier inference
    put there (annotations are cached with whatever dates they were resolved against).
    """
    normalised = normalise_timex(time.span.text, None)
    return normalised[1] if normalised is not None else ""


def absolute_bound(times: Iterable[TimeRef]) -> int | None:
    """The latest month stated with its year (a lower bound of the publication month)."""
    months = [
        month_index(absolute_value(t))
        for t in times
        if t.type == "DATE" and t.granularity in ("day", "month")
    ]
    return max((m for m in months if m is not None), default=None)


def cue_bounds(times: Sequence[TimeRef], year: int, text: str) -> list[int]:
    """Months named without a year (taken in `year`) plus each span of months counted to now.

    "seven months after ... in early May" -> May + 7. Only spans that count time elapsed
    since an event ("N months after", "after an N-month absence", "N months later") are cues;
    "the 10 months it held Palmyra" or "a year-long mission" are not. Every pair of a
    yearless month and such a span gives a bound; the caller keeps the latest.
    """
    named = [
        MONTHS[word]
        for t in times
        if t.type == "DATE" and t.granularity == "month" and absolute_value(t) == ""
        for word in re.findall(r"[a-z]+", t.span.text.lower())
        if word in MONTHS
    ]
    spans = []
    for t in times:
        months = MONTH_DURATION.match(t.value) if t.type == "DURATION" else None
        if months is None or not 0 < int(months.group(1)) <= MAX_CUE_MONTHS:
            continue
        before = text[max(0, t.span.start - 12) : t.span.start].lower()
        after = text[t.span.end : t.span.end + 12].lower()
        if ELAPSED_AFTER.match(after) or ELAPSED_BEFORE.search(before):
            spans.append(int(months.group(1)))
    return [year * 12 + month - 1 + count for month in named for count in spans]


def infer_story_dates(
    articles: Sequence[AnnotatedArticle],
) -> dict[str, PublicationDate]:
    """A PublicationDate for every article of one story: metadata if any, else inferred."""
    dated = [a.article.published for a in articles if a.article.published is not None]
    if len(dated) == len(articles):  # nothing to infer (and no text to re-read)
        return {
            a.article.id: PublicationDate(
                a.article.published.isoformat(), "day", CONFIDENCE["metadata"], "metadata"
            )
            for a in articles
            if a.article.published is not None
        }
    absolute = {a.article.id: absolute_bound(a.times) for a in articles}
    story_bound = max((m for m in absolute.values() if m is not None), default=None)
    if dated:
        story_bound = max(story_bound or 0, *(d.year * 12 + d.month - 1 for d in dated))
    year = story_bound // 12 if story_bound is not None else None
    text_bound: dict[str, int | None] = {}
    for annotated in articles:
        bounds = [absolute[annotated.article.id]]
        if year is not None:
            bounds += cue_bounds(annotated.times, year, annotated.article.text)
        text_bound[annotated.article.id] = max((b for b in bounds if b is not None), default=None)
    story_latest = max((b for b in text_bound.values() if b is not None), default=None)
    result = {}
    for annotated in articles:
        article = annotated.article
        if article.published is not None:
            result[article.id] = PublicationDate(
                article.published.isoformat(), "day", CONFIDENCE["metadata"], "metadata"
            )
            continue
        if dated:  # a dated sibling: the story's span of dates, at month precision
            latest = max(dated)
            result[article.id] = PublicationDate(
                month_value(latest.year * 12 + latest.month - 1), "month", CONFIDENCE["story"],
                "story",
            )  # fmt: skip
            continue
        own = text_bound[article.id]
        if story_latest is None:
            continue
        source = "text" if own == story_latest else "story"
        result[article.id] = PublicationDate(
            month_value(story_latest), "month", CONFIDENCE[source], source
        )
    return result


def with_publication_date(article: Article, found: PublicationDate | None) -> Article:
    """The article carrying its publication date's value, granularity, confidence and source."""
    if found is None:
        return article
    return replace(
        article,
        published_inferred=None if found.source == "metadata" else found.value,
        published_granularity=found.granularity,
        published_confidence=found.confidence,
        published_source=found.source,
    )


def renormalise_times(annotated: AnnotatedArticle, found: PublicationDate) -> AnnotatedArticle:
    """Relative expressions resolved against an inferred date where its precision allows.

    With only the month known, "in March" and "this year" can be resolved (taken as past,
    the usual case in news, unless "until"/"next" points ahead) but "on Monday" or "last
    week" cannot and keep an empty value.
    """
    if found.source == "metadata" or annotated.article.published is not None:
        return annotated
    surrogate = _surrogate_date(found.value)
    if surrogate is None:
        return annotated
    sound = MONTH_SOUND if found.granularity == "month" else YEAR_SOUND
    times = []
    for time in annotated.times:
        if time.type == "DATE" and absolute_value(time) == "":
            before = annotated.article.text[max(0, time.span.start - 8) : time.span.start]
            tense = "future" if LOOKS_AHEAD.search(before.lower()) else "past"
            normalised = normalise_timex(time.span.text, surrogate, tense)
            if normalised is not None and normalised[1] and normalised[2] in sound:
                time = replace(time, value=normalised[1], granularity=normalised[2])
            elif normalised is not None:
                time = replace(time, value="", granularity=normalised[2])
        times.append(time)
    return replace(annotated, times=tuple(separate_last_month(times)))


def _surrogate_date(value: str) -> date | None:
    index = month_index(value)
    if index is None:
        return date(int(value), 7, 1) if value.isdigit() else None
    return date(index // 12, index % 12 + 1, 15)


def apply_publication_dates(
    annotated: Sequence[AnnotatedArticle], stories: Sequence[Story]
) -> list[AnnotatedArticle]:
    """Every article with its publication date (metadata or inferred within its story). Times
    that resolve as they stand keep their tuple, so the store sees an annotation read back
    unchanged (records.StoredAnnotations)."""
    by_id: Mapping[str, AnnotatedArticle] = {a.article.id: a for a in annotated}
    found: dict[str, PublicationDate] = {}
    for story in stories:
        found.update(infer_story_dates([by_id[i] for i in story.article_ids if i in by_id]))
    for article_id in by_id.keys() - found.keys():
        found.update(infer_story_dates([by_id[article_id]]))
    updated = []
    for item in annotated:
        date_found = found.get(item.article.id)
        if date_found is not None:
            times = renormalise_times(item, date_found).times
            item = replace(
                item,
                article=with_publication_date(item.article, date_found),
                times=item.times if times == item.times else times,  # the stored ones, if alike
            )
        updated.append(item)
    return updated
