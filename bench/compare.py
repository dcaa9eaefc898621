"""Cross-source comparison bench: facts and conflicts on the example, coverage on bpoil.

    python bench/compare.py --example examples/palmyra-2016 --gold tests/data/palmyra-gold.json
    (--show prints the example's findings, to read the pairings)
    python bench/compare.py --bpoil /work/shared/data/timeline17 --per-outlet 12

Example: gold.json's corroborated facts and conflicts found (found / expected) and the share of
reported conflicts that are false against gold, for newsprism's alignment (MiniLM paraphrase
scores) beside the old lexical alignment (word, entity, date and number overlap) run on the
same annotations. bpoil: the five outlets' articles on the BP oil spill as one story (a sample
of each outlet, say how many), facts corroborated by 1..5 outlets for both alignments; then a
pool of conflicts over up to three articles per outlet and date (stories of ten dates, more
dates with --offsets), 20 of them sampled into a Markdown file (bench/results/bpoil-conflicts.md
holds the judged one) for a person to judge.
Annotations are cached in a sqlite db under /tmp.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from newsprism.analyse.compare import compare_story
from newsprism.analyse.one_sided import mark_one_sided
from newsprism.annotate.nlp import annotator_version, load_pipeline
from newsprism.api import annotate_with_cache
from newsprism.ingest import read_inputs
from newsprism.ingest.fields import article_id
from newsprism.link.align import story_statements
from newsprism.link.attach import attach_entities
from newsprism.link.entities import link_entities
from newsprism.link.paraphrase import align_facts
from newsprism.link.stories import group_stories
from newsprism.model import AnnotatedArticle, Article, Fact, Finding, Story
from newsprism.settings import Settings
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_checks import article_prefixes, checks_found, matches_check  # noqa: E402

CACHE = "/tmp/newsprism-compare-bench.db"
RANKS = 3  # articles per outlet and date in the conflict pool
WINDOW_DATES = 10  # dates per story in the conflict pool
BPOIL = ("bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost")
# The gold note of the first conflict also names two inconsistencies inside 000; they are
# conflicts a reader is told about, so a finding matching them is not a false conflict.
GOLD_NOTE_CONFLICTS = [
    {
        "what": "000 says 10 months for March 2015 to May 2016 (14 months)",
        "sides": [{"article": "000", "any": ["10 months it held Palmyra from March 2015"]}],
    },
    {
        "what": "000 says the hold ended in May 2016 and that the city was recaptured in March",
        "sides": [
            {"article": "000", "any": ["from March 2015 to May 2016"]},
            {"article": "000", "any": ["from IS fighters in March"]},
        ],
    },
]

Aligner = Callable[[Story, dict[str, AnnotatedArticle], dict], list[Fact]]


def paraphrase_aligner(story: Story, by_id: dict[str, AnnotatedArticle], entity_of: dict):
    statements = story_statements(story, by_id, entity_of)
    return mark_one_sided(align_facts(story, statements), by_id)


def lexical_aligner(story: Story, by_id: dict[str, AnnotatedArticle], entity_of: dict):
    """The product's word-overlap alignment (its path for large batches)."""
    statements = story_statements(story, by_id, entity_of)
    vocab = load_pipeline("md").vocab
    return mark_one_sided(align_facts(story, statements, vocab), by_id)


ALIGNERS: dict[str, Aligner] = {"newsprism": paraphrase_aligner, "lexical": lexical_aligner}


def compare_with(
    aligner: Aligner, annotated: Sequence[AnnotatedArticle], story: Story
) -> tuple[list[Fact], list[Finding]]:
    """Facts and findings of one story with the given alignment (everything else equal)."""
    entities, entity_of = link_entities(annotated)
    annotated = attach_entities(annotated, entity_of)
    by_id = {a.article.id: a for a in annotated}
    types = {e.id: e.type for e in entities}
    facts = aligner(story, by_id, entity_of)
    return facts, compare_story(story, by_id, facts, entity_of, types)


