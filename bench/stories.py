"""Score story grouping (link stage) on DUC 2004 clusters and ECB+ sub-topics.

    python bench/stories.py [DATA_DIR] [--threshold T] [--embedding-weight W] [--sweep]
                            [--diagnose]

DUC 2004: the 500 articles of `duc2004/*/docs/*.txt` pooled, gold story = cluster folder.
ECB+: `ecbplus/<topic>/*.xml` (text rebuilt from tokens), gold story = (topic, ecb | ecbplus).
Prints B³ and pairwise precision/recall/F1 for newsprism's `group_stories` and for a baseline:
scikit-learn TF-IDF on raw text + average-linkage agglomerative clustering (cosine), with its
threshold tuned on the same data. Annotations are cached in /tmp (never in the repository).
With --diagnose, lists the gold stories that are split or merged and with which others, and
scores the gold grouping with identical texts kept together (DUC files some texts under two
clusters; no grouping of texts can tell such copies apart), the ceiling of any text clustering,
and scores DUC and ECB+ pooled with only 1, 2 or 3 articles per gold story (many small stories).
With --halves, clusters the ~10,400 article halves of bench/scaling.py (every article of the
data folder cut at its middle sentence, light annotation) and counts the articles whose two
halves share a story, and B³ on the DUC and ECB+ halves (gold: their article's story).
B³ F1 is also given on the odd and the even gold groups (ECB+: topics), to check that a tuned
constant holds on both halves.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.annotate.nlp import annotator_version
from newsprism.annotate.pipeline import annotate_articles
from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Article
from newsprism.settings import Settings

DATA_DIR = Path("/work/shared/data")
CACHE_DIR = Path("/tmp")
NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)(?=\s|$)")
NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass(frozen=True)
class Scores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float

    def line(self) -> str:
        return (
            f"B3 P {self.b3_precision:.3f} R {self.b3_recall:.3f} F1 {self.b3_f1:.3f} | "
            f"pairwise P {self.pair_precision:.3f} R {self.pair_recall:.3f} "
            f"F1 {self.pair_f1:.3f}"
        )


def make_article(text: str, source_path: Path) -> Article:
    """An undated, untitled article; the id hashes the path too: DUC repeats 25 texts."""
    key = f"{source_path.parent.parent.name}/{source_path.name}\n{text}"
    article_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return Article(id=article_id, title="", text=text, source_path=str(source_path))


def load_duc(data_dir: Path) -> tuple[list[Article], list[str]]:
    """DUC 2004 articles (wrapped lines joined; the files carry no title or date) and clusters."""
    articles, gold = [], []
    for path in sorted(data_dir.glob("duc2004/*/docs/*.txt")):
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        articles.append(make_article(text, path))
        gold.append(path.parent.parent.name)
    return articles, gold


def detokenise(tokens: Sequence[str]) -> str:
    text = NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens))
    return NO_SPACE_AFTER.sub(r"\1", text)


def ecb_text(path: Path) -> str:
    """An ECB+ document's text rebuilt from its tokens, one line per sentence."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    return "\n".join(detokenise(sentences[key]) for key in sorted(sentences))


def load_ecbplus(data_dir: Path) -> tuple[list[Article], list[str]]:
    """ECB+ articles and their gold story: topic plus ecb / ecbplus sub-topic."""
    articles, gold = [], []
    for path in sorted(data_dir.glob("ecbplus/*/*.xml")):
        subtopic = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
        articles.append(make_article(ecb_text(path), path))
        gold.append(f"{path.parent.name}-{subtopic}")
    return articles, gold


def annotate_cached(
    name: str, articles: list[Article], refresh: bool, any_version: bool = False
) -> list[AnnotatedArticle]:
    """Annotations of `articles`, from a /tmp pickle when one exists for the same input.

    With `any_version`, the newest pickle of the same input made by any annotator version is
    used (stories read only sentences, lemmas and names, which most versions leave alone).
    """
    digest = hashlib.sha256("".join(a.id for a in articles).encode()).hexdigest()[:12]
    cache = CACHE_DIR / f"newsprism-stories-{name}-{annotator_version()}-{digest}.pkl"
    older = sorted(CACHE_DIR.glob(f"newsprism-stories-{name}-*-{digest}.pkl"), key=modified)
    if any_version and not cache.exists() and older and not refresh:
        cache = older[-1]
        print(f"  using annotations {cache.name} (not {annotator_version()})")
    if cache.exists() and not refresh:
        with cache.open("rb") as handle:
            cached: list[AnnotatedArticle] = pickle.load(handle)
        return cached
    started = time.perf_counter()
    annotated = list(annotate_articles(articles, Settings(n_process=2)))
    print(f"  annotated {len(articles)} {name} articles in {time.perf_counter() - started:.0f}s")
    with cache.open("wb") as handle:
        pickle.dump(annotated, handle)
    return annotated


