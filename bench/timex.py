"""Score newsprism's time expressions on TimeML (TempEval-3 task A) against a dateparser baseline.

Usage: python bench/timex.py DATA_DIR [--limit N] [--errors N] [--cache FILE]

DATA_DIR holds *.tml files (searched recursively, e.g. ../shared/data/tempeval3). Each
document's <TEXT> part is stripped of its tags (offsets kept) and run through the spaCy
pipeline and `find_times`, with the document creation time (the TIMEX3 whose
functionInDocument is CREATION_TIME) as publication date; that DCT timex is not scored, as in
TempEval-3. Printed per system: strict and relaxed span P/R/F1, type accuracy and value
accuracy over relaxed matches, and value F1 (relaxed match with equal value). The baseline is
`dateparser.search.search_dates` with RELATIVE_BASE = DCT, every hit a DATE of day value.
Figures are printed for all documents and for each top-level folder (TempEval-3's TimeBank
and AQUAINT halves come from different sources). `--cache FILE` keeps the spaCy parses in a
DocBin (under /tmp) so that reruns after a change to the timex rules skip the parsing.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateparser.search import search_dates
from spacy.tokens import DocBin

from newsprism.annotate.nlp import load_pipeline
from newsprism.annotate.time import find_times

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    name: str
    source: str
    text: str
    dct: date | None
    gold: tuple[Timex, ...]


def parse_timeml(path: Path, source: str = "") -> Document:
    """The plain text of a TimeML file's <TEXT> part, its gold TIMEX3s and its DCT."""
    markup = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', markup)
    dct = None
    if dct_match:
        dct_value = dict(_ATTRIBUTE.findall(dct_match.group(0))).get("value", "")
        dct = (
            date.fromisoformat(dct_value[:10]) if re.match(r"\d{4}-\d\d-\d\d", dct_value) else None
        )
    body = markup.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
    pieces: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    gold: list[Timex] = []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if not tag.group(1):
            open_timexes.append((length, dict(_ATTRIBUTE.findall(tag.group(3)))))
        elif open_timexes:
            start, attributes = open_timexes.pop()
            gold.append(
                Timex(start, length, "", attributes.get("type", ""), attributes.get("value", ""))
            )
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    gold = [Timex(g.start, g.end, text[g.start : g.end], g.type, g.value) for g in gold]
    return Document(path.name, source, text, dct, tuple(sorted(gold, key=lambda g: g.start)))


def source_of(path: Path, data_dir: Path) -> str:
    """The top-level folder of `path` under `data_dir` ("TimeBank", "AQUAINT"), or "all"."""
    parts = path.relative_to(data_dir).parts
    return parts[0] if len(parts) > 1 else "all"


def newsprism_timexes(documents: list[Document], cache: Path | None) -> list[list[Timex]]:
    nlp = load_pipeline("md")
    texts = [d.text for d in documents]
    docs = None
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [doc.text for doc in docs] != texts:
            docs = None
    if docs is None:
        docs = list(nlp.pipe(texts))
        if cache is not None:
            DocBin(docs=docs, store_user_data=True).to_disk(cache)
    found = []
    for document, doc in zip(documents, docs, strict=True):
        refs = find_times(doc, document.name, document.dct)
        found.append([Timex(r.span.start, r.span.end, r.span.text, r.type, r.value) for r in refs])
    return found


def dateparser_timexes(document: Document) -> list[Timex]:
    """dateparser's search_dates hits, located in the text in order, each a DATE of day value."""
    settings = {
        "RELATIVE_BASE": datetime.combine(document.dct or date.today(), datetime.min.time())
    }
    hits = search_dates(document.text, languages=["en"], settings=settings) or []  # type: ignore[arg-type]
    found: list[Timex] = []
    cursor = 0
    for substring, moment in hits:
        start = document.text.find(substring, cursor)
        if start < 0:
            continue
        cursor = start + len(substring)
        found.append(Timex(start, cursor, substring, "DATE", moment.date().isoformat()))
    return found


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0


