"""How alike two articles are: TF-IDF vectors over their lemmas and lemma bigrams.

An article's features are the content-word lemmas of its sentences and the bigrams of
adjacent lemmas ("wye river", "space station"), which name an event more precisely than its
words alone; the lead sentences, where news states its event, count more. A bigram counts as
much as a lemma: counted twice, they made articles that tell one event in other words look
less alike, and stories split (measured on DUC 2004 and ECB+ events, one threshold).
Weights are TF-IDF over the articles given (1 + log tf, smoothed idf), rows L2-normalised, so
a dot product is a cosine similarity. Named-entity mentions are not added: names are already
among the lemmas, and weighting them up again (or blending in a cosine over names alone) made
DUC 2004 and ECB+ scores worse. Also measured worse or flat on both (bench/stories.py):
month-level publication dates inferred from the text as a pair penalty or a merge guard
(they are lower bounds, often a background event's date, and disagree within stories), a
second-order (shared-neighbour) similarity, and scales from the 3rd, 4th, 7th or 10th
neighbour. DUC's remaining merges are clusters of one topic in successive weeks. Also flat
or worse (B³ F1 DUC / ECB+ at t=0.14, against .890 / .947): a first-sentence cosine blended in
at 0.1 or 0.2 (.875 / .949, .858 / .935), shared numbers and quantities as features (.891 /
.947), name lemmas weighted 0.7 or 1.5 (.862 / .943, .876 / .937), 1, 2 or 5 lead sentences
(.860, .870, .871 on DUC), lead weight 2 or 5 (.872, .874), a scale floor at the collection's
10th percentile of scales (.885 on DUC). What happened, as the lead sentence's verbs and their
subjects and objects (a spaCy parse): shared ones barely tell apart DUC's pairs above a
relative similarity of 0.1 (ROC AUC .56 alone; with the similarity .864 against .860).
Sentences that are only a web address (ECB+ pages open with "http: / / www.") are no
features: with them, lone pages of one site paired up; without, ECB+ went from .947 to .949
(DUC has none).

A pair's cosine is halved for each week by which the two publication dates lie more than a
week apart. Stories are then cut on a relative similarity: the cosine over the geometric mean
of the two articles' scales (how alike each one's 5th nearest article is). Collections differ
in how high cosines run (long articles, many events of one kind), and one absolute threshold
that suits one of them splits or merges stories in another; measured on DUC 2004 and ECB+
events, the relative one serves both with one setting.

Each article's shared share (the norm of its features others have over that of all its
features) gives the full-vector cosines that `newsprism.link.linkage` floors for small
groups. Keeping own features in the vectors instead: small stories .79 / .83 / .83 (B³ F1, 1 /
2 / 3 per story) but DUC .770; at 0.2-0.7 of their weight, one traded for the other.

The graph is computed in sparse row blocks and keeps, per article, its NEIGHBOURS most
similar others above a floor, so memory grows linearly with the number of articles. Features
held by many articles are left out of the products (not the norms), so the pairs scored per
article stay bounded. Written by hand over scipy.sparse: scikit-learn (a bench extra only)
would give the TF-IDF but not the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, count

import numpy as np
import scipy.sparse as sp

from newsprism.model import AnnotatedArticle

WEB = re.compile(
    r"https?:|www\.|\.(com|org|net|html?)\b|^(com|org|net|co|uk)\b|( / .*){2}", re.IGNORECASE
)  # web addresses, also as a tokeniser cuts them ("com / news / national / ...")
WEB_ADDRESS_MAX_WORDS = 5  # a longer sentence with an address in it still says something
LEAD_SENTENCES = 3
LEAD_WEIGHT = 3.0
BIGRAM_WEIGHT = 1.0
PRUNE_SINGLETONS_FROM = 20
SAME_TIME_DAYS = 7
BLOCK_ROWS = 500  # articles whose similarities are computed at once
NEIGHBOURS = 50
SCALE_NEIGHBOUR = 5  # the neighbour whose similarity sets an article's scale
SCALE_FLOOR = 0.1  # lowest scale: a cosine of 0.1 is where lone articles start to relate
RELATIVE_CAP = 4.0  # relative similarities above this count as this (0..1 after scaling)
COMMON_SHARE = 0.01
COMMON_MIN_ARTICLES = 100
MAX_DAYS_APART = 3650  # beyond ten years apart the factor is that of ten years
FACTOR_BY_DAYS = 0.5 ** (
    np.maximum(0, np.arange(MAX_DAYS_APART + 1) - SAME_TIME_DAYS) / SAME_TIME_DAYS
)  # looked up, not computed per pair: blocks hold millions of pairs


def tfidf_matrix(annotated: Sequence[AnnotatedArticle]) -> sp.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (1 + log tf, smoothed idf), one per article."""
    return tfidf_with_shared_share(annotated)[0]


