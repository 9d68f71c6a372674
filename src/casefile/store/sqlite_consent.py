"""The SQLite store's publication consent (migration 0020): one row per person, the
latest decision, replaced by the next; each change audited with what it replaced.

A mixin of `SQLiteStore`; the rules are in services/consent.py. A merged person's
decision is read through the case it joined (`merged_into`): the case is the one
person, and its own row is what counts."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from casefile.i18n import Msg
from casefile.store.base import StoreError
from casefile.store.base_consent import GIVERS, Consent
from casefile.store.sqlite_audit import append_audit

_COLUMNS = ("given", "given_by", "note", "recorded_by", "recorded_at")


class ConsentWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def set_consent(
        self, person_id: int, given: bool, given_by: str, note: str, actor: str, at: str
    ) -> Consent:
        if given_by not in GIVERS:
            raise StoreError(Msg("consent given by: one of %(givers)s", givers=", ".join(GIVERS)))
        with self.transaction() as db:
            row = db.execute("SELECT COALESCE(merged_into, id) FROM persons WHERE id = ?",
                             (person_id,)).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(Msg("no person %(person_id)s", person_id=person_id))
            case_id = int(row[0])
            before = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM person_consents"
                                " WHERE person_id = ?", (case_id,)).fetchone()  # fmt: skip
            values = (int(given), given_by, note, actor, at)
            db.execute(
                f"INSERT INTO person_consents (person_id, {', '.join(_COLUMNS)})"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
                " given = excluded.given, given_by = excluded.given_by, note = excluded.note,"
                " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                (case_id, *values),
            )
            old = dict(zip(_COLUMNS, before, strict=True)) if before else None
            append_audit(db, actor, "person.consent", [f"person:{case_id}"],
                         {"consent": old}, {"consent": dict(zip(_COLUMNS, values, strict=True))},
                         at)  # fmt: skip
        return Consent(case_id, given, given_by, note, actor, at)

    def get_consents(self, person_ids: list[int]) -> dict[int, Consent]:
        found: dict[int, Consent] = {}
        for asked, case_id, *values in self.conn.execute(
            "SELECT p.id, c.person_id, c.given, c.given_by, c.note, c.recorded_by,"
            " c.recorded_at FROM persons p JOIN person_consents c"
            " ON c.person_id = COALESCE(p.merged_into, p.id)"
            " WHERE p.id IN (SELECT value FROM json_each(?))",
            (_json_ids(person_ids),),
        ):
            given, given_by, note, by, at = values
            found[asked] = Consent(case_id, bool(given), given_by, note, by, at)
        return found

    def names_without_consent(self) -> dict[int, list[str]]:
        found: dict[int, set[str]] = {}
        for case_id, name in self.conn.execute(
            "WITH cases AS (SELECT id, COALESCE(merged_into, id) AS case_id FROM persons"
            " WHERE COALESCE(merged_into, id) NOT IN"
            " (SELECT person_id FROM person_consents WHERE given = 1))"
            " SELECT c.case_id, p.name FROM cases c JOIN persons p ON p.id = c.id"
            " UNION SELECT c.case_id, a.alias FROM cases c"
            " JOIN person_aliases a ON a.person_id = c.id"
            " UNION SELECT c.case_id, e.participant_name FROM cases c"
            " JOIN events e ON e.person_id = c.id"
        ):
            if name:
                found.setdefault(case_id, set()).add(name)
        return {pid: sorted(names) for pid, names in found.items()}


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
