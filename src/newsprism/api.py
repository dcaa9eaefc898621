"""`newsprism.analyze`: the whole flow, ingest -> annotate -> link -> analyse -> store.

The CLI, the tests and any other program call this one function. Only the articles not yet
annotated by the same pipeline version are annotated; the rest come from the store. Of the
stored stories, only the candidates a run's articles could join (`prior_candidates`) are
loaded and re-analysed; the others keep their stored results. Of a big stored story, only a
window of members is re-read and the results are merged with the stored ones
(`growth_of`, analyse/growth.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from newsprism.analyse.compare import compare_story
from newsprism.analyse.event_merge import merge_events
from newsprism.analyse.events import story_events
from newsprism.analyse.growth import grow
from newsprism.analyse.one_sided import mark_one_sided
from newsprism.analyse.pubdate import apply_publication_dates
from newsprism.analyse.summary import summarise
from newsprism.analyse.timeline import build_timeline
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.annotate.pipeline import annotate_each
from newsprism.embed_cache import CachedEncoder, Encoder
from newsprism.ingest import article_id, read_inputs
from newsprism.ingest.inputs import unique_id
from newsprism.link.align import story_statements
from newsprism.link.arrivals import (
    RELATED_ARTICLES,
    candidate_stories,
    growth_windows,
    related_query,
    stories_of_run,
)
from newsprism.link.attach import attach_entities
from newsprism.link.entities import link_entities
from newsprism.link.families import families_of_run
from newsprism.link.paraphrase import align_facts, embeds_statements
from newsprism.link.places import resolve_places
from newsprism.link.reasons import story_memberships
from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    InputProblem,
    Membership,
    Story,
)
from newsprism.settings import Settings
from newsprism.store import Store, open_store

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as work advances (total 0 when unknown)."""
Notice = Callable[[InputProblem], None]
"""notice(problem): called as each input problem is found."""
SAVE_EVERY = 50


def analyze(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    store: Store | None = None,
    notice: Notice | None = None,
) -> Analysis:
    """Read `paths` (files or folders), analyse every article, store and return the result.
    `notice(problem)` hears of each input problem as it is found (they are all in the result's
    `problems` too)."""
    settings = settings or Settings()
    report = progress or (lambda stage, done, total: None)
    own_store = store is None
    store = store or open_store(settings.db)
    try:
        articles, problems = read_articles(paths, settings, report, notice)
        analysis = analyse_into_stored(articles, problems, settings, store, report)
        store.save_analysis(analysis)
        return analysis
    finally:
        if own_store:
            store.close()


def analyse_into_stored(
    articles: Sequence[Article],
    problems: list[InputProblem],
    settings: Settings,
    store: Store,
    progress: Progress | None = None,
) -> Analysis:
    """The incremental run of `analyze` on articles already read, up to (not including)
    saving the analysis: the articles and their annotations are stored, the stored stories
    they could join are loaded, and the stories they touch analysed. `newsprism watch` calls
    it to compare the stored stories with the new analysis before saving it."""
    report = progress or (lambda stage, done, total: None)
    articles = distinct_from_stored(articles, store, problems)
    store.add_articles(articles)
    annotated = annotate_with_cache(articles, settings, store, report, problems)
    hits = [] if settings.one_story and not settings.story else related_hits(annotated, store)
    if settings.story is not None:
        prior = [chosen_story(settings.story, store)]
    else:
        prior = [] if settings.one_story else prior_candidates(annotated, store, hits)
    windows, stored = growth_of(prior, hits, annotated, settings, store)
    windowed = [replace(s, article_ids=windows.get(s.id, s.article_ids)) for s in prior]
    earlier = load_story_members(windowed, annotated, settings, store)
    encoder = CachedEncoder("minilm", store.embedding_records())
    analysis = analyse_articles(
        annotated, settings, tuple(problems), report, windowed, earlier, encoder, set(windows)
    )
    if windows:
        entities = store.load_entities(e.id for e in analysis.entities)
        analysis = grow(analysis, [s for s in prior if s.id in windows], stored, entities, settings)
    return analysis


class Problems(list[InputProblem]):
    """A run's input problems, each told to `notice` as it is added."""

    def __init__(self, notice: Notice | None = None) -> None:
        super().__init__()
        self.notice = notice

    def append(self, problem: InputProblem) -> None:
        super().append(problem)
        if self.notice is not None:
            self.notice(problem)


