"""Score the cited summary on DUC 2004 task 2: ROUGE-1/2 recall, 100 words, stemmed.

Usage: python bench/summary.py DATA_DIR [--db FILE] [--clusters N] [--pipeline]

DATA_DIR is the duc2004 folder (<cluster>/docs/*.txt, refs/a..d.txt, peers/<system>.txt).
Every cluster's ten articles form one Story; newsprism's summary (100 words; without Facts, or
with `--pipeline` through the whole analysis as `--one-story` runs it) and the
13 published systems' outputs in peers/ are scored the same way in the same run with the
`rouge-score` package: Porter stemming on, each summary truncated to its first 100
whitespace-separated words, and recall averaged over the four references (then over the
clusters). The table is sorted by ROUGE-2. newsprism is scored twice: `newsprism` with the
product's default strict budget (at most 100 words), and `newsprism+overrun` as
`--summary-overrun` runs it: as most peers do (DPP, Submodular, RegSum and Lead average
105-130 words), one last whole sentence may run past the 100 words and is cut by the scorer.

Annotation is the slow part (about a minute); it is cached in a newsprism store (SQLite,
`--db`, by default under /tmp, never in the repository) keyed by the annotator's version, so
reruns only re-summarise and a changed annotator re-annotates. `--clusters N` scores every
N-th cluster only, for quick iterations.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from newsprism.analyse.summary import summarise_story
from newsprism.api import analyse_articles, annotate_with_cache
from newsprism.ingest.fields import article_id
from newsprism.model import AnnotatedArticle, Article, Story
from newsprism.settings import Settings
from newsprism.store import open_store

WORDS = 100
NEWSPRISM = "newsprism"
VARIANTS = {NEWSPRISM: False, f"{NEWSPRISM}+overrun": True}  # name: summary_overrun


def read_cluster_articles(cluster: Path) -> list[Article]:
    """The cluster's documents as Articles (DUC documents carry no title, date or outlet)."""
    paths = sorted(cluster.glob("docs/*.txt"), key=lambda p: int(p.stem.lstrip("D") or 0))
    articles = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        articles.append(Article(id=article_id(text), title="", text=text, source_path=str(path)))
    return articles


def annotate_clusters(clusters: Sequence[Path], db: Path) -> dict[str, list[AnnotatedArticle]]:
    """Annotated articles per cluster name, reusing the annotations cached in the store `db`."""
    pooled = [(c.name, a) for c in clusters for a in read_cluster_articles(c)]
    articles = [a for _, a in pooled]
    with open_store(str(db)) as store:
        store.add_articles(articles)
        annotated = annotate_with_cache(articles, Settings(), store, lambda *_: None)
    by_cluster: dict[str, list[AnnotatedArticle]] = {c.name: [] for c in clusters}
    for (name, _), result in zip(pooled, annotated, strict=True):
        by_cluster[name].append(result)
    return by_cluster


def first_words(text: str, limit: int = WORDS) -> str:
    """The first `limit` whitespace-separated words of `text`."""
    return " ".join(text.split()[:limit])


def recall_against_refs(
    scorer: rouge_scorer.RougeScorer, summary: str, refs: Sequence[str]
) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 recall of `summary`, averaged over the references."""
    scores = [scorer.score(first_words(ref), first_words(summary)) for ref in refs]
    return (
        statistics.fmean(s["rouge1"].recall for s in scores),
        statistics.fmean(s["rouge2"].recall for s in scores),
    )


def newsprism_summary(name: str, annotated: Sequence[AnnotatedArticle], overrun: bool) -> str:
    """newsprism's 100-word summary of one cluster, treated as one story, as plain text."""
    story = Story(id=name, title="", article_ids=tuple(a.article.id for a in annotated))
    summary = summarise_story(story, annotated, facts=(), max_words=WORDS, overrun=overrun)
    return "\n".join(s.text for s in summary.sentences)


def pipeline_summary(name: str, annotated: Sequence[AnnotatedArticle], overrun: bool) -> str:
    """The summary the product gives (`--one-story`): entities and Facts linked first, so
    corroboration counts, as plain text."""
    settings = Settings(one_story=True, summary_words=WORDS, summary_overrun=overrun)
    analysis = analyse_articles(annotated, settings)
    return "\n".join(s.text for summary in analysis.summaries for s in summary.sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(tempfile.gettempdir()) / "newsprism-bench-summary.db",
        help="newsprism store caching the annotations (keep it out of the repository)",
    )
    parser.add_argument("--clusters", type=int, default=1, help="score every N-th cluster only")
    parser.add_argument(
        "--pipeline",
        action="store_true",
        help="summarise through the whole analysis (entities, Facts), as the product does "
        "(about 7 s per cluster); default: the summariser alone, without Facts",
    )
    args = parser.parse_args()
    clusters = sorted(p for p in args.data_dir.iterdir() if (p / "docs").is_dir())
    clusters = clusters[:: args.clusters]
    annotated = annotate_clusters(clusters, args.db)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    totals: dict[str, list[tuple[float, float]]] = {}
    started = time.perf_counter()
    summarise = pipeline_summary if args.pipeline else newsprism_summary
    summaries = {
        variant: {c.name: summarise(c.name, annotated[c.name], overrun) for c in clusters}
        for variant, overrun in VARIANTS.items()
    }
    elapsed = time.perf_counter() - started
    for cluster in clusters:
        refs = [p.read_text(encoding="utf-8") for p in sorted(cluster.glob("refs/*.txt"))]
        systems = {p.stem: p.read_text(encoding="utf-8") for p in cluster.glob("peers/*.txt")}
        systems.update({variant: summaries[variant][cluster.name] for variant in VARIANTS})
        for system, text in systems.items():
            totals.setdefault(system, []).append(recall_against_refs(scorer, text, refs))
    rows = sorted(
        (
            (s, statistics.fmean(r[0] for r in v), statistics.fmean(r[1] for r in v), len(v))
            for s, v in totals.items()
        ),
        key=lambda row: row[2],
        reverse=True,
    )
    print(
        f"DUC 2004 task 2, {len(clusters)} clusters; rouge-score recall, stemmed, "
        f"{WORDS} words, mean over 4 references"
    )
    print(f"{'system':<18} {'ROUGE-1':>8} {'ROUGE-2':>8} {'clusters':>9}")
    for system, r1, r2, n in rows:
        marker = " <-" if system in VARIANTS else ""
        print(f"{system:<18} {100 * r1:8.2f} {100 * r2:8.2f} {n:9d}{marker}")
    print(f"newsprism summarised {len(clusters)} clusters twice in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