def match_relaxed(gold: Iterable[Timex], predicted: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping gold and predicted expressions, in text order."""
    pairs: list[tuple[Timex, Timex]] = []
    used: set[int] = set()
    for g in gold:
        for index, p in enumerate(predicted):
            if index not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(index)
                break
    return pairs


def score(tally: Tally, gold: list[Timex], predicted: list[Timex]) -> list[tuple[Timex, Timex]]:
    pairs = match_relaxed(gold, predicted)
    tally.gold += len(gold)
    tally.predicted += len(predicted)
    tally.relaxed += len(pairs)
    tally.strict += sum(g.start == p.start and g.end == p.end for g, p in pairs)
    tally.type_ok += sum(g.type == p.type for g, p in pairs)
    tally.value_ok += sum(g.value == p.value for g, p in pairs)
    return pairs


def f1(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def report(name: str, tally: Tally) -> str:
    strict = f1(tally.strict, tally.predicted, tally.gold)
    relaxed = f1(tally.relaxed, tally.predicted, tally.gold)
    value = f1(tally.value_ok, tally.predicted, tally.gold)
    matched = tally.relaxed or 1
    return (
        f"{name:<11} strict P/R/F1 {strict[0]:.3f} {strict[1]:.3f} {strict[2]:.3f} | "
        f"relaxed P/R/F1 {relaxed[0]:.3f} {relaxed[1]:.3f} {relaxed[2]:.3f} | "
        f"type acc {tally.type_ok / matched:.3f} | value acc {tally.value_ok / matched:.3f} "
        f"F1 {value[2]:.3f}"
    )


def describe_errors(
    document: Document, predicted: list[Timex], pairs: list[tuple[Timex, Timex]]
) -> list[str]:
    matched_gold = {id(g) for g, _ in pairs}
    matched_predicted = {id(p) for _, p in pairs}
    lines = [
        f"MISS  {g.text!r} {g.type} {g.value}" for g in document.gold if id(g) not in matched_gold
    ]
    lines += [
        f"EXTRA {p.text!r} {p.type} {p.value}" for p in predicted if id(p) not in matched_predicted
    ]
    lines += [
        f"VALUE {g.text!r}->{p.text!r} gold {g.type} {g.value} ours {p.type} {p.value}"
        for g, p in pairs
        if g.value != p.value
    ]
    return [f"{document.name} (DCT {document.dct}) {line}" for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N files")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors of newsprism")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file for the parses")
    args = parser.parse_args(argv)
    paths = sorted(args.data_dir.rglob("*.tml"))[: args.limit]
    if not paths:
        print(f"no .tml files under {args.data_dir}", file=sys.stderr)
        return 1
    documents = [parse_timeml(path, source_of(path, args.data_dir)) for path in paths]
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    errors: list[str] = []
    predictions = newsprism_timexes(documents, args.cache)
    for document, predicted in zip(documents, predictions, strict=True):
        for group in {"all", document.source}:
            pairs = score(tallies["newsprism", group], list(document.gold), predicted)
        errors += describe_errors(document, predicted, pairs)
    names = ["newsprism"]
    if not args.no_baseline:
        names.append("dateparser")
        run_baseline: Callable[[Document], list[Timex]] = dateparser_timexes
        for document in documents:
            found = run_baseline(document)
            for group in {"all", document.source}:
                score(tallies["dateparser", group], list(document.gold), found)
    groups = ["all"] + sorted({d.source for d in documents} - {"all"})
    for group in groups:
        counted = tallies["newsprism", group]
        documents_in = sum(group in ("all", d.source) for d in documents)
        print(f"[{group}] {documents_in} documents, {counted.gold} gold TIMEX3 (DCT excluded)")
        for name in names:
            print(report(name, tallies[name, group]))
    print(
        "published (TE3 test set): HeidelTime relaxed F1 0.903 value F1 0.776; SUTime 0.903 / 0.674"
    )
    for line in errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