def read_articles(
    paths: Iterable[str | Path],
    settings: Settings,
    report: Progress,
    notice: Notice | None = None,
) -> tuple[list[Article], list[InputProblem]]:
    articles: list[Article] = []
    problems = Problems(notice)
    for item in read_inputs(paths, settings.published, settings.limits):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            articles.append(item)
        report("read", len(articles), 0)
    return articles, problems


def distinct_from_stored(
    articles: Sequence[Article], store: Store, problems: list[InputProblem]
) -> list[Article]:
    """The articles, each whose explicit id a stored article of another text holds given a
    unique one (both are kept; a line in `problems` says so). Content-hash ids need no check."""
    kept = []
    for article in articles:
        if article.id != article_id(article.text):
            stored = store.get_article(article.id)
            if stored is not None and stored.text != article.text:
                article, note = unique_id(article)
                renamed = store.get_article(article.id)
                if renamed is None or renamed.text != article.text:
                    problems.append(note)  # said once: when it is first stored
        kept.append(article)
    return kept


def annotate_with_cache(
    articles: Sequence[Article],
    settings: Settings,
    store: Store,
    report: Progress,
    problems: list[InputProblem] | None = None,
) -> list[AnnotatedArticle]:
    """Annotations of `articles`, in order: cached ones reused, new ones made and saved in
    batches (an interruption keeps what was done). An article that cannot be annotated is
    left out with a line in `problems`."""
    annotator = annotator_version(settings.model)
    cached = store.load_annotations([a.id for a in articles], annotator)
    current = {a.id: a for a in articles}
    done = {
        k: replace(v, article=current[k])
        for k, v in cached.items()
        if k in current and annotates_alike(v.article, current[k])
    }
    todo = [a for a in articles if a.id not in done]
    pending: list[AnnotatedArticle] = []
    report("annotate", 0, len(todo))
    for count, annotated in enumerate(annotate_each(todo, settings), start=1):
        report("annotate", count, len(todo))
        if isinstance(annotated, InputProblem):
            if problems is not None:
                problems.append(annotated)
            continue
        done[annotated.article.id] = annotated
        pending.append(annotated)
        if len(pending) >= SAVE_EVERY:
            store.save_annotations(pending)
            pending = []
    store.save_annotations(pending)
    return [done[a.id] for a in articles if a.id in done]


def annotates_alike(cached: Article, current: Article) -> bool:
    """Whether a cached annotation of `cached` holds for `current`: annotation reads only the
    text and the publication date, so the same article read from another file, path or
    feed (another title, outlet or URL) reuses it."""
    return (cached.text, cached.published) == (current.text, current.published)


def chosen_story(story_id: str, store: Store) -> Story:
    """The stored story with this id (or the one it merged into); ValueError if none."""
    merged = store.story_merges()
    wanted = merged.get(story_id, story_id)
    for story in store.load_stories():
        if story.id == wanted:
            return story
    raise ValueError(f"{story_id}: no such story in the database")


def related_hits(annotated: Sequence[AnnotatedArticle], store: Store) -> list[list[str]]:
    """For each run article, the RELATED_ARTICLES stored articles the full-text index ranks
    most like it, best first."""
    queries = [related_query(article) for article in annotated]
    return [
        [hit for hit, _ in store.search(q, RELATED_ARTICLES, snippets=False)] if q else []
        for q in queries
    ]


def prior_candidates(
    annotated: Sequence[AnnotatedArticle],
    store: Store,
    hits: Sequence[Sequence[str]] | None = None,
) -> list[Story]:
    """The stored stories the run's articles could join or already belong to (oldest first):
    those holding a run article or one of its `hits` (`related_hits`)."""
    stored = store.load_stories()
    if not stored:
        return []
    if hits is None:
        hits = related_hits(annotated, store)
    related = {a.article.id for a in annotated} | {h for found in hits for h in found}
    return candidate_stories(stored, related)


