"""Train the attribution cue model on PolNeAR train and write it into the package.

Usage: python bench/train_attribution.py DATA_DIR [--cache FILE.spacy] [--holdout N]
DATA_DIR is polnear/train (text/*.txt + attributions/*.ann). Every candidate token (verb,
noun, adjective, preposition ...) is labelled as heading a gold cue or not and a logistic
regression (scikit-learn, L1, so most weights are zero) is fitted on `cue_features`; the
threshold is the one that maximises cue-head F1 on the last N texts, held out of the first
fit; the final fit uses every text. The inclusion table counts, for each kind of dependent of a
gold cue head, how often PolNeAR puts it inside the cue span; the continuation table counts, for
each kind of dependent of a gold cue head that follows the content `content_of` finds, how often
the gold content runs on over it (left out where the hand rules already extend it). Writes
src/newsprism/annotate/attribution/data/attribution_cues.json (reproducible: same data, same
weights).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from newsprism.annotate.attribution.content import content_of, continues
from newsprism.annotate.attribution.cue_model import (
    CANDIDATE_POS,
    MODEL_PATH,
    CueModel,
    continuation_keys,
    cue_features,
    dependent_keys,
)
from newsprism.annotate.attribution.frames import token_passages
from newsprism.annotate.attribution.quote_marks import find_quoted_passages
from newsprism.annotate.nlp import load_pipeline

sys.path.insert(0, str(Path(__file__).parent))
from attribution import Attribution, load_corpus  # noqa: E402

MIN_COUNT = 3
CONTINUATION_MIN_COUNT = 5


def parsed(data_dir: Path, cache: Path | None) -> tuple[list[Doc], list[list[Attribution]]]:
    corpus = load_corpus(data_dir, None)
    nlp = load_pipeline("md")
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((text for text, _ in corpus), batch_size=16))
        if cache is not None:
            DocBin(docs=docs).to_disk(cache)
    return docs, [gold for _, gold in corpus]


def cue_heads(doc: Doc, gold: list[Attribution]) -> dict[int, tuple[int, int]]:
    """Token index of the head of each gold cue, with the cue's token range."""
    return {head: span for head, span, _ in gold_cues(doc, gold)}


def gold_cues(doc: Doc, gold: list[Attribution]) -> list[tuple[int, tuple[int, int], int]]:
    """(head token, token range, end character of the content) of each gold cue."""
    heads = []
    for attribution in gold:
        span = doc.char_span(attribution.cue[0][0], attribution.cue[-1][1], alignment_mode="expand")
        if span is None:
            continue
        tops = [t for t in span if not t.is_space and not span.start <= t.head.i < span.end]
        tops = tops or [t for t in span if t.head.i == t.i]
        if tops:
            heads.append((tops[0].i, (span.start, span.end), attribution.content[-1][1]))
    return heads


def continuation_table(docs: list[Doc], golds: list[list[Attribution]], model: CueModel):
    """How often a gold content runs on over each kind of dependent of its cue that follows
    the content `content_of` finds (over it: the content ends past it; not: before it)."""
    seen, over = Counter(), Counter()
    for doc, gold in zip(docs, golds, strict=True):
        owner = token_passages(doc, find_quoted_passages(doc.text))
        cues = gold_cues(doc, gold)
        heads = {head for head, _, _ in cues}
        for head, _, content_end in cues:
            verb = doc[head]
            content_head, _ = content_of(verb, owner, doc.text, model)
            if content_head is None or content_head.i < verb.i:
                continue
            for child in verb.children:
                if (
                    child.i <= content_head.i
                    or child.i in heads  # an attribution of its own ("..., adding ...")
                    or continues(content_head, child, model)
                ):
                    continue
                right = child.right_edge
                ends_past = content_end >= right.idx + len(right) - 1
                if not ends_past and content_end > child.idx:
                    continue  # the content ends inside it: neither
                for key in continuation_keys(content_head, child):
                    seen[key] += 1
                    over[key] += ends_past
    return {k: round(over[k] / n, 3) for k, n in seen.items() if n >= CONTINUATION_MIN_COUNT}


def examples(docs: list[Doc], golds: list[list[Attribution]]):
    features, labels, inclusion, seen = [], [], Counter(), Counter()
    for doc, gold in zip(docs, golds, strict=True):
        owner = token_passages(doc, find_quoted_passages(doc.text))
        heads = cue_heads(doc, gold)
        rows, row_labels = [], []
        for token in doc:
            if token.pos_ not in CANDIDATE_POS:
                continue
            rows.append(dict.fromkeys(cue_features(token, owner[token.i] is not None), 1))
            row_labels.append(token.i in heads)
        features.append(rows)
        labels.append(row_labels)
        for head, (start, end) in heads.items():
            for child in doc[head].children:
                for k in dependent_keys(doc[head], child):
                    seen[k] += 1
                    inclusion[k] += start <= child.i < end
    table = {k: round(inclusion[k] / n, 3) for k, n in seen.items() if n >= MIN_COUNT}
    return features, labels, table


def fit(rows: list[dict], labels: list[bool]) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(
        l1_ratio=1.0, C=0.5, solver="liblinear", max_iter=200, random_state=0
    )
    model.fit(matrix, labels)
    return vectorizer, model


def best_threshold(probabilities, labels) -> float:
    best, best_f1 = 0.5, 0.0
    for threshold in [x / 100 for x in range(20, 71, 2)]:
        tp = sum(p >= threshold and y for p, y in zip(probabilities, labels, strict=True))
        fp = sum(p >= threshold and not y for p, y in zip(probabilities, labels, strict=True))
        fn = sum(p < threshold and y for p, y in zip(probabilities, labels, strict=True))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    print(f"held-out cue-head F1 {best_f1:.3f} at threshold {best}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, default=None, help="parsed docs (.spacy) to reuse")
    parser.add_argument("--holdout", type=int, default=140)
    args = parser.parse_args()
    docs, golds = parsed(args.data_dir, args.cache)
    features, labels, table = examples(docs, golds)
    cut = len(docs) - args.holdout
    flat = lambda parts: [x for part in parts for x in part]  # noqa: E731
    vectorizer, model = fit(flat(features[:cut]), flat(labels[:cut]))
    held_matrix = vectorizer.transform(flat(features[cut:]))
    held_matrix.indices = held_matrix.indices.astype("int32")
    held_matrix.indptr = held_matrix.indptr.astype("int32")
    held = model.predict_proba(held_matrix)[:, 1]
    threshold = best_threshold(list(held), flat(labels[cut:]))
    vectorizer, model = fit(flat(features), flat(labels))
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    continuation = continuation_table(docs, golds, CueModel(weights, threshold, table))
    MODEL_PATH.write_text(
        json.dumps(
            {
                "threshold": threshold,
                "weights": weights,
                "inclusion": table,
                "continuation": continuation,
            },
            sort_keys=True,
            indent=0,
        ),
        encoding="utf-8",
    )
    print(
        f"{len(weights)} weights, {len(table)} inclusion rates, "
        f"{len(continuation)} continuation rates -> {MODEL_PATH}"
    )


if __name__ == "__main__":
    main()
