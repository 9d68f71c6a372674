"""What a viewer may see of a person whose case gathers facts from several documents.

A person row is not classified itself: its roles, other spellings (aliases) and merges
come from every document that ever named the person, confidential ones included. So:

- a role is a fact with a source document: it is shown only with a document the viewer
  may see, its quote masked like any quote (protected persons' names);
- a spelling of the name is shown only when a visible event or role spells it (its
  participant name, or words of its quote); the case's own name likewise, and a case
  whose stored name only a hidden document uses is shown under a visible spelling;
- a merge is shown only when each of its two names is shown, or is a case the viewer
  may see on its own;
- an organisation's names follow the persons' rule: its stored name and aliases are
  shown only where a visible event of it spells them (its participant name or words of
  its quote), else under a visible spelling;
- a country is shown only as visible documents give it: the stored one (the first any
  document gave) if a visible document gives it too, else the one visible documents
  give most, else none;
- a person id the viewer can see nothing of is "not found", exactly as an id nobody
  has: a merged-away id stands for its case only if a visible event spells its name.

Part of the access rules (`services.access` builds on it for exports): below the case,
review and linking rules, and importing none of them, nor `access` itself, so that
`access` may use it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from casefile.names import name_key
from casefile.services.errors import PersonNotFound
from casefile.services.masking import Pseudonyms
from casefile.store.base import (
    RoleAssertion,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
)
from casefile.store.base_documents import WITHDRAWN
from casefile.store.base_links import MergeRecord
from casefile.store.base_security import FULL_ACCESS

if TYPE_CHECKING:
    from casefile.services.access import Viewer


@dataclass(frozen=True)
class Attestation:
    """The spellings of a person that visible records use."""

    keys: frozenset[str]  # name keys of visible events' participant names
    quotes: tuple[str, ...]  # visible event and role quotes, case-folded
    everything: bool = False  # full clearance: every spelling is visible

    def spells(self, name: str) -> bool:
        if self.everything:
            return True
        key = name_key(name)
        if not key:
            return False
        if key in self.keys:
            return True
        words = re.compile(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)")
        return any(words.search(quote) for quote in self.quotes)


EVERYTHING = Attestation(frozenset(), (), everything=True)


def attestation(events: Iterable[StoredEvent], roles: Iterable[RoleAssertion]) -> Attestation:
    """What these (visible) events and roles attest; they must be unmasked."""
    events = list(events)
    quotes = [e.event.evidence.quote for e in events]
    quotes += [a.evidence.quote for a in roles if a.evidence is not None]
    return Attestation(
        keys=frozenset(k for e in events if (k := name_key(e.event.participant))),
        quotes=tuple(q.casefold() for q in quotes),
    )


def visible_documents(store: Store, level: int, sha256s: Iterable[str]) -> set[str]:
    """Those of these documents a viewer of `level` may see."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return set()
    if level >= FULL_ACCESS:
        return set(wanted)
    return {sha for sha, own in store.document_levels(wanted).items() if own <= level}


def sees_document(store: Store, viewer: Viewer, sha256: str) -> bool:
    """Whether `viewer` may see this document (False for one that does not exist)."""
    level = store.document_level(sha256) if sha256 else None
    return level is not None and level <= viewer.level


CountryRecord = tuple[str | None, Sequence[tuple[str, int]]]  # Store.person_countries


def country_as_seen(record: CountryRecord, level: int) -> str | None:
    """A person's country as a viewer of `level` sees it, from the stored country and
    the (country, document level) pairs documents give: see the module docstring."""
    stored, given = record
    if level >= FULL_ACCESS:
        return stored
    seen = Counter(country for country, own in given if own <= level)
    if stored is not None and stored in seen:
        return stored
    return min(seen, key=lambda c: (-seen[c], c)) if seen else None


