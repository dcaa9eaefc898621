"""Timeline summarisation: the N days that matter most in a topic's coverage, K sentences each.

Days are chosen by `dates.ranked_dates` (a learned ranker); days come before coarser
periods (a month, a year) when there are enough of them. Each chosen day gets the sentences
that state it explicitly (from articles published on or after it), plus the dateless opening
sentences of that day's articles; they are ranked by centrality to the day's coverage (what
the articles agree happened that day), a sentence that recalls the day after its news has
passed counting double (what the day is remembered for), and a sentence that repeats one
already chosen, for that day or another, is skipped. Every sentence keeps its source spans.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date

from newsprism.analyse.timeline.anchors import DAY_VALUE, chronological, merge_same_facts
from newsprism.analyse.timeline.dates import DateModel, ranked_dates
from newsprism.model import AnnotatedArticle, CitedSentence, Fact, Span, Story, TimelineEntry

LEAD_SENTENCES = 3  # an article's news is in its first sentences (the lead-3 of news summaries)
NEWS_SENTENCES = 15  # an article tells its news in its first sentences, not only its lead
NEWS_WINDOW_DAYS = 3  # a day's events are reported that day and the next two
MAX_SENTENCE_WORDS = 60  # longer "sentences" are usually several run together
MIN_SENTENCE_WORDS = 10  # shorter ones are headlines, datelines and captions
REPEAT_SIMILARITY = 0.5  # a sentence this close to a better one repeats it
LENGTH_DAMP = 5  # centrality averages over a sentence's terms plus this many
RECALL_WEIGHT = 2.0  # a day recalled after its news window: what the day is remembered for


def summarise(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    fact_of: Mapping[tuple[str, int], Fact],
    dated: Mapping[str, Sequence[Span]],
    max_dates: int,
    sentences_per_date: int,
    date_model: DateModel | None = None,
    days: Sequence[str] | None = None,
) -> list[TimelineEntry]:
    """The `max_dates` days the coverage points at most, each with its most central sentences.

    Days come before coarser periods (a month, a year) when there are enough of them; days are
    ranked by `date_model` (by default the shipped one), unless `days` gives them (most
    important first). A day with no sentence saying what happened on it (only announced
    beforehand, or only in sentences already chosen for another day) gives its place to the
    next.
    """
    members = [by_id[a] for a in story.article_ids]
    published = {a.article.id: a.article.published for a in members}
    leads: dict[str, list[Span]] = defaultdict(list)
    for article in members:
        for value, span in lead_sentences(article):
            leads[value].append(span)
    candidates = days if days is not None else ranked_dates(dated, set(leads), members, date_model)
    terms = {
        (s.span.article_id, s.span.start): s.terms for article in members for s in article.sentences
    }

    def terms_of(sentence: CitedSentence) -> tuple[str, ...]:
        first = sentence.sources[0]
        return terms.get((first.article_id, first.start), ())

    entries: list[TimelineEntry] = []
    day_news = news_of_the_day(story, by_id)
    for date_value in candidates:
        if len(entries) == max_dates:
            break
        spans = dated.get(date_value, ())
        if DAY_VALUE.match(date_value):  # a plan announced beforehand is not what happened
            day = date.fromisoformat(date_value)
            spans = [s for s in spans if (published[s.article_id] or day) >= day]
        stated = merge_same_facts(spans, fact_of, by_id)
        opening = merge_same_facts(leads.get(date_value, ()), fact_of, by_id)
        pool = stated + opening
        recalled = {c for c in stated if recalls(c, date_value, published)}
        earlier = [c for entry in entries for c in entry.sentences]
        chosen = select_sentences(
            pool, terms_of, sentences_per_date, day_news.get(date_value), recalled, earlier
        )
        if not chosen:  # every candidate too short or too long: keep the best-sourced ones
            told = {c.text for c in earlier}
            chosen = [c for c in pool if c.text not in told][:sentences_per_date]
        if not chosen:  # only announced beforehand, or told for another day: nothing new
            continue
        entries.append(TimelineEntry(story.id, date_value, tuple(chosen)))
    return sorted(entries, key=lambda e: chronological(e.date))


def recalls(sentence: CitedSentence, date_value: str, published: Mapping[str, date | None]) -> bool:
    """Whether a source states the day after the day's news window: looking back on it, a
    later article says in a sentence what the day is remembered for."""
    if not DAY_VALUE.match(date_value):
        return False
    day = date.fromisoformat(date_value)
    looking_back = date.fromordinal(day.toordinal() + NEWS_WINDOW_DAYS)
    return any((published[s.article_id] or day) >= looking_back for s in sentence.sources)


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
        for back in range(NEWS_WINDOW_DAYS):
            day = date.fromordinal(published.toordinal() - back).isoformat()
            news[day].update(words)
    return news


def select_sentences(
    candidates: Sequence[CitedSentence],
    terms_of: Callable[[CitedSentence], Sequence[str]],
    count: int,
    news: Mapping[str, int] | None = None,
    recalled: Collection[CitedSentence] = (),
    earlier: Sequence[CitedSentence] = (),
) -> list[CitedSentence]:
    """The `count` best-sourced candidates closest to the day's centroid, without repeats.

    The centroid counts each term over the day's candidates and over the openings of the
    articles published that day and the next (`news`): a sentence scores by how much of it the
    day's coverage repeats, averaged over its distinct terms so length alone gains nothing.
    Plain counts, not TF-IDF: the topic's own words (oil, spill, well) are what a summary of
    the day says, and IDF would push them down (measured on Timeline17). A `recalled` sentence
    (the day looked back on) weighs `RECALL_WEIGHT` times; one repeating a sentence chosen for
    another day (`earlier`) or a better one of this day is skipped.
    """
    vectors = [Counter(terms_of(c)) for c in candidates]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector.keys())
    if news:
        centroid.update(news)
    scored = []
    for candidate, vector in zip(candidates, vectors, strict=True):
        words = len(candidate.text.split())
        if not vector or not MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS:
            continue
        centrality = sum(centroid[t] - 1 for t in vector) / (len(vector) + LENGTH_DAMP)
        if candidate in recalled:
            centrality *= RECALL_WEIGHT
        support = len({s.article_id for s in candidate.sources})
        scored.append((-support, -centrality, candidate.text, candidate, vector))
    scored.sort(key=lambda row: row[:3])
    chosen: list[tuple[CitedSentence, Counter[str]]] = []
    seen = [Counter(terms_of(c)) for c in earlier]
    for *_, candidate, vector in scored:
        kept = seen + [v for _, v in chosen]
        if any(cosine(vector, other) > REPEAT_SIMILARITY for other in kept):
            continue
        chosen.append((candidate, vector))
        if len(chosen) == count:
            break
    return [c for c, _ in chosen]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
