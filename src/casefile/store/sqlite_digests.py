"""Record digests: the content of every record as a sha256, computed one way for the few
records a change touched and for all of them at once, so that the state the audit chain
recorded can be compared with the state the file holds (migration 0009).

Which records a transaction touched is noted by temporary triggers, created on each
connection when the store opens it (they live in the connection, not in the file, so
they cost the file nothing and cannot be dropped from it); `append_audit` takes the
notes, computes those records' digests and records the ones that changed. Someone who
edits the file with another program leaves no note and writes no digest, and that is
what `casefile verify` finds. The triggers only spare casefile the bookkeeping of
listing what each write touched; the check does not depend on them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from casefile.security.chain import canonical_json
from casefile.store.dialect import is_postgres


@dataclass(frozen=True)
class Owned:
    """Rows a record owns (aliases, API tokens, a document's level), part of its digest."""

    table: str
    owner: str  # the column naming the owning record's `ident`
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: its table, the column naming it in "kind:key", the column its
    owned rows point at, and the columns its digest covers.

    The digest is of {column: value} for the columns that exist and are not NULL, so a
    column added to a table (or to this list) later, NULL in existing rows, leaves every
    digest as it was. Columns not listed (a last sign-in, say) are not part of a record:
    changing them is not a change casefile must account for."""

    name: str
    table: str
    key: str
    ident: str
    columns: tuple[str, ...]
    owned: tuple[Owned, ...] = ()


_FACT = ("document_sha256", "evidence_start", "evidence_end", "evidence_quote", "extractor",
         "extractor_version", "confidence", "review_status", "version", "fingerprint",
         "created_at", "reviewed_by", "reviewed_at", "access_level", "level")  # fmt: skip
KINDS = {k.name: k for k in (
    RecordKind("document", "documents", "sha256", "sha256", (
        "sha256", "text", "title", "publisher", "url", "published", "language",
        "source_name", "media_type", "ingested_at", "published_source"),
        (Owned("document_levels", "sha256", ("level",)),
         Owned("document_withdrawals", "sha256", ("previous_level", "withdrawn_by",
                                                  "withdrawn_at", "reason")),
         # The page images OCR read (migration 0017), by their bytes' sha256.
         Owned("document_pages", "document_sha256", ("page", "image_sha256", "width",
                                                     "height", "confidence", "words",
                                                     "text_start", "text_end", "engine")),
         # A spreadsheet `casefile import` stored (migration 0023).
         Owned("imported_files", "sha256", ("format", "mapping", "rows", "imported_by",
                                            "imported_at")))),
    RecordKind("event", "events", "id", "id", (
        "id", "type", "person_id", "organisation_id", "participant_name", "date",
        "date_precision", "agent", "place", "term", "term_kind", "charges", "articles",
        "label", "date_inferred", *_FACT)),
    RecordKind("statistic", "statistics", "id", "id", (
        "id", "count", "what", "period", *_FACT)),
    RecordKind("person", "persons", "id", "id", (
        "id", "key", "name", "country", "created_at", "protected", "merged_into"),
        (Owned("person_aliases", "person_id", ("alias", "key")),
         # Consent to be named in publications (migration 0020).
         Owned("person_consents", "person_id", ("given", "given_by", "note", "recorded_by",
                                                "recorded_at")))),
    RecordKind("role", "person_roles", "id", "id", (
        "id", "person_id", "role", "document_sha256", "evidence_start", "evidence_end",
        "evidence_quote", "review_status", "version", "created_at")),
    RecordKind("organisation", "organisations", "id", "id", (
        "id", "key", "name", "kind", "created_at"),
        (Owned("organisation_aliases", "organisation_id", ("alias", "key")),)),
    RecordKind("user", "users", "name", "id", (
        "id", "name", "role", "clearance", "password_hash", "created_at",
        "password_changed_at", "disabled_at", "totp_secret", "totp_enrolled_at"),
        (Owned("api_tokens", "user_id", ("id", "token_hash", "created_at", "revoked_at")),
         # The calendar feed's secret address (migration 0022), kept as a token is.
         Owned("calendar_tokens", "user_id", ("id", "token_hash", "created_at",
                                              "revoked_at")))),
    RecordKind("role_policy", "role_policies", "role", "role", ("role", "require_2fa")),
    RecordKind("merge", "person_merges", "id", "id", (
        "id", "kept_id", "merged_id", "score", "decided_by", "decided_at", "moved",
        "undone_by", "undone_at")),
    RecordKind("link_proposal", "link_proposals", "id", "id", (
        "id", "person_a", "person_b", "score", "status", "decided_by", "decided_at",
        "created_at")),
    RecordKind("review", "review_log", "id", "id", (
        "id", "fact_kind", "fact_id", "document_sha256", "action", "reviewer", "at",
        "changes")),
    RecordKind("curation", "curations", "id", "id", (
        "id", "action", "person_id", "target_id", "facts", "decided_by", "decided_at",
        "undone_by", "undone_at")),
    # An appeal, letter, urgent action or submission about a case (migration 0021); an
    # attached file by its bytes' sha256 (re-hashed by `verify`).
    RecordKind("intervention", "interventions", "id", "id", (
        "id", "person_id", "kind", "date", "sender", "addressee", "channel", "text",
        "response", "outcome", "file_name", "file_type", "file_sha256", "access_level",
        "version", "created_by", "created_at", "updated_by", "updated_at")),
    # Documents a batch run could not store, with their errors (migration 0024).
    RecordKind("batch_failure", "batch_failures", "sha256", "sha256", (
        "sha256", "source_name", "error", "failed_at", "attempts")),
)}  # fmt: skip
_INTEGER_KEYS = {k for k in KINDS
                 if k not in ("document", "user", "role_policy", "batch_failure")}

# table -> (kind, key of the record a row belongs to, from NEW or OLD; columns whose
# update touches it, None: any). Users' and tokens' other columns (a last use, say) are
# not part of the record, so updating them is not a change to track.
TRACKED = {
    "documents": ("document", "{row}.sha256", None),
    "document_levels": ("document", "{row}.sha256", None),
    "document_withdrawals": ("document", "{row}.sha256", None),
    "document_pages": ("document", "{row}.document_sha256", None),
    "imported_files": ("document", "{row}.sha256", None),
    "events": ("event", "{row}.id", None),
    "statistics": ("statistic", "{row}.id", None),
    "persons": ("person", "{row}.id", None),
    "person_aliases": ("person", "{row}.person_id", None),
    "person_consents": ("person", "{row}.person_id", None),
    "person_roles": ("role", "{row}.id", None),
    "organisations": ("organisation", "{row}.id", None),
    "organisation_aliases": ("organisation", "{row}.organisation_id", None),
    "person_merges": ("merge", "{row}.id", None),
    "link_proposals": ("link_proposal", "{row}.id", None),
    "review_log": ("review", "{row}.id", None),
    "curations": ("curation", "{row}.id", None),
    "interventions": ("intervention", "{row}.id", None),
    "batch_failures": ("batch_failure", "{row}.sha256", None),
    "users": ("user", "{row}.name", ", ".join(KINDS["user"].columns)),
    "role_policies": ("role_policy", "{row}.role", None),
    "api_tokens": ("user", "(SELECT name FROM users WHERE id = {row}.user_id)",
                   "user_id, " + ", ".join(KINDS["user"].owned[0].columns)),
    "calendar_tokens": ("user", "(SELECT name FROM users WHERE id = {row}.user_id)",
                        "user_id, " + ", ".join(KINDS["user"].owned[1].columns)),
}


def install_tracking(conn: sqlite3.Connection) -> None:
    """Create this connection's temporary table of touched records and its triggers."""
    if is_postgres(conn):
        # The triggers are the schema's (migrate_pg.install_pg_tracking); they note
        # records for the sessions that ask.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed_records (record text NOT NULL)")
        conn.execute("CREATE INDEX IF NOT EXISTS changed_records_record"
                     " ON changed_records(record)")  # fmt: skip
        conn.execute("SET casefile.tracking = 'on'")
        return
    # No unique constraint: the statement that fires a trigger imposes its own conflict
    # handling on the trigger's statements (an upsert's would make a duplicate note fail
    # it), so a note is skipped when present instead.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed_records (record TEXT NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS temp.changed_records_record"
                 " ON changed_records(record)")
    for table, (kind, key, columns) in TRACKED.items():
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)),
                            ("UPDATE", ("OLD", "NEW"))):  # fmt: skip
            on = f"UPDATE OF {columns}" if event == "UPDATE" and columns else event
            notes = " ".join(
                f"INSERT INTO changed_records SELECT '{kind}:' || {key.format(row=row)}"
                f" WHERE {key.format(row=row)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
                f" changed_records WHERE record = '{kind}:' || {key.format(row=row)});"
                for row in rows
            )
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS track_{table}_{event.lower()}"
                f" AFTER {on} ON main.{table} BEGIN {notes} END"
            )


