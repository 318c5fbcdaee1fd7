"""Cable storage: SQLite or PostgreSQL, migrated by Alembic, with full-text search."""

from reftel.store.db import resolve_url
from reftel.store.repository import SaveError, SaveOutcome, SearchHit, SearchResult, Store

__all__ = ["SaveError", "SaveOutcome", "SearchHit", "SearchResult", "Store", "resolve_url"]
