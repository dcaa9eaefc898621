"""Score cross-document entities (link stage) on the ECB+ entity coreference chains.

    python bench/entities.py [DATA_DIR]

Each ECB+ topic (both sub-topics) is linked as one collection, as newsprism links the articles
of a run. Gold: the entity markables (HUMAN_PART_*, LOC_*, NON_HUMAN_PART*) and their
CROSS_DOC_COREF chains (instance ids); a markable in no chain is its own entity. Only the
sentences ECB+ lists as annotated (ECBplus_coreference_sentences.csv) are scored, as is usual
for ECB+: elsewhere markables were left unlinked, so scoring them counts every correct join of
"Microsoft" to "Microsoft" as an error (--all-markables scores them all). newsprism
links names, not pronouns or common nouns, so the mentions scored are the gold markables that
one of newsprism's name mentions covers (same tokens, or the markable's last token inside it);
ours and the baseline cluster exactly these mentions. Baseline: exact string match (mentions
with the same text, case-insensitive, are one entity). Prints MUC, B³, CEAF-e and CoNLL F1
(their mean) for both. Annotations come from bench/stories.py's /tmp cache (or are made).
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import annotate_cached, ecb_text, make_article  # noqa: E402

from newsprism.link.entities import link_entities  # noqa: E402
from newsprism.model import AnnotatedArticle, Article  # noqa: E402

ENTITY_TYPES = ("HUMAN_PART", "LOC_", "NON_HUMAN_PART")
Clusters = list[set[str]]


def token_offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character offsets of each token in the text rebuilt from them (spaces only removed)."""
    offsets, position = [], 0
    for token in tokens:
        start = text.find(token, position) if token else position
        start = position if start < 0 else start
        offsets.append((start, start + len(token)))
        position = start + len(token)
    return offsets


def annotated_sentences(csv_path: Path) -> set[tuple[str, int]]:
    """(document stem, sentence number) of the sentences ECB+ annotated for coreference."""
    with csv_path.open(encoding="utf-8") as handle:
        return {
            (f"{r['Topic']}_{r['File']}", int(r["Sentence Number"])) for r in csv.DictReader(handle)
        }


def gold_mentions(
    path: Path, text: str, scored: set[tuple[str, int]] | None = None
) -> tuple[dict[str, tuple[int, int, str]], dict[str, str]]:
    """Entity markables (id -> start, end, text) and their chain (id -> instance id); with
    `scored`, only markables in those (document stem, sentence number) sentences."""
    root = ET.parse(path).getroot()
    tokens = {t.get("t_id"): i for i, t in enumerate(root.iter("token"))}
    sentence_of = {t.get("t_id"): int(t.get("sentence", -1)) for t in root.iter("token")}
    offsets = token_offsets(text, [t.text or "" for t in root.iter("token")])
    mentions, chain = {}, {}
    for markable in root.find("Markables") or []:
        ids = [a.get("t_id") for a in markable.iter("token_anchor")]
        anchors = [tokens[i] for i in ids]
        if scored is not None and ids and (path.stem, sentence_of[ids[0]]) not in scored:
            continue
        if anchors and markable.tag.startswith(ENTITY_TYPES):
            start, end = offsets[min(anchors)][0], offsets[max(anchors)][1]
            mentions[markable.get("m_id")] = (start, end, text[start:end])
        elif not anchors and markable.get("instance_id"):
            chain[markable.get("m_id")] = markable.get("instance_id")
    links = {}
    for relation in root.find("Relations") or []:
        target = relation.find("target")
        if relation.tag != "CROSS_DOC_COREF" or target is None:
            continue
        instance = chain.get(target.get("m_id")) or relation.get("note") or ""
        for source in relation.iter("source"):
            links[source.get("m_id")] = instance
    return mentions, links


