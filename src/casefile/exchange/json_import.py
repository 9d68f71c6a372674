"""casefile's own JSON and JSON Lines exports (`casefile export --format json|jsonl`),
read back into records for `import_batch`: every document with its text, metadata and
original bytes, every fact with its own source, span, quote, extractor and review
status. Persons and organisations keep their names, aliases, countries and kinds; their
ids are this store's.

A document's identity is the sha256 of its original bytes: they travel in the export's
`original_base64` (`export --with-originals`); without them a document whose text is
its bytes (plain text) is still whole, any other is a bad record. Each bad record is
reported (where, field, value, why), and with `skip_bad` left out with what depends on
it: the facts citing a bad document, the facts of a bad person.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casefile.exchange.vocabulary import is_country
from casefile.model import (
    EVENT_TYPES,
    ROLES,
    TERM_KINDS,
    Document,
    Event,
    Evidence,
    Organisation,
    PartialDate,
    Person,
    Provenance,
    Statistic,
)
from casefile.store.base_imports import (
    ImportBatch,
    ImportedDocument,
    ImportedEvent,
    ImportedFile,
    ImportedRole,
    ImportedStatistic,
)

SECTIONS = {"documents": "document", "organisations": "organisation", "persons": "person",
            "events": "event", "statistics": "statistic"}  # fmt: skip
STATUSES = ("unreviewed", "accepted", "rejected", "edited")


class ExportFileError(Exception):
    """The file is not a casefile export at all: one line."""


@dataclass(frozen=True)
class BadRecord:
    where: str  # "events[3] (id 17)" or "line 12"
    field: str
    value: str
    why: str

    def line(self) -> str:
        shown = self.value if len(self.value) <= 80 else self.value[:80] + "…"
        return f"{self.where}, field {self.field!r}: {shown!r}: {self.why}"


class _Bad(Exception):
    def __init__(self, field: str, value: object, why: str) -> None:
        super().__init__(why)
        self.field, self.value, self.why = field, value, why


def records(data: bytes, name: str, jsonl: bool) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, kind, record) for each record of the export."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportFileError(f"{name}: not UTF-8 text") from None
    if jsonl:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ExportFileError(f"{name}: line {number}: not JSON ({err.msg})") from None
            if not isinstance(record, dict) or record.get("kind") not in SECTIONS.values():
                raise ExportFileError(f"{name}: line {number}: not a record of a casefile"
                                      " export (no known 'kind')")  # fmt: skip
            yield f"line {number}", record["kind"], record
        return
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportFileError(f"{name}: not JSON ({err.msg}, line {err.lineno})") from None
    if not isinstance(whole, dict) or whole.get("casefile_export") != 1:
        raise ExportFileError(f"{name}: not a casefile export (no \"casefile_export\": 1)")
    for section, kind in SECTIONS.items():
        items = whole.get(section, [])
        if not isinstance(items, list):
            raise ExportFileError(f"{name}: {section!r} is not a list")
        for i, record in enumerate(items):
            where = f"{section}[{i}]"
            if not isinstance(record, dict):
                raise ExportFileError(f"{name}: {where} is not an object")
            if "id" in record:
                where += f" (id {record['id']})"
            yield where, kind, record


def read_export(
    data: bytes, name: str, jsonl: bool, skip_bad: bool
) -> tuple[ImportBatch, list[BadRecord], int]:
    """The batch of good records, the bad ones, and how many records the file holds."""
    batch = ImportBatch(name, "jsonl" if jsonl else "json")
    bad: list[BadRecord] = []
    texts: dict[str, Document] = {}
    bad_docs: set[str] = set()
    bad_refs: set[str] = set()
    total = 0
    for where, kind, record in records(data, name, jsonl):
        total += 1
        try:
            if kind == "document":
                item = _document(record)
                if item.document.sha256 in texts:
                    raise _Bad("sha256", item.document.sha256, "a second record for it")
                texts[item.document.sha256] = item.document
                batch.documents.append(item)
            elif kind == "organisation":
                ref, org = _organisation(record)
                batch.organisations[ref] = org
            elif kind == "person":
                ref, person, roles = _person(record, texts)
                batch.persons[ref] = person
                batch.roles.extend(roles)
            elif kind == "event":
                batch.events.append(_event(record, texts, batch))
            else:
                batch.statistics.append(_statistic(record, texts))
        except _Bad as err:
            why = err.why
            if err.field.endswith("document") and err.value in bad_docs:
                why = "its document is a bad record (above)"
            bad.append(BadRecord(where, err.field, _shown(err.value), why))
            if kind == "document":
                bad_docs.add(str(record.get("sha256")))
            elif kind in ("person", "organisation"):
                bad_refs.add(f"{kind[0]}{record.get('id')}")
    if bad_docs or bad_refs:  # what depends on a bad record is left out with it
        batch.roles = [r for r in batch.roles if r.document_sha256 not in bad_docs]
        batch.events = [e for e in batch.events if e.ref not in bad_refs
                        and e.event.evidence.document_id not in bad_docs]  # fmt: skip
        batch.statistics = [s for s in batch.statistics
                            if s.statistic.evidence.document_id not in bad_docs]  # fmt: skip
    return batch, bad, total


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _text(record: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Bad(key, value, "text expected")
    return value


def _document(record: dict[str, Any]) -> ImportedDocument:
    sha256 = _text(record, "sha256", required=True) or ""
    text = _text(record, "text", required=True) or ""
    encoded = record.get("original_base64")
    if encoded is not None:
        try:
            original = base64.b64decode(str(encoded), validate=True)
        except (binascii.Error, ValueError):
            raise _Bad("original_base64", "…", "not base64") from None
    else:
        original = text.encode("utf-8")
    if hashlib.sha256(original).hexdigest() != sha256:
        why = ("not the sha256 of its original bytes" if encoded is not None else
               "its original bytes are not in the export (export with --with-originals)")
        raise _Bad("sha256", sha256, why)
    published = _date(record, "published")
    ingested = _text(record, "ingested_at")
    try:
        ingested_at = datetime.fromisoformat(ingested) if ingested else None
    except ValueError:
        raise _Bad("ingested_at", ingested, "not an ISO date and time") from None
    document = Document(
        sha256=sha256, text=text, title=_text(record, "title"),
        publisher=_text(record, "publisher"), url=_text(record, "url"), published=published,
        published_source=_text(record, "published_source") if published else None,
        language=_text(record, "language"), source_name=_text(record, "source_name"),
        media_type=_text(record, "media_type"), ingested_at=ingested_at,
    )  # fmt: skip
    sheet = record.get("spreadsheet")
    imported = None
    if sheet is not None:
        if not isinstance(sheet, dict) or sheet.get("format") not in ("csv", "xlsx"):
            raise _Bad("spreadsheet", sheet, "an object with format csv or xlsx expected")
        mapping, rows = sheet.get("mapping"), sheet.get("rows")
        imported = ImportedFile(sheet["format"], mapping if isinstance(mapping, str) else None,
                                rows if isinstance(rows, int) else 0, from_export=True)
    return ImportedDocument(document, original, imported)


def _date(record: dict[str, Any], key: str) -> PartialDate | None:
    raw = _text(record, key)
    if not raw:
        return None
    try:
        return PartialDate.parse(raw)
    except ValueError as err:
        raise _Bad(key, raw, str(err)) from None


def _names(record: dict[str, Any]) -> tuple[str, list[str]]:
    name = _text(record, "name", required=True) or ""
    aliases = record.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _Bad("aliases", aliases, "a list of names expected")
    return name, aliases


def _organisation(record: dict[str, Any]) -> tuple[str, Organisation]:
    name, aliases = _names(record)
    return f"o{record.get('id')}", Organisation(name, aliases, _text(record, "organisation_kind"))


def _person(
    record: dict[str, Any], texts: dict[str, Document]
) -> tuple[str, Person, list[ImportedRole]]:
    name, aliases = _names(record)
    country = _text(record, "country")
    if country and not is_country(country):
        raise _Bad("country", country, "not an ISO 3166-1 alpha-2 code casefile knows")
    ref = f"p{record.get('id')}"
    roles = []
    for i, role in enumerate(record.get("roles") or []):
        if not isinstance(role, dict) or role.get("role") not in ROLES:
            raise _Bad(f"roles[{i}]", role, f"not a role ({', '.join(ROLES)})")
        document = str(role.get("document"))
        evidence = _evidence(role, texts, document) if role.get("evidence") else None
        if document not in texts:
            raise _Bad(f"roles[{i}].document", document, "no such document in the file")
        roles.append(ImportedRole(ref, role["role"], document, evidence, _status(role)))
    return ref, Person(name, aliases, country=country), roles


def _status(record: dict[str, Any]) -> str:
    status = record.get("review_status", "unreviewed")
    if status not in STATUSES:
        raise _Bad("review_status", status, f"not a review status ({', '.join(STATUSES)})")
    return str(status)


def _evidence(
    record: dict[str, Any], texts: dict[str, Document], document: str | None = None
) -> Evidence:
    ev = record.get("evidence")
    if not isinstance(ev, dict):
        raise _Bad("evidence", ev, "an object with document, start, end and quote expected")
    sha = str(ev.get("document", document))
    start, end, quote = ev.get("start"), ev.get("end"), ev.get("quote")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(quote, str):
        raise _Bad("evidence", ev, "start and end numbers and a quote expected")
    doc = texts.get(sha)
    if doc is None:
        raise _Bad("evidence.document", sha, "no such document in the file (before it)")
    if doc.text[start:end] != quote:
        raise _Bad("evidence.quote", quote, f"not the document's text at {start}:{end}")
    return Evidence(sha, start, end, quote)


def _provenance(record: dict[str, Any]) -> Provenance:
    p = record.get("provenance")
    if not isinstance(p, dict) or not isinstance(p.get("extractor"), str):
        raise _Bad("provenance", p, "an object with extractor, version and confidence expected")
    confidence = p.get("confidence", 1.0)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not (
            0 <= confidence <= 1):  # fmt: skip
        raise _Bad("provenance.confidence", confidence, "a number from 0 to 1 expected")
    return Provenance(p["extractor"], str(p.get("version", "")), float(confidence))


def _list(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(key, value, "a list of text expected")
    return value


def _event(record: dict[str, Any], texts: dict[str, Document], batch: ImportBatch) -> ImportedEvent:
    kind = record.get("type")
    if kind not in EVENT_TYPES:
        raise _Bad("type", kind, "not an event type casefile knows")
    term_kind = _text(record, "term_kind")
    if term_kind is not None and term_kind not in TERM_KINDS:
        raise _Bad("term_kind", term_kind, "not a term kind casefile knows")
    participant_kind = record.get("participant_kind", "person")
    if participant_kind == "organisation":
        ref = f"o{record.get('organisation_id')}"
        known = ref in batch.organisations
    elif participant_kind == "person":
        ref = f"p{record.get('person_id')}"
        known = ref in batch.persons
    else:
        raise _Bad("participant_kind", participant_kind, "person or organisation expected")
    if not known:
        raise _Bad(f"{participant_kind}_id", ref[1:], f"no such {participant_kind} before it")
    participant = _text(record, "participant_as_written") or _text(record, "participant",
                                                                      required=True) or ""
    event = Event(
        type=str(kind), participant=participant, evidence=_evidence(record, texts),
        provenance=_provenance(record), participant_kind=participant_kind,
        date=_date(record, "date"), agent=_text(record, "agent"), place=_text(record, "place"),
        term=_text(record, "term"), term_kind=term_kind, charges=_list(record, "charges"),
        articles=_list(record, "articles"), label=_text(record, "label"),
        date_inferred=bool(record.get("date_inferred")),
    )  # fmt: skip
    return ImportedEvent(event, ref, _status(record))


def _statistic(record: dict[str, Any], texts: dict[str, Document]) -> ImportedStatistic:
    count = record.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise _Bad("count", count, "a whole number expected")
    what = _text(record, "what", required=True) or ""
    statistic = Statistic(count, what, _evidence(record, texts), _provenance(record),
                          _text(record, "period"))  # fmt: skip
    return ImportedStatistic(statistic, _status(record))
