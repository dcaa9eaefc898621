"""The embedding cache's table on either backend: (model id, hash of the exact text) -> vector.

Both backends get an `EmbeddingRecords` over their own connection
(`store.embedding_records()`): the SQL is written once with `?` placeholders (PostgreSQL's
driver gets `%s`), every value a parameter. Reads and writes go in batches of BATCH keys;
a write is one transaction and keeps a vector already stored (the same text under the same
model gives the same vector, so two runs writing it at once agree).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

Execute = Callable[[str, Sequence[Any]], list[Any]]
ExecuteMany = Callable[[str, Sequence[Sequence[Any]]], None]
Guard = Callable[[str], AbstractContextManager[None]]

BATCH = 500  # keys per statement: well under SQLite's 32,766 parameters


class EmbeddingRecords:
    """The `embeddings` table of one store: `execute(sql, params)` returns the rows,
    `execute_many(sql, rows)` runs one statement per row, `transaction(doing)` is the store's
    write transaction, `reading(doing)` reports database errors as StoreError."""

    def __init__(
        self, execute: Execute, execute_many: ExecuteMany, transaction: Guard, reading: Guard
    ) -> None:
        self._execute = execute
        self._execute_many = execute_many
        self._transaction = transaction
        self._reading = reading

    def load(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of these text hashes under `model`, by hash (missing: absent)."""
        found: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(hashes))
        with self._reading("read cached embeddings"):
            for start in range(0, len(wanted), BATCH):
                chunk = wanted[start : start + BATCH]
                marks = ", ".join("?" for _ in chunk)
                rows = self._execute(
                    "SELECT text_hash, vector FROM embeddings "
                    f"WHERE model = ? AND text_hash IN ({marks})",
                    (model, *chunk),
                )
                found.update((row["text_hash"], bytes(row["vector"])) for row in rows)
        return found

    def save(self, model: str, vectors: Iterable[tuple[str, bytes]]) -> None:
        """Store (text hash, vector bytes) pairs under `model`, in one transaction."""
        rows = [(model, key, vector) for key, vector in vectors]
        if not rows:
            return
        with self._transaction("cache embeddings"):
            for start in range(0, len(rows), BATCH):
                self._execute_many(
                    "INSERT INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?) "
                    "ON CONFLICT (model, text_hash) DO NOTHING",
                    rows[start : start + BATCH],
                )

    def count(self, model: str | None = None) -> int:
        """How many vectors are cached (under `model`, or under any)."""
        with self._reading("count cached embeddings"):
            if model is None:
                rows = self._execute("SELECT COUNT(*) AS n FROM embeddings", ())
            else:
                rows = self._execute(
                    "SELECT COUNT(*) AS n FROM embeddings WHERE model = ?", (model,)
                )
        return int(rows[0]["n"])
