"""Shared fixtures: the worked example analysed once per test session with the real pipeline."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsprism
from newsprism.annotate.nlp import load_pipeline
from newsprism.model import Analysis

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
GOLD = Path(__file__).parent / "data" / "palmyra-gold.json"

try:
    import psycopg  # noqa: F401  # the optional PostgreSQL driver
except ImportError:  # its own tests cannot even be imported; CI must have it (the test extra)
    collect_ignore = [] if os.environ.get("CI") else ["test_store_postgres.py"]


@pytest.fixture(scope="session")
def example_analysis() -> Analysis:
    return newsprism.analyze([EXAMPLE], newsprism.Settings(db=":memory:"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one per test module; skipped where it is
    missing, except in CI (CI set), which must run the browser tests."""
    from browser_helpers import chromium, missing_browser

    reason = missing_browser()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
        pytest.skip(reason)
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline with newsprism's components, loaded once for the session."""
    return load_pipeline("md")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL server for the session (see postgres_cluster.py). Skipped where
    the server or driver is missing, except in CI (CI set), which must really test PostgreSQL."""
    from postgres_cluster import PostgresCluster, missing_reason

    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the PostgreSQL store, but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request) -> str:
    """Where a test's empty store lives: SQLite in memory, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return ":memory:"
    return request.getfixturevalue("postgres_cluster").new_database()
