"""Score fact alignment (which sentences of different articles report the same thing) on ECB+.

    python bench/facts.py [DATA_DIR] [--thresholds 0.5,0.6,0.7]

Each ECB+ sub-topic (a topic's `ecb` or `ecbplus` documents: one event, reported by 2-30
articles) is analysed as one story. Gold: two annotated sentences of different documents
report the same fact when they mention the same cross-document event chain (an ACTION_* or
NEG_ACTION_* markable in one CROSS_DOC_COREF instance; reporting verbs, ACTION_REPORTING, are
left out: "said" is not the fact). Only the sentences ECB+ annotated
(ECBplus_coreference_sentences.csv) are scored, but every sentence of every article takes part
in the alignment, as in the product. Prints pairwise precision, recall and F1 over
cross-document sentence pairs for newsprism's alignment (MiniLM paraphrase scores, the default
for a journalist's handful of articles), for its lexical alignment (the fallback for large
batches), both again as in a big story (only each statement's nearest pairs scored,
link/pairs.py: the ECB+ topics are small enough to score every pair), and for a baseline
run on the same sentences: TF-IDF cosine of the two sentences with its threshold tuned
on this data (best F1 of a sweep, so the baseline is flattered). Figures are printed for
all topics and for the odd and even topics apart (a held-out check: a change tuned on one
half should hold on the other).

Annotations come from bench/stories.py's /tmp cache; sentence embeddings are cached under /tmp.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entities import annotated_sentences, token_offsets  # noqa: E402
from stories import annotate_cached, ecb_text, make_article  # noqa: E402

from newsprism.annotate.nlp import load_pipeline  # noqa: E402
from newsprism.embed import load_encoder  # noqa: E402
from newsprism.link import pairs  # noqa: E402
from newsprism.link.align import Statement, story_statements  # noqa: E402
from newsprism.link.entities import link_entities  # noqa: E402
from newsprism.link.paraphrase import align_facts  # noqa: E402
from newsprism.model import AnnotatedArticle, Story  # noqa: E402

EMBEDDINGS = Path("/tmp/newsprism-bench-facts-embeddings.pkl")
Pair = tuple[str, str]  # two sentence keys "file:sentence", sorted


class CachedEncoder:
    """MiniLM with its vectors kept on disk between runs (keyed by the sentence text)."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        if EMBEDDINGS.exists():
            self.vectors = pickle.loads(EMBEDDINGS.read_bytes())
        self.encoder = None
        self.changed = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if key(t) not in self.vectors]
        if missing:
            self.encoder = self.encoder or load_encoder("minilm")
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self.vectors[key(text)] = vector
            self.changed = True
        return np.stack([self.vectors[key(t)] for t in texts])

    def save(self) -> None:
        if self.changed:
            EMBEDDINGS.write_bytes(pickle.dumps(self.vectors))


def key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def gold_sentence_events(path: Path) -> dict[int, set[str]]:
    """Sentence number -> the cross-document event chains its event markables belong to."""
    root = ET.parse(path).getroot()
    sentence_of = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
    instance_of, sentences_of = {}, {}
    for markable in root.find("Markables") or []:
        anchors = [a.get("t_id") for a in markable.iter("token_anchor")]
        if not anchors and markable.get("instance_id"):
            instance_of[markable.get("m_id")] = markable.get("instance_id")
        elif anchors and markable.tag.startswith(("ACTION_", "NEG_ACTION_")):
            if "REPORTING" not in markable.tag:
                sentences_of[markable.get("m_id")] = {sentence_of[a] for a in anchors}
    events: dict[int, set[str]] = defaultdict(set)
    for relation in root.find("Relations") or []:
        target = relation.find("target")
        if relation.tag != "CROSS_DOC_COREF" or target is None:
            continue
        instance = instance_of.get(target.get("m_id")) or relation.get("note") or ""
        for source in relation.iter("source"):
            for sentence in sentences_of.get(source.get("m_id"), ()):
                events[sentence].add(instance)
    return events


def sentence_starts(path: Path, text: str) -> list[tuple[int, int]]:
    """(character offset, ECB+ sentence number) of each gold sentence's first token."""
    tokens = list(ET.parse(path).getroot().iter("token"))
    offsets = token_offsets(text, [t.text or "" for t in tokens])
    firsts: dict[int, int] = {}
    for token, (start, _) in zip(tokens, offsets, strict=True):
        firsts.setdefault(int(token.get("sentence")), start)
    return sorted((start, number) for number, start in firsts.items())


