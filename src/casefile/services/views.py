"""Who read what: a protected person's case or a confidential document, when shown to
someone, leaves a "view" entry in the audit log (actor, the record, how it was read).

Why the audit log: its entries are hash-chained and cannot be edited or deleted in
place, so someone who read a record they should not have cannot remove the trace. Why
only these records: every other read is open to everyone with the clearance, and a write
per page would serialise every reader behind the log. The routes that serve the records
call this after the service has shown the reader may see them (a refused or missing
record leaves no entry, as it showed nothing). Admins read the entries on /views or with
`casefile user views` (and `casefile audit log --record person:ID`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from casefile.i18n import Msg
from casefile.services.access import FULL, Viewer
from casefile.services.documents import DocumentView
from casefile.services.errors import InvalidInput
from casefile.store.base import Store, StoredPerson
from casefile.store.base_security import CLEARANCES, FULL_ACCESS


@dataclass(frozen=True)
class ViewRecord:
    entry: int  # the audit entry's id
    at: str
    actor: str
    kind: str  # "person" or "document"
    record: str  # the person's id or the document's sha256
    via: str  # page, api, original
    clearance: str  # the reader's, at the time

_SUBJECT = re.compile(r"^(person:\d{1,18}|document:[0-9a-f]{64})$")


def case_viewed(store: Store, person: StoredPerson, viewer: Viewer, via: str) -> None:
    """Record that `viewer` was shown the case of `person` (as the case service gave it),
    if that person is protected; `via` says how ("page", "api")."""
    if person.protected:
        store.record_view(viewer.name, f"person:{person.id}", _details(viewer, via), _now())


def document_viewed(store: Store, view: DocumentView, viewer: Viewer, via: str) -> None:
    """Record that `viewer` was shown a confidential document (as the document service
    gave it); `via` says how ("page", "api", "original")."""
    if view.access == CLEARANCES[FULL_ACCESS]:
        store.record_view(viewer.name, f"document:{view.document.sha256}",
                          _details(viewer, via), _now())  # fmt: skip


def view_log(
    store: Store, record: str | None = None, limit: int = 100, *, viewer: Viewer = FULL
) -> list[ViewRecord]:
    """The latest views, oldest first; of `record` ("person:ID", "document:SHA256") only,
    if given. Views of records above `viewer`'s clearance are left out: the list must not
    name a document or a case its reader may not see (an admin may have less than
    confidential clearance)."""
    if record is not None and not _SUBJECT.match(record.strip()):
        raise InvalidInput(Msg(
            "record: person:ID or document:SHA256 (all 64 hex digits), not %(record)s",
            record=repr(record[:80]),
        ))  # fmt: skip
    if not 1 <= limit <= 100_000:
        raise InvalidInput(Msg("limit: between 1 and 100000"))
    found = []
    for entry in store.view_entries(record.strip() if record else None, limit):
        [subject] = json.loads(entry.subjects)
        kind, _, key = subject.partition(":")
        details = json.loads(entry.after)
        found.append(ViewRecord(entry.id, entry.at, entry.actor, kind, key,
                                str(details.get("via", "")), str(details.get("clearance", ""))))
    return [r for r in found if _visible(store, r, viewer)]


def _visible(store: Store, record: ViewRecord, viewer: Viewer) -> bool:
    if viewer.level >= FULL_ACCESS:
        return True
    if record.kind == "document":
        level = store.document_level(record.record)
        return level is not None and level <= viewer.level
    return bool(store.visible_persons([int(record.record)], viewer.level))


def _details(viewer: Viewer, via: str) -> dict[str, str]:
    return {"via": via, "clearance": viewer.clearance}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