def example_bench(example: Path, gold: dict, show: bool = False) -> None:
    settings = Settings(db=CACHE)
    articles = [a for a in read_inputs([example]) if isinstance(a, Article)]
    with open_store(settings.db) as store:  # two articles: always the current annotator
        store.add_articles(articles)
        annotated = annotate_with_cache(articles, settings, store, lambda *_: None)
    story = group_stories(annotated, settings)[0]
    prefixes = article_prefixes(annotated)
    checks = gold["cross_source"]["checks"]
    print(f"example: {len(annotated)} articles, one story")
    print(f"{'alignment':<10} {'corroborated':>13} {'conflicts':>10} {'false':>8} {'reported':>9}")
    for name, aligner in ALIGNERS.items():
        _, findings = compare_with(aligner, annotated, story)
        corroborated = [f for f in findings if f.kind == "corroborated"]
        conflicts = [f for f in findings if f.kind == "conflict"]
        expected_facts, expected_conflicts = checks["corroborated"], checks["conflicts"]
        found = len(checks_found(corroborated, expected_facts, prefixes))
        got = len(checks_found(conflicts, expected_conflicts, prefixes))
        known = expected_conflicts + GOLD_NOTE_CONFLICTS
        false = [f for f in conflicts if not any(matches_check(f, c, prefixes) for c in known)]
        print(
            f"{name:<10} {found:>4}/{len(expected_facts):<8} {got:>4}/{len(expected_conflicts):<5}"
            f" {len(false):>3}/{len(conflicts):<4} {len(corroborated):>9}"
        )
        for f in false:
            print(f"   not in gold: [{f.slot}] {f.note}")
        if show:
            for f in corroborated + conflicts:
                print(f"   {f.kind}: " + " | ".join(" ".join(s.text.split()) for s in f.statements))
    print("(corroborated, conflicts: gold items found / expected; false: reported conflicts that")
    print(" match no gold conflict / reported; reported: corroborated facts reported)")


