"""Keeping the search index in step with the records.

The index (migration 0013) holds each document's, event's and case's words as keys
(`link.search_terms`), computed here in Python. Triggers mark every record whose words
or visibility changed, whatever wrote it (ingest, re-extraction, a review edit, a merge
or split, an access level); `refresh_search_index` indexes the marked ones. It runs with
`services.cases.refresh_case_records` (after every write the services make, before lists
are read, at the web app's start) and before every search, so a search never reads a
stale index. `reindex` rebuilds the whole index (`casefile search reindex`).

A case is indexed once per clearance, as a reader of that clearance may know it
(`services.visibility`): its names are the participant names of the standing events they
may see, and its stored name and aliases only where those events or the roles of the
documents they may see spell them; its facts are those events' texts and those roles.
A spelling that only a hidden document gives is therefore never found by a reader who
may not see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casefile.link.search_terms import text_keys
from casefile.services.visibility import EVERYTHING, attestation
from casefile.store.base import RoleAssertion, Store, StoredEvent, StoredPerson
from casefile.store.base_search import CaseKeys
from casefile.store.base_security import FULL_ACCESS


@dataclass(frozen=True)
class Indexed:
    documents: int = 0
    events: int = 0
    cases: int = 0

    def __bool__(self) -> bool:
        return bool(self.documents or self.events or self.cases)


def refresh_search_index(store: Store, batch: int = 200) -> Indexed:
    """Index the records marked since the last refresh; how many of each were done."""
    documents = events = cases = 0
    # The keys of the events indexed here, for their cases' rows (an event's words are
    # its case's too): the first index of a database folds every text once, not twice.
    event_keys: dict[int, str] = {}
    while marked := store.stale_search_documents(batch):
        texts = store.search_document_texts(sorted(marked))
        store.put_document_keys(
            {sha: (text_keys(texts[sha][0]), text_keys(texts[sha][1])) if sha in texts
             else None for sha in marked},
            marked,
        )  # fmt: skip
        documents += len(marked)
    while marked_events := store.stale_search_events(batch * 5):
        event_texts = store.search_event_texts(sorted(marked_events))
        keys = {i: text_keys(event_texts[i]) if i in event_texts else None
                for i in marked_events}  # fmt: skip
        store.put_event_keys(keys, marked_events)
        if len(event_keys) < _EVENT_KEYS_KEPT:
            event_keys.update((i, k) for i, k in keys.items() if k is not None)
        events += len(marked_events)
    while marked_cases := store.stale_search_cases(batch):
        store.put_case_keys(_case_keys(store, sorted(marked_cases), event_keys), marked_cases)
        cases += len(marked_cases)
    return Indexed(documents, events, cases)


def reindex(store: Store) -> Indexed:
    """Rebuild the whole index from the records."""
    store.mark_search_stale()
    return refresh_search_index(store)


_EVENT_KEYS_KEPT = 200_000


def _case_keys(
    store: Store, person_ids: list[int], known: dict[int, str]
) -> dict[int, CaseKeys]:
    events = store.events_of_persons(person_ids)
    persons = {pid: p for pid in person_ids if (p := store.get_person(pid)) is not None}
    documents = {a.document_sha256 for p in persons.values() for a in p.role_assertions}
    levels = store.document_levels(sorted(documents)) if documents else {}
    out: dict[int, CaseKeys] = {}
    for pid, person in persons.items():
        standing = events.get(pid, [])
        if not standing:
            continue
        event_keys = {e.id: known.get(e.id) or text_keys(_event_text(e)) for e in standing}
        by_level: CaseKeys = {}
        for clearance in range(FULL_ACCESS + 1):
            visible = [e for e in standing if e.level <= clearance]
            if not visible:
                continue
            roles = [a for a in person.role_assertions
                     if levels.get(a.document_sha256, FULL_ACCESS + 1) <= clearance]  # fmt: skip
            names = _names_seen(person, visible, roles, clearance)
            facts = [event_keys[e.id] for e in visible]
            facts += [text_keys(_role_text(a)) for a in roles if a.review_status != "rejected"]
            by_level[clearance] = (text_keys(" ".join(names)), " ".join(facts))
        out[pid] = by_level
    return out


def _names_seen(
    person: StoredPerson, visible: list[StoredEvent], roles: list[RoleAssertion], clearance: int
) -> list[str]:
    """The spellings of a case a reader of `clearance` may see (services.visibility)."""
    seen = EVERYTHING if clearance >= FULL_ACCESS else attestation(visible, roles)
    given = {e.event.participant for e in visible if e.event.participant_kind == "person"}
    stored = [n for n in (person.name, *person.aliases) if seen.spells(n)]
    return sorted(given | set(stored))


def _event_text(stored: StoredEvent) -> str:
    event = stored.event
    parts: Iterable[str | None] = (event.participant, event.evidence.quote, *event.charges,
                                   event.agent)  # fmt: skip
    return " ".join(p for p in parts if p)


def _role_text(role: RoleAssertion) -> str:
    quote = role.evidence.quote if role.evidence else ""
    return f"{role.role.replace('_', ' ')} {quote}"