def modified(path: Path) -> float:
    return path.stat().st_mtime


def score(predicted: Sequence[str], gold: Sequence[str]) -> Scores:
    """B³ (per item, averaged) and pairwise precision/recall/F1 of a clustering."""
    pairs = Counter(zip(predicted, gold, strict=True))
    predicted_sizes, gold_sizes = Counter(predicted), Counter(gold)
    n = len(gold)
    b3_p = sum(c * c / predicted_sizes[p] for (p, _), c in pairs.items()) / n
    b3_r = sum(c * c / gold_sizes[g] for (_, g), c in pairs.items()) / n
    same_both = sum(c * (c - 1) / 2 for c in pairs.values())
    same_predicted = sum(c * (c - 1) / 2 for c in predicted_sizes.values())
    same_gold = sum(c * (c - 1) / 2 for c in gold_sizes.values())
    pair_p = same_both / same_predicted if same_predicted else 1.0
    pair_r = same_both / same_gold if same_gold else 1.0
    return Scores(b3_p, b3_r, f1(b3_p, b3_r), pair_p, pair_r, f1(pair_p, pair_r))


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def half_scores(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float]:
    """B³ F1 over the articles of the odd and of the even gold groups, a group being the part
    of the gold name before "-" (an ECB+ topic keeps its two sub-topics together), so that a
    constant tuned on the whole can be checked on each half."""
    groups = sorted({truth.split("-")[0] for truth in gold})
    halves = []
    for parity in (0, 1):
        kept = set(groups[parity::2])
        chosen = [i for i, truth in enumerate(gold) if truth.split("-")[0] in kept]
        halves.append(score([predicted[i] for i in chosen], [gold[i] for i in chosen]).b3_f1)
    return halves[0], halves[1]


def diagnosis(predicted: Sequence[str], gold: Sequence[str]) -> list[str]:
    """One line per gold story split over several stories and per story merging gold ones."""
    in_story: dict[str, Counter[str]] = defaultdict(Counter)
    of_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for story, truth in zip(predicted, gold, strict=True):
        in_story[story][truth] += 1
        of_gold[truth][story] += 1

    def parts(counts: Counter[str]) -> str:
        return " + ".join(f"{name} x{count}" for name, count in counts.most_common())

    lines = [
        f"split {truth} ({sum(stories.values())}): "
        + " | ".join(
            f"{count} with [{parts(in_story[story])}]" for story, count in stories.most_common()
        )
        for truth, stories in sorted(of_gold.items())
        if len(stories) > 1
    ]
    merged = sorted(parts(truths) for truths in in_story.values() if len(truths) > 1)
    return lines + [f"merged {line}" for line in merged]


def copies_together(texts: Sequence[str], gold: Sequence[str]) -> list[str]:
    """The gold grouping, except that a text filed under several stories keeps its first."""
    first: dict[str, str] = {}
    return [first.setdefault(text, truth) for text, truth in zip(texts, gold, strict=True)]


