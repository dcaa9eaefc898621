"""Score `find_quotes` against PolNeAR's brat attributions, with textacy as the baseline.

Usage: python bench/attribution.py DATA_DIR [--limit N] [--show-misses N] [--agreement]
       [--cache FILE.spacy] [--edges]
DATA_DIR holds text/*.txt and attributions/*.ann (e.g. ../shared/data/polnear/dev). When a text
has several annotators' files, the first by name is used. For source, cue and content spans it
prints precision, recall and F1 with exact matching (same first and last character) and overlap
matching (any shared character); whole attributions match when all three parts overlap (a
gold attribution without a source needs only cue and content). It also times the spaCy pipeline
alone and the extractors (find_quotes + find_claims) on the same parsed documents.
--agreement scores PolNeAR's annotators against each other instead (no parsing): the ceiling.
--cache keeps the parsed documents in a DocBin (e.g. under /tmp) for later runs (spaCy is then
not timed); --edges counts where our contents that overlap a gold one start or end elsewhere.
The cue model inside find_quotes is trained on polnear/train (bench/train_attribution.py):
score it on polnear/dev, never on the texts it was trained on.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from textacy.extract.triples import direct_quotations

from newsprism.annotate.attribution import find_quotes
from newsprism.annotate.claims import find_claims
from newsprism.annotate.nlp import load_pipeline
from newsprism.model import Quote

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Attribution:
    """One attribution as character fragments per part (`source` may be empty)."""

    source: Fragments
    cue: Fragments
    content: Fragments


def read_brat(path: Path) -> list[Attribution]:
    """The attributions of one brat .ann file, each part's fragments in text order."""
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            offsets = fields[1].split(" ", 1)[1]
            spans[fields[0]] = tuple(  # PolNeAR lists some fragments out of text order
                sorted((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))
            )
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    return [
        Attribution(
            spans.get(e.get("Source", ""), ()),
            spans.get(e.get("Cue", ""), ()),
            spans.get(e.get("Content", ""), ()),
        )
        for e in events
        if e.get("Cue") in spans and e.get("Content") in spans
    ]


def load_corpus(data_dir: Path, limit: int | None) -> list[tuple[str, list[Attribution]]]:
    """(text, gold attributions) for each text of `data_dir` that has an annotation file."""
    corpus = []
    for text_path in sorted((data_dir / "text").glob("*.txt")):
        annotations = sorted((data_dir / "attributions").glob(f"{text_path.stem}_*.ann"))
        if annotations:
            corpus.append((text_path.read_text(encoding="utf-8"), read_brat(annotations[0])))
        if limit is not None and len(corpus) >= limit:
            break
    return corpus


def as_attributions(quotes: Iterable[Quote]) -> list[Attribution]:
    found = []
    for quote in quotes:
        source = () if quote.speaker is None else ((quote.speaker.start, quote.speaker.end),)
        cue = () if quote.cue is None else ((quote.cue.start, quote.cue.end),)
        found.append(Attribution(source, cue, tuple((c.start, c.end) for c in quote.content)))
    return found


def textacy_attributions(doc: Doc) -> list[Attribution] | None:
    """textacy's direct quotations, or None where it refuses a text (unbalanced quote marks)."""
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return None
    found = []
    for triple in triples:
        source = ((triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1])),)
        cue = ((triple.cue[0].idx, triple.cue[-1].idx + len(triple.cue[-1])),)
        found.append(
            Attribution(source, cue, ((triple.content.start_char, triple.content.end_char),))
        )
    return found


def _exact(a: Fragments, b: Fragments) -> bool:
    return a[0][0] == b[0][0] and a[-1][1] == b[-1][1]


