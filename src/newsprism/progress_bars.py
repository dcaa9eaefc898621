"""Progress on the command line: one tqdm bar per stage on stderr, and a line per input
problem above the bars (shared by `newsprism analyze`, `watch` and `spark`)."""

from __future__ import annotations

import sys

from tqdm import tqdm

from newsprism.model import InputProblem


class ProgressBars:
    """One tqdm bar per stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(
                desc=f"{stage:<8}",
                total=total or None,
                unit="art" if stage != "analyse" else "story",
                file=sys.stderr,
                leave=True,
            )
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()

    def say(self, problem: InputProblem) -> None:
        """One line for an input problem, as it is found, above the bars."""
        line = f"newsprism: {'note' if problem.kept else 'skipped'} {problem}"
        if self.enabled:
            tqdm.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)
