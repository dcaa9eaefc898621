"""The alerts the batch path implies, to score a watch run's alerts of every kind against.

For each pass k, `newsprism analyze` over the articles released up to pass k and, separately,
up to pass k-1 (each in a fresh database; annotations come from one seed database so that
only the analysis is repeated), and the alerts are the same pure difference the watch pass
computes (`watch.alerts.analysis_alerts` of the two stored analyses). So this oracle checks
the incremental path (stored stories grown pass by pass, growth windows, the embedding cache)
against the batch path on the same articles: an alert the batch difference does not imply is
a false one, an alert it implies that watch missed is a miss.

Alerts are matched by pass and by what they are about: kind, story, articles, and for
new_quote and new_date the speaker or date (their title).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from newsprism.api import analyze, annotate_with_cache, read_articles
from newsprism.model import Alert
from newsprism.settings import Settings
from newsprism.store import open_store
from newsprism.watch.alerts import analysis_alerts
from newsprism.watch.run import stored_before

KINDS = ("new_story", "new_outlet", "corroborated", "conflict", "denial", "new_quote", "new_date")
TITLED = {"new_quote", "new_date"}  # the speaker or the date is in the title

Key = tuple[int, str, str, tuple[str, ...], str]


def seed_annotations(pages: Sequence[Path], seed: Path, settings: Settings) -> None:
    """A database holding every article and its annotation, and nothing else."""
    articles, _ = read_articles(pages, settings, lambda stage, done, total: None)
    with open_store(seed) as store:
        store.add_articles(articles)
        annotate_with_cache(articles, settings, store, lambda stage, done, total: None)


def batch_alerts(pass_folders: Sequence[Path], work: Path, settings: Settings) -> list[list[Alert]]:
    """Per pass k, the alerts of the difference between `analyze` over passes 1..k and over
    passes 1..k-1 (fresh databases, copied from one annotated seed)."""
    work.mkdir(parents=True, exist_ok=True)
    seed = work / "seed.db"
    seed_annotations(pass_folders, seed, settings)
    per_pass: list[list[Alert]] = []
    for k in range(len(pass_folders)):
        db = work / f"upto-{k:03d}.db"
        shutil.copyfile(seed, db)
        analysis = analyze(pass_folders[: k + 1], replace(settings, db=str(db)))
        before = {}
        if k:
            with open_store(work / f"upto-{k - 1:03d}.db") as earlier:
                before = stored_before(
                    earlier,
                    earlier.watch_records(),
                    [s.id for s in analysis.stories],
                    {s.id: s.merged_from for s in analysis.stories},
                )
        per_pass.append(analysis_alerts(analysis, before, datetime.now(UTC)))
    return per_pass


def alert_key(number: int, alert: Alert) -> Key:
    title = alert.title if alert.kind in TITLED else ""
    return (number, alert.kind, alert.story_id, tuple(sorted(alert.article_ids)), title)


def score(
    watched: Sequence[Sequence[Alert]], implied: Sequence[Sequence[Alert]]
) -> dict[str, tuple[int, int, int]]:
    """Per kind: (matched, watch's alerts, the batch difference's alerts), pass by pass."""
    got = Counter(alert_key(n, a) for n, alerts in enumerate(watched) for a in alerts)
    want = Counter(alert_key(n, a) for n, alerts in enumerate(implied) for a in alerts)
    hit = got & want
    return {
        kind: (
            sum(c for k, c in hit.items() if k[1] == kind),
            sum(c for k, c in got.items() if k[1] == kind),
            sum(c for k, c in want.items() if k[1] == kind),
        )
        for kind in KINDS
    }


def report_lines(scores: dict[str, tuple[int, int, int]]) -> list[str]:
    lines = []
    for kind, (hit, got, want) in scores.items():
        precision = f"{hit / got:.2f}" if got else "-"
        recall = f"{hit / want:.2f}" if want else "-"
        lines.append(
            f"{kind:<12} precision {hit}/{got} = {precision}, recall {hit}/{want} = {recall}"
        )
    return lines
