"""Background analysis for the web UI: one job at a time, each with progress a page can poll.

A job reads its inputs first; only when some article could be read does it run the whole
analysis (`newsprism.analyze`) into the database. Each unreadable input becomes one line
naming it; the rest goes on. Uploaded files live in a private temporary folder that is removed
when the job ends, and are named by their uploaded names in messages.
"""

from __future__ import annotations

import logging
import queue
import secrets
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.api import analyze, read_articles
from newsprism.model import InputProblem
from newsprism.present.report.text import one_line
from newsprism.settings import Settings
from newsprism.store import open_store

log = logging.getLogger(__name__)

UPLOAD_LABEL = "uploaded"


@dataclass
class Job:
    """One request to add articles, and how far its analysis has got."""

    id: str
    inputs: tuple[str, ...]
    state: str = "waiting"  # waiting, reading, annotating, analysing, done, failed
    read: int = 0
    annotated: int = 0
    to_annotate: int = 0
    analysed: int = 0
    to_analyse: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    stories: list[tuple[str, str]] = field(default_factory=list)  # (id, title) touched
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def progress(self, stage: str, done: int, total: int) -> None:
        """The `newsprism.analyze` progress callback."""
        with self.lock:
            if stage == "read":
                self.state, self.read = "reading", done
            elif stage == "annotate":
                self.state, self.annotated, self.to_annotate = "annotating", done, total
            elif stage == "analyse":
                self.state, self.analysed, self.to_analyse = "analysing", done, total

    def as_json(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id,
                "state": self.state,
                "finished": self.finished,
                "inputs": list(self.inputs),
                "read": self.read,
                "annotated": self.annotated,
                "to_annotate": self.to_annotate,
                "analysed": self.analysed,
                "to_analyse": self.to_analyse,
                "problems": list(self.problems),
                "error": self.error,
                "stories": [{"id": i, "title": t} for i, t in self.stories],
            }


class JobRunner:
    """Runs jobs one after another in a background thread, into the database of `settings`.

    The thread is a daemon: stopping the server stops a running analysis, which loses nothing
    stored, since every write to the store is one transaction.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._queue: queue.SimpleQueue[tuple[Job, list[Path], Path | None, list[str]]] = (
            queue.SimpleQueue()
        )
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(
        self, paths: list[Path], upload_dir: Path | None = None, urls: Sequence[str] = ()
    ) -> Job:
        """Queue the analysis of `paths` (local paths and/or `upload_dir`, which the job
        removes when it ends) and of article or feed `urls` (fetched by a watch pass)."""
        shown = [str(p) for p in paths if p != upload_dir] + list(urls)
        if upload_dir is not None:
            shown += [f"{p.name} ({UPLOAD_LABEL})" for p in sorted(upload_dir.iterdir())]
        job = Job(id=secrets.token_hex(8), inputs=tuple(shown))
        self.jobs[job.id] = job
        self._queue.put((job, paths, upload_dir, list(urls)))
        with self._start_lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()
        return job

    def recent(self, count: int = 5) -> list[Job]:
        return list(self.jobs.values())[-count:][::-1]

    def _work(self) -> None:
        while True:
            self._run(*self._queue.get())

    def _run(self, job: Job, paths: list[Path], upload_dir: Path | None, urls: list[str]) -> None:
        try:
            stories, fetch_problems = watch_urls(urls, self.settings, job.progress)
            articles, problems = read_articles(paths, self.settings, job.progress)
            if articles:
                analysis = analyze(paths, self.settings, progress=job.progress)
                problems = list(analysis.problems)
                read_ids = {a.id for a in articles}
                stories += [
                    (s.id, one_line(s.title) or "Untitled story")
                    for s in analysis.stories
                    if read_ids.intersection(s.article_ids)
                ]
            with job.lock:
                job.problems = fetch_problems + [problem_line(p, upload_dir) for p in problems]
                job.stories = stories
                job.state = "done"
        except Exception as error:  # shown on the job's page; the server goes on
            log.exception("job %s failed", job.id)
            with job.lock:
                job.error = one_line(str(error)) or type(error).__name__
                job.state = "failed"
        finally:
            if upload_dir is not None:
                shutil.rmtree(upload_dir, ignore_errors=True)


def watch_urls(
    urls: Sequence[str], settings: Settings, progress: Any
) -> tuple[list[tuple[str, str]], list[str]]:
    """A watch pass over `urls` (from now on watched sources; public addresses only): the
    stories it touched (id, title) and one line per URL that failed."""
    if not urls:
        return [], []
    from newsprism.watch import WatchSettings, run_pass
    from newsprism.watch.errors import FetchError
    from newsprism.watch.sources import normalise_url

    sources, problems = [], []
    for url in urls:
        try:
            sources.append(normalise_url(url))
        except FetchError as error:
            problems.append(one_line(f"{url}: {error.reason}"))
    with open_store(settings.db) as store:
        report = run_pass(sources, store, settings, WatchSettings(), progress)
    return report.stories, problems + [one_line(line) for line in report.failures]


def problem_line(problem: InputProblem, upload_dir: Path | None) -> str:
    """One line naming the input and what is wrong; uploads named as uploaded, not by the
    temporary path they were saved under."""
    source = problem.source
    if upload_dir is not None and Path(source).is_relative_to(upload_dir):
        source = f"{Path(source).relative_to(upload_dir)} ({UPLOAD_LABEL})"
    return one_line(f"{source}: {problem.reason}")
