"""Export -> import into an empty database -> export again gives the same records
(issue 12, done-when), over generated small databases; and what an export import keeps."""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.exchange.export import export
from casefile.exchange.imports import import_file
from casefile.model import (
    Document,
    Event,
    Evidence,
    Extraction,
    Organisation,
    PartialDate,
    Person,
    Provenance,
    Statistic,
)
from casefile.store.sqlite import SQLiteStore

# Invented persons (each with an alias no other name shares), organisations and towns.
PERSONS = [("Vera Lind", "V. Lind"), ("Tomas Brekk", "Brekk Tomas"), ("Ilya Sorv", "I. Sorv"),
           ("Maren Dahl", "M. Dahl"), ("Oskar Venn", "O. Venn"), ("Dina Kolt", "D. Kolt")]
ORGS = [("Northern Candle", "NC"), ("Free Osk Union", "FOU")]
TOWNS = ["Osk", "Velsk", "Darn"]
PROVENANCE = Provenance("generator", "1", 0.8)
STATUSES = ["unreviewed", "accepted", "rejected", "edited"]


@st.composite
def documents(draw: Any, index: int) -> tuple[Extraction, bytes, list[str]]:
    """One document: sentences about some persons and organisations, each fact quoting
    its sentence; its original is its text, or (HTML) bytes its text was read from."""
    persons = draw(st.lists(st.sampled_from(PERSONS), min_size=1, max_size=3, unique=True))
    parts: list[str] = []
    facts: list[tuple[str, str, int, dict[str, Any]]] = []  # kind, quote, offset, fields
    offset = 0
    statuses: list[str] = []

    def sentence(text: str) -> int:
        nonlocal offset
        start = offset
        parts.append(text + " ")
        offset += len(text) + 1
        return start

    for name, alias in persons:
        shown = draw(st.sampled_from([name, alias]))
        town = draw(st.sampled_from(TOWNS))
        day = draw(st.integers(1, 28))
        text = f"{shown} was arrested in {town} on {day} May 2024"
        facts.append(("event", text, sentence(text + "."), {
            "type": "arrest", "participant": shown, "date": PartialDate(2024, 5, day),
            "place": town}))  # fmt: skip
        if draw(st.booleans()):
            years = draw(st.integers(1, 9))
            text = f"{shown} was sentenced to {years} years for treason"
            facts.append(("event", text, sentence(text + "."), {
                "type": "sentence", "participant": shown, "term": f"P{years}Y",
                "term_kind": "prison", "charges": ["treason"]}))  # fmt: skip
    orgs = draw(st.lists(st.sampled_from(ORGS), max_size=2, unique=True))
    for org, acronym in orgs:
        text = f"{org} ({acronym}) was declared extremist"
        facts.append(("event", text, sentence(text + "."), {
            "type": "designation", "participant": org, "participant_kind": "organisation",
            "label": "extremist"}))  # fmt: skip
    if draw(st.booleans()):
        count = draw(st.integers(2, 40))
        text = f"{count} people were detained"
        facts.append(("statistic", text, sentence(f"In all, {text}."), {"count": count}))
    text = "".join(parts) + f"(document {index})"
    html = draw(st.booleans())
    original = f"<p>{text}</p>".encode() if html else text.encode()
    sha = hashlib.sha256(original).hexdigest()
    document = Document(sha, text, title=f"Bulletin {index}", url=f"https://osk.example/{index}",
                        publisher="Osk Watch", published=PartialDate(2024, 6, index + 1),
                        language="en", source_name=f"b{index}.{'html' if html else 'txt'}",
                        media_type="text/html" if html else "text/plain")  # fmt: skip
    events, statistics = [], []
    for kind, quote, start, fields in facts:
        at = text.index(quote, start)
        evidence = Evidence(sha, at, at + len(quote), quote)
        if kind == "event":
            events.append(Event(evidence=evidence, provenance=PROVENANCE, **fields))
        else:
            statistics.append(Statistic(fields["count"], "people detained", evidence,
                                        PROVENANCE))  # fmt: skip
        statuses.append(draw(st.sampled_from(STATUSES)))
    extraction = Extraction(
        document,
        persons=[Person(name, [alias], roles=draw(st.sampled_from([[], ["activist"]])),
                        country=draw(st.sampled_from([None, "KZ", "BY"])))
                 for name, alias in persons],
        organisations=[Organisation(org, [acronym], kind="movement") for org, acronym in orgs],
        events=events, statistics=statistics,
    )  # fmt: skip
    return extraction, original, statuses


@st.composite
def databases(draw: Any) -> list[tuple[Extraction, bytes, list[str]]]:
    count = draw(st.integers(1, 3))
    return [draw(documents(i)) for i in range(count)]


def _fill(store: SQLiteStore, docs: list[tuple[Extraction, bytes, list[str]]]) -> None:
    for extraction, original, statuses in docs:
        store.save_extraction(extraction, original)
        sha = extraction.document.sha256
        ids = [("events", r[0]) for r in store.conn.execute(
            "SELECT id FROM events WHERE document_sha256 = ? ORDER BY id", (sha,))]
        ids += [("statistics", r[0]) for r in store.conn.execute(
            "SELECT id FROM statistics WHERE document_sha256 = ? ORDER BY id", (sha,))]
        for (table, fact_id), status in zip(ids, statuses, strict=False):
            store.conn.execute(f"UPDATE {table} SET review_status = ? WHERE id = ?",
                               (status, fact_id))  # fmt: skip
        store.conn.execute("UPDATE person_roles SET review_status = 'accepted'"
                           " WHERE document_sha256 = ?", (sha,))  # fmt: skip


def _export(store: SQLiteStore, *, originals: bool = True) -> str:
    out = io.StringIO()
    export(store, "json", out, originals=originals)
    return out.getvalue()