def topic_clusters(
    documents: list[tuple[Path, AnnotatedArticle]], scored: set[tuple[str, int]] | None = None
) -> tuple[Clusters, Clusters, Clusters]:
    """Gold, newsprism and exact-match clusters of the topic's scored mentions."""
    _, entity_of = link_entities([a for _, a in documents])
    gold, ours, exact = defaultdict(set), defaultdict(set), defaultdict(set)
    for path, annotated in documents:
        mentions, links = gold_mentions(path, annotated.article.text, scored)
        for m_id, (start, end, text) in mentions.items():
            found = covering_mention(annotated, start, end)
            if found is None:
                continue
            key = f"{path.name}:{m_id}"
            gold[links.get(m_id, key)].add(key)
            ours[entity_of[(annotated.article.id, *found)]].add(key)
            exact[text.lower()].add(key)
    return list(gold.values()), list(ours.values()), list(exact.values())


def covering_mention(annotated: AnnotatedArticle, start: int, end: int) -> tuple[int, int] | None:
    """The name mention with the markable's span, else one holding its last token."""
    spans = [(m.span.start, m.span.end) for m in annotated.mentions]
    if (start, end) in spans:
        return start, end
    inside = [s for s in spans if s[0] <= end - 1 < s[1] and s[0] >= start]
    return min(inside, key=lambda s: s[1] - s[0]) if inside else None


def muc(key: Clusters, response: Clusters) -> tuple[float, float]:
    def recall(k: Clusters, r: Clusters) -> float:
        where = {m: i for i, c in enumerate(r) for m in c}
        numerator = sum(len(c) - len({where.get(m, ("own", m)) for m in c}) for c in k)
        denominator = sum(len(c) - 1 for c in k)
        return numerator / denominator if denominator else 0.0

    return recall(response, key), recall(key, response)


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float]:
    def recall(k: Clusters, r: Clusters) -> float:
        where = {m: c for c in r for m in c}
        total = sum(len(c & where.get(m, {m})) / len(c) for c in k for m in c)
        return total / sum(len(c) for c in k)

    return recall(response, key), recall(key, response)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float]:
    similarity = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-similarity)
    best = similarity[rows, cols].sum()
    return best / len(response), best / len(key)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report(name: str, key: Clusters, response: Clusters) -> None:
    scores = {metric.__name__: f1(*metric(key, response)) for metric in (muc, b_cubed, ceaf_e)}
    parts = " ".join(f"{k} {v:.3f}" for k, v in scores.items())
    print(f"  {name:<32} {parts} | CoNLL F1 {sum(scores.values()) / 3:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--refresh", action="store_true", help="re-annotate, ignore the cache")
    parser.add_argument(
        "--any-annotator", action="store_true", help="reuse cached annotations of any version"
    )
    parser.add_argument(
        "--all-markables",
        action="store_true",
        help="score markables in every sentence (most sentences were never linked by ECB+)",
    )
    args = parser.parse_args(argv)
    paths = sorted(args.data_dir.glob("ecbplus/*/*.xml"))
    scored = (
        None
        if args.all_markables
        else annotated_sentences(args.data_dir / "ecbplus" / "ECBplus_coreference_sentences.csv")
    )
    articles: list[Article] = [make_article(ecb_text(p), p) for p in paths]
    annotated = annotate_cached("ecbplus", articles, args.refresh, args.any_annotator)
    by_topic: dict[str, list[tuple[Path, AnnotatedArticle]]] = defaultdict(list)
    for path, item in zip(paths, annotated, strict=True):
        by_topic[path.parent.name].append((path, item))
    gold: Clusters = []
    ours: Clusters = []
    exact: Clusters = []
    for topic in sorted(by_topic, key=int):
        g, o, e = topic_clusters(by_topic[topic], scored)
        gold += g
        ours += o
        exact += e
    mentions = sum(len(c) for c in gold)
    print(
        f"ECB+ entities: {len(paths)} documents, {mentions} named gold mentions scored, "
        f"{len(gold)} gold entities (linked per topic)"
    )
    report("newsprism link_entities", gold, ours)
    report("baseline exact string match", gold, exact)
    return 0


if __name__ == "__main__":
    sys.exit(main())