def baseline_tree(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF on raw text, average-linkage agglomerative clustering on cosine distance.

    The same clustering as scikit-learn's AgglomerativeClustering(linkage="average",
    metric="cosine"); scipy's tree is built once and cut at every threshold of the sweep.
    """
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return linkage(pdist(vectors.toarray(), metric="cosine"), method="average")


def best_baseline(texts: Sequence[str], gold: Sequence[str]) -> tuple[float, Scores]:
    tree = baseline_tree(texts)
    results = [
        (t, score([str(x) for x in fcluster(tree, 1 - t, criterion="distance")], gold))
        for t in np.arange(0.02, 0.6, 0.02).round(2)
    ]
    return max(results, key=lambda item: item[1].b3_f1)


def baseline_labels(texts: Sequence[str], threshold: float) -> list[str]:
    return [str(x) for x in fcluster(baseline_tree(texts), 1 - threshold, criterion="distance")]


def our_labels(annotated: Sequence[AnnotatedArticle], settings: Settings) -> list[str]:
    story_of = {
        article_id: story.id
        for story in group_stories(annotated, settings)
        for article_id in story.article_ids
    }
    return [story_of[a.article.id] for a in annotated]


def evaluate(
    name: str, annotated: list[AnnotatedArticle], gold: list[str], args: argparse.Namespace
) -> None:
    print(f"{name}: {len(annotated)} articles, {len(set(gold))} gold stories")
    settings = Settings().with_overrides(
        story_threshold=args.threshold, story_embedding_weight=args.embedding_weight
    )
    started = time.perf_counter()
    labels = our_labels(annotated, settings)
    elapsed = time.perf_counter() - started
    print(
        f"  newsprism (t={settings.story_threshold}, "
        f"embedding weight {settings.story_embedding_weight}, {len(set(labels))} stories, "
        f"{elapsed:.2f}s): {score(labels, gold).line()}"
    )
    odd, even = half_scores(labels, gold)
    print(f"    B3 F1 on odd / even gold groups: {odd:.3f} / {even:.3f}")
    if args.sweep:
        for t in np.arange(0.06, 0.3, 0.01).round(3).tolist():
            swept = score(our_labels(annotated, replace(settings, story_threshold=t)), gold)
            print(f"    t={t:.2f}: {swept.line()}")
    if args.diagnose:
        ceiling = score(copies_together([a.article.text for a in annotated], gold), gold)
        print(f"  ceiling (identical texts together): {ceiling.line()}")
        for line in diagnosis(labels, gold):
            print(f"    {line}")
    texts = [a.article.text for a in annotated]
    threshold, best = best_baseline(texts, gold)
    print(f"  baseline TF-IDF + agglomerative (best t={threshold}): {best.line()}")
    odd, even = half_scores(baseline_labels(texts, threshold), gold)
    print(f"    B3 F1 on odd / even gold groups: {odd:.3f} / {even:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument(
        "--embedding-weight", type=float, default=None, help="share of MiniLM lead similarity"
    )
    parser.add_argument("--sweep", action="store_true", help="also score a range of thresholds")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="list split and merged gold stories, and the ceiling",
    )
    parser.add_argument(
        "--halves", action="store_true", help="halves of every article in one large feed"
    )
    parser.add_argument("--refresh", action="store_true", help="re-annotate, ignore the cache")
    parser.add_argument(
        "--any-annotator", action="store_true", help="reuse cached annotations of any version"
    )
    args = parser.parse_args(argv)
    sets = {}
    for name, loader in (("duc2004", load_duc), ("ecbplus", load_ecbplus)):
        articles, gold = loader(args.data_dir)
        annotated = annotate_cached(name, articles, args.refresh, args.any_annotator)
        evaluate(name, annotated, gold, args)
        sets[name] = annotated, gold
    if args.diagnose:
        small_stories(
            [*sets["duc2004"][0], *sets["ecbplus"][0]],
            [*sets["duc2004"][1], *sets["ecbplus"][1]],
            args,
        )
    if args.halves:
        halves_check(args.data_dir)
    return 0


def small_stories(
    annotated: list[AnnotatedArticle], gold: list[str], args: argparse.Namespace
) -> None:
    """DUC and ECB+ pooled with only the first 1, 2 or 3 articles of each gold story: a feed
    of many small stories. newsprism beside the baseline at DUC's best baseline threshold."""
    settings = Settings().with_overrides(story_threshold=args.threshold)
    for size in (1, 2, 3):
        taken: Counter[str] = Counter()
        chosen = []
        for i, truth in enumerate(gold):
            taken[truth] += 1
            if taken[truth] <= size:
                chosen.append(i)
        articles, truths = [annotated[i] for i in chosen], [gold[i] for i in chosen]
        ours = score(our_labels(articles, settings), truths)
        base = score(baseline_labels([a.article.text for a in articles], 0.14), truths)
        print(
            f"{size} article(s) per gold story ({len(articles)}): newsprism B3 F1 "
            f"{ours.b3_f1:.3f}, baseline TF-IDF + agglomerative (t=0.14) {base.b3_f1:.3f}"
        )


def halves_check(data_dir: Path) -> None:
    """Both halves of an article are one story: how many stay together in a 10k-half feed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scaling

    documents = [
        scaling.light_annotation(half)
        for path, text in scaling.article_files(data_dir)
        for half in scaling.halves(path, text)
    ]
    story_of = {
        article_id: story.id
        for story in group_stories(documents, Settings())
        for article_id in story.article_ids
    }
    halves_of: dict[str, list[str]] = defaultdict(list)
    for document in documents:
        halves_of[document.article.source_path.rsplit("#", 1)[0]].append(document.article.id)
    pairs = [found for found in halves_of.values() if len(found) == 2]
    together = sum(story_of[a] == story_of[b] for a, b in pairs)
    labelled = [
        (story_of[d.article.id], truth)
        for d in documents
        if (truth := gold_of_path(Path(d.article.source_path.rsplit("#", 1)[0])))
    ]
    scores = score([p for p, _ in labelled], [t for _, t in labelled])
    print(
        f"halves: {len(documents)} documents, {len(set(story_of.values()))} stories; "
        f"{together} of {len(pairs)} articles keep their two halves together; "
        f"DUC and ECB+ halves ({len(labelled)}): {scores.line()}"
    )


def gold_of_path(path: Path) -> str | None:
    """The gold story of a DUC or ECB+ file, as the loaders name it (None for others)."""
    if "duc2004" in path.parts:
        return path.parent.parent.name
    if "ecbplus" in path.parts:
        return f"{path.parent.name}-{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"
    return None


if __name__ == "__main__":
    sys.exit(main())
