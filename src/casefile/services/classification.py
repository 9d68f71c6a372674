"""Changing who may see what: documents' and facts' access levels, protected persons.

Editors and admins do this (the web checks the role; the CLI acts with full clearance).
The rules a reader depends on stay in `access`, below the case and review rules; this
module sits above them, because a change of level must find the fact as its reviewer
sees it and recompute the case records it affects.
"""

from __future__ import annotations

from datetime import UTC, datetime

from casefile.services import review
from casefile.services.access import Viewer, check_document, check_person, parse_level
from casefile.services.cases import refresh_case_records
from casefile.services.errors import Forbidden, NotFound
from casefile.store.base import Store


def set_document_access(store: Store, viewer: Viewer, sha256: str, raw_level: str) -> int:
    """Set a document's level (audited); its facts follow. One must see a document to
    change its level, but may raise it above one's own clearance (and lose sight of it)."""
    check_document(store, viewer, sha256)
    level = parse_level(raw_level)
    store.set_document_level(sha256, level, viewer.name, _now())
    _refresh(store)
    return level


def classify_new(store: Store, viewer: Viewer, sha256: str, raw_level: str) -> int:
    """The level of a document its uploader just added (stored confidential meanwhile)."""
    level = parse_level(raw_level)
    store.set_document_level(sha256, level, viewer.name, _now())
    _refresh(store)
    return level


def set_fact_access(
    store: Store, viewer: Viewer, kind: str, fact_id: int, raw_level: str
) -> None:
    """A fact's own level; "" or "inherit" makes it its document's again."""
    review.get_fact(store, kind, fact_id, viewer)  # 404 if not visible
    value = raw_level.strip().lower()
    level = None if value in ("", "inherit", "document") else parse_level(value)
    store.set_fact_level(kind, fact_id, level, viewer.name, _now())
    _refresh(store)


def set_protected(store: Store, viewer: Viewer, person_id: int, protected: bool) -> None:
    """Anyone who may edit may protect a person they can see; only those who may see
    protected names may lift it (else lifting it would be a way to learn the name)."""
    check_person(store, viewer, person_id)
    if not protected and not viewer.sees_protected:
        raise Forbidden("only a user with confidential clearance may lift a protection")
    if store.get_person(person_id) is None:
        raise NotFound(f"no person {person_id}")
    store.set_person_protected(person_id, protected, viewer.name, _now())


def _refresh(store: Store) -> None:
    refresh_case_records(store)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
