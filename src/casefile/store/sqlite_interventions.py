"""The SQLite store's interventions (migration 0021): an appeal, letter, urgent action or
submission about a case, with its attached file kept as received (bytes and sha256, like
a document's original). Each write is one `BEGIN IMMEDIATE` transaction with its audit
entry; the entry holds the fields before and after, never a file's bytes (their sha256
stands for them).

A mixin of `SQLiteStore`; the rules are in services/interventions.py.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any

from casefile.i18n import Msg
from casefile.model import PartialDate
from casefile.store.base import StoreError, VersionConflict
from casefile.store.base_interventions import (
    INTERVENTION_FIELDS,
    AttachedFile,
    Intervention,
    NewFile,
)
from casefile.store.dialect import for_update
from casefile.store.sqlite_audit import append_audit

_COLUMNS = ("id, person_id, kind, date, sender, addressee, channel, text, response, outcome,"
            " file_name, file_type, file_sha256, length(file) AS file_size, access_level,"
            " version, created_by, created_at, updated_by, updated_at")  # fmt: skip


class InterventionWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def add_intervention(
        self, person_id: int, values: Mapping[str, Any], file: NewFile | None, actor: str,
        at: str,
    ) -> int:  # fmt: skip
        fields = _fields(values)
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM persons WHERE id = ?", (person_id,)).fetchone() is None:
                raise StoreError(Msg("no person with id %(person_id)s", person_id=person_id))
            columns = ["person_id", *fields, "created_by", "created_at"]
            params: list[Any] = [person_id, *fields.values(), actor, at]
            if file is not None:
                columns += ["file", "file_name", "file_type", "file_sha256"]
                params += [file.data, file.name, file.media_type, _sha256(file.data)]
            new_id: int = db.execute(
                f"INSERT INTO interventions ({', '.join(columns)}) VALUES"  # noqa: S608
                f" ({', '.join('?' for _ in columns)}) RETURNING id", params,
            ).fetchone()[0]  # fmt: skip
            after = _audited(_read(db, new_id))
            subjects = [f"intervention:{new_id}", f"person:{person_id}"]
            append_audit(db, actor, "intervention.add", subjects, {}, after, at)
        return new_id

    def update_intervention(
        self, intervention_id: int, values: Mapping[str, Any], file: NewFile | None,
        actor: str, at: str, expected_version: int | None = None,
        remove_file: bool = False,
    ) -> Intervention:  # fmt: skip
        fields = _fields(values)
        with self.transaction() as db:
            before = _read(db, intervention_id, lock=True)
            if before is None:
                raise StoreError(Msg("no intervention with id %(intervention_id)s",
                                      intervention_id=intervention_id))
            if expected_version is not None and before.version != expected_version:
                raise VersionConflict("intervention", intervention_id, expected_version,
                                      before.version)  # fmt: skip
            sets: dict[str, Any] = dict(fields)
            if file is not None:
                sets.update(file=file.data, file_name=file.name, file_type=file.media_type,
                            file_sha256=_sha256(file.data))  # fmt: skip
            elif remove_file:
                sets.update(file=None, file_name=None, file_type=None, file_sha256=None)
            sets.update(version=before.version + 1, updated_by=actor, updated_at=at)
            assignments = ", ".join(f"{column} = :{column}" for column in sets)
            db.execute(f"UPDATE interventions SET {assignments} WHERE id = :id",  # noqa: S608
                       {**sets, "id": intervention_id})  # fmt: skip
            after = _read(db, intervention_id)
            assert after is not None
            old, new = _audited(before), _audited(after)
            changed = [k for k in new if old.get(k) != new.get(k)]
            append_audit(db, actor, "intervention.edit",
                         [f"intervention:{intervention_id}", f"person:{before.person_id}"],
                         {k: old.get(k) for k in changed}, {k: new.get(k) for k in changed},
                         at)  # fmt: skip
        return after

    def delete_intervention(self, intervention_id: int, actor: str, at: str) -> Intervention:
        with self.transaction() as db:
            before = _read(db, intervention_id)
            if before is None:
                raise StoreError(Msg("no intervention with id %(intervention_id)s",
                                      intervention_id=intervention_id))
            db.execute("DELETE FROM interventions WHERE id = ?", (intervention_id,))
            append_audit(db, actor, "intervention.delete",
                         [f"intervention:{intervention_id}", f"person:{before.person_id}"],
                         _audited(before), {}, at)  # fmt: skip
        return before

    def get_intervention(self, intervention_id: int) -> Intervention | None:
        return _read(self.conn, intervention_id)

    def case_interventions(self, case_id: int) -> list[Intervention]:
        # The persons merged into the case, at any depth (a merge of a merged case).
        cursor = self.conn.execute(
            "WITH RECURSIVE joined(id) AS (SELECT CAST(? AS BIGINT)"
            " UNION SELECT p.id FROM persons p JOIN joined j ON p.merged_into = j.id)"
            f" SELECT {_COLUMNS} FROM interventions"  # noqa: S608
            " WHERE person_id IN (SELECT id FROM joined)"
            " ORDER BY date IS NULL, date DESC, id DESC", (case_id,))  # fmt: skip
        return [_intervention(row) for row in cursor]

    def intervention_file(self, intervention_id: int) -> bytes | None:
        row = self.conn.execute("SELECT file FROM interventions WHERE id = ?",
                                (intervention_id,)).fetchone()  # fmt: skip
        return None if row is None or row[0] is None else bytes(row[0])

    def iter_intervention_files(self) -> Iterator[tuple[int, str, bytes]]:
        cursor = self.conn.execute("SELECT id, file_sha256, file FROM interventions"
                                   " WHERE file IS NOT NULL ORDER BY id")  # fmt: skip
        for intervention_id, sha256, data in cursor:
            yield intervention_id, sha256, bytes(data)


def _fields(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(INTERVENTION_FIELDS)
    if unknown:
        raise StoreError(Msg("not an intervention's field: %(fields)s",
                              fields=", ".join(sorted(unknown))))
    return {k: values[k] for k in INTERVENTION_FIELDS if k in values}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(
    db: sqlite3.Connection, intervention_id: int, lock: bool = False
) -> Intervention | None:
    """`lock`: for a version-checked update (dialect.for_update)."""
    row = db.execute(f"SELECT {_COLUMNS} FROM interventions WHERE id = ?"  # noqa: S608
                     f"{for_update(db) if lock else ''}",
                     (intervention_id,)).fetchone()  # fmt: skip
    return None if row is None else _intervention(row)


def _intervention(row: sqlite3.Row) -> Intervention:
    attached = None
    if row["file_sha256"] is not None:
        attached = AttachedFile(row["file_name"] or "", row["file_type"] or "",
                                row["file_sha256"], row["file_size"] or 0)  # fmt: skip
    return Intervention(
        id=row["id"], person_id=row["person_id"], kind=row["kind"],
        date=PartialDate.parse(row["date"]) if row["date"] else None,
        sender=row["sender"], addressee=row["addressee"], channel=row["channel"],
        text=row["text"], response=row["response"], outcome=row["outcome"], file=attached,
        access_level=row["access_level"], version=row["version"],
        created_by=row["created_by"], created_at=row["created_at"],
        updated_by=row["updated_by"], updated_at=row["updated_at"],
    )  # fmt: skip


def _audited(item: Intervention | None) -> dict[str, Any]:
    """What the audit log keeps of an intervention: its fields, the file by its name and
    sha256 (never its bytes)."""
    if item is None:
        return {}
    return {
        "person_id": item.person_id, "kind": item.kind,
        "date": item.date.iso() if item.date else None, "sender": item.sender,
        "addressee": item.addressee, "channel": item.channel, "text": item.text,
        "response": item.response, "outcome": item.outcome,
        "file": None if item.file is None else {"name": item.file.name,
                                                 "sha256": item.file.sha256},
        "access_level": item.access_level, "version": item.version,
    }  # fmt: skip