@dataclass(frozen=True)
class TermStatistics:
    """Document frequencies of a larger collection than the articles at hand (a Spark job's
    whole run, whose components are linked apart): `documents` articles, and the number of
    them holding each feature held by two or more ("w LEMMA", "b LEMMA LEMMA" for a bigram);
    a feature not listed is in one article only."""

    documents: int
    frequency: Mapping[str, int]


def tfidf_with_shared_share(
    annotated: Sequence[AnnotatedArticle], statistics: TermStatistics | None = None
) -> tuple[sp.csr_matrix, np.ndarray]:
    """TF-IDF rows (see `tfidf_matrix`) and, per article, the norm of the features it shares
    over the norm of all its features (1 where nothing is dropped).

    Features are an article's lemmas and lemma bigrams, counted with weight LEAD_WEIGHT in the
    first LEAD_SENTENCES sentences (bigrams BIGRAM_WEIGHT times more). Lemmas get integer ids
    and bigrams a pair of them, so counting runs in NumPy. In a collection of
    PRUNE_SINGLETONS_FROM articles or more, features that only one article has are dropped:
    they cannot make two articles alike, and their weight in the norm only dilutes what an
    article shares with its story. In a handful of articles document frequency says too
    little, so all features stay. The shared share says how much of an article is its own: a
    lone story's names and word pairs are all its own, so its cosines over the full vector
    (the pruned cosine times both shares) are low, as a story member's are not.

    With `statistics`, document frequencies (idf, pruning) are those of the larger
    collection, so a part of it gets the vectors it has in the whole.
    """
    n = len(annotated)
    documents = n if statistics is None else statistics.documents
    term_ids, lengths, weights, owners = term_stream(annotated)
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    weight = np.repeat(weights, lengths)
    owner = np.repeat(owners, lengths)
    pair = sentence[1:] == sentence[:-1]
    lemmas = int(term_ids.max(initial=-1)) + 1  # ids are 0..lemmas-1, each one used
    bigram_keys = (term_ids[:-1] << 32 | term_ids[1:])[pair]
    bigrams, bigram_cols, bigram_occurrences = np.unique(
        bigram_keys, return_inverse=True, return_counts=True
    )  # only bigrams need sorting into columns: lemma ids already are column numbers
    counts = np.concatenate([weight, weight[1:][pair] * BIGRAM_WEIGHT])
    rows = np.concatenate([owner, owner[1:][pair]])
    cols = np.concatenate([term_ids, lemmas + bigram_cols.ravel()])
    occurrences = np.concatenate([np.bincount(term_ids, minlength=lemmas), bigram_occurrences])
    collection = None
    if statistics is not None:  # a feature others in the collection hold is seen again too
        collection = collection_frequency(annotated, bigrams, statistics)
        occurrences = np.maximum(occurrences, np.minimum(collection, 2))
    single_idf = np.log((1.0 + documents) / 2.0) + 1.0
    own_squares = np.zeros(n)
    if documents >= PRUNE_SINGLETONS_FROM:  # a feature seen once is in one article: not built
        seen_again = occurrences[cols] >= 2
        own_squares += np.bincount(
            rows[~seen_again], ((1.0 + np.log(counts[~seen_again])) * single_idf) ** 2, n
        )
        counts, rows, cols = counts[seen_again], rows[seen_again], cols[seen_again]
    matrix = sp.csr_matrix((counts, (rows, cols)), shape=(n, len(occurrences)))
    matrix.sum_duplicates()
    matrix.data = 1.0 + np.log(matrix.data)
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    if collection is not None:
        document_frequency = collection
    idf = np.log((1.0 + documents) / (1.0 + document_frequency)) + 1.0
    if documents >= PRUNE_SINGLETONS_FROM:
        own = document_frequency[matrix.indices] < 2
        own_squares += np.bincount(
            row_of_entries(matrix)[own], (matrix.data[own] * single_idf) ** 2, n
        )
        idf[document_frequency < 2] = 0.0
    matrix.data *= idf[matrix.indices]
    matrix.eliminate_zeros()
    squares = np.bincount(row_of_entries(matrix), matrix.data**2, minlength=n)
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    matrix.data /= norms[row_of_entries(matrix)]
    shared_share = np.sqrt(squares / np.maximum(squares + own_squares, 1e-300))
    shared_share[squares + own_squares == 0] = 1.0
    return matrix, shared_share


