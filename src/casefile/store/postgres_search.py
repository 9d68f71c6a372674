"""The search index's matching on PostgreSQL (the rest of sqlite_search.SearchIndex runs
as it is): FTS5 expressions become tsqueries over the tsvector columns of
migrations_pg (search_documents, search_events, search_cases)."""

from __future__ import annotations


class PostgresSearch:
    """Placeholder filled in below (see match_* methods)."""
