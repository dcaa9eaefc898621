"""The store stage: articles, cached annotations and analysis results in one database.

Callers use the `Store` protocol returned by `open_store`; `SQLiteStore` is the SQLite
implementation. `to_record` / `from_record` turn model dataclasses into JSON-ready dicts.
"""

from newsprism.store.codec import RecordError, from_record, to_record
from newsprism.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate
from newsprism.store.repository import Store, open_store
from newsprism.store.sqlite import SNIPPET_MARKS, SQLiteStore, quote_search_terms

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "RecordError",
    "SNIPPET_MARKS",
    "SQLiteStore",
    "Store",
    "from_record",
    "migrate",
    "open_store",
    "quote_search_terms",
    "to_record",
]
