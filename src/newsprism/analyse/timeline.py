"""A story's timeline: each statement anchored to the date it is about, merged across articles.

A sentence is anchored to each calendar date it states outside quotation (normalised
against its article's publication date), not to the date it was published. Sentences of
different articles on the same date that report the same fact are merged into one entry
sentence citing every source span.

Timeline summarisation (`max_dates`, as for a topic corpus like Timeline17) keeps the most
important dates: a date matters when many articles refer to it (every mention outside
quotation counts once per article, and an article published that day half as much, as in the
date-reference and publication features of Ghalandari & Ifrim 2020), days before coarser
periods; the opening sentences of an article that state no date are candidates for its day.
Each kept date gets the `sentences_per_date` sentences
that most sources support and that best share the words of that date's other sentences (a
centroid score: what the articles agree happened that day), each with its source spans.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from newsprism.analyse.timeline_summary import (
    day_scores,
    select_sentences,
)
from newsprism.model import AnnotatedArticle, CitedSentence, Fact, Span, Story, TimelineEntry

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|SP|SU|FA|WI|Q\d))?$")
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_VALUE = re.compile(r"^\d{4}-\d{2}$")
COARSE_DATE_WEIGHT = 0.5  # a month or a year counts half a day: timelines are about days
PUBLISHED_WEIGHT = 0.5  # an article published on a day is half a reference to it
LEAD_SENTENCES = 2
LEAD_IN_DAYS = 31  # a topic summary may start a month before its first article
MAX_SENTENCE_WORDS = 60  # longer "sentences" are usually several run together
NEWS_SENTENCES = 10  # the opening of an article says what its news is
NEWS_DAYS = 3  # a day's events are reported that day and the next two
REPEAT_SHARE = 0.5  # a sentence sharing more than half its words with a better one repeats it


def build_timeline(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    facts: Sequence[Fact],
    max_dates: int | None = None,
    sentences_per_date: int = 2,
) -> list[TimelineEntry]:
    """Dated entries of one story, oldest first; `max_dates` keeps the most important dates."""
    fact_of = {(s.article_id, s.start): f for f in facts for s in f.statements}
    dated: dict[str, list[Span]] = defaultdict(list)
    for article_id in story.article_ids:
        for date_value, span in anchored_sentences(by_id[article_id]):
            dated[date_value].append(span)
    if max_dates is not None:
        return summarise(story, by_id, fact_of, dated, max_dates, sentences_per_date)
    terms = {
        (s.span.article_id, s.span.start): s.terms
        for article_id in story.article_ids
        for s in by_id[article_id].sentences
    }
    entries = []
    for date_value in dated:
        sentences = merge_same_facts(dated[date_value], fact_of, by_id)
        ranked = rank_sentences(sentences, terms)
        entries.append(TimelineEntry(story.id, date_value, tuple(ranked[:sentences_per_date])))
    return sorted(entries, key=lambda e: chronological(e.date))


def summarise(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    fact_of: Mapping[tuple[str, int], Fact],
    dated: Mapping[str, Sequence[Span]],
    max_dates: int,
    sentences_per_date: int,
) -> list[TimelineEntry]:
    """The `max_dates` days the coverage points at most, each with its most central sentences.

    Days come before coarser periods (a month, a year) when there are enough of them.
    """
    members = [by_id[a] for a in story.article_ids]
    published = {a.article.id: a.article.published for a in members}
    explicit = {
        value: [(published[s.article_id], s) for s in spans if published[s.article_id]]
        for value, spans in dated.items()
        if DAY_VALUE.match(value)
    }
    leads: dict[str, list[Span]] = defaultdict(list)
    for article in members:
        for value, span in lead_sentences(article):
            leads[value].append(span)
    scores = day_scores(explicit, members)
    coarse = date_importance(members)
    candidates = [d for d in set(dated) | set(leads) if within_coverage(d, members)]
    candidates.sort(
        key=lambda d: (not DAY_VALUE.match(d), -scores.get(d, 0.0), -coarse.get(d, 0.0), d)
    )
    terms = {
        (s.span.article_id, s.span.start): s.terms for article in members for s in article.sentences
    }

    def terms_of(sentence: CitedSentence) -> tuple[str, ...]:
        first = sentence.sources[0]
        return terms.get((first.article_id, first.start), ())

    entries = []
    day_news = news_of_the_day(story, by_id)
    for date_value in candidates[:max_dates]:
        spans = dated.get(date_value, ())
        if DAY_VALUE.match(date_value):  # a plan announced beforehand is not what happened
            day = date.fromisoformat(date_value)
            spans = [s for s in spans if (published[s.article_id] or day) >= day]
        stated = merge_same_facts(spans, fact_of, by_id)
        opening = merge_same_facts(leads.get(date_value, ()), fact_of, by_id)
        pool = [(c, True) for c in stated] + [(c, False) for c in opening]
        chosen = select_sentences(pool, terms_of, sentences_per_date, day_news.get(date_value))
        if not chosen:  # every candidate too short or too long: keep the best-sourced ones
            chosen = [c for c, _ in pool[:sentences_per_date]]
        entries.append(TimelineEntry(story.id, date_value, tuple(chosen)))
    return sorted(entries, key=lambda e: chronological(e.date))


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


def lead_sentences(article: AnnotatedArticle) -> list[tuple[str, Span]]:
    """The opening sentences that state no date: the news of the day the article appeared.

    Used only to summarise a topic's coverage (many articles a day): a lead sentence with no
    date of its own reports what happened by its publication day.
    """
    published = article.article.published
    if published is None:
        return []
    dated = {t.sentence for t in article.times if t.type in ("DATE", "TIME")}
    leads = [s for s in sorted(article.sentences, key=lambda s: s.index)[:LEAD_SENTENCES]]
    return [(published.isoformat(), s.span) for s in leads if s.index not in dated]


def quoted_ranges(article: AnnotatedArticle) -> list[tuple[int, int]]:
    return [(c.start, c.end) for q in article.quotes if q.kind == "direct" for c in q.content]


def anchored_sentences(article: AnnotatedArticle) -> list[tuple[str, Span]]:
    """(date value, sentence span) for each calendar date a sentence states.

    A sentence stating two dates is anchored to both: "retook the town in March, and in early
    May ... a concert" reports two events, "held Palmyra from March 2015 to May 2016" a span
    whose both ends are events.
    """
    quoted = quoted_ranges(article)
    sentences = {s.index: s for s in article.sentences}
    anchored, seen = [], set()
    for time in sorted(article.times, key=lambda t: t.span.start):
        if time.type != "DATE" or not CALENDAR_VALUE.match(time.value):
            continue
        if any(start <= time.span.start < end for start, end in quoted):
            continue
        sentence = sentences.get(time.sentence)
        if sentence is None or (time.sentence, time.value) in seen:
            continue
        seen.add((time.sentence, time.value))
        anchored.append((time.value, sentence.span))
    return anchored


def news_of_the_day(story: Story, by_id: Mapping[str, AnnotatedArticle]) -> dict[str, Counter[str]]:
    """For each day, how many articles published that day or the next two use each word.

    What a day's and the next days' articles keep repeating is what happened that day: the
    centroid that a timeline sentence for the day should be close to.
    """
    news: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id in story.article_ids:
        article = by_id[article_id]
        published = article.article.published
        if published is None:
            continue
        words = {t for s in article.sentences[:NEWS_SENTENCES] for t in s.terms}
        for back in range(NEWS_DAYS):
            day = date.fromordinal(published.toordinal() - back).isoformat()
            news[day].update(words)
    return news


def rank_sentences(
    sentences: Sequence[CitedSentence],
    terms: Mapping[tuple[str, int], tuple[str, ...]],
    news: Counter[str] | None = None,
) -> list[CitedSentence]:
    """Most-sourced first, then the sentence closest to the centroid of the date's sentences.

    The centroid is the document frequency of each term over the date's sentences, so a
    sentence scores by how many other sentences of that date share its words (averaged over
    its distinct terms, so long sentences gain nothing by length alone).
    """

    def words(sentence: CitedSentence) -> set[str]:
        first = sentence.sources[0]
        return set(terms.get((first.article_id, first.start), ()))

    frequency: Counter[str] = Counter()
    for sentence in sentences:
        frequency.update(words(sentence))
    if news:
        frequency.update(news)

    def centrality(sentence: CitedSentence) -> float:
        own = words(sentence)
        if not own or len(sentence.text.split()) > MAX_SENTENCE_WORDS:
            return 0.0
        return sum(frequency[t] - 1 for t in own) / (len(own) + 5)

    ranked = sorted(
        sentences,
        key=lambda c: (-len({s.article_id for s in c.sources}), -centrality(c), c.text),
    )
    return without_repeats(ranked, words)


def without_repeats(
    ranked: Sequence[CitedSentence], words: Callable[[CitedSentence], set[str]]
) -> list[CitedSentence]:
    """The ranking with near-repeats moved last: a sentence sharing most of its words with a
    better one adds nothing to a date's entry (wire copies, reworded leads)."""
    kept: list[CitedSentence] = []
    repeats: list[CitedSentence] = []
    for sentence in ranked:
        own = words(sentence)
        if any(len(own & words(k)) > REPEAT_SHARE * max(len(own), 1) for k in kept):
            repeats.append(sentence)
        else:
            kept.append(sentence)
    return kept + repeats