def growth_of(
    prior: Sequence[Story],
    hits: Sequence[Sequence[str]],
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    store: Store,
) -> tuple[dict[str, tuple[str, ...]], Analysis]:
    """Which members of the big stored stories the run re-reads (`growth_windows`: the run's
    own, the articles of the stored summary's sentences, the search's best), and those
    stories' stored results."""
    big = [
        s.id
        for s in prior
        if settings.growth_window and len(s.article_ids) > settings.growth_window
    ]
    if not big:
        return {}, Analysis(articles=())
    stored = store.load_results(big)
    cited = {c.sources[0].article_id for s in stored.summaries for c in s.sentences if c.sources}
    pinned = cited | {a.article.id for a in annotated}
    return growth_windows(prior, hits, pinned, settings.growth_window), stored


def load_story_members(
    stories: Sequence[Story],
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    store: Store,
) -> list[AnnotatedArticle]:
    """Cached annotations of the stored stories' articles that this run did not read, so new
    articles can join those stories (and their results cover all members)."""
    present = {a.article.id for a in annotated}
    wanted = [i for story in stories for i in story.article_ids if i not in present]
    found = store.load_annotations(wanted, annotator_version(settings.model))
    return [found[i] for i in wanted if i in found]


def embeds_story(
    story: Story, statements: int, settings: Settings, windowed: Collection[str] = ()
) -> bool:
    """Whether the story's facts are matched with MiniLM (`embeds_statements`): decided by the
    story alone, so every path that analyses it decides alike. A story the run reads only a
    window of (it or a story merged into it is in `windowed`) has more than `growth_window`
    articles."""
    big = any(i in windowed for i in (story.id, *story.merged_from))
    articles = settings.growth_window + 1 if big else len(story.article_ids)
    return embeds_statements(
        settings.facts_model, statements, settings.embedding_budget, articles,
        settings.growth_window,
    )  # fmt: skip


def analyse_articles(
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    problems: tuple[InputProblem, ...] = (),
    progress: Progress | None = None,
    prior_stories: Sequence[Story] = (),
    earlier: Sequence[AnnotatedArticle] = (),
    encoder: Encoder | None = None,
    windowed: Collection[str] = (),
) -> Analysis:
    """Link and analyse annotated articles (no I/O but `encoder`'s): entities (places
    resolved), stories and their families, facts, timeline, findings and summaries.
    `prior_stories` (stored, oldest first) keep their ids and families as new articles join
    them; `earlier` are their members' annotations not in `annotated`; `windowed` are the
    ids of those of which the run reads only a window (bigger than `growth_window`). `encoder`
    embeds sentences (a `CachedEncoder` over the store; None: MiniLM, loaded once per
    process)."""
    report = progress or (lambda stage, done, total: None)
    stories, annotated = stories_of_run(
        annotated, earlier, settings, prior_stories, encoder=encoder
    )
    stories = families_of_run(stories, annotated, settings.family_threshold, prior_stories, earlier)
    entities, entity_of = link_entities(annotated)
    entities = resolve_places(entities, stories, articles=annotated)
    annotated = attach_entities(annotated, entity_of)
    entity_types = {e.id: e.type for e in entities}
    annotated = apply_publication_dates(annotated, stories)
    by_id = {a.article.id: a for a in annotated}
    facts, timeline, findings, summaries, events = [], [], [], [], []
    memberships: list[Membership] = []
    statements_of = {s.id: story_statements(s, by_id, entity_of) for s in stories}
    for done, story in enumerate(stories, start=1):
        statements = statements_of[story.id]
        embed = embeds_story(story, len(statements), settings, windowed)
        vocab = None if embed else load_pipeline(settings.model).vocab
        story_facts = mark_one_sided(align_facts(story, statements, vocab, encoder), by_id)
        facts += story_facts
        timeline += build_timeline(
            story, by_id, story_facts, settings.timeline_dates, settings.timeline_sentences
        )
        findings += compare_story(story, by_id, story_facts, entity_of, entity_types)
        summaries.append(summarise(story, by_id, story_facts, settings))
        events += merge_events(story_events(story, by_id, entities))
        members = [by_id[i] for i in story.article_ids if i in by_id]
        memberships += story_memberships(story, members, entities, story_facts)
        report("analyse", done, len(stories))
    return Analysis(
        articles=tuple(annotated),
        entities=tuple(entities),
        stories=tuple(stories),
        facts=tuple(facts),
        timeline=tuple(timeline),
        findings=tuple(findings),
        summaries=tuple(summaries),
        problems=problems,
        events=tuple(events),
        memberships=tuple(memberships),
    )