def _overlap(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


@dataclass
class Counts:
    matched_predicted: int = 0
    predicted: int = 0
    matched_gold: int = 0
    gold: int = 0

    def add(
        self,
        predicted: Sequence[object],
        gold: Sequence[object],
        match: Callable[[object, object], bool],
    ) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.matched_predicted += sum(any(match(p, g) for g in gold) for p in predicted)
        self.matched_gold += sum(any(match(p, g) for p in predicted) for g in gold)

    def scores(self) -> tuple[float, float, float]:
        precision = self.matched_predicted / self.predicted if self.predicted else 0.0
        recall = self.matched_gold / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _whole_match(p: object, g: object) -> bool:
    assert isinstance(p, Attribution) and isinstance(g, Attribution)
    source_ok = not g.source or (bool(p.source) and _overlap(p.source, g.source))
    return source_ok and _overlap(p.cue, g.cue) and _overlap(p.content, g.content)


def score(pairs: Iterable[tuple[list[Attribution], list[Attribution]]]) -> dict[str, Counts]:
    """Counts per part and matching, plus whole attributions, over (predicted, gold) pairs."""
    counts = {f"{role} {how}": Counts() for role in ROLES for how in ("exact", "overlap")}
    counts["attribution overlap"] = Counts()
    for predicted, gold in pairs:
        for role in ROLES:
            mine = sorted({getattr(a, role) for a in predicted if getattr(a, role)})
            theirs = sorted({getattr(a, role) for a in gold if getattr(a, role)})
            counts[f"{role} exact"].add(mine, theirs, lambda p, g: _exact(p, g))  # type: ignore[arg-type]
            counts[f"{role} overlap"].add(mine, theirs, lambda p, g: _overlap(p, g))  # type: ignore[arg-type]
        counts["attribution overlap"].add(predicted, gold, _whole_match)
    return counts


def print_precision_by_cue_kind(
    found_quotes: Sequence[Sequence[Quote]], gold: Sequence[list[Attribution]]
) -> None:
    """How often our attributions of each cue kind match a gold one (whole, overlap): reports
    hide the "other" kind, so it should be the least precise."""
    matched: dict[str, list[int]] = {}
    for quotes, theirs in zip(found_quotes, gold, strict=True):
        for quote, mine in zip(quotes, as_attributions(quotes), strict=True):
            hit = any(_whole_match(mine, g) for g in theirs)
            matched.setdefault(quote.cue_kind, []).append(int(hit))
    parts = [f"{kind} {sum(v) / len(v):.3f} ({len(v)})" for kind, v in sorted(matched.items())]
    print("  whole-attribution precision by cue kind: " + ", ".join(parts))


def print_table(name: str, counts: dict[str, Counts]) -> None:
    print(f"\n{name}")
    print(f"  {'part':22} {'P':>6} {'R':>6} {'F1':>6}")
    for key, count in counts.items():
        precision, recall, f1 = count.scores()
        print(f"  {key:22} {precision:6.3f} {recall:6.3f} {f1:6.3f}")


def show_misses(
    text: str, predicted: list[Attribution], gold: list[Attribution], limit: int
) -> int:
    shown = 0
    for g in gold:
        if shown >= limit:
            break
        if not any(_whole_match(p, g) for p in predicted):
            cue = " / ".join(text[s:e] for s, e in g.cue)
            source = " / ".join(text[s:e] for s, e in g.source)
            content = " / ".join(text[s:e] for s, e in g.content)[:120].replace("\n", " ")
            print(f"  MISS cue={cue!r} source={source!r} content={content!r}")
            shown += 1
    return shown


def print_edge_errors(
    corpus: Sequence[tuple[str, list[Attribution]]], ours: Sequence[list[Attribution]]
) -> None:
    """Of our contents that overlap a gold content (with overlapping cues), how many start or
    end elsewhere, by side and by how many words."""
    edges: dict[str, int] = {}
    for (text, gold), predicted in zip(corpus, ours, strict=True):
        for p in predicted:
            g = next(
                (g for g in gold if _overlap(p.content, g.content) and _overlap(p.cue, g.cue)), None
            )
            if not p.content or g is None:
                continue
            for side, mine, theirs in (
                ("start", p.content[0][0], g.content[0][0]),
                ("end", p.content[-1][1], g.content[-1][1]),
            ):
                words = len(text[min(mine, theirs) : max(mine, theirs)].split())
                how = "exact" if mine == theirs else "later" if mine > theirs else "earlier"
                key = f"{side} {how}" + (
                    "" if how == "exact" else " >3 words" if words > 3 else " <=3 words"
                )
                edges[key] = edges.get(key, 0) + 1
    print(
        "\n  content edges of overlapping pairs: "
        + ", ".join(f"{k} {v}" for k, v in sorted(edges.items()))
    )


def parsed(nlp: Language, texts: list[str], cache: Path | None) -> tuple[list[Doc], float | None]:
    """The parsed `texts` and the seconds spaCy took (None when read from `cache`)."""
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs, None
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    seconds = time.perf_counter() - started
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs, seconds


def print_agreement(data_dir: Path) -> None:
    """Each further annotator of a text scored against the first (the bench's gold): how far
    PolNeAR's annotators agree with each other, the ceiling for any system."""
    pairs, texts = [], 0
    for text_path in sorted((data_dir / "text").glob("*.txt")):
        annotations = sorted((data_dir / "attributions").glob(f"{text_path.stem}_*.ann"))
        texts += len(annotations) > 1
        pairs += [(read_brat(other), read_brat(annotations[0])) for other in annotations[1:]]
    print_table(
        f"annotator agreement: {len(pairs)} further annotations of {texts} texts vs the first",
        score(pairs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N texts")
    parser.add_argument(
        "--show-misses", type=int, default=0, help="print up to N missed gold attributions"
    )
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="only score the other annotators against the first (texts annotated twice or more)",
    )
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file of parsed texts")
    parser.add_argument("--edges", action="store_true", help="count content edge errors")
    args = parser.parse_args()
    if args.agreement:
        print_agreement(args.data_dir)
        return
    corpus = load_corpus(args.data_dir, args.limit)
    nlp = load_pipeline("md")
    docs, spacy_seconds = parsed(nlp, [text for text, _ in corpus], args.cache)
    started = time.perf_counter()
    found_quotes = []
    for doc in docs:
        quotes = find_quotes(doc, "bench")
        find_claims(doc, "bench", quotes)
        found_quotes.append(quotes)
    extractor_seconds = time.perf_counter() - started
    ours = [as_attributions(quotes) for quotes in found_quotes]
    baseline_found = [textacy_attributions(doc) for doc in docs]
    refused = sum(found is None for found in baseline_found)
    baseline = [found or [] for found in baseline_found]
    gold = [attributions for _, attributions in corpus]
    print(
        f"{len(corpus)} texts, {sum(len(g) for g in gold)} gold attributions from {args.data_dir}"
    )
    print_table("newsprism find_quotes", score(zip(ours, gold, strict=True)))
    print_precision_by_cue_kind(found_quotes, gold)
    print_table(
        f"baseline textacy.extract.triples.direct_quotations (refused {refused} texts with "
        "unbalanced quote marks: scored as finding nothing)",
        score(zip(baseline, gold, strict=True)),
    )
    if args.edges:
        print_edge_errors(corpus, ours)
    if spacy_seconds is None:
        print(
            f"\nparses read from {args.cache}; find_quotes + find_claims {extractor_seconds:.2f}s"
        )
    else:
        print(
            f"\nspaCy pipeline {spacy_seconds:.2f}s; "
            f"find_quotes + find_claims {extractor_seconds:.2f}s; "
            f"attribution adds {100 * extractor_seconds / spacy_seconds:.1f}% to spaCy time"
        )
    if args.show_misses:
        remaining = args.show_misses
        for (text, _), predicted, g in zip(corpus, ours, gold, strict=True):
            remaining -= show_misses(text, predicted, g, remaining)
            if remaining <= 0:
                break


if __name__ == "__main__":
    main()