def detokenize(text: str) -> str:
    """timeline17 texts are PTB-tokenised ("BP 's", "-LRB-", "``"): undo the common marks."""
    for old, new in (("-LRB-", "("), ("-RRB-", ")"), ("``", '"'), ("''", '"'), (" 's", "'s")):
        text = text.replace(old, new)
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    text = re.sub(r"([($]) ", r"\1", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    return text.strip()


def bpoil_articles(root: Path, per_outlet: int, rank: int = 0, offset: int = 0) -> list[Article]:
    """A sample of the five outlets on dates most of them covered: `per_outlet` dates spread
    over the spill (every step-th from the `offset`-th), the `rank`-th article (by file name)
    of each outlet on each date."""
    by_outlet_date: dict[str, dict[str, list[Path]]] = {}
    for folder in BPOIL:
        for path in sorted((root / folder / "InputDocs").glob("*/*.txt")):
            by_outlet_date.setdefault(folder, {}).setdefault(path.parent.name, []).append(path)
    counts = Counter(d for dates in by_outlet_date.values() for d in dates)
    common = sorted(d for d, n in counts.items() if n >= 4)
    step = max(1, len(common) // per_outlet)
    chosen = common[offset::step][:per_outlet]
    articles = []
    for folder in BPOIL:
        for day in chosen:
            for path in by_outlet_date.get(folder, {}).get(day, [])[rank : rank + 1]:
                text = detokenize(path.read_text(encoding="utf-8", errors="replace"))
                articles.append(
                    Article(
                        id=article_id(text),
                        title=text.split("\n", 1)[0][:120],
                        text=text,
                        published=date.fromisoformat(day),
                        outlet=folder.split("_", 1)[1],
                        source_path=str(path),
                    )
                )
    return articles


def cached_annotations(articles: Sequence[Article], settings: Settings) -> list[AnnotatedArticle]:
    """Annotations from the bench cache: by the current annotator if it has them all, else by
    the latest earlier annotator that has them all (the comparison is of alignment, on fixed
    annotations, and the annotate stage changes often); else made now and cached."""
    ids = [a.id for a in articles]
    with open_store(settings.db) as store:
        store.add_articles(articles)
        for annotator in [annotator_version(settings.model), *earlier_annotators(settings.db)]:
            found = store.load_annotations(ids, annotator)
            if len(found) == len(ids):
                print(f"annotations by {annotator} (cached)")
                return [found[i] for i in ids]
        return annotate_with_cache(articles, settings, store, lambda *_: None)


def earlier_annotators(db: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT annotator FROM annotations GROUP BY annotator ORDER BY max(rowid) DESC"
        ).fetchall()
    return [row[0] for row in rows]


def bpoil_bench(root: Path, per_outlet: int, sample_out: Path, seed: int, offsets: int) -> None:
    settings = Settings(db=CACHE, one_story=True)
    articles = bpoil_articles(root, per_outlet)
    started = time.perf_counter()
    annotated = cached_annotations(articles, settings)
    print(f"\nbpoil: {len(articles)} articles sampled ({per_outlet} dates covered by at least")
    print(f"four outlets, one article per outlet and date), annotated or read from {CACHE} in")
    print(f"{time.perf_counter() - started:.0f} s; analysed as one story")
    story = group_stories(annotated, settings)[0]
    print(f"{len(story.duplicates)} near-duplicate pairs known (Story.duplicates)")
    header = " ".join(f"{k:>6}" for k in range(1, 6))
    print(f"{'':<10} {'facts by independent outlets 1..5':<34} {'conflicts':>9} {'align s':>8}")
    print(f"{'alignment':<10} {header}")
    for name, aligner in ALIGNERS.items():
        started = time.perf_counter()
        facts, findings = compare_with(aligner, annotated, story)
        seconds = time.perf_counter() - started
        by_sources = Counter(min(f.sources, 5) for f in facts)
        conflicts = [f for f in findings if f.kind == "conflict"]
        row = " ".join(f"{by_sources.get(k, 0):>6}" for k in range(1, 6))
        print(f"{name:<10} {row}  {len(conflicts):>9} {seconds:>8.1f}")
    print("(facts: groups of statements from two or more articles; align s: link, align and")
    print(" compare time for the story, MiniLM embedding included for newsprism)")
    ours, everything = conflict_pool(root, per_outlet, offsets, settings)
    kinds = Counter(f.slot for f in ours)
    print("newsprism conflicts by slot: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    sample = random.Random(seed).sample(ours, min(20, len(ours)))
    write_sample(sample, everything, sample_out)
    print(f"{len(sample)} of {len(ours)} conflicts sampled into {sample_out}")


def conflict_pool(
    root: Path, per_outlet: int, offsets: int, settings: Settings
) -> tuple[list[Finding], list[AnnotatedArticle]]:
    """newsprism's conflicts over more of the data, for the judged sample: for each offset,
    the first RANKS articles of each outlet on `per_outlet` dates (offset 0: the table's
    dates), analysed as one story per WINDOW_DATES consecutive dates (a reader's story of a
    week or two; conflicts need both sides in one story)."""
    found: list[Finding] = []
    everything: list[AnnotatedArticle] = []
    for offset in range(offsets):
        articles = [
            a
            for rank in range(RANKS)
            for a in cached_annotations(bpoil_articles(root, per_outlet, rank, offset), settings)
        ]
        everything += articles
        days = sorted({a.article.published for a in articles if a.article.published})
        for start in range(0, len(days), WINDOW_DATES):
            window = set(days[start : start + WINDOW_DATES])
            chunk = [a for a in articles if a.article.published in window]
            story = group_stories(chunk, settings)[0]
            _, findings = compare_with(paraphrase_aligner, chunk, story)
            conflicts = [f for f in findings if f.kind == "conflict"]
            print(
                f"pool: offset {offset}, {min(window)} to {max(window)}: {len(chunk)} articles,"
                f" {len(conflicts)} conflicts"
            )
            found += conflicts
    return found, everything


def write_sample(sample: Sequence[Finding], annotated: Sequence[AnnotatedArticle], out: Path):
    """The sampled conflicts as Markdown, a `Judgement:` line under each for a person."""
    meta = {a.article.id: a.article for a in annotated}
    lines = [f"# bpoil: {len(sample)} sampled conflicts", ""]
    for n, finding in enumerate(sample, start=1):
        lines += [f"## {n}. {finding.slot}: {finding.note}", ""]
        for span, who in zip(finding.statements, finding.asserted_by, strict=False):
            article = meta[span.article_id]
            lines.append(
                f"- **{article.outlet} {article.published}** (asserted by {who}): "
                + " ".join(span.text.split())
            )
        lines += ["", "Judgement: ", ""]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--example", type=Path, help="the worked example folder")
    parser.add_argument("--gold", type=Path, help="its gold.json")
    parser.add_argument("--show", action="store_true", help="print the example's findings")
    parser.add_argument("--bpoil", type=Path, help="the timeline17 folder")
    parser.add_argument("--per-outlet", type=int, default=12, help="dates sampled per outlet")
    parser.add_argument("--sample-out", type=Path, default=Path("/tmp/bpoil-conflicts.md"))
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--offsets", type=int, default=1, help="disjoint sets of dates pooled for the sample"
    )
    args = parser.parse_args(argv)
    if not args.example and not args.bpoil:
        parser.error("give --example and --gold, and/or --bpoil")
    if args.example:
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        example_bench(args.example, gold, args.show)
    if args.bpoil:
        bpoil_bench(args.bpoil, args.per_outlet, args.sample_out, args.seed, args.offsets)


if __name__ == "__main__":
    main(sys.argv[1:])
