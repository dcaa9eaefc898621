"""Time and peak memory of story clustering (link stage) as the number of articles grows.

    python bench/scaling.py [DATA_DIR] [--sizes 1000 3000 10000]

Reads every news article under DATA_DIR (DUC 2004 docs, ECB+ documents, PolNeAR texts,
TempEval-3 documents, Timeline17 input documents, the saved HTML pages' extracted text is left
out), with the publication date where the folder or file name gives one. There are about 5,400
articles; to reach 10,000 each article is also cut in two halves at its middle sentence, and
the halves are the documents clustered at every size (so all sizes draw from one population).

The story step reads only sentences with their content-word lemmas and the article text, so
documents get a light stand-in for annotation (sentences split by punctuation, lower-case
words minus spaCy's stop words, a crude lemma) instead of hours of spaCy on shared cores: the
timing is that of the clustering itself (`group_stories`: duplicate detection, TF-IDF, the
similarity graph and average linkage), not of annotation. Time is the faster of two runs;
peak memory is that of Python and NumPy allocations (tracemalloc, in an untimed run). Baseline:
scikit-learn TF-IDF with scipy's average linkage on the dense distance matrix, up to 3,000
documents (its n x n matrix is what a 10k run cannot afford; its memory is that matrix and its
condensed copy). Bars: 10k <= 12 x 1k, under 60 s and 2 GB at 10k.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Article, Sentence, Span
from newsprism.settings import Settings

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
SEED = 13
TIMED_RUNS = 2


def article_files(data_dir: Path) -> Iterator[tuple[Path, str]]:
    """(path, text) of every news article under data_dir."""
    for path in sorted(data_dir.glob("duc2004/*/docs/*.txt")):
        yield path, path.read_text(encoding="utf-8", errors="replace")
    for path in sorted(data_dir.glob("ecbplus/*/*.xml")):
        tokens = [t.text or "" for t in ET.parse(path).getroot().iter("token")]
        yield path, " ".join(tokens)
    for path in sorted(data_dir.glob("polnear/*/text/*.txt")):
        yield path, path.read_text(encoding="utf-8", errors="replace")
    for path in sorted(data_dir.glob("tempeval3/*/*.tml")):
        yield path, "".join(ET.parse(path).getroot().itertext())
    for path in sorted(data_dir.glob("timeline17/*/InputDocs/*/*.txt")):
        yield path, path.read_text(encoding="utf-8", errors="replace")


def date_of(path: Path) -> date | None:
    found = ISO_DATE.search(str(path))
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def light_annotation(article: Article) -> AnnotatedArticle:
    """Sentences and their content words: what the story step reads, without spaCy."""
    sentences, start = [], 0
    for number, piece in enumerate(SENTENCE_END.split(article.text)):
        start = article.text.find(piece, start)
        words = [w.lower() for w in WORD.findall(piece)]
        terms = tuple(w.rstrip("s") if len(w) > 4 else w for w in words if w not in STOP_WORDS)
        span = Span(article.id, start, start + len(piece), piece)
        sentences.append(Sentence(span, number, terms))
        start += len(piece)
    return AnnotatedArticle(article, tuple(sentences), (), (), (), (), ())


def halves(path: Path, text: str) -> list[Article]:
    """The article cut in two at its middle sentence: two documents of real news text."""
    pieces = SENTENCE_END.split(" ".join(text.split()))
    middle = max(1, len(pieces) // 2)
    documents = []
    for part, chosen in enumerate((pieces[:middle], pieces[middle:])):
        body = " ".join(chosen)
        if len(body.split()) >= 30:
            key = f"{path}#{part}"
            article_id = hashlib.sha256(key.encode()).hexdigest()[:16]
            documents.append(Article(article_id, "", body, date_of(path), source_path=key))
    return documents


def measure(documents: Sequence[AnnotatedArticle]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB and number of stories of clustering `documents`.

    Time is the fastest of TIMED_RUNS runs, more for fewer than 3,000 documents (the machine
    is shared: the slower ones measure the neighbours too, and a run of a second varies most);
    memory a further run: tracemalloc slows allocation-heavy code severalfold.
    """
    timings = []
    runs = max(TIMED_RUNS, round(TIMED_RUNS * 3000 / len(documents)))  # short runs vary most
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        stories = group_stories(documents, Settings())
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
    elapsed, cpu = min(timings)
    tracemalloc.start()
    group_stories(documents, Settings())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, cpu, peak / 1e6, len(stories)


def measure_baseline(documents: Sequence[AnnotatedArticle]) -> tuple[float, float]:
    """Seconds and peak MB of the usual baseline: TF-IDF, dense cosine distances, scipy's
    average linkage cut at a threshold (it needs the n x n matrix)."""
    started = time.perf_counter()
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.article.text for d in documents]
    )
    distances = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    fcluster(tree, 0.8, criterion="distance")
    elapsed = time.perf_counter() - started
    # the n x n float64 distances and their condensed copy dominate its memory
    return elapsed, (distances.nbytes * 1.5 + tree.nbytes) / 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--baseline-up-to", type=int, default=3000, help="n x n memory")
    args = parser.parse_args(argv)
    files = list(article_files(args.data_dir))
    documents = [light_annotation(a) for path, text in files for a in halves(path, text)]
    print(f"{len(files)} articles under {args.data_dir}, {len(documents)} half-article documents")
    random.Random(SEED).shuffle(documents)
    rows = []
    for size in args.sizes:
        if size > len(documents):
            print(f"  {size}: only {len(documents)} documents, skipped")
            continue
        elapsed, cpu, peak, stories = measure(documents[:size])
        rows.append((size, elapsed, peak, cpu))
        print(
            f"  {size:>6} documents: {elapsed:7.2f} s ({cpu:.2f} s CPU), peak {peak:7.1f} MB, "
            f"{stories} stories"
        )
        if size <= args.baseline_up_to:
            base_time, base_peak = measure_baseline(documents[:size])
            print(
                f"  {'':>6} baseline TF-IDF + dense average linkage: {base_time:7.2f} s, "
                f"peak {base_peak:7.1f} MB"
            )
    if len(rows) >= 2:
        (small, small_time, _, small_cpu), (large, large_time, large_peak, large_cpu) = (
            rows[0],
            rows[-1],
        )
        ratio = large_time / small_time
        print(
            f"  growth {small} -> {large}: time x{ratio:.1f}, CPU x{large_cpu / small_cpu:.1f} "
            f"(size x{large / small:.0f}; "
            f"bar x{1.2 * large / small:.0f}), {large}: {large_time:.1f} s (bar 60 s), "
            f"{large_peak:.0f} MB (bar 2000 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
