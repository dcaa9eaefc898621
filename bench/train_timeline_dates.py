"""Train the timeline date ranker on Timeline17 and write it into the package.

Usage: python bench/train_timeline_dates.py DATA_DIR [--db FILE] [--any-annotator]

DATA_DIR is the timeline17 folder, read by bench/t17_data.py (as for bench/timeline.py,
whose annotation cache this reads). For every topic, each day a timeline may choose
(`candidate_days`) gets the features of `timeline.date_features` and is labelled by whether
the topic's gold timeline has it. The ranker is a pairwise logistic regression
(scikit-learn, no intercept): for every gold day and non-gold day of the same topic, the
gold day should score higher. Counts are fitted per 100 of the topic's articles, so that a
large topic's differences are on the scale of a small one's (the order of one topic's days
does not change with the scale). Every story weighs the same: a long timeline does not
outvote a short one, nor the five bpoil_* outlets (one story, the same key dates) the other
stories. Only the order of the days is learned, which is all a timeline of N dates needs.
Writes src/newsprism/analyse/timeline/data/timeline_dates.json
(reproducible: same data, same weights).
bench/timeline.py uses `fit` for its leave-one-story-out figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from newsprism.analyse.timeline.anchors import anchored_sentences
from newsprism.analyse.timeline.date_features import FEATURES, day_features
from newsprism.analyse.timeline.dates import MODEL_PATH, DateModel, candidate_days
from newsprism.analyse.timeline.day_summaries import lead_sentences
from newsprism.model import AnnotatedArticle

sys.path.insert(0, str(Path(__file__).parent))
from t17_data import load_topics  # noqa: E402  (the benches' Timeline17 reader, next to this file)

REGULARISATION = 0.01  # inverse strength (scikit-learn's C) on per-100-article differences
PER_ARTICLES = 100  # features are fitted as counts per this many of the topic's articles


@dataclass(frozen=True)
class TopicDays:
    """One topic's candidate days: their features and whether its gold timeline has them."""

    name: str
    features: np.ndarray
    gold: np.ndarray


def story_of(topic: str) -> str:
    """The news story a Timeline17 folder covers ("bpoil" for "bpoil_bbc"): folders of one
    story share their key dates, so they are held out together."""
    return topic.split("_")[0]


def topic_days(name: str, annotated: Sequence[AnnotatedArticle], gold: set[str]) -> TopicDays:
    dated = defaultdict(list)
    for article in annotated:
        for value, span in anchored_sentences(article):
            dated[value].append(span)
    lead_days = {value for article in annotated for value, _ in lead_sentences(article)}
    days = candidate_days(dated, lead_days, annotated)
    features = day_features(dated, days, annotated)
    counts = np.array([features[d] for d in days], dtype=float).reshape(len(days), len(FEATURES))
    return TopicDays(
        name,
        counts * PER_ARTICLES / max(len(annotated), 1),
        np.array([d in gold for d in days], dtype=bool),
    )


def fit(topics: Sequence[TopicDays]) -> DateModel:
    """Weights under which each topic's gold days outscore its other days; every story weighs
    the same (a topic's pairs share its story's weight with the story's other folders)."""
    differences, labels, weights = [], [], []
    folders = Counter(story_of(t.name) for t in topics)
    for topic in topics:
        positive, negative = topic.features[topic.gold], topic.features[~topic.gold]
        if not len(positive) or not len(negative):
            continue
        pairs = (positive[:, None, :] - negative[None, :, :]).reshape(-1, len(FEATURES))
        differences += [pairs, -pairs]
        labels += [np.ones(len(pairs)), np.zeros(len(pairs))]
        weights += [np.full(2 * len(pairs), 1.0 / (2 * len(pairs) * folders[story_of(topic.name)]))]
    model = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=10000)
    weight = np.concatenate(weights)
    model.fit(
        np.vstack(differences),
        np.concatenate(labels),
        sample_weight=weight * len(weight) / len(topics),
    )
    return DateModel(tuple(round(float(w), 6) for w in model.coef_[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "np-t17.db")
    parser.add_argument("--any-annotator", action="store_true")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    topics = [
        topic_days(topic.name, annotated, {d.isoformat() for _, gold in topic.gold for d in gold})
        for topic, annotated in load_topics(args.data_dir, args.db, args.any_annotator)
    ]
    model = fit(topics)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    stored = {
        "about": (
            "Timeline date ranker: score = sum(weight * feature); see analyse/timeline/dates.py"
        ),
        "trained_on": [t.name for t in topics],
        "features": list(FEATURES),
        "weights": list(model.weights),
    }
    args.out.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    for name, weight in zip(FEATURES, model.weights, strict=True):
        print(f"{name:<22} {weight:+.4f}")
    print(f"wrote {args.out} ({len(topics)} topics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
