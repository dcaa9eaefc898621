"""Annotate articles: one spaCy pass per article (batched), then each extractor on the Doc."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import tee

from spacy.tokens import Doc

from newsprism.annotate.claims import find_claims
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.annotate.quantities import find_quantities
from newsprism.annotate.quotes import find_quotes
from newsprism.annotate.sentences import find_sentences
from newsprism.annotate.timexes import find_times
from newsprism.model import AnnotatedArticle, Article
from newsprism.settings import Settings


def annotate_doc(doc: Doc, article: Article, annotator: str = "") -> AnnotatedArticle:
    """Everything the extractors find in one parsed article (`doc` is `nlp(article.text)`)."""
    quotes = find_quotes(doc, article.id)
    return AnnotatedArticle(
        article=article,
        sentences=tuple(find_sentences(doc, article.id)),
        mentions=tuple(find_mentions(doc, article.id)),
        quotes=tuple(quotes),
        claims=tuple(find_claims(doc, article.id, quotes)),
        times=tuple(find_times(doc, article.id, article.published)),
        quantities=tuple(find_quantities(doc, article.id)),
        annotator=annotator,
    )


def annotate_articles(
    articles: Iterable[Article],
    settings: Settings,
    progress: Callable[[int], None] | None = None,
) -> Iterator[AnnotatedArticle]:
    """Annotate `articles` in batches with the pipeline named in `settings`, in input order."""
    nlp = load_pipeline(settings.model)
    annotator = annotator_version(settings.model)
    for_texts, for_meta = tee(articles)
    docs = nlp.pipe(
        (a.text for a in for_texts), batch_size=settings.batch_size, n_process=settings.n_process
    )
    for doc, article in zip(docs, for_meta, strict=True):
        yield annotate_doc(doc, article, annotator)
        if progress is not None:
            progress(1)