def countries_as_seen(store: Store, level: int, person_ids: Iterable[int]) -> dict[int, str | None]:
    """`country_as_seen` for each of these persons (cases)."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return {}
    return {pid: country_as_seen(record, level)
            for pid, record in store.person_countries(wanted).items()}  # fmt: skip


def person_as_seen(
    store: Store, level: int, person: StoredPerson, events: Iterable[StoredEvent],
    names: Pseudonyms,
) -> StoredPerson:
    """`person` as a viewer of `level` may see them, given the person's events they may
    see (unmasked): roles from visible documents, spellings visible records use, the
    country visible documents give, then the protected-person masking."""
    roles = _raw_roles(store, level, person)
    if level < FULL_ACCESS:
        events = list(events)
        person = _spelled_as_seen(person, events, attestation(events, roles))
        country = countries_as_seen(store, level, [person.id]).get(person.id)
        person = replace(person, country=country)
    # `names.person` masks the role quotes too, as their documents show them.
    return names.person(replace(person, role_assertions=roles))


def _raw_roles(store: Store, level: int, person: StoredPerson) -> tuple[RoleAssertion, ...]:
    documents = visible_documents(store, level, (a.document_sha256 for a in person.role_assertions))
    return tuple(a for a in person.role_assertions if a.document_sha256 in documents)


def _spelled_as_seen(
    person: StoredPerson, events: list[StoredEvent], seen: Attestation
) -> StoredPerson:
    aliases = [a for a in person.aliases if seen.spells(a)]
    name = person.name
    if not seen.spells(name):
        if aliases:
            name = aliases.pop(0)
        else:  # the spelling the visible events use most
            spellings = Counter(e.event.participant for e in events
                                if e.event.participant_kind == "person")  # fmt: skip
            name = spellings.most_common(1)[0][0] if spellings else f"Person {person.id}"
    return replace(person, name=name, key=name_key(name) or person.key,
                   aliases=tuple(a for a in aliases if a != name))  # fmt: skip


def persons_as_seen(
    store: Store, level: int, persons: Sequence[StoredPerson], names: Pseudonyms
) -> list[StoredPerson]:
    """`person_as_seen` for a page of persons, reading their events only where the names
    their visible events give do not already spell every name of theirs."""
    if level >= FULL_ACCESS:
        return [person_as_seen(store, level, p, (), names) for p in persons]
    documents = visible_documents(
        store, level, (a.document_sha256 for p in persons for a in p.role_assertions))
    spellings = store.person_spellings([p.id for p in persons], level)
    doubtful = [p.id for p in persons
                if not _all_spelled((p.name, *p.aliases), spellings.get(p.id, set()))]  # fmt: skip
    events = store.events_of_persons(doubtful) if doubtful else {}
    countries = countries_as_seen(store, level, (p.id for p in persons))
    out = []
    for person in persons:
        person = replace(person, country=countries.get(person.id))
        roles = tuple(a for a in person.role_assertions if a.document_sha256 in documents)
        if person.id in events:
            visible = [e for e in events[person.id] if e.level <= level]
            person = _spelled_as_seen(person, visible, attestation(visible, roles))
        out.append(names.person(replace(person, role_assertions=roles)))
    return out


def name_as_seen(store: Store, level: int, person: StoredPerson,
                 events: Sequence[StoredEvent]) -> str:  # fmt: skip
    """The person's name as a viewer of `level` may see it, given the person's events
    they may see (unmasked)."""
    if level >= FULL_ACCESS:
        return person.name
    seen = attestation(events, _raw_roles(store, level, person))
    return _spelled_as_seen(person, list(events), seen).name


def names_as_seen(store: Store, level: int, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's name as a viewer of `level` may see it (unmasked), for those whose
    stored name no visible event gives; at full clearance, none: stored names stand."""
    wanted = sorted(set(person_ids))
    if not wanted or level >= FULL_ACCESS:
        return {}
    spellings = store.person_spellings(wanted, level)
    out = {}
    persons = {pid: p for pid in wanted if (p := store.get_person(pid)) is not None}
    doubtful = [pid for pid, p in persons.items()
                if not _all_spelled((p.name,), spellings.get(pid, set()))]  # fmt: skip
    events = store.events_of_persons(doubtful) if doubtful else {}
    for pid in doubtful:
        visible = [e for e in events.get(pid, ()) if e.level <= level]
        if visible:
            out[pid] = name_as_seen(store, level, persons[pid], visible)
    return out


def organisations_as_seen(
    store: Store, level: int, organisations: Sequence[StoredOrganisation]
) -> list[StoredOrganisation]:
    """Organisations under the names a viewer of `level` may see (see the module
    docstring); each must be one they may see (an event of it visible)."""
    if level >= FULL_ACCESS or not organisations:
        return list(organisations)
    # Events (with their quotes) are read only for those whose names the names their
    # visible events give do not already spell.
    spellings = store.organisation_spellings(sorted({o.id for o in organisations}), level)
    doubtful = sorted({o.id for o in organisations
                       if not _all_spelled((o.name, *o.aliases), spellings.get(o.id, set()))})
    events = store.events_of_organisations(doubtful, level) if doubtful else {}
    return [_organisation_spelled_as_seen(o, events[o.id]) if o.id in events else o
            for o in organisations]  # fmt: skip


def _organisation_spelled_as_seen(
    org: StoredOrganisation, events: list[StoredEvent]
) -> StoredOrganisation:
    seen = attestation(events, ())
    aliases = [a for a in org.aliases if seen.spells(a)]
    name = org.name
    if not seen.spells(name):
        if aliases:
            name = aliases.pop(0)
        else:
            spellings = Counter(e.event.participant for e in events)
            name = spellings.most_common(1)[0][0] if spellings else f"Organisation {org.id}"
    return replace(org, name=name, key=name_key(name) or org.key,
                   aliases=tuple(a for a in aliases if a != name))  # fmt: skip


