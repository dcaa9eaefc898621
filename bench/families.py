"""Score story families (link stage) on ECB+ topics and DUC 2004 clusters.

    python bench/families.py [DATA_DIR] [--threshold T] [--sweep] [--show] [--scale N]

Stories come from `group_stories` (default settings), then `group_families` groups them.
ECB+: gold family = topic folder (its two events, `ecb` and `ecbplus`, are two gold stories).
DUC 2004: gold = the 50 clusters, which are not families: some are one topic in successive
weeks, so a merge of clusters is not always wrong; the bench reports how many gold clusters
share a family with another. Prints B³ and pairwise P/R/F1 against the gold families for
newsprism and for two baselines in the same run: each story its own family (what newsprism
showed before families), and scikit-learn TF-IDF on raw text + average-linkage agglomerative
clustering over articles (bench/stories.py's baseline) with its threshold tuned on the same
data for the family gold, and on DUC also at the threshold tuned on ECB+ (newsprism uses one
threshold for both). Also the time of the family step beside that of `group_stories`; with
--scale N, on N documents of bench/scaling.py (half-articles with a light annotation).
Annotations come from bench/stories.py's /tmp cache (never the repository).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster

from newsprism.link.families import group_families
from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Story
from newsprism.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scaling  # noqa: E402
from stories import (  # noqa: E402
    DATA_DIR,
    annotate_cached,
    baseline_tree,
    best_baseline,
    load_duc,
    load_ecbplus,
    score,
)


def article_labels(
    annotated: Sequence[AnnotatedArticle], stories: Sequence[Story], by_family: bool
) -> list[str]:
    """Each article's story id, or its story's family (the story id when it has none)."""
    label = {i: (s.family or s.id) if by_family else s.id for s in stories for i in s.article_ids}
    return [label[a.article.id] for a in annotated]


def shared_clusters(labels: Sequence[str], gold: Sequence[str]) -> list[list[str]]:
    """The groups of gold clusters whose majority family is the same (groups of two or more)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for label, truth in zip(labels, gold, strict=True):
        counts[truth][label] += 1
    families: dict[str, list[str]] = defaultdict(list)
    for truth, by_label in counts.items():
        families[max(by_label, key=lambda k: by_label[k])].append(truth)
    return sorted(sorted(g) for g in families.values() if len(g) > 1)


def evaluate(
    name: str,
    annotated: list[AnnotatedArticle],
    family_gold: list[str],
    threshold: float,
    args: argparse.Namespace,
    baseline_threshold: float | None = None,
) -> float:
    """Print the scores; return the baseline's best threshold."""
    settings = Settings()
    started = time.perf_counter()
    stories = group_stories(annotated, settings)
    story_time = time.perf_counter() - started
    started = time.perf_counter()
    familied = group_families(stories, annotated, threshold)
    family_time = time.perf_counter() - started
    labels = article_labels(annotated, familied, by_family=True)
    print(
        f"{name}: {len(annotated)} articles, {len(set(family_gold))} gold families, "
        f"{len(stories)} stories (group_stories {story_time:.2f}s)"
    )
    print(
        f"  newsprism families (t={threshold}, {len(set(labels))} families, "
        f"{family_time:.2f}s): {score(labels, family_gold).line()}"
    )
    own = article_labels(annotated, stories, by_family=False)
    print(f"  baseline each story its own family: {score(own, family_gold).line()}")
    if args.sweep:
        for t in np.arange(0.03, 0.15, 0.01).round(3).tolist():
            swept = article_labels(annotated, group_families(stories, annotated, t), True)
            print(f"    t={t:.2f} ({len(set(swept))} families): {score(swept, family_gold).line()}")
    texts = [a.article.text for a in annotated]
    base_t, base = best_baseline(texts, family_gold)
    print(f"  baseline TF-IDF + agglomerative over articles (best t={base_t}): {base.line()}")
    if baseline_threshold is not None:
        cut = fcluster(baseline_tree(texts), 1 - baseline_threshold, criterion="distance")
        print(
            f"  baseline TF-IDF + agglomerative at the ECB+ t={baseline_threshold}: "
            f"{score([str(x) for x in cut], family_gold).line()}"
        )
    if name == "duc2004":
        shared = shared_clusters(labels, family_gold)
        print(
            f"  gold clusters sharing a family: {sum(len(g) for g in shared)} of "
            f"{len(set(family_gold))}, in {len(shared)} families "
            f"(each story its own family: {sum(len(g) for g in shared_clusters(own, family_gold))})"
        )
    if args.show:
        show_families(familied, annotated, family_gold)
    return base_t


def timing(data_dir: Path, size: int, threshold: float) -> None:
    """Seconds of `group_stories` and of `group_families` on `size` scaling-bench documents."""
    files = list(scaling.article_files(data_dir))
    documents = [
        scaling.light_annotation(a) for path, text in files for a in scaling.halves(path, text)
    ]
    random.Random(scaling.SEED).shuffle(documents)
    documents = documents[:size]
    started = time.perf_counter()
    stories = group_stories(documents, Settings())
    story_time = time.perf_counter() - started
    started = time.perf_counter()
    familied = group_families(stories, documents, threshold)
    family_time = time.perf_counter() - started
    in_family = [s.family for s in familied if s.family]
    print(
        f"{len(documents)} scaling documents: group_stories {story_time:.2f}s "
        f"({len(stories)} stories), group_families {family_time:.2f}s "
        f"({len(set(in_family))} families holding {len(in_family)} stories)"
    )


def show_families(
    stories: Sequence[Story], annotated: Sequence[AnnotatedArticle], gold: Sequence[str]
) -> None:
    """Each family of several stories: its stories' titles and the gold labels they hold."""
    truth = {a.article.id: g for a, g in zip(annotated, gold, strict=True)}
    members: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        if story.family:
            members[story.family].append(story)
    for family, group in sorted(members.items()):
        print(f"    {family}")
        for story in group:
            labels = sorted({truth[i] for i in story.article_ids})
            print(f"      {story.title[:70]} {labels}")


def topic_of(story_label: str) -> str:
    """ECB+ gold story "<topic>-ecb" / "<topic>-ecbplus" -> its family, the topic."""
    return story_label.rsplit("-", 1)[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--threshold", type=float, default=Settings().family_threshold)
    parser.add_argument("--sweep", action="store_true", help="also score a range of thresholds")
    parser.add_argument("--show", action="store_true", help="list the families found")
    parser.add_argument("--scale", type=int, default=0, help="also time N scaling documents")
    parser.add_argument("--refresh", action="store_true", help="re-annotate, ignore the cache")
    parser.add_argument(
        "--any-annotator", action="store_true", help="reuse cached annotations of any version"
    )
    args = parser.parse_args(argv)
    articles, gold = load_ecbplus(args.data_dir)
    annotated = annotate_cached("ecbplus", articles, args.refresh, args.any_annotator)
    ecb_t = evaluate("ecbplus", annotated, [topic_of(g) for g in gold], args.threshold, args)
    articles, gold = load_duc(args.data_dir)
    annotated = annotate_cached("duc2004", articles, args.refresh, args.any_annotator)
    evaluate("duc2004", annotated, gold, args.threshold, args, ecb_t)
    if args.scale:
        timing(args.data_dir, args.scale, args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