def collection_frequency(
    annotated: Sequence[AnnotatedArticle], bigrams: np.ndarray, statistics: TermStatistics
) -> np.ndarray:
    """Per column of `tfidf_with_shared_share` (lemma ids, then `bigrams`' keys), the
    number of the collection's articles holding it (1 when not listed)."""
    said = (s for a in annotated for s in a.sentences if not web_address(s.span.text))
    names = list(dict.fromkeys(chain.from_iterable(s.terms for s in said)))  # ids by first use
    frequency = statistics.frequency
    lemma = [frequency.get("w " + name, 1) for name in names]
    pairs = [
        frequency.get(f"b {names[key >> 32]} {names[key & 0xFFFFFFFF]}", 1)
        for key in bigrams.tolist()
    ]
    return np.asarray(lemma + pairs, dtype=np.int64)


def term_stream(
    annotated: Sequence[AnnotatedArticle],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All articles' lemma ids in reading order, and per sentence: its length, weight, article.

    Sentences that are only a web address ("http: / / www.", as a tokeniser cuts a page's
    address) are left out: they are not the lead, and "http www" would pair articles of one
    site or format rather than of one event.
    """
    terms: list[tuple[str, ...]] = []
    lengths, weights, owners = [], [], []
    for number, article in enumerate(annotated):
        said = [s for s in article.sentences if not web_address(s.span.text)]
        for position, sentence in enumerate(said):
            terms.append(sentence.terms)
            lengths.append(len(sentence.terms))
            weights.append(LEAD_WEIGHT if position < LEAD_SENTENCES else 1.0)
            owners.append(number)
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)  # ids by first use
    ids = map(vocabulary.__getitem__, chain.from_iterable(terms))
    return (
        np.fromiter(ids, dtype=np.int64, count=sum(lengths)),
        np.asarray(lengths, dtype=np.int64),
        np.asarray(weights),
        np.asarray(owners, dtype=np.int64),
    )


def web_address(text: str) -> bool:
    """Whether a sentence is a web address (or a piece of one) and little else."""
    return len(text.split()) <= WEB_ADDRESS_MAX_WORDS and WEB.search(text) is not None


def row_of_entries(matrix: sp.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def similar_pairs(
    vectors: sp.csr_matrix,
    dates: Sequence[date | None],
    floor: float,
    rows_to_compare: Sequence[int] | np.ndarray | None = None,
) -> tuple[sp.coo_matrix, np.ndarray]:
    """Upper triangle of the cosine x date factor graph (pairs >= floor), and each compared
    article's SCALE_NEIGHBOUR-th highest similarity (NaN for articles not compared).

    Each article keeps at most its NEIGHBOURS most similar others, so the graph has at most
    n * NEIGHBOURS edges whatever the number of articles. With `rows_to_compare`, only pairs
    that involve one of those articles are computed (new arrivals against everything).
    Products stay sparse: only pairs that share a feature (minus the common ones) are scored.
    """
    n = vectors.shape[0]
    ordinals = np.array([d.toordinal() if d is not None else -1 for d in dates])
    vectors = without_common_features(vectors)
    transposed = vectors.T.tocsr()  # csr: a product converts any other format per block
    wanted = np.arange(n) if rows_to_compare is None else np.asarray(rows_to_compare, dtype=int)
    scale = np.full(n, np.nan)
    rows, cols, values = [], [], []
    for start in range(0, len(wanted), BLOCK_ROWS):
        indexes = wanted[start : start + BLOCK_ROWS]
        block = sp.csr_matrix(vectors[indexes] @ transposed)
        row = np.repeat(np.arange(len(indexes)), np.diff(block.indptr))
        col, value = block.indices, block.data
        if (ordinals >= 0).any():
            value = value * date_factors(ordinals[indexes][row], ordinals[col])
        value[col == indexes[row]] = 0.0
        # pairs below the floor change neither the graph nor a scale (floored higher)
        near = value >= min(floor, SCALE_FLOOR)
        row, col, value, rank = ranked_in_row(row[near], col[near], value[near])
        kth = rank == SCALE_NEIGHBOUR - 1
        scale[indexes] = 0.0
        scale[indexes[row[kth]]] = value[kth]
        keep = (rank < NEIGHBOURS) & (value >= floor)
        rows.append(indexes[row[keep]])
        cols.append(col[keep])
        values.append(value[keep])
    if not rows:
        return sp.coo_matrix((n, n)), scale
    graph = sp.coo_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    ).tocsr()
    symmetric = graph.maximum(graph.T)
    return sp.triu(symmetric, k=1).tocoo(), scale


def ranked_in_row(
    row: np.ndarray, col: np.ndarray, value: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The entries sorted by row, then by value (highest first), with their rank in the row."""
    order = np.lexsort((-value, row))
    row, col, value = row[order], col[order], value[order]
    first = np.searchsorted(row, row, side="left")
    return row, col, value, np.arange(len(row)) - first


def relative_similarity(graph: sp.coo_matrix, scale: np.ndarray) -> sp.coo_matrix:
    """Each pair's similarity over the geometric mean of its two articles' scales, capped at
    RELATIVE_CAP and mapped to 0..1.

    An article's scale is how alike its SCALE_NEIGHBOUR-th nearest article is (at least
    SCALE_FLOOR): in a collection of long articles, or of many events of one kind, all
    cosines run lower or higher, and "alike for this neighbourhood" carries across them where
    one absolute cosine threshold does not. An article with few neighbours gets the floor.
    """
    floored = np.maximum(np.nan_to_num(scale, nan=SCALE_FLOOR), SCALE_FLOOR)
    ratio = graph.data / np.sqrt(floored[graph.row] * floored[graph.col])
    values = np.minimum(ratio, RELATIVE_CAP) / RELATIVE_CAP
    return sp.coo_matrix((values, (graph.row, graph.col)), shape=graph.shape)


def without_common_features(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """The vectors without the features of more than COMMON_SHARE of the articles and more
    than COMMON_MIN_ARTICLES, which stay in each vector's norm.

    Such words ("say", "year", "police") weigh little (low idf) but pair most articles with
    most others, which makes the pair search quadratic; a story's own names and word pairs
    are rarer. Fewer articles than COMMON_MIN_ARTICLES keep every feature.
    """
    n = vectors.shape[0]
    limit = max(COMMON_MIN_ARTICLES, COMMON_SHARE * n)
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    if frequency.max(initial=0) <= limit:
        return vectors
    kept = sp.csr_matrix(vectors @ sp.diags((frequency <= limit).astype(np.float64)))
    kept.eliminate_zeros()
    return kept


def lead_text(annotated: AnnotatedArticle) -> str:
    """Title and lead sentences: what an embedding of the article's event needs."""
    said = [s.span.text for s in annotated.sentences if not web_address(s.span.text)]
    sentences = said[:LEAD_SENTENCES]
    title = annotated.article.title.strip()
    return " ".join([title + "." if title else "", *sentences]).strip()


def blend_embeddings(graph: sp.coo_matrix, embeddings: np.ndarray, weight: float) -> sp.coo_matrix:
    """The graph's similarities mixed with the embedding cosines of the same pairs.

    Only pairs already in the TF-IDF graph are scored, so the lexical graph is the pre-filter.
    Off by default: MiniLM cosines run higher than TF-IDF ones, and at weights 0.2-0.5 both
    DUC 2004 and ECB+ scored lower at their best threshold.
    """
    cosines = np.einsum("ij,ij->i", embeddings[graph.row], embeddings[graph.col])
    values = (1.0 - weight) * graph.data + weight * np.clip(cosines, 0.0, 1.0)
    return sp.coo_matrix((values, (graph.row, graph.col)), shape=graph.shape)


def date_factors(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """1 within a week or when a date is unknown (-1), then halving with each further week.

    Dates are proleptic ordinals; articles weeks apart rarely report the same event.
    """
    days = np.minimum(np.abs(first - second), MAX_DAYS_APART)
    factor = FACTOR_BY_DAYS[days]
    return np.where((first < 0) | (second < 0), 1.0, factor)
