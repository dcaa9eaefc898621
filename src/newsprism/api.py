"""`newsprism.analyze`: the whole flow, ingest -> annotate -> link -> analyse -> store.

The CLI, the tests and any other program call this one function. Only the articles not yet
annotated by the same pipeline version are annotated; the rest come from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from newsprism.analyse.compare import compare_story
from newsprism.analyse.summary import summarise_story
from newsprism.analyse.timeline import build_timeline
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.annotate.pipeline import annotate_articles
from newsprism.ingest import read_inputs
from newsprism.link.align import align_story, similarity_matrix, story_statements
from newsprism.link.attach import attach_entities
from newsprism.link.entities import link_entities
from newsprism.link.stories import group_stories
from newsprism.model import Analysis, AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings
from newsprism.store import Store, open_store

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as work advances (total 0 when unknown)."""
SAVE_EVERY = 50


def analyze(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    store: Store | None = None,
) -> Analysis:
    """Read `paths` (files or folders), analyse every article, store and return the result."""
    settings = settings or Settings()
    report = progress or (lambda stage, done, total: None)
    own_store = store is None
    store = store or open_store(settings.db)
    try:
        articles, problems = read_articles(paths, settings, report)
        store.add_articles(articles)
        annotated = annotate_with_cache(articles, settings, store, report)
        analysis = analyse_articles(annotated, settings, tuple(problems), report)
        store.save_analysis(analysis)
        return analysis
    finally:
        if own_store:
            store.close()


def read_articles(
    paths: Iterable[str | Path], settings: Settings, report: Progress
) -> tuple[list[Article], list[InputProblem]]:
    articles, problems = [], []
    for item in read_inputs(paths, settings.published):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            articles.append(item)
        report("read", len(articles), 0)
    return articles, problems


def annotate_with_cache(
    articles: Sequence[Article], settings: Settings, store: Store, report: Progress
) -> list[AnnotatedArticle]:
    """Annotations of `articles`, in order: cached ones reused, new ones made and saved in
    batches (an interruption keeps what was done)."""
    annotator = annotator_version(settings.model)
    cached = store.load_annotations([a.id for a in articles], annotator)
    current = {a.id: a for a in articles}
    done = {k: v for k, v in cached.items() if v.article == current.get(k)}
    todo = [a for a in articles if a.id not in done]
    pending: list[AnnotatedArticle] = []
    report("annotate", 0, len(todo))
    for count, annotated in enumerate(annotate_articles(todo, settings), start=1):
        done[annotated.article.id] = annotated
        pending.append(annotated)
        if len(pending) >= SAVE_EVERY:
            store.save_annotations(pending)
            pending = []
        report("annotate", count, len(todo))
    store.save_annotations(pending)
    return [done[a.id] for a in articles]


def analyse_articles(
    annotated: Sequence[AnnotatedArticle],
    settings: Settings,
    problems: tuple[InputProblem, ...] = (),
    progress: Progress | None = None,
) -> Analysis:
    """Link and analyse annotated articles (no I/O): entities, stories, facts, timeline,
    findings and summaries."""
    report = progress or (lambda stage, done, total: None)
    entities, entity_of = link_entities(annotated)
    annotated = attach_entities(annotated, entity_of)
    by_id = {a.article.id: a for a in annotated}
    entity_types = {e.id: e.type for e in entities}
    stories = group_stories(annotated, settings)
    vocab = load_pipeline(settings.model).vocab
    facts, timeline, findings, summaries = [], [], [], []
    for done, story in enumerate(stories, start=1):
        statements = story_statements(story, by_id, entity_of)
        story_facts = align_story(story, statements, similarity_matrix(statements, vocab))
        facts += story_facts
        timeline += build_timeline(
            story, by_id, story_facts, settings.timeline_dates, settings.timeline_sentences
        )
        findings += compare_story(story, by_id, story_facts, entity_of, entity_types)
        summaries.append(summarise_story(story, annotated, story_facts, settings.summary_words))
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
    )
