"""Shared fixtures: the worked example analysed once per test session with the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsprism
from newsprism.annotate.nlp import load_pipeline
from newsprism.model import Analysis

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "palmyra-2016"
GOLD = Path(__file__).parent / "data" / "palmyra-gold.json"


@pytest.fixture(scope="session")
def example_analysis() -> Analysis:
    return newsprism.analyze([EXAMPLE], newsprism.Settings(db=":memory:"))


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline with newsprism's components, loaded once for the session."""
    return load_pipeline("md")
