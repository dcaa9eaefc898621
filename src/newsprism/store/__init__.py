"""The store stage: articles, cached annotations and analysis results in one database.

Callers use the `Store` protocol returned by `open_store`; `SQLiteStore` is the SQLite
implementation, `newsprism.store.postgres.PostgresStore` the PostgreSQL one (optional driver,
so it is not imported here). `to_record` / `from_record` turn model dataclasses into
JSON-ready dicts.
"""

from newsprism.store.codec import RecordError, from_record, to_record
from newsprism.store.locations import is_database_url, redact_location
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
    "is_database_url",
    "migrate",
    "open_store",
    "quote_search_terms",
    "redact_location",
    "to_record",
]
