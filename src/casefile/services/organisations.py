"""Organisations: their events (designations, closures) and the people involved."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import chronological
from casefile.services.errors import NotFound
from casefile.services.paging import Page, bounds
from casefile.store.base import Store, StoredEvent, StoredOrganisation, StoredPerson
from casefile.store.base_security import FULL_ACCESS


@dataclass(frozen=True)
class OrganisationView:
    organisation: StoredOrganisation
    events: list[StoredEvent]  # standing, chronological: designations, closures, ...
    persons: list[StoredPerson]  # see Store.organisation_persons for "involved"

    @property
    def designations(self) -> list[StoredEvent]:
        return [e for e in self.events if e.event.type == "designation"]


def list_organisations(
    store: Store, page: int = 1, size: int = 50, *, viewer: Viewer = FULL
) -> Page[tuple[StoredOrganisation, int]]:
    """Organisations by name, each with its number of standing events `viewer` may see
    (below confidential clearance, only organisations with such an event)."""
    limit, offset = bounds(page, size)
    total, items = store.list_organisations(limit, offset, viewer.level)
    return Page(items=items, total=total, number=page, size=size)


def organisation_view(
    store: Store, organisation_id: int, *, viewer: Viewer = FULL
) -> OrganisationView:
    organisation = store.get_organisation(organisation_id)
    events = store.organisation_events(organisation_id, viewer.level)
    hidden = viewer.level < FULL_ACCESS and not events
    if organisation is None or hidden:
        raise NotFound(f"no organisation with id {organisation_id}")
    names = Pseudonyms(store, viewer)
    return OrganisationView(
        organisation=organisation,
        events=chronological(names.events(events)),
        persons=[names.person(p) for p in store.organisation_persons(organisation_id,
                                                                      viewer.level)],
    )  # fmt: skip