def is_tracking(conn: sqlite3.Connection) -> bool:
    if is_postgres(conn):
        return bool(conn.execute(
            "SELECT to_regclass('pg_temp.changed_records') IS NOT NULL").fetchone()[0])
    row = conn.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'changed_records'"
    ).fetchone()
    return row is not None


def take_changed(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """The records this transaction touched whose digest is not the one last recorded,
    with their digest now (None: deleted); the notes are cleared."""
    if not is_tracking(conn):
        return []
    touched = [r[0] for r in conn.execute("SELECT DISTINCT record FROM changed_records")]
    if not touched:
        return []
    conn.execute("DELETE FROM changed_records")
    now = current_digests(conn, touched)
    recorded = newest_digests(conn, touched)
    return sorted((r, now.get(r)) for r in touched if now.get(r) != recorded.get(r))


def current_digests(
    conn: sqlite3.Connection, records: Iterable[str] | None = None
) -> dict[str, str]:
    """Digests (hex) of the given records that exist, or of every record."""
    wanted: dict[str, list[str]] | None = None
    if records is not None:
        wanted = {}
        for record in records:
            name, _, key = record.partition(":")
            if name in KINDS:
                wanted.setdefault(name, []).append(key)
    out: dict[str, str] = {}
    for kind in KINDS.values():
        keys = None if wanted is None else wanted.get(kind.name)
        if wanted is not None and not keys:
            continue
        for key, digest in _kind_digests(conn, kind, keys):
            out[f"{kind.name}:{key}"] = digest
    return out


def _kind_digests(
    conn: sqlite3.Connection, kind: RecordKind, keys: list[str] | None
) -> Iterator[tuple[str, str]]:
    params: tuple[str, ...] = ()
    where = owned_where = ""
    if keys is not None:
        as_json = json.dumps([int(k) for k in keys if k.lstrip("-").isdigit()]
                             if kind.name in _INTEGER_KEYS else keys)
        params = (as_json,)
        where = f" WHERE {kind.key} IN (SELECT value FROM json_each(?))"
        owned_where = (f" WHERE {{owner}} IN (SELECT {kind.ident} FROM {kind.table}"
                       f" WHERE {kind.key} IN (SELECT value FROM json_each(?)))")
    owned: dict[object, dict[str, list[dict[str, object]]]] = {}
    for part in kind.owned:
        columns = _existing(conn, part.table, part.columns)
        if not columns:  # a table a database not yet migrated lacks
            continue
        for row in conn.execute(f"SELECT {part.owner}, {', '.join(columns)} FROM {part.table}"
                                + owned_where.format(owner=part.owner), params):
            content = {c: v for c, v in zip(columns, row[1:], strict=True) if v is not None}
            owned.setdefault(row[0], {}).setdefault(part.table, []).append(content)
    columns = _existing(conn, kind.table, kind.columns)
    if not columns:  # a kind whose table a database not yet migrated lacks: no records
        return
    cursor = conn.execute(
        f"SELECT {kind.key}, {kind.ident}, {', '.join(columns)} FROM {kind.table}{where}", params)
    for row in cursor:
        content = {c: v for c, v in zip(columns, row[2:], strict=True) if v is not None}
        for table, rows in owned.get(row[1], {}).items():
            content[table] = sorted(rows, key=canonical_json)
        digest = hashlib.sha256(canonical_json([kind.name, content]).encode("utf-8"))
        yield str(row[0]), digest.hexdigest()


def _existing(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> list[str]:
    """The listed columns the table has (a database not yet migrated may lack one)."""
    if is_postgres(conn):
        present = {row[0] for row in conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?", (table,))}
    else:
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    return [c for c in columns if c in present]


def newest_digests(
    conn: sqlite3.Connection, records: Iterable[str]
) -> dict[str, str | None]:
    """The digest last recorded for each of `records` that has one (None: deleted)."""
    found: dict[str, str | None] = {}
    # Each record's row with its highest entry, written so that both backends take it
    # (SQLite's bare column beside max() is its own extension).
    for record, digest in conn.execute(
        "SELECT r.record, r.digest FROM record_digests r"
        " WHERE r.record IN (SELECT value FROM json_each(?)) AND r.entry_id ="
        " (SELECT max(entry_id) FROM record_digests m WHERE m.record = r.record)",
        (json.dumps(list(records)),),
    ):
        found[record] = None if digest is None else bytes(digest).hex()
    return found


def write_digests(
    conn: sqlite3.Connection, entry_id: int, digests: Iterable[tuple[str, str | None]]
) -> None:
    conn.executemany(
        "INSERT INTO record_digests (record, entry_id, digest) VALUES (?, ?, ?)",
        ((record, entry_id, None if d is None else bytes.fromhex(d)) for record, d in digests),
    )


def recorded_digests(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str | None]]:
    """Every recorded digest as (entry id, record, digest), each record's in entry order
    (the primary key's order, read without sorting)."""
    for record, entry_id, digest in conn.execute(
        "SELECT record, entry_id, digest FROM record_digests ORDER BY record, entry_id"
    ):
        yield entry_id, record, None if digest is None else bytes(digest).hex()


def has_recorded_digests(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM record_digests LIMIT 1").fetchone() is not None


def has_records(conn: sqlite3.Connection) -> bool:
    return any(conn.execute(f"SELECT 1 FROM {kind.table} LIMIT 1").fetchone() is not None
               for kind in KINDS.values())