def gold_number(statement: Statement, starts: list[tuple[int, int]]) -> int | None:
    """The ECB+ sentence a statement (one of our sentences) begins in."""
    before = [number for start, number in starts if start <= statement.span.start]
    return before[-1] if before else None


def pairs_of(groups: Sequence[Sequence[str]]) -> set[Pair]:
    return {
        (a, b) if a < b else (b, a)
        for group in groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if a.split(":")[0] != b.split(":")[0]
    }


def prf(predicted: set[Pair], gold: Gold) -> tuple[float, float, float, float, float]:
    """Pairwise precision, recall, F1; event recall and the F1 of precision and event recall."""
    hits = len(predicted & gold.pairs)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold.pairs) if gold.pairs else 0.0
    linked = {
        unit for unit, pairs in gold.units.items() if any(pair in predicted for pair in pairs)
    }
    event_r = len(linked) / len(gold.units) if gold.units else 0.0
    return p, r, f1(p, r), event_r, f1(p, event_r)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Gold:
    """Gold sentence pairs, and the same grouped by (event chain, document, document): an
    event two articles both report is found when any one pair of its sentences is linked."""

    pairs: set[Pair] = field(default_factory=set)
    units: dict[tuple[str, str, str], set[Pair]] = field(default_factory=dict)

    def add(self, chains: dict[str, list[str]]) -> None:
        for chain, members in chains.items():
            for pair in pairs_of([members]):
                self.pairs.add(pair)
                unit = (chain, pair[0].split(":")[0], pair[1].split(":")[0])
                self.units.setdefault(unit, set()).add(pair)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--topics", type=int, default=0, help="only the first N topics")
    parser.add_argument(
        "--pool",
        choices=("topic", "subtopic"),
        default="topic",
        help="one story per topic (two events of a kind: the hard case) or per sub-topic",
    )
    parser.add_argument("--any-annotator", action="store_true", help="reuse older annotations")
    args = parser.parse_args(argv)
    root = args.data_dir / "ecbplus"
    scored = annotated_sentences(root / "ECBplus_coreference_sentences.csv")
    paths = sorted(root.glob("*/*.xml"))
    annotated = annotate_cached(
        "ecbplus", [make_article(ecb_text(p), p) for p in paths], False, args.any_annotator
    )
    by_story: dict[str, list[tuple[Path, AnnotatedArticle]]] = defaultdict(list)
    for path, item in zip(paths, annotated, strict=True):
        subtopic = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
        name = path.parent.name if args.pool == "topic" else f"{path.parent.name}-{subtopic}"
        by_story[name].append((path, item))
    stories = sorted(by_story)
    if args.topics:
        topics = sorted({s.split("-")[0] for s in stories}, key=int)[: args.topics]
        stories = [s for s in stories if s.split("-")[0] in topics]
    encoder = CachedEncoder()
    vocab = load_pipeline("md").vocab
    gold: dict[str, Gold] = {}
    predicted: dict[str, dict[str, set[Pair]]] = defaultdict(dict)
    tfidf_scores: dict[str, list[tuple[float, Pair]]] = {}
    for name in stories:
        documents = by_story[name]
        items = [a for _, a in documents]
        _, entity_of = link_entities(items)
        story = Story(f"s-{name}", name, tuple(a.article.id for a in items))
        by_id = {a.article.id: a for a in items}
        statements = story_statements(story, by_id, entity_of)
        keys, events = statement_keys(documents, statements, scored)
        chains: dict[str, list[str]] = defaultdict(list)
        for k, chain_ids in events.items():
            for chain in chain_ids:
                chains[chain].append(k)
        gold[name] = Gold()
        gold[name].add(chains)
        aligned = [
            ("newsprism (MiniLM)", align_facts(story, statements, encoder=encoder)),
            ("newsprism lexical (large batches)", align_facts(story, statements, vocab)),
        ]
        with nearest_pairs_only():
            aligned += [
                (f"{NEAREST} MiniLM", align_facts(story, statements, encoder=encoder)),
                (f"{NEAREST} lexical", align_facts(story, statements, vocab)),
            ]
        for label, facts in aligned:
            index = {(s.span.article_id, s.span.start): keys[i] for i, s in enumerate(statements)}
            groups = [
                [
                    index[(sp.article_id, sp.start)]
                    for sp in f.statements
                    if index.get((sp.article_id, sp.start))
                ]
                for f in facts
            ]
            predicted[label][name] = pairs_of(groups)
        tfidf_scores[name] = tfidf_pairs(statements, keys)
    encoder.save()
    everything = merged(gold.values())
    print(
        f"ECB+ facts: {len(stories)} stories (by {args.pool}), {len(everything.pairs)} gold"
        " cross-document"
        f" pairs of annotated sentences sharing an event chain, {len(everything.units)} events"
        " reported by two articles (event, article, article)"
    )
    scores = [pair_score for name in stories for pair_score in tfidf_scores[name]]
    t = max(
        np.arange(0.05, 0.9, 0.05),
        key=lambda t: prf({pair for s, pair in scores if s >= t}, everything)[4],
    )
    baseline = {name: {pair for s, pair in tfidf_scores[name] if s >= t} for name in stories}
    rows = {**predicted, f"baseline TF-IDF cosine >= {t:.2f} (tuned)": baseline}
    halves = {
        "all topics": stories,
        "odd topics": [n for n in stories if int(n.split("-")[0]) % 2],
        "even topics": [n for n in stories if not int(n.split("-")[0]) % 2],
    }
    for half, names in halves.items():
        print(f"  {half:<40} {'pairwise':^20} {'events':^13}")
        header = ("P", "R", "F1", "R", "F1")
        print(f"  {'alignment':<40} " + " ".join(f"{h:>6}" for h in header) + f" {'pairs':>7}")
        for label, by_name in rows.items():
            pairs = set().union(*(by_name[n] for n in names))
            print_row(label, pairs, merged(gold[n] for n in names))
    return 0


