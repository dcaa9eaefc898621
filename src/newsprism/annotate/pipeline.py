"""Annotate articles: one spaCy pass per article (batched), then each extractor on the Doc."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.annotate.attribution import find_quotes
from newsprism.annotate.claims import find_claims
from newsprism.annotate.events import find_events
from newsprism.annotate.mentions import find_mentions
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.annotate.quantities import find_quantities
from newsprism.annotate.sentences import find_sentences
from newsprism.annotate.time import find_times
from newsprism.errors import failure_reason
from newsprism.model import AnnotatedArticle, Article, InputProblem
from newsprism.settings import Settings

PARSE_PIECE = 20_000  # characters parsed as one spaCy Doc (a batch holds up to batch_size)
CHARS_PER_BATCH = 150_000  # characters parsed in one batch (32 news articles are about 130,000)


def annotate_doc(doc: Doc, article: Article, annotator: str = "") -> AnnotatedArticle:
    """Everything the extractors find in one parsed article (`doc` is `nlp(article.text)`)."""
    quotes = find_quotes(doc, article.id)
    mentions = tuple(find_mentions(doc, article.id))
    times = tuple(find_times(doc, article.id, article.published))
    return AnnotatedArticle(
        article=article,
        sentences=tuple(find_sentences(doc, article.id)),
        mentions=mentions,
        quotes=tuple(quotes),
        claims=tuple(find_claims(doc, article.id, quotes)),
        times=times,
        quantities=tuple(find_quantities(doc, article.id)),
        annotator=annotator,
        events=tuple(find_events(doc, article.id, mentions, times)),
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
    """Each article with its parse (pieces joined) or the exception that stopped it, in input
    order. In one process, pieces are parsed in batches of at most `batch_size` pieces and
    CHARS_PER_BATCH characters (spaCy's memory grows with a batch's text: 32 pieces of long
    texts were 640,000 characters, 2-3 GB); with `n_process` > 1, through one streamed pipe."""
    nlp = load_pipeline(settings.model)
    if settings.n_process > 1:
        yield from parse_streamed(nlp, articles, settings)
        return
    parts: list[Doc | Exception] = []
    for batch in piece_batches(articles, settings.batch_size, CHARS_PER_BATCH):
        docs = parse_batch(nlp, [piece for *_, piece in batch])
        for (article, index, count, _), doc in zip(batch, docs, strict=True):
            parts.append(doc)
            if index == count - 1:
                yield article, joined_or_error(parts)
                parts = []


def piece_batches(
    articles: Iterable[Article], most_pieces: int, most_chars: int
) -> Iterator[list[tuple[Article, int, int, str]]]:
    """(article, piece number, pieces, piece text) in batches within both bounds."""
    batch: list[tuple[Article, int, int, str]] = []
    chars = 0
    for article in articles:
        pieces = parse_pieces(article.text)
        for index, piece in enumerate(pieces):
            if batch and (len(batch) >= most_pieces or chars + len(piece) > most_chars):
                yield batch
                batch, chars = [], 0
            batch.append((article, index, len(pieces), piece))
            chars += len(piece)
    if batch:
        yield batch


def parse_batch(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """The parses of `texts`; when the batch fails, each is parsed alone and the one at
    fault gets its exception."""
    try:
        return list(nlp.pipe(texts, batch_size=len(texts)))
    except Exception:
        return [parse_alone(nlp, text) for text in texts]


def parse_alone(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as error:
        return error


def joined_or_error(parts: list[Doc | Exception]) -> Doc | Exception:
    failed = next((p for p in parts if isinstance(p, Exception)), None)
    if failed is not None:
        return failed
    try:
        return joined([p for p in parts if isinstance(p, Doc)])
    except Exception as error:
        return error


def parse_streamed(
    nlp: Language, articles: Iterable[Article], settings: Settings
) -> Iterator[tuple[Article, Doc | Exception]]:
    """Each article with its parse through one `nlp.pipe` over `n_process` processes. When
    the pipe fails, the articles it held are parsed one at a time and a new pipe takes the
    rest."""
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
                pieces = [parse_alone(nlp, p) for p in parse_pieces(article.text)]
                yield article, joined_or_error(pieces)


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