def _all_spelled(names: Iterable[str], spellings: set[str]) -> bool:
    keys = {name_key(s) for s in spellings}
    return all(name_key(n) in keys for n in names)


Fact = TypeVar("Fact")


def events_as_seen(store: Store, level: int, facts: Sequence[Fact]) -> list[Fact]:
    """Facts (unmasked: before the protected-name masking) whose events name their
    person as a viewer of `level` may see the name. An event that spells its person's
    stored name itself is left as it is; only the others cost a look at the case."""
    if level >= FULL_ACCESS:
        return list(facts)
    doubtful = {f.person_id for f in facts if isinstance(f, StoredEvent)
                and f.person_id is not None and not _spells_own_name(f)}  # fmt: skip
    doubtful_orgs = {f.organisation_id for f in facts if isinstance(f, StoredEvent)
                     and f.organisation_id is not None and not _spells_own_name(f)}  # fmt: skip
    if not doubtful and not doubtful_orgs:
        return list(facts)
    seen = names_as_seen(store, level, doubtful)
    orgs = [o for oid in sorted(doubtful_orgs) if (o := store.get_organisation(oid)) is not None]
    seen_orgs = {o.id: o.name for o in organisations_as_seen(store, level, orgs)}
    out: list[Fact] = []
    for f in facts:
        if isinstance(f, StoredEvent) and f.person_id in seen:
            f = replace(f, entity_name=seen[f.person_id])
        elif isinstance(f, StoredEvent) and f.organisation_id in seen_orgs:
            f = replace(f, entity_name=seen_orgs[f.organisation_id])
        out.append(f)
    return out


def _spells_own_name(stored: StoredEvent) -> bool:
    name = stored.entity_name
    if name == stored.event.participant or name in stored.event.evidence.quote:
        return True  # the common case, without folding
    key = name_key(name)
    return bool(key) and (key == name_key(stored.event.participant)
                          or name.casefold() in stored.event.evidence.quote.casefold())  # fmt: skip


@dataclass(frozen=True)
class SeenCase:
    """The case a person id stands in, as far as a viewer may see it."""

    case_id: int  # the id itself, or the person it was merged into
    person: StoredPerson  # the case's person, unmasked, as stored
    events: list[StoredEvent]  # the case's standing events the viewer may see, unmasked
    attested: Attestation


def seen_case(store: Store, level: int, person_id: int) -> SeenCase:
    """The case `person_id` stands in for a viewer of `level`; PersonNotFound, as for an
    id nobody has, when they may see nothing of it."""
    case_id = store.canonical_person(person_id)
    person = store.get_person(case_id) if case_id is not None else None
    if case_id is None or person is None:
        raise PersonNotFound(str(person_id))
    events = store.person_events(case_id, level)
    if not events and store.persons_with_events([case_id], WITHDRAWN):
        # Known only from withdrawn documents: no one's case (services.document_changes).
        raise PersonNotFound(str(person_id))
    if level >= FULL_ACCESS:
        return SeenCase(case_id, person, events, EVERYTHING)
    if not events:
        raise PersonNotFound(str(person_id))
    seen = attestation(events, _raw_roles(store, level, person))
    if case_id != person_id:
        merged = store.get_person(person_id)
        if merged is None or not seen.spells(merged.name):
            raise PersonNotFound(str(person_id))
    return SeenCase(case_id, person, events, seen)


def merges_as_seen(
    store: Store, level: int, case: SeenCase, merges: list[MergeRecord], names: Pseudonyms
) -> list[MergeRecord]:
    """The merges a viewer may see, with the names they may see; the rest left out."""
    if level >= FULL_ACCESS:
        return [
            replace(m, kept_name=names.name(m.kept_id, m.kept_name),
                    merged_name=names.name(m.merged_id, m.merged_name))
            for m in merges
        ]  # fmt: skip
    own_name = _spelled_as_seen(case.person, case.events, case.attested).name
    others = {pid for m in merges for pid in (m.kept_id, m.merged_id)} - {case.case_id}
    standing = store.visible_persons(sorted(others), level) if others else set()

    def shown(pid: int, name: str) -> str | None:
        if pid == case.case_id:
            return names.name(pid, own_name)
        if case.attested.spells(name) or pid in standing:
            return names.name(pid, name)
        return None

    out = []
    for m in merges:
        kept, merged = shown(m.kept_id, m.kept_name), shown(m.merged_id, m.merged_name)
        if kept is not None and merged is not None:
            out.append(replace(m, kept_name=kept, merged_name=merged))
    return out
