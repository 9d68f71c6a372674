"""Popolo JSON (https://www.popoloproject.com/specs/): persons with their other names,
organizations, and memberships, each with the `sources` it was derived from.

casefile keeps facts, not Popolo's classes, so the mapping is ours (docs/exchange.md):

- a person is a case (a stored person); `other_names` are its aliases, `identifiers`
  hold casefile's id, and its `sources` are the documents of its standing facts
  (events and roles no reviewer rejected);
- an organization is a stored organisation, `classification` its kind;
- casefile records no membership as such. A membership says that one of the person's
  standing events names the organisation in its quote (the words the source uses: "a
  member of DCK", "for taking part in DCK's rallies") and is sourced to that fact's
  document; its `role` is "associated", never more than the records say.

Every source is a link: the document's URL where it was published, else its page in the
web application (`base_url`, relative without one), with a note naming the document.
The JSON Schemas in `schemas/` (written from the Popolo specification, drafted for JSON
Schema 2020-12) describe the output; tests validate exports against them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TextIO

from casefile.model import Document
from casefile.store.base import Store, StoredEvent, StoredOrganisation

SCHEMAS = ("popolo", "person", "organization", "membership", "other_name", "link")
SCHEMA_BASE = "https://casefile.example/schemas/popolo/"  # the schemas' $id prefix


def schema(name: str) -> dict[str, Any]:
    """One of the package's JSON Schemas (`SCHEMAS`)."""
    if name not in SCHEMAS:
        raise ValueError(f"no schema {name!r}")
    text = resources.files("casefile.exchange").joinpath("schemas", f"{name}.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class _Source:
    url: str
    note: str

    def link(self) -> dict[str, str]:
        return {"url": self.url, "note": self.note}


def popolo(store: Store, *, base_url: str = "") -> dict[str, Any]:
    """The store's persons, organisations and memberships as one Popolo document.
    Pass a `VisibleRecords` (or a public view) to export what a reader may see."""
    base = base_url.rstrip("/")
    sources = {doc.sha256: _source(doc, base) for doc in store.iter_documents()}
    events = [e for e in store.iter_events()
              if e.review_status != "rejected" and e.event.evidence.document_id in sources]
    organisations = list(store.iter_organisations())
    person_docs: dict[int, list[str]] = {}
    org_docs: dict[int, list[str]] = {}
    for stored in events:
        doc = stored.event.evidence.document_id
        if stored.person_id is not None:
            person_docs.setdefault(stored.person_id, []).append(doc)
        elif stored.organisation_id is not None:
            org_docs.setdefault(stored.organisation_id, []).append(doc)
    persons: list[dict[str, Any]] = []
    for person in store.iter_persons():
        docs = person_docs.get(person.id, []) + [
            a.document_sha256 for a in person.role_assertions
            if a.review_status != "rejected" and a.document_sha256 in sources]  # fmt: skip
        if not docs:
            continue  # nothing a reader may see attests them
        persons.append({
            "id": f"person-{person.id}",
            "name": person.name,
            "other_names": [{"name": alias} for alias in person.aliases],
            "identifiers": [{"scheme": "casefile", "identifier": str(person.id)}],
            "sources": _links(docs, sources),
        })  # fmt: skip
    names = _OrgNames(organisations)
    named = {(e.person_id, oid): e for e in reversed(events) if e.person_id is not None
             for oid in names.found(e.event.evidence.quote)}  # fmt: skip
    shown_ids = set(org_docs) | {oid for _, oid in named}
    shown_orgs = [o for o in organisations if o.id in shown_ids]
    person_ids = {p["id"] for p in persons}
    memberships = [_membership(e, oid, sources) for (pid, oid), e in sorted(named.items())
                   if f"person-{pid}" in person_ids]  # fmt: skip
    for m in memberships:
        org_docs.setdefault(int(m["organization_id"].rsplit("-", 1)[1]), []).append(m.pop("_doc"))
    orgs = []
    for org in shown_orgs:
        docs = org_docs.get(org.id, [])
        entry: dict[str, Any] = {
            "id": f"organization-{org.id}",
            "name": org.name,
            "other_names": [{"name": alias} for alias in org.aliases],
            "identifiers": [{"scheme": "casefile", "identifier": str(org.id)}],
            "sources": _links(docs, sources),
        }
        if org.kind:
            entry["classification"] = org.kind
        orgs.append(entry)
    return {"persons": persons, "organizations": orgs, "memberships": memberships}


def write_popolo(store: Store, out: TextIO, *, base_url: str = "") -> int:
    """Write the Popolo document; return the number of objects (persons,
    organizations and memberships)."""
    data = popolo(store, base_url=base_url)
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return sum(len(v) for v in data.values())


def _source(doc: Document, base: str) -> _Source:
    parts = [doc.title or doc.source_name or doc.sha256[:12]]
    if doc.publisher:
        parts.append(doc.publisher)
    if doc.published:
        parts.append(doc.published.iso())
    note = ", ".join(parts) + f" (casefile document {doc.sha256})"
    return _Source(doc.url or f"{base}/documents/{doc.sha256}", note)


def _links(docs: Iterable[str], sources: dict[str, _Source]) -> list[dict[str, str]]:
    return [sources[d].link() for d in dict.fromkeys(docs)]


class _OrgNames:
    """Every organisation's names and aliases as one pattern: which organisations a
    quote names, read in one pass over it (not one per organisation)."""

    def __init__(self, organisations: Iterable[StoredOrganisation]) -> None:
        self._owners: dict[str, set[int]] = {}
        for org in organisations:
            for name in (org.name, *org.aliases):
                if len(name.strip()) >= 2:
                    self._owners.setdefault(name.strip().casefold(), set()).add(org.id)
        words = sorted(self._owners, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE
        ) if words else None  # fmt: skip

    def found(self, text: str) -> set[int]:
        if self._pattern is None:
            return set()
        return {oid for m in self._pattern.finditer(text)
                for oid in self._owners.get(m.group(0).casefold(), ())}  # fmt: skip


def _membership(stored: StoredEvent, org_id: int, sources: dict[str, _Source]) -> dict[str, Any]:
    doc = stored.event.evidence.document_id
    return {
        "id": f"membership-{stored.person_id}-{org_id}",
        "person_id": f"person-{stored.person_id}",
        "organization_id": f"organization-{org_id}",
        "role": "associated",
        "label": f"named together in a {stored.event.type} fact (event {stored.id})",
        "sources": [sources[doc].link()],
        "_doc": doc,
    }