def normalised(text: str) -> dict[str, Any]:
    """The records without what a store assigns itself (ids, versions, creation times):
    persons and organisations by their keys, facts by their document and span."""
    data = json.loads(text)
    persons = {p["id"]: p["key"] for p in data["persons"]}
    orgs = {o["id"]: o["key"] for o in data["organisations"]}
    for p in data["persons"]:
        del p["id"]
        p["roles"].sort(key=json.dumps)
    for o in data["organisations"]:
        del o["id"]
    for e in data["events"]:
        e["person_id"] = persons.get(e["person_id"])
        e["organisation_id"] = orgs.get(e["organisation_id"])
    for fact in [*data["events"], *data["statistics"]]:
        for assigned in ("id", "version", "created_at"):
            del fact[assigned]
    for section in ("documents", "persons", "organisations", "events", "statistics"):
        data[section].sort(key=lambda r: json.dumps(r, sort_keys=True))
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(databases())
def test_export_import_export_gives_the_same_records(docs):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with SQLiteStore(folder / "a.db") as source:
            _fill(source, docs)
            first = _export(source)
        exported = folder / "export.json"
        exported.write_text(first, encoding="utf-8")
        with SQLiteStore(folder / "b.db") as target:
            report = import_file(target, exported, actor="tester")
            assert report.bad == [] and report.stored is not None
            second = _export(target)
            assert normalised(second) == normalised(first)
            # Importing the same export again adds nothing.
            again = import_file(target, exported, actor="tester")
            assert again.stored is not None and again.stored.events == 0
            assert normalised(_export(target)) == normalised(first)


def test_an_export_import_keeps_sources_quotes_and_decisions(tmp_path):
    text = "Vera Lind was arrested in Osk on 3 May 2024. Ilya Sorv was arrested too."
    original = f"<p>{text}</p>".encode()
    sha = hashlib.sha256(original).hexdigest()
    quote = "Vera Lind was arrested in Osk on 3 May 2024"
    extraction = Extraction(
        Document(sha, text, title="Osk", url="https://osk.example/1", media_type="text/html"),
        persons=[Person("Vera Lind")],
        events=[Event("arrest", "Vera Lind", Evidence(sha, 0, len(quote), quote), PROVENANCE,
                      date=PartialDate(2024, 5, 3))],
    )  # fmt: skip
    with SQLiteStore(tmp_path / "a.db") as source:
        source.save_extraction(extraction, original)
        source.conn.execute("UPDATE events SET review_status = 'accepted'")
        with_originals, without = _export(source), _export(source, originals=False)
    path = tmp_path / "e.json"
    path.write_text(without, encoding="utf-8")
    with SQLiteStore(tmp_path / "b.db") as target:
        report = import_file(target, path, dry_run=True)
        assert report.bad == [
            f"documents[0], field 'sha256': '{sha}': its original bytes are not in the export"
            " (export with --with-originals)",
            f"events[0] (id 1), field 'evidence.document': '{sha}': its document is a bad"
            " record (above)",
        ]
        assert import_file(target, path).refused  # all or nothing: nothing
        assert list(target.iter_documents()) == []
        path.write_text(with_originals, encoding="utf-8")
        import_file(target, path, actor="tester")
        assert target.get_original(sha) == original
        [stored] = target.iter_events()
        assert stored.event.evidence == Evidence(sha, 0, len(quote), quote)
        assert stored.event.provenance == PROVENANCE
        assert (stored.review_status, stored.reviewed_by) == ("accepted", "tester")
        [entry] = [e for e in target.audit_entries() if e.action == "import"]
        assert json.loads(entry.after)["file"] == "e.json"


def test_bad_export_records_are_named_and_skipped_with_what_depends_on_them(tmp_path):
    text = "Vera Lind was arrested in Osk on 3 May 2024."
    sha = hashlib.sha256(text.encode()).hexdigest()
    data = {"casefile_export": 1, "documents": [{"sha256": sha, "text": text}],
            "organisations": [], "persons": [
                {"id": 1, "name": "Vera Lind", "country": "KZ"},
                {"id": 2, "name": "Ilya Sorv", "country": "Atlantis"}],
            "events": [
                {"id": 1, "type": "arrest", "participant": "Vera Lind", "person_id": 1,
                 "evidence": {"document": sha, "start": 0, "end": 9, "quote": "Vera Lind"},
                 "provenance": {"extractor": "x", "version": "1", "confidence": 1}},
                {"id": 2, "type": "jailing", "participant": "Vera Lind", "person_id": 1,
                 "evidence": {"document": sha, "start": 0, "end": 9, "quote": "Vera Lind"},
                 "provenance": {"extractor": "x", "version": "1", "confidence": 1}},
                {"id": 3, "type": "arrest", "participant": "Vera Lind", "person_id": 1,
                 "evidence": {"document": sha, "start": 0, "end": 9, "quote": "Vera Lynd"},
                 "provenance": {"extractor": "x", "version": "1", "confidence": 1}}],
            "statistics": []}  # fmt: skip
    path = tmp_path / "e.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with SQLiteStore(tmp_path / "b.db") as target:
        report = import_file(target, path, skip_bad=True)
        assert report.bad == [
            "persons[1] (id 2), field 'country': 'Atlantis': not an ISO 3166-1 alpha-2 code"
            " casefile knows",
            "events[1] (id 2), field 'type': 'jailing': not an event type casefile knows",
            "events[2] (id 3), field 'evidence.quote': 'Vera Lynd': not the document's text"
            " at 0:9",
        ]
        assert [e.event.type for e in target.iter_events()] == ["arrest"]
        assert {p.country for p in target.iter_persons()} <= {"KZ"}
