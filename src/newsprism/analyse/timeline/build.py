"""A story's timeline: each statement anchored to the date it is about, merged across articles.

A sentence is anchored to each calendar date it states outside quotation (normalised
against its article's publication date), not to the date it was published
(`anchors`). Sentences of different articles on the same date that report the same
fact are merged into one entry sentence citing every source span.

Timeline summarisation (`max_dates`, as for a topic corpus like Timeline17) keeps the most
important dates and the most central sentences of each (`day_summaries`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from newsprism.analyse.timeline.anchors import anchored_sentences, chronological, merge_same_facts
from newsprism.analyse.timeline.dates import DateModel
from newsprism.analyse.timeline.day_summaries import summarise
from newsprism.model import AnnotatedArticle, CitedSentence, Fact, Span, Story, TimelineEntry

MAX_SENTENCE_WORDS = 60  # longer "sentences" are usually several run together
REPEAT_SHARE = 0.5  # a sentence sharing more than half its words with a better one repeats it


def build_timeline(
    story: Story,
    by_id: Mapping[str, AnnotatedArticle],
    facts: Sequence[Fact],
    max_dates: int | None = None,
    sentences_per_date: int = 2,
    date_model: DateModel | None = None,
) -> list[TimelineEntry]:
    """Dated entries of one story, oldest first; `max_dates` keeps the most important dates
    (ranked by `date_model`, by default the shipped one)."""
    fact_of = {(s.article_id, s.start): f for f in facts for s in f.statements}
    dated: dict[str, list[Span]] = defaultdict(list)
    for article_id in story.article_ids:
        for date_value, span in anchored_sentences(by_id[article_id]):
            dated[date_value].append(span)
    if max_dates is not None:
        return summarise(story, by_id, fact_of, dated, max_dates, sentences_per_date, date_model)
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
    """The ranking without near-repeats: a sentence sharing most of its words with a better
    one adds nothing to a date's entry (wire copies, reworded leads, a caption printed twice)."""
    kept: list[CitedSentence] = []
    for sentence in ranked:
        own = words(sentence)
        if not any(len(own & words(k)) > REPEAT_SHARE * max(len(own), 1) for k in kept):
            kept.append(sentence)
    return kept
