"""A story's cited summary, in the mode the settings name: extractive (default) or abstractive.

`summarise(story, annotated, facts, settings)` is the front door every run goes through: it
chooses the mode. `summarise_story` is the extractive summary (`extractive`: sentences of the
articles chosen by weighted concept coverage under the word budget, each citing its source
sentence and its Fact's statements), built from `concepts`, `selection`, `sentences`,
`filters` and `compress`. `abstractive` is the optional mode: a language model rewrites that
summary and every generated sentence is kept only if the spans it cites support it
(`support`); it falls back to the extractive summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyse.summary.abstractive import summarise_abstractively
from newsprism.analyse.summary.extractive import Articles, summarise_story
from newsprism.errors import NewsprismError
from newsprism.model import Fact, Story, Summary
from newsprism.settings import Settings

__all__ = ["summarise", "summarise_story"]


def summarise(
    story: Story, annotated: Articles, facts: Sequence[Fact], settings: Settings
) -> Summary:
    """The story's summary in the mode `settings.summary_mode` names."""
    if settings.summary_mode == "extractive":
        return summarise_story(
            story, annotated, facts, settings.summary_words, overrun=settings.summary_overrun
        )
    if settings.summary_mode == "abstractive":
        return summarise_abstractively(story, annotated, facts, settings)
    raise NewsprismError(
        f"unknown summary_mode {settings.summary_mode!r}: use extractive or abstractive"
    )
