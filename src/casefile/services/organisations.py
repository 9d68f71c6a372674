"""Organisations: their events (designations, closures) and the people involved."""

from __future__ import annotations

from dataclasses import dataclass, replace

from casefile.i18n import Msg
from casefile.link.search_terms import WORD, QueryWord, query_words, word_keys
from casefile.names import name_key
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import chronological, persons_as_seen
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.paging import Page, bounds
from casefile.services.visibility import events_as_seen, organisations_as_seen
from casefile.store.base import (
    OrganisationListing,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
)
from casefile.store.base_documents import WITHDRAWN
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
    store: Store, page: int = 1, size: int = 50, *, viewer: Viewer = FULL,
    q: str = "", designated: bool = False, everything: bool = False,
) -> Page[OrganisationListing]:
    """Organisations `viewer` may see, designated ones first, then by name; each with
    its number of standing events they may see and its designations' labels.

    Unless `everything`, only those with such an event or acting in one (its agent):
    the extractor stores every organisation a text names, and one no fact is about or
    names is mostly noise (a headline, a country, a person). `q` finds organisations
    whose name or alias, as `viewer` may see them, holds each of its words in any
    spelling search knows (case, accents, script and Russian endings folded; `word*`
    for words it begins)."""
    limit, offset = bounds(page, size)
    wanted = query_words(q[:500])
    if not wanted:
        total, items = store.list_organisations(
            limit, offset, viewer.level, with_events=not everything, designated=designated)
        return Page(items=_as_seen(store, viewer, items), total=total, number=page,
                    size=size)  # fmt: skip
    # A search looks only at the names the viewer may see (an alias only a hidden
    # document gives must not find its organisation): all candidates, then the page.
    _, candidates = store.list_organisations(
        -1, 0, viewer.level, with_events=not everything, designated=designated)
    found = [item for item in _as_seen(store, viewer, candidates)
             if any(_holds(name, wanted) for name in (item.organisation.name,
                                                      *item.organisation.aliases))]  # fmt: skip
    return Page(items=found[offset:offset + limit], total=len(found), number=page, size=size)


def _holds(name: str, wanted: tuple[QueryWord, ...]) -> bool:
    keys = {key for m in WORD.finditer(name) for key in word_keys(m.group())}
    return all(
        any(key.startswith(word.keys[0]) for key in keys) if word.prefix
        else not keys.isdisjoint(word.keys)
        for word in wanted
    )


def _as_seen(
    store: Store, viewer: Viewer, items: list[OrganisationListing]
) -> list[OrganisationListing]:
    shown = organisations_as_seen(store, viewer.level, [item.organisation for item in items])
    return [replace(item, organisation=org) for org, item in zip(shown, items, strict=True)]


def organisation_view(
    store: Store, organisation_id: int, *, viewer: Viewer = FULL
) -> OrganisationView:
    organisation = store.get_organisation(organisation_id)
    events = store.organisation_events(organisation_id, viewer.level)
    hidden = not events and (viewer.level < FULL_ACCESS
                             or _only_withdrawn(store, organisation_id))  # fmt: skip
    if organisation is None or hidden:
        raise NotFound(Msg(
            "no organisation with id %(organisation_id)s",
            organisation_id=organisation_id,
        ))
    names = Pseudonyms(store, viewer)
    [shown] = organisations_as_seen(store, viewer.level, [organisation])
    return OrganisationView(
        organisation=shown,
        events=chronological(names.events(events_as_seen(store, viewer.level, events))),
        persons=persons_as_seen(
            store, viewer, store.organisation_persons(organisation_id, viewer.level), names),
    )  # fmt: skip


def filter_organisation(store: Store, raw: str, viewer: Viewer = FULL) -> StoredOrganisation | None:
    """The organisation a case filter names (an id, or a name or alias), among those
    `viewer` may see; None for no filter. An organisation they may not see is refused
    exactly as one that does not exist: same error, naming only what they typed."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdecimal():
        if not 0 < int(raw) < 2**63:
            raise InvalidInput(Msg("organisation: not an id: %(raw)s", raw=repr(raw)))
        org = store.get_organisation(int(raw))
        if org is None or not is_visible(store, viewer, org.id):
            raise InvalidInput(Msg("organisation: no organisation has the id %(raw)s", raw=raw))
        [shown] = organisations_as_seen(store, viewer.level, [org])
        return shown
    # Only by a name the viewer may see it under: a hidden document's name for a
    # visible organisation answers as a name nobody uses.
    key = name_key(raw)
    visible = [org for org in store.find_organisations(raw) if is_visible(store, viewer, org.id)]
    for shown in organisations_as_seen(store, viewer.level, visible):
        if key in {name_key(n) for n in (shown.name, *shown.aliases)}:
            return shown
    raise InvalidInput(Msg("organisation: no organisation is named %(raw)s", raw=repr(raw[:100])))


def is_visible(store: Store, viewer: Viewer, organisation_id: int) -> bool:
    """Below confidential clearance, an organisation exists through its visible events;
    for no one through withdrawn documents' alone."""
    if store.organisation_events(organisation_id, viewer.level):
        return True
    return viewer.level >= FULL_ACCESS and not _only_withdrawn(store, organisation_id)


def _only_withdrawn(store: Store, organisation_id: int) -> bool:
    """Named by events, all of them in withdrawn documents (services.document_changes)."""
    return bool(store.organisation_events(organisation_id, WITHDRAWN))
