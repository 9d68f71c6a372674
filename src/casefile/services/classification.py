"""Changing who may see what: documents' and facts' access levels, protected persons.

Editors and admins do this (the web checks the role; the CLI acts with full clearance).
The rules a reader depends on stay in `access`, below the case and review rules; this
module sits above them, because a change of level must find the fact as its reviewer
sees it and recompute the case records it affects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from casefile.i18n import Msg
from casefile.services import review
from casefile.services.access import Viewer, check_document, check_person, parse_level
from casefile.services.cases import refresh_case_records
from casefile.services.errors import Forbidden, NotFound
from casefile.services.masking import Pseudonyms, surname_word
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


@dataclass(frozen=True)
class Protection:
    """A protection set or lifted, and the other cases (that its setter can see) whose
    persons share the protected person's surname: masking leaves their names alone
    (each keeps her name), so their texts may still tell the surname; protect them too,
    or raise those documents' level."""

    person_id: int
    protected: bool
    shared_surname: tuple[tuple[int, str], ...] = ()  # (person id, name), by id

    @property
    def notice(self) -> str | None:
        if not self.shared_surname:
            return None
        cases = "; ".join(f"#{pid} {name}" for pid, name in self.shared_surname[:20])
        more = len(self.shared_surname) - 20
        return (f"{len(self.shared_surname)} other case(s) share this person's surname, which"
                f" stays readable in their texts: {cases}" + (f" and {more} more" if more > 0
                                                               else ""))  # fmt: skip


def set_protected(
    store: Store, viewer: Viewer, person_id: int, protected: bool
) -> Protection:
    """Anyone who may edit may protect a person they can see; only those who may see
    protected names may lift it (else lifting it would be a way to learn the name).
    Protecting tells which other cases share the surname (see `Protection`)."""
    check_person(store, viewer, person_id)
    if not protected and not viewer.sees_protected:
        raise Forbidden(Msg("only a user with confidential clearance may lift a protection"))
    person = store.get_person(person_id)
    if person is None:
        raise NotFound(Msg("no person %(person_id)s", person_id=person_id))
    store.set_person_protected(person_id, protected, viewer.name, _now())
    # Told only to who could read the name when they asked: someone without clearance
    # protecting an already protected person would learn the surname from the list.
    if not protected or (person.protected and not viewer.sees_protected):
        return Protection(person_id, protected)
    surnames = {surname_word(n) for n in (person.name, *person.aliases)} - {None}
    names = Pseudonyms(store, viewer)
    shared = sorted(
        (other, name)
        for other, (name, words) in names.shared_with(person_id).items()
        if words & surnames
    )
    return Protection(person_id, protected, tuple(shared))


def _refresh(store: Store) -> None:
    refresh_case_records(store)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
