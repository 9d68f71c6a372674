"""Exports for exchange (issue 12, item 5): the CSV's case and source links, Popolo JSON
validated against the package's schemas, and the public export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from casefile.exchange.export import CSV_COLUMNS, export
from casefile.exchange.popolo import SCHEMAS, popolo, schema
from casefile.exchange.public import PublicRecords
from casefile.services.access import Viewer
from casefile.services.masking import Pseudonyms
from casefile.store.base_security import level_of

# Invented names and places only.
TEXT = (
    "Vera Lind, a member of the Northern Candle movement, was arrested in Osk on 3 May 2024. "
    "Her lawyer Tomas Brekk said the charges were invented.\n"
    "The Northern Candle movement (NCM) was declared extremist in 2022. "
    "Nine people were detained in March.\n"
)
SECRET = "Edvin Sall, the witness, was arrested on 9 May 2024 in Osk after he spoke.\n"


@pytest.fixture
def store(sqlite_store, make_extraction):
    doc = make_extraction(TEXT, title="Osk bulletin", publisher="Osk Watch",
                          url="https://osk-watch.example/bulletin", published="2024-05-10")
    doc.person("Vera Lind", aliases=["V. Lind"], roles=["activist"], country="KZ")
    doc.person("Tomas Brekk", roles=["lawyer"], country="KZ")
    doc.organisation("Northern Candle movement", aliases=["NCM"], kind="movement")
    doc.event("arrest", "Vera Lind", "Vera Lind, a member of the Northern Candle movement, was"
              " arrested in Osk on 3 May 2024", "2024-05-03")
    doc.event("designation", "Northern Candle movement",
              "The Northern Candle movement (NCM) was declared extremist",
              participant_kind="organisation", label="extremist")
    doc.event("charge", "Tomas Brekk", "the charges were invented")
    doc.statistic(9, "people detained", "Nine people were detained", period="March")
    sqlite_store.save_extraction(doc.build(), doc.original)
    secret = make_extraction(SECRET, title="Witness note")
    secret.person("Edvin Sall", country="KZ")
    secret.event("arrest", "Edvin Sall", "Edvin Sall, the witness, was arrested on 9 May 2024",
                 "2024-05-09")
    sqlite_store.save_extraction(secret.build(), secret.original)
    db = sqlite_store.conn
    # The bulletin is public; its arrest, designation and statistic are accepted, the
    # lawyer's charge is not reviewed. The witness note stays confidential (the default).
    sqlite_store.set_document_level(doc.document.sha256, level_of("public"), "test", "2024-06-01")
    db.execute("UPDATE events SET review_status = 'accepted' WHERE type IN"
               " ('arrest', 'designation')")
    db.execute("UPDATE statistics SET review_status = 'accepted'")
    return sqlite_store


def _validator(name: str = "popolo") -> Draft202012Validator:
    registry: Registry = Registry()
    for each in SCHEMAS:
        registry = registry.with_resource(schema(each)["$id"],
                                          Resource.from_contents(schema(each)))
    return Draft202012Validator(schema(name), registry=registry)


def test_schemas_are_valid_json_schemas():
    for name in SCHEMAS:
        Draft202012Validator.check_schema(schema(name))


def test_popolo_export_validates_and_every_object_has_sources(store):
    data = popolo(store, base_url="https://cases.example.org")
    errors = sorted(_validator().iter_errors(data), key=str)
    assert errors == []
    [vera] = [p for p in data["persons"] if p["name"] == "Vera Lind"]
    assert vera["other_names"] == [{"name": "V. Lind"}]
    assert vera["sources"][0]["url"] == "https://osk-watch.example/bulletin"
    assert "Osk bulletin" in vera["sources"][0]["note"]
    [org] = data["organizations"]
    assert org["name"] == "Northern Candle movement" and org["classification"] == "movement"
    assert org["other_names"] == [{"name": "NCM"}]
    # The arrest's quote names the movement: a membership, sourced to that document.
    [membership] = data["memberships"]
    assert membership["person_id"] == vera["id"] and membership["organization_id"] == org["id"]
    assert membership["sources"] == [vera["sources"][0]]
    ids = {p["id"] for p in data["persons"]} | {o["id"] for o in data["organizations"]}
    assert {membership["person_id"], membership["organization_id"]} <= ids
    for kind in ("persons", "organizations", "memberships"):
        assert all(obj["sources"] for obj in data[kind])
    # A document without a URL is linked through its page in the web application.
    [edvin] = [p for p in data["persons"] if p["name"] == "Edvin Sall"]
    assert edvin["sources"][0]["url"].startswith("https://cases.example.org/documents/")


def test_the_schemas_refuse_what_popolo_does_not_allow(store):
    data = popolo(store)
    validator = _validator()
    no_sources = json.loads(json.dumps(data))
    del no_sources["persons"][0]["sources"]
    assert not validator.is_valid(no_sources)
    bad_name = json.loads(json.dumps(data))
    bad_name["persons"][0]["other_names"] = [{"note": "no name"}]
    assert not validator.is_valid(bad_name)
    no_org = json.loads(json.dumps(data))
    del no_org["memberships"][0]["organization_id"]
    assert not validator.is_valid(no_org)
    bad_date = json.loads(json.dumps(data))
    bad_date["memberships"][0]["start_date"] = "3 May 2024"
    assert not validator.is_valid(bad_date)


def test_csv_rows_link_the_case_page_and_the_source(store):
    out = io.StringIO()
    export(store, "csv", out, base_url="https://cases.example.org/")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    vera = next(r for r in rows if r["person"] == "Vera Lind")
    pid = next(p.id for p in store.iter_persons() if p.name == "Vera Lind")
    assert vera["case_url"] == f"https://cases.example.org/cases/{pid}"
    assert vera["source_url"] == "https://osk-watch.example/bulletin"
    org_row = next(r for r in rows if r["type"] == "designation")
    assert org_row["case_url"].startswith("https://cases.example.org/organisations/")
    edvin = next(r for r in rows if r["person"] == "Edvin Sall")
    assert edvin["source_url"] == ""  # the note has no URL
    relative = io.StringIO()
    export(store, "csv", relative)
    assert next(csv.DictReader(io.StringIO(relative.getvalue())))["case_url"].startswith("/cases/")


def test_public_export_holds_only_public_accepted_facts(store):
    out = io.StringIO()
    export(PublicRecords(store), "json", out)
    data = json.loads(out.getvalue())
    assert [d["title"] for d in data["documents"]] == ["Osk bulletin"]
    assert sorted(e["type"] for e in data["events"]) == ["arrest", "designation"]
    assert all(e["review_status"] == "accepted" for e in data["events"])
    assert [p["name"] for p in data["persons"]] == ["Vera Lind"]  # the lawyer: unreviewed
    assert [s["count"] for s in data["statistics"]] == [9]
    assert "Edvin" not in out.getvalue() and "witness" not in out.getvalue()


def test_public_export_pseudonymises_protected_persons(store):
    vera = next(p.id for p in store.iter_persons() if p.name == "Vera Lind")
    store.set_person_protected(vera, True, "test", "2024-06-01")
    out = io.StringIO()
    export(PublicRecords(store), "json", out)
    assert "Vera" not in out.getvalue() and "Lind" not in out.getvalue()
    data = json.loads(out.getvalue())
    shown = Pseudonyms(store, Viewer("x", "public")).pseudonym(vera)
    assert data["persons"][0]["name"] == shown
    assert shown in data["events"][0]["evidence"]["quote"]
    popolo_out = json.dumps(popolo(PublicRecords(store)), ensure_ascii=False)
    assert "Lind" not in popolo_out and shown in popolo_out


def test_public_export_takes_the_publication_masking_it_is_given(store):
    """The hook the consent work plugs into: a masking that withholds more names than
    the protected persons' (here every person's, as one without consent records would)."""
    from dataclasses import replace

    class Everyone(Pseudonyms):
        def person(self, person):
            return replace(person, name=f"Withheld {person.id}", aliases=())

        def event(self, stored):
            return replace(stored, entity_name=f"Withheld {stored.person_id}")

    data = popolo(PublicRecords(store, names=Everyone(store, Viewer("x", "public"))))
    assert [p["name"] for p in data["persons"]] == [f"Withheld {p['id'][7:]}"
                                                    for p in data["persons"]]
    assert "Vera Lind" not in json.dumps(data)


def test_cli_exports_popolo_public_and_refuses_bad_options(store, casefile_main, tmp_path):
    result = casefile_main("export", "--format", "popolo", "--public", "-o", "p.json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "p.json").read_text())
    assert _validator().is_valid(data)
    assert [p["name"] for p in data["persons"]] == ["Vera Lind"]
    csv_out = casefile_main("export", "--format", "csv", "--base-url", "https://x.example")
    assert "https://x.example/cases/" in csv_out.out
    for args, words in (
        (("--format", "xml"), "--format"),
        (("--base-url", "x.example"), "--base-url"),
        (("--public", "--clearance", "internal"), "--public"),
        (("--with-originals",), "--with-originals"),
    ):
        bad = casefile_main("export", *args)
        assert bad.code == 1 and words in bad.err and len(bad.err.splitlines()) == 1


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "popolo"])
def test_no_canary_above_public_reaches_a_public_export(tmp_path, format):
    """The canary world (tests/canary_world.py): documents at every level, a protected
    person, a withdrawn document; the public export, every format, holds none of the
    words a public reader may not see, and no fact nobody accepted."""
    from canary_world import build_world, fold, hidden_canaries, holds

    world = build_world(tmp_path / "world.db")
    from casefile.store.sqlite import SQLiteStore

    with SQLiteStore(world.db_path) as full:
        full.conn.execute("UPDATE events SET review_status = 'accepted'"
                          " WHERE review_status = 'unreviewed'")  # every fact: only levels filter
        full.conn.execute("UPDATE statistics SET review_status = 'accepted'")
        records = PublicRecords(full)
        out = io.StringIO()
        if format == "popolo":
            json.dump(popolo(records), out, ensure_ascii=False)
        else:
            export(records, format, out)
    folded = fold(out.getvalue())
    leaked = [word for word in hidden_canaries("public") if holds(folded, word)]
    assert leaked == []
    assert holds(folded, "Wendhollow")  # the public records are there
