"""Organisations: their events (designations, closures) and the people involved."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.services.cases import chronological
from casefile.services.errors import NotFound
from casefile.services.paging import Page, bounds
from casefile.store.base import Store, StoredEvent, StoredOrganisation, StoredPerson


@dataclass(frozen=True)
class OrganisationView:
    organisation: StoredOrganisation
    events: list[StoredEvent]  # standing, chronological: designations, closures, ...
    persons: list[StoredPerson]  # see Store.organisation_persons for "involved"

    @property
    def designations(self) -> list[StoredEvent]:
        return [e for e in self.events if e.event.type == "designation"]


def list_organisations(
    store: Store, page: int = 1, size: int = 50
) -> Page[tuple[StoredOrganisation, int]]:
    """Organisations by name, each with its number of standing events."""
    limit, offset = bounds(page, size)
    total, items = store.list_organisations(limit, offset)
    return Page(items=items, total=total, number=page, size=size)


def organisation_view(store: Store, organisation_id: int) -> OrganisationView:
    organisation = store.get_organisation(organisation_id)
    if organisation is None:
        raise NotFound(f"no organisation with id {organisation_id}")
    return OrganisationView(
        organisation=organisation,
        events=chronological(store.organisation_events(organisation_id)),
        persons=store.organisation_persons(organisation_id),
    )
