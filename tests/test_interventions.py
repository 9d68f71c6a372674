"""Interventions (services/interventions.py): recorded per case with a file kept as
received, edited and deleted by editors with every write audited, shown only to readers
of the case, protected names masked; the web forms, the API and `casefile interventions`."""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services import interventions
from casefile.services.access import Viewer
from casefile.services.audit import audit_log
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.integrity import verify_store
from casefile.services.review import Reviewer
from casefile.store.base_interventions import NewFile
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import dump, sign_in

seeded = web_support.seeded  # fixture

LETTER = "We ask for the release of Marat Zholdybayev. Invented appeal text."


def _person(db, name: str) -> int:
    with SQLiteStore(db) as store:
        [found] = store.find_persons(name)
        return found.id


def test_an_intervention_is_stored_with_its_file_audited_and_verified(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        data = b"%PDF-1.4 invented letter bytes"
        added = interventions.add(
            store, marat, {"kind": "urgent action", "date": "2024-03", "sender": "Invented Watch",
                           "addressee": "the Prosecutor General", "channel": "e-mail",
                           "text": LETTER}, Reviewer("Dana"),
            NewFile("letter.pdf", "application/pdf", data))  # fmt: skip
        item = added.intervention
        assert (item.kind, item.date.iso(), item.file.sha256) == (
            "urgent_action", "2024-03", hashlib.sha256(data).hexdigest())
        assert store.intervention_file(item.id) == data
        edited = interventions.edit(store, item.id, {"response": "No answer yet.",
                                                     "outcome": "pending"}, Reviewer("Bek"),
                                    version=1)  # fmt: skip
        assert edited.intervention.version == 2 and edited.intervention.text == LETTER
        with pytest.raises(Exception, match="changed since|version"):
            interventions.edit(store, item.id, {"outcome": "x"}, Reviewer("Bek"), version=1)
        actions = [e.action for e in audit_log(store, f"intervention:{item.id}")]
        assert actions == ["intervention.add", "intervention.edit"]
        assert verify_store(store).problems == []
        # an attached file changed behind casefile's back is named by verify
        store.conn.execute("UPDATE interventions SET file = ? WHERE id = ?", (b"forged", item.id))
        problems = verify_store(store).problems
        assert any(f"intervention {item.id}: its attached file" in p for p in problems)


@pytest.mark.parametrize(("fields", "why"), [
    ({"kind": "petition"}, "kind: one of"), ({"kind": "letter", "date": "2024-13"}, "date"),
    ({"kind": "letter", "date": "--03-05"}, "give the year"),
    ({"kind": "letter", "sender": "x" * 501}, "at most 500"),
    ({"kind": "letter", "access_level": "secret"}, "access"),
    ({"kind": "letter", "colour": "red"}, "not an intervention's field"), ({}, "kind"),
])  # fmt: skip
def test_bad_input_is_refused_in_one_line_and_stores_nothing(seeded, fields, why):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    before = dump(seeded.db_path)
    with SQLiteStore(seeded.db_path) as store, pytest.raises(InvalidInput, match=why):
        interventions.add(store, marat, fields, Reviewer("Dana"))
    assert dump(seeded.db_path) == before


def test_an_intervention_is_never_shown_to_a_reader_who_cannot_see_its_case(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        store.set_document_level(seeded.kz, 2, "test", "2026-01-01T00:00:00+00:00")
        shown = interventions.add(store, marat, {"kind": "letter", "text": LETTER},
                                  Reviewer("Dana"))  # fmt: skip
        public = Viewer("Pia", "public")
        with pytest.raises(NotFound):
            interventions.get(store, shown.id, public)
        with pytest.raises(LookupError):
            interventions.for_case(store, marat, public)
        with pytest.raises(NotFound):  # nor changed by an editor who cannot see it
            interventions.edit(store, shown.id, {"text": "x"}, Reviewer("Ed", "public"))
        with pytest.raises(NotFound):
            interventions.delete(store, shown.id, Reviewer("Ed", "public"))
        # raised above its case: a reader of the case below that level does not see it
        store.set_document_level(seeded.kz, 0, "test", "2026-01-01T00:00:00+00:00")
        raised = interventions.add(store, marat, {"kind": "appeal", "access_level": "internal"},
                                   Reviewer("Dana"))  # fmt: skip
        assert [s.id for s in interventions.for_case(store, marat, public)] == [shown.id]
        with pytest.raises(InvalidInput, match="not above your own clearance"):
            interventions.add(store, marat, {"kind": "appeal", "access_level": "internal"},
                              Reviewer("Ed", "public"))  # fmt: skip
        assert raised.id in [s.id for s in interventions.for_case(store, marat,
                                                                  Viewer("Ian", "internal"))]


def test_a_protected_name_is_masked_and_a_masked_field_is_not_overwritten(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        store.set_document_level(seeded.kz, 0, "test", "2026-01-01T00:00:00+00:00")
        store.set_person_protected(marat, True, "test", "2026-01-01T00:00:00+00:00")
        shown = interventions.add(store, marat, {"kind": "letter", "text": LETTER,
                                                 "response": "Received."}, Reviewer("Dana"),
                                  NewFile("zholdybayev.txt", "text/plain",
                                          b"Invented: Marat Zholdybayev"))  # fmt: skip
        internal = Viewer("Ian", "internal")
        seen = interventions.get(store, shown.id, internal)
        assert "Zholdybayev" not in seen.intervention.text + seen.case_name
        assert "Zholdybayev" not in seen.intervention.file.name
        assert not seen.file_served
        with pytest.raises(NotFound):
            interventions.attached_file(store, shown.id, internal)
        # the form sends the masked text back unchanged: the name stays stored
        editor = Reviewer("Ina", "internal")
        interventions.edit(store, shown.id, {"text": seen.intervention.text,
                                             "outcome": "released"}, editor)  # fmt: skip
        assert store.get_intervention(shown.id).text == LETTER
        with pytest.raises(InvalidInput, match="protected person"):
            interventions.edit(store, shown.id, {"text": "Person X"}, editor)
        assert interventions.attached_file(store, shown.id, Viewer("C", "confidential"))


def test_the_web_forms_add_list_edit_download_and_delete(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as client:
        sign_in(client, seeded.db_path, "Dana")
        page = client.get(f"/cases/{marat}").text
        assert 'data-testid="no-interventions"' in page and 'data-testid="add-intervention"' in page
        assert 'data-testid="intervention-form"' in client.get(
            f"/cases/{marat}/interventions/new").text
        added = client.post(f"/cases/{marat}/interventions",
                            data={"kind": "appeal", "date": "2024-02-01", "text": LETTER,
                                  "addressee": "the court"},
                            files={"file": ("appeal.txt", b"Invented appeal", "text/plain")})
        assert added.status_code == 303, added.text
        found = re.fullmatch(rf"/cases/{marat}#intervention-(\d+)", added.headers["location"])
        assert found is not None
        iid = int(found.group(1))
        page = client.get(f"/cases/{marat}").text
        assert 'data-testid="intervention"' in page and "the court" in page
        assert client.get(f"/interventions/{iid}/file").content == b"Invented appeal"
        form = client.get(f"/interventions/{iid}/edit").text
        assert 'name="version" value="1"' in form
        saved = client.post(f"/interventions/{iid}", data={"kind": "appeal", "date": "2024-02-01",
                                                           "text": LETTER, "outcome": "refused",
                                                           "remove_file": "1", "version": "1"})
        assert saved.status_code == 303
        assert "refused" in client.get(f"/cases/{marat}").text
        assert client.get(f"/interventions/{iid}/file").status_code == 404
        # without the anti-forgery token nothing changes
        token = client.headers.pop("x-csrf-token")
        before = dump(seeded.db_path)
        assert client.post(f"/interventions/{iid}/delete", data={"next": ""}).status_code == 403
        assert dump(seeded.db_path) == before
        client.headers["x-csrf-token"] = token
        assert client.post(f"/interventions/{iid}/delete", data={"next": ""}).status_code == 303
        assert 'data-testid="intervention"' not in client.get(f"/cases/{marat}").text
        # a viewer sees the list but no form
        sign_in(client, seeded.db_path, "Vera")
        assert 'data-testid="add-intervention"' not in client.get(f"/cases/{marat}").text
        assert client.get(f"/cases/{marat}/interventions/new").status_code == 403


def test_the_api_adds_reads_changes_and_deletes(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Dana")
        made = client.post(f"/api/cases/{marat}/interventions",
                           json={"kind": "submission", "date": "2024", "addressee": "a UN body"})
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["case"] == {"id": marat, "name": "Marat Zholdybayev"}
        assert body["kind"] == "submission" and body["access"] is None
        iid = body["id"]
        changed = client.patch(f"/api/interventions/{iid}", json={"response": "Registered.",
                                                                  "version": 1})  # fmt: skip
        assert changed.status_code == 200 and changed.json()["version"] == 2
        stale = client.patch(f"/api/interventions/{iid}", json={"outcome": "x", "version": 1})
        assert stale.status_code == 409
        listed = client.get(f"/api/cases/{marat}/interventions").json()["items"]
        assert [i["response"] for i in listed] == ["Registered."]
        bad = client.post(f"/api/cases/{marat}/interventions", json={"kind": "petition"})
        assert bad.status_code == 400 and "kind" in bad.json()["error"]["message"]
        assert client.delete(f"/api/interventions/{iid}").json() == {"deleted": iid}
        assert client.get(f"/api/interventions/{iid}").status_code == 404


def test_the_cli_adds_lists_edits_and_deletes(seeded, casefile_main, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    added = casefile_main("interventions", "add", "Marat Zholdybayev", "--kind", "letter",
                          "--date", "2024-03-05", "--addressee", "the Ministry", "--text-file",
                          str(letter), "--file", str(letter), "--by", "Ana")  # fmt: skip
    assert added.code == 0, added.err
    iid = added.out.split()[1]
    listed = casefile_main("interventions", "list", "Marat Zholdybayev")
    assert f"{iid}\t2024-03-05\tletter\tto the Ministry" in listed.out
    assert "file letter.txt" in listed.out
    edited = casefile_main("interventions", "edit", iid, "--outcome", "answered")
    assert edited.code == 0 and "version 2" in edited.out
    bad = casefile_main("interventions", "add", "Marat Zholdybayev", "--kind", "fax")
    assert bad.code != 0 and "kind: one of" in bad.err and "Traceback" not in bad.err
    missing = casefile_main("interventions", "edit", "999", "--outcome", "x")
    assert missing.code != 0 and "no intervention" in missing.err
    assert casefile_main("interventions", "delete", iid).code == 0
    assert "no intervention recorded" in casefile_main("interventions", "list",
                                                       "Marat Zholdybayev").out



def test_verify_names_an_intervention_or_a_calendar_address_edited_outside_casefile(seeded):
    import sqlite3

    from casefile.services import calendar_feed

    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        iid = interventions.add(store, marat, {"kind": "letter", "outcome": "refused"},
                                Reviewer("Dana")).id  # fmt: skip
        calendar_feed.new_address(store, "Vera", "Vera")
        assert verify_store(store).problems == []
    conn = sqlite3.connect(seeded.db_path, isolation_level=None)
    conn.execute("UPDATE interventions SET outcome = 'released' WHERE id = ?", (iid,))
    conn.execute("UPDATE calendar_tokens SET token_hash = ?", ("0" * 64,))
    conn.close()
    with SQLiteStore(seeded.db_path) as store:
        problems = verify_store(store).problems
    assert any(p.startswith(f"intervention {iid}: changed outside casefile") for p in problems)
    assert any(p.startswith("user Vera: changed outside casefile") for p in problems)


def test_an_intervention_outlives_the_deletion_of_every_document_about_its_person(seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        iid = interventions.add(store, marat, {"kind": "appeal", "text": LETTER},
                                Reviewer("Dana")).id  # fmt: skip
        store.delete_document(seeded.kz, "root", "2026-01-02T00:00:00+00:00",
                              with_reviewed=True)  # fmt: skip
        assert store.get_person(marat) is not None
        assert store.get_intervention(iid) is not None
        # still listed for the full clearance (the CLI), though no fact shows the case
        assert [s.id for s in interventions.for_case(store, marat, Viewer("r", "confidential"))
                ] == [iid]  # fmt: skip
        assert verify_store(store).problems == []
