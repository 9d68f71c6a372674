"""Exports parse back and carry provenance for every fact."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casefile.exchange.export import CSV_COLUMNS, export

TEXT = (
    'Lena Kim, a lawyer, was sentenced on 4 April 2024 to 5 years for "treason" and espionage.\n'
    'Her group, Free Voice, was declared "undesirable". Twelve people were detained that week.'
)


@pytest.fixture
def store(sqlite_store, make_extraction):
    doc = make_extraction(TEXT, published="2024-04-05", title="Verdict", language="en")
    doc.person("Lena Kim", roles=["lawyer"], country="RU")
    doc.organisation("Free Voice", kind="movement")
    doc.event(
        "sentence",
        "Lena Kim",
        'was sentenced on 4 April 2024 to 5 years for "treason" and espionage',
        "2024-04-04",
        term="P5Y",
        term_kind="prison",
        charges=["treason", "espionage"],
        articles=["Article 275"],
    )
    doc.event(
        "designation",
        "Free Voice",
        'Free Voice, was declared "undesirable"',
        participant_kind="organisation",
        label="undesirable",
    )
    doc.statistic(12, "people detained", "Twelve people were detained", period="that week")
    sqlite_store.save_extraction(doc.build(), doc.original)
    sqlite_store.conn.execute(
        "UPDATE events SET review_status = 'accepted' WHERE type = 'sentence'"
    )
    return sqlite_store


def test_json_export_parses_and_quotes_check_against_the_text(store):
    out = io.StringIO()
    written = export(store, "json", out)
    data = json.loads(out.getvalue())
    assert written == 1 + 1 + 1 + 2 + 1
    assert data["casefile_export"] == 1
    [doc] = data["documents"]
    assert doc["title"] == "Verdict" and doc["published"] == "2024-04-05"
    assert doc["text"] == TEXT
    for fact in [*data["events"], *data["statistics"]]:
        ev = fact["evidence"]
        assert ev["document"] == doc["sha256"] == fact["document"]
        assert doc["text"][ev["start"] : ev["end"]] == ev["quote"]
        assert fact["provenance"] == {
            "extractor": "test-extractor",
            "version": "1",
            "confidence": 0.9,
        }
    sentence = next(e for e in data["events"] if e["type"] == "sentence")
    assert sentence["review_status"] == "accepted"
    assert sentence["charges"] == ["treason", "espionage"]
    assert sentence["person_id"] == data["persons"][0]["id"]
    [role] = data["persons"][0]["roles"]
    assert (role["role"], role["document"]) == ("lawyer", doc["sha256"])
    designation = next(e for e in data["events"] if e["type"] == "designation")
    assert designation["organisation_id"] == data["organisations"][0]["id"]
    assert data["statistics"][0]["count"] == 12


def test_json_export_of_an_empty_store_is_valid(sqlite_store):
    out = io.StringIO()
    assert export(sqlite_store, "json", out) == 0
    data = json.loads(out.getvalue())
    assert data["documents"] == [] and data["events"] == [] and data["statistics"] == []


def test_jsonl_export_has_one_record_per_line_with_a_kind(store):
    out = io.StringIO()
    written = export(store, "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == written == 6
    kinds = [r["kind"] for r in records]
    assert kinds == ["document", "organisation", "person", "event", "event", "statistic"]
    event = records[3]
    assert records[1]["organisation_kind"] == "movement"
    assert event["evidence"]["quote"].startswith("was sentenced")
    assert event["provenance"]["extractor"] == "test-extractor"
    assert records[0]["text"] == TEXT


def test_csv_export_has_one_row_per_event_with_provenance(store):
    out = io.StringIO()
    written = export(store, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) == 2
    assert tuple(rows[0]) == CSV_COLUMNS
    sentence = next(r for r in rows if r["type"] == "sentence")
    assert sentence["person"] == "Lena Kim"
    assert sentence["charges"] == "treason; espionage"
    assert sentence["date"] == "2024-04-04" and sentence["date_precision"] == "day"
    assert sentence["term"] == "P5Y" and sentence["term_kind"] == "prison"
    assert sentence["document_title"] == "Verdict"
    assert TEXT[int(sentence["start"]) : int(sentence["end"])] == sentence["quote"]
    assert '"treason"' in sentence["quote"]  # quotes inside a field survive
    assert (sentence["extractor"], sentence["confidence"]) == ("test-extractor", "0.9")
    assert sentence["review_status"] == "accepted"


def test_unknown_format_is_refused(store):
    with pytest.raises(ValueError, match="json, jsonl, csv"):
        export(store, "xml", io.StringIO())  # type: ignore[arg-type]
