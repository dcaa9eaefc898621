"""Annotate articles: one spaCy pass per article (batched), then each extractor on the Doc."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from newsprism.annotate.attribution import find_quotes
from newsprism.annotate.claims import find_claims
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.annotate.quantities import find_quantities
from newsprism.annotate.sentences import find_sentences
from newsprism.annotate.time import find_times
from newsprism.errors import failure_reason
from newsprism.model import AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings

PARSE_PIECE = 20_000  # characters parsed as one spaCy Doc (a batch holds up to batch_size)


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
    """Annotate `articles` in batches with the pipeline named in `settings`, in input order;
    ValueError naming the article when one cannot be annotated."""
    for result in annotate_each(articles, settings):
        if isinstance(result, InputProblem):
            raise ValueError(str(result))
        yield result
        if progress is not None:
            progress(1)


def annotate_each(
    articles: Iterable[Article], settings: Settings
) -> Iterator[AnnotatedArticle | InputProblem]:
    """The annotation of each article, in input order, or the problem that stopped it: one
    article's failure (in spaCy or an extractor) costs only that article."""
    annotator = annotator_version(settings.model)
    for article, parsed in parse_articles(articles, settings):
        try:
            if isinstance(parsed, Exception):
                raise parsed
            yield annotate_doc(parsed, article, annotator)
        except Exception as error:
            where = article.source_path or article.id
            yield InputProblem(where, failure_reason(error, "annotated"))


def parse_articles(
    articles: Iterable[Article], settings: Settings
) -> Iterator[tuple[Article, Doc | Exception]]:
    """Each article with its parse (pieces joined), in input order, batched through one
    `nlp.pipe`. When the pipe fails, the articles it held are parsed one at a time (the one
    at fault gets its exception) and a new pipe takes the rest."""
    nlp = load_pipeline(settings.model)
    source = iter(articles)
    held: deque[Article] = deque()  # fed to the pipe, not yet yielded

    def feed() -> Iterator[str]:
        for article in source:
            held.append(article)
            yield from parse_pieces(article.text)

    while True:
        docs = nlp.pipe(feed(), batch_size=settings.batch_size, n_process=settings.n_process)
        try:
            for first in docs:
                article = held[0]
                parts = [first] + [next(docs) for _ in parse_pieces(article.text)[1:]]
                doc = joined(parts)
                held.popleft()
                yield article, doc
            return
        except Exception:
            while held:
                article = held.popleft()
                try:
                    parsed: Doc | Exception = joined([nlp(p) for p in parse_pieces(article.text)])
                except Exception as error:
                    parsed = error
                yield article, parsed


def joined(parts: list[Doc]) -> Doc:
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def parse_pieces(text: str, limit: int | None = None) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back to it exactly:
    after a paragraph break where there is one, else after a line break, a sentence end or a
    space, else anywhere. spaCy's parser needs memory for a whole batch of texts at once (its
    max_length is 1,000,000 characters): a 2 MB "article" (a book, a dump) is parsed a piece
    at a time and the pieces' Docs joined, so a batch stays within batch_size pieces."""
    limit = limit or PARSE_PIECE
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next(
            (
                at + len(mark)
                for mark in ("\n\n", "\n", ". ", " ")
                if (at := window.rfind(mark, limit // 2)) > 0
            ),
            limit,
        )
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces
