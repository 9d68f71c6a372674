"""The audit trail: every change (ingest, review, links, users) leaves one chained entry
written in the change's own transaction; the log refuses UPDATE and DELETE; tampering
through a raw connection that drops the triggers is found by `casefile audit verify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.security.chain import GENESIS, entry_hash
from casefile.services import linking, review
from casefile.services.audit import verify_audit
from casefile.store import Store, VersionConflict, open_store
from casefile.store.dialect import IntegrityError
from pg_support import raw_connect

TEXT = ("On 12 March 2024, journalist Arlen Tovas was sentenced to six years in prison. "
        "Police arrested Arlen Tovas on 2 January 2024. Three others were detained.")


@pytest.fixture
def db_path(store_db: Path | str) -> Path | str:
    """Each test runs on SQLite and on PostgreSQL."""
    return store_db


@pytest.fixture
def store(db_path):
    with open_store(db_path) as opened:
        yield opened


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture
def filled(store, make_extraction):
    doc = (make_extraction(TEXT).person("Arlen Tovas")
           .event("sentence", "Arlen Tovas", "was sentenced to six years in prison",
                  "2024-03-12", term="P6Y")
           .event("arrest", "Arlen Tovas", "Police arrested Arlen Tovas", "2024-01-02")
           .statistic(3, "detained", "Three others were detained"))
    store.save_extraction(doc.build(), doc.original, "ingester")
    return store, doc


def entries(store: Store, subject: str | None = None) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in store.audit_entries(subject)]


def test_ingest_records_the_document_and_the_facts_it_replaced(filled):
    store, doc = filled
    [entry] = store.audit_entries()
    assert (entry.actor, entry.action) == ("ingester", "document.ingest")
    assert json.loads(entry.subjects) == [f"document:{doc.document.sha256}"]
    after = json.loads(entry.after)
    assert after["document"]["sha256"] == doc.document.sha256
    assert after["document"]["bytes"] == len(doc.original)
    assert len(after["machine_facts"]["events"]) == 2
    assert len(after["machine_facts"]["statistics"]) == 1
    store.save_extraction(doc.build(), doc.original)  # the same again: facts refreshed
    last = store.audit_entries()[-1]
    assert (last.actor, last.action) == ("casefile", "document.reingest")
    assert json.loads(last.before)["machine_facts"] == after["machine_facts"]


def test_review_decisions_are_audited_beside_the_review_log(filled):
    store, doc = filled
    event = store.document_events(doc.document.sha256)[0]
    review.accept(store, "event", event.id, review.Reviewer("ana"), event.version)
    review.edit(store, "event", event.id, {"term": "P7Y"}, review.Reviewer("ben"))
    added = review.add_event(store, doc.document.sha256,
                             {"type": "arrest", "participant": "Arlen Tovas",
                              "quote": "Three others were detained"}, review.Reviewer("ana"))
    with pytest.raises(VersionConflict):  # refused: no decision, no entry
        review.reject(store, "event", event.id, review.Reviewer("cy"), event.version)
    assert entries(store, f"event:{event.id}") == [("ana", "fact.accept"), ("ben", "fact.edit")]
    edit = store.audit_entries(f"event:{event.id}")[-1]
    assert json.loads(edit.before)["term"] == "P6Y"
    assert json.loads(edit.after) == {"review_status": "edited", "version": 3, "term": "P7Y"}
    assert entries(store, f"event:{added.id}") == [("ana", "fact.add")]
    assert len(store.audit_entries()) == 1 + 3
    assert verify_audit(store).ok


def test_merges_splits_and_proposal_decisions_are_audited(store, make_extraction):
    for text, name in (("Police detained Marat Zholdybayev.", "Marat Zholdybayev"),
                       ("Police detained Zholdybayev Marat.", "Zholdybayev Marat"),
                       ("Police detained Dana Ostrova.", "Dana Ostrova"),
                       ("Police detained Dana Ostrov.", "Dana Ostrov")):
        doc = make_extraction(text).person(name).event("arrest", name, "Police detained")
        store.save_extraction(doc.build(), doc.original)
    ids = sorted(p.id for p in store.iter_persons())
    merge = linking.merge(store, ids[0], ids[1], "ana")
    linking.split(store, merge.id, "ben")
    proposal = store.propose_link(ids[2], ids[3], 0.7)
    assert proposal is not None
    linking.decide_proposal(store, proposal, False, "cy")
    with pytest.raises(linking.InvalidInput):  # decided already: refused, not audited
        linking.decide_proposal(store, proposal, True, "cy")
    assert entries(store, f"merge:{merge.id}") == [("ana", "person.merge"),
                                                           ("ben", "person.split")]
    assert entries(store, f"person:{ids[2]}") == [("casefile-linker", "link.propose"),
                                                          ("cy", "link.reject")]
    assert verify_audit(store).ok


def test_the_log_refuses_update_and_delete(filled):
    store, _ = filled
    for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"):
            store.conn.execute(sql)
    assert len(store.audit_entries()) == 1


def test_a_failed_change_leaves_no_entry(filled, make_extraction):
    store, doc = filled
    bad = make_extraction("Another text entirely.")
    bad.document = doc.document  # claims to be the stored document with other bytes
    with pytest.raises(Exception, match="sha256"):
        store.save_extraction(bad.build(), bad.original)
    assert len(store.audit_entries()) == 1


def test_the_chain_links_every_entry_to_the_one_before(filled):
    store, doc = filled
    review.accept(store, "statistic", store.document_statistics(doc.document.sha256)[0].id,
                  review.Reviewer("ana"))
    chain = list(store.iter_audit())
    assert chain[0].prev_hash == GENESIS and chain[1].prev_hash == chain[0].hash
    for e in chain:
        assert e.hash == entry_hash(e.id, e.at, e.actor, e.action, e.subjects, e.before,
                                    e.after, e.prev_hash, e.state)


def tamper(db: Path | str, *statements: str) -> None:
    """What someone with the file can do: drop the guards, rewrite history."""
    conn = raw_connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.close()


@pytest.fixture
def audited_db(casefile_main, db_path) -> Path | str:
    for name in ("ana", "ben", "cy", "dee"):
        assert casefile_main("user", "add", name, "--role", "editor", "--no-password",
                             "--by", "root").code == 0
    assert casefile_main("user", "disable", "ben", "--by", "root").code == 0
    ok = casefile_main("audit", "verify")
    assert ok.code == 0 and "5 entries" in ok.out
    return db_path


@pytest.mark.parametrize(
    ("statements", "broken", "words"),
    [
        (["UPDATE audit_log SET actor = 'mallory' WHERE id = 3"], 3, "content does not match"),
        (["UPDATE audit_log SET after = '{}' WHERE id = 5"], 5, "content does not match"),
        (["DELETE FROM audit_log WHERE id = 2"], 3, "removed"),
        # a deletion covered up by renumbering the entries after it
        (["DELETE FROM audit_log WHERE id = 2", "UPDATE audit_log SET id = id - 1 WHERE id > 2"],
         2, "does not follow"),
        (["UPDATE audit_log SET at = '2020-01-01T00:00:00+00:00' WHERE id = 1"], 1, "content"),
    ],
)
def test_tampering_is_detected_and_the_first_broken_entry_named(
    casefile_main, audited_db, statements, broken, words
):
    tamper(audited_db, *statements)
    for command in (["audit", "verify"], ["verify"]):
        result = casefile_main(*command)
        assert result.code == 1
        line = one_line(result.err)
        assert f"audit entry {broken}:" in line and words in line


def test_a_rewritten_chain_or_a_cut_end_is_caught_by_a_recorded_head(casefile_main, audited_db):
    head = casefile_main("audit", "verify").out.split("head ")[1].strip()
    tamper(audited_db, "DELETE FROM audit_log WHERE id = 5")  # the chain alone still holds
    assert casefile_main("audit", "verify").code == 0
    for command in (["audit", "verify", "--head", head], ["verify", "--head", head]):
        result = casefile_main(*command)
        assert result.code == 1 and "recorded head" in result.err.splitlines()[0]


def test_audit_log_lists_and_filters(casefile_main, audited_db):
    everything = casefile_main("audit", "log").out.splitlines()
    assert len(everything) == 5 and everything[0].startswith("#1 ")
    ben = casefile_main("audit", "log", "--record", "user:ben").out.splitlines()
    assert [line.split()[3] for line in ben] == ["user.add", "user.disable"]
    assert "disabled_at: null -> " in ben[1]
    assert len(casefile_main("audit", "log", "--limit", "2").out.splitlines()) == 2
    for bad in (["--record", "nonsense"], ["--record", "document:xyz"], ["--limit", "0"]):
        result = casefile_main("audit", "log", *bad)
        assert result.code == 1 and one_line(result.err).startswith("error: ")