def merge_same_facts(
    spans: Sequence[Span],
    fact_of: Mapping[tuple[str, int], Fact],
    by_id: Mapping[str, AnnotatedArticle],
) -> list[CitedSentence]:
    """One cited sentence per fact: the first article's wording, every source span."""
    groups: dict[str, list[Span]] = {}
    facts_by_id = {f.id: f for f in fact_of.values()}
    for span in spans:
        fact = fact_of.get((span.article_id, span.start))
        key = fact.id if fact is not None else f"{span.article_id}:{span.start}"
        groups.setdefault(key, []).append(span)
    cited = []
    for key, members in groups.items():
        fact = facts_by_id.get(key)
        sources = tuple(fact.statements) if fact is not None else tuple(members)
        lead = min(members, key=lambda s: (published_order(by_id[s.article_id]), s.start))
        cited.append(CitedSentence(lead.text, sources))
    return cited


def published_order(article: AnnotatedArticle) -> str:
    published = article.article.published
    return published.isoformat() if published else "9999"


def chronological(value: str) -> tuple[str, str]:
    """A sort key putting ISO weeks ("2016-W49", "2016-W49-WE") at their first day among
    dates, months and years (plain strings would put them after every day of the year)."""
    if "-W" in value:
        year, week = value.split("-W")[0], value.split("-W")[1][:2]
        if year.isdigit() and week.isdigit():
            start = date.fromisocalendar(int(year), int(week), 6 if value.endswith("WE") else 1)
            return start.isoformat(), value
    return value, value
