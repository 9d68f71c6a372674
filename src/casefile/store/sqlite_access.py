"""The SQLite store's confidentiality side: setting a document's or a fact's access
level and marking a person protected (each audited in its own transaction), and what
pseudonyms are made from.

A fact's effective `level` is max(its document's level, its own): kept here whenever
either changes, so that every read filters on one indexed column."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager

from casefile.i18n import Msg
from casefile.store.base import StoreError, fact_missing
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
                raise StoreError(Msg("no document %(sha256)s", sha256=sha256[:12]))
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
                raise StoreError(fact_missing(kind, fact_id))
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
                raise StoreError(Msg("no person %(person_id)s", person_id=person_id))
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

    def person_name_marks(self) -> tuple[int, int, int, int]:
        """(highest person id, persons, highest alias rowid, aliases): whether any name
        was added (a higher mark) or removed (a lower count) since last asked."""
        row = self.conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM persons), (SELECT count(*) FROM persons),"
            " (SELECT coalesce(max(rowid), 0) FROM person_aliases),"
            " (SELECT count(*) FROM person_aliases)"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def persons_with_events(self, person_ids: list[int], level: int) -> set[int]:
        """Those of the persons with a standing event at or below `level`, from the
        events themselves (not the case records, which may wait for a refresh)."""
        cursor = self.conn.execute(
            "SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM events e"
            " WHERE e.person_id = value AND e.review_status != 'rejected' AND e.level <= ?)",
            (json.dumps(person_ids), level),
        )
        return {int(row[0]) for row in cursor}

    def person_names(
        self, after: tuple[int, int] = (0, 0), upto: tuple[int, int] | None = None
    ) -> list[tuple[int, str]]:
        """(person id, name or alias) of the persons with an id, and the aliases with a
        rowid, in (after, upto] (persons first, aliases second of each pair)."""
        top = upto or (2**63 - 1, 2**63 - 1)
        cursor = self.conn.execute(
            "SELECT id, name FROM persons WHERE id > ? AND id <= ?"
            " UNION ALL SELECT person_id, alias FROM person_aliases"
            " WHERE rowid > ? AND rowid <= ?",
            (after[0], top[0], after[1], top[1]),
        )
        return [(int(pid), name) for pid, name in cursor if name]

    def pseudonym_key(self) -> bytes:
        row = self.conn.execute(
            "SELECT value FROM installation_secrets WHERE name = 'pseudonym_key'"
        ).fetchone()
        if row is None:
            raise StoreError(Msg("the database has no pseudonym key (migration 0007)"))
        return bytes.fromhex(row[0])

