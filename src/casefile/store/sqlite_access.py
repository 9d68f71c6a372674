"""The SQLite store's confidentiality side: setting a document's or a fact's access
level and marking a person protected (each audited in its own transaction), and what
pseudonyms are made from.

A fact's effective `level` is max(its document's level, its own): kept here whenever
either changes, so that every read filters on one indexed column."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from casefile.store.base import StoreError
from casefile.store.sqlite_audit import append_audit

_FACT_TABLES = {"event": "events", "statistic": "statistics"}


class AccessWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def set_document_level(self, sha256: str, level: int, actor: str, at: str) -> int:
        """Set the document's level and its facts' effective levels; returns the old one."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT level FROM document_levels WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no document {sha256[:12]}")
            old = int(row[0])
            db.execute("UPDATE document_levels SET level = ? WHERE sha256 = ?", (level, sha256))
            for table in _FACT_TABLES.values():
                db.execute(
                    f"UPDATE {table} SET level = max(?, coalesce(access_level, 0))"
                    " WHERE document_sha256 = ?",
                    (level, sha256),
                )
            append_audit(db, actor, "document.access", [f"document:{sha256}"],
                         {"access_level": old}, {"access_level": level}, at)  # fmt: skip
        return old

    def set_fact_level(self, kind: str, fact_id: int, level: int | None, actor: str,
                       at: str) -> None:  # fmt: skip
        """A fact's own level (None: as its document's)."""
        table = _FACT_TABLES[kind]
        with self.transaction() as db:
            row = db.execute(
                f"SELECT f.access_level, d.level AS document_level FROM {table} f"
                " JOIN document_levels d ON d.sha256 = f.document_sha256 WHERE f.id = ?",
                (fact_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no {kind} {fact_id}")
            db.execute(
                f"UPDATE {table} SET access_level = ?, level = max(?, coalesce(?, 0))"
                " WHERE id = ?",
                (level, row["document_level"], level, fact_id),
            )
            append_audit(db, actor, f"{kind}.access", [f"{kind}:{fact_id}"],
                         {"access_level": row["access_level"]}, {"access_level": level},
                         at)  # fmt: skip

    def set_person_protected(self, person_id: int, protected: bool, actor: str,
                             at: str) -> None:  # fmt: skip
        with self.transaction() as db:
            row = db.execute("SELECT protected FROM persons WHERE id = ?", (person_id,)).fetchone()
            if row is None:
                raise StoreError(f"no person {person_id}")
            db.execute("UPDATE persons SET protected = ? WHERE id = ?", (int(protected), person_id))
            append_audit(db, actor, "person.protect", [f"person:{person_id}"],
                         {"protected": bool(row[0])}, {"protected": protected}, at)  # fmt: skip

    def protected_names(self) -> dict[int, list[str]]:
        """Each protected person's names as the records spell them: name, aliases, and
        the participant names of their events (the text's own spelling)."""
        found: dict[int, set[str]] = {}
        for person_id, name in self.conn.execute(
            "SELECT id, name FROM persons WHERE protected = 1"
            " UNION SELECT person_id, alias FROM person_aliases WHERE person_id IN"
            " (SELECT id FROM persons WHERE protected = 1)"
            " UNION SELECT person_id, participant_name FROM events WHERE person_id IN"
            " (SELECT id FROM persons WHERE protected = 1)"
        ):
            if name:
                found.setdefault(person_id, set()).add(name)
        return {pid: sorted(names) for pid, names in found.items()}

    def pseudonym_key(self) -> bytes:
        row = self.conn.execute(
            "SELECT value FROM installation_secrets WHERE name = 'pseudonym_key'"
        ).fetchone()
        if row is None:
            raise StoreError("the database has no pseudonym key (migration 0007)")
        return bytes.fromhex(row[0])