NEAREST = f"nearest {pairs.NEIGHBOURS} pairs,"


@contextmanager
def nearest_pairs_only() -> Iterator[None]:
    """Alignment as in a big story: only each statement's nearest pairs are scored
    (link/pairs.py), however few statements the story has."""
    budget, pairs.ALL_PAIRS_BUDGET = pairs.ALL_PAIRS_BUDGET, 0
    try:
        yield
    finally:
        pairs.ALL_PAIRS_BUDGET = budget


def merged(golds: Iterable[Gold]) -> Gold:
    """The gold of several stories as one."""
    out = Gold()
    for g in golds:
        out.pairs |= g.pairs
        out.units.update(g.units)
    return out


def statement_keys(
    documents: Sequence[tuple[Path, AnnotatedArticle]],
    statements: Sequence[Statement],
    scored: set[tuple[str, int]],
) -> tuple[list[str | None], dict[str, set[str]]]:
    """Each statement's gold sentence key ("doc:number") when ECB+ annotated that sentence,
    and the event chains of every such sentence."""
    where = {}
    for path, item in documents:
        where[item.article.id] = (
            path,
            sentence_starts(path, item.article.text),
            gold_sentence_events(path),
        )
    keys: list[str | None] = []
    events: dict[str, set[str]] = {}
    for s in statements:
        path, starts, sentence_events = where[s.article_id]
        number = gold_number(s, starts)
        if number is None or (path.stem, number) not in scored:
            keys.append(None)
            continue
        keys.append(f"{path.stem}:{number}")
        events[keys[-1]] = sentence_events.get(number, set())
    return keys, events


def tfidf_pairs(statements: Sequence[Statement], keys: Sequence[str | None]):
    """(cosine, pair) for every cross-document pair of scored sentences."""
    chosen = [i for i, k in enumerate(keys) if k]
    if len(chosen) < 2:
        return []
    matrix = TfidfVectorizer(stop_words="english").fit_transform(
        [statements[i].span.text for i in chosen]
    )
    cosine = (matrix @ matrix.T).toarray()
    out = []
    for a in range(len(chosen)):
        for b in range(a + 1, len(chosen)):
            ka, kb = keys[chosen[a]], keys[chosen[b]]
            if ka.split(":")[0] != kb.split(":")[0]:
                out.append((cosine[a, b], (ka, kb) if ka < kb else (kb, ka)))
    return out


def print_row(label: str, pairs: set[Pair], gold: Gold) -> None:
    scores = " ".join(f"{x:>6.3f}" for x in prf(pairs, gold))
    print(f"  {label:<40} {scores} {len(pairs):>7}")


if __name__ == "__main__":
    sys.exit(main())
