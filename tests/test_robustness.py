"""Robustness with real processes: a `casefile ingest` killed with SIGKILL half-way leaves
a consistent database in which every document is complete or absent, and several
processes reviewing the same facts at once never lose an update."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from casefile.services.audit import verify_audit
from casefile.store.sqlite import SQLiteStore

FIRST = ["Arlen", "Dana", "Marat", "Karina", "Oleg", "Zhanna", "Timur", "Vera", "Ruslan", "Aida"]
LAST = ["Tovas", "Ostrov", "Velt", "Karim", "Suleimen", "Bekova", "Narin", "Tash", "Orlan", "Kim"]


def statement(i: int) -> str:
    name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}{'a' * (i // 100)}"
    return (
        f"# Statement {i}\n\nOn {1 + i % 27} March 2024, police in Velsk arrested journalist"
        f" {name} after a protest. On {1 + i % 27} May 2024 a court sentenced {name} to"
        f" {2 + i % 7} years in prison on charges of extremism.\n"
    )


def script() -> str:
    return str(Path(sys.executable).parent / "casefile")


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        conn.close()


def test_sigkill_during_a_large_ingest_leaves_every_document_whole_or_absent(tmp_path):
    folder = tmp_path / "statements"
    folder.mkdir()
    for i in range(400):
        (folder / f"s{i:03}.md").write_text(statement(i), encoding="utf-8")
    db = tmp_path / "cases.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
    proc = subprocess.Popen([script(), "--db", str(db), "ingest", str(folder), "--language",
                             "en"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 240
        while count(db, "SELECT count(*) FROM documents") < 8:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    verified = subprocess.run([script(), "--db", str(db), "verify"], capture_output=True,
                              text=True, env=env, timeout=120)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: ")

    with SQLiteStore(db) as store:
        stored = {d.sha256 for d in store.iter_documents()}
        assert 8 <= len(stored) < 400, "the kill came after the end"
        audited = {}
        for entry in store.audit_entries(limit=100_000):
            if entry.action == "document.ingest":
                after = json.loads(entry.after)
                audited[after["document"]["sha256"]] = after["machine_facts"]
        # the document, its facts and its audit entry were committed together or not at all
        assert set(audited) == stored
        for sha256 in stored:
            events = store.document_events(sha256)
            assert events, f"document {sha256[:12]} without its facts"
            assert len(events) == len(audited[sha256]["events"])
        assert verify_audit(store).ok
    # nothing refers to a document that is not there
    assert count(db, "SELECT count(*) FROM events WHERE document_sha256 NOT IN"
                     " (SELECT sha256 FROM documents)") == 0

    # and the interrupted ingest can simply be run again
    rerun = subprocess.run([script(), "--db", str(db), "ingest", *sorted(map(str,
                            folder.glob("s00*.md"))), "--language", "en"], capture_output=True,
                           text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr


WORKER = """
import json, sys
from casefile.services import review
from casefile.store import VersionConflict
from casefile.store.sqlite import SQLiteStore

db, worker, ids = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
done, conflicts = {}, 0
with SQLiteStore(db, busy_timeout_ms=60000) as store:
    for round_ in range(6):
        for fact_id in ids:
            while True:
                version = store.get_event(fact_id).version
                try:
                    review.edit(store, "event", fact_id, {"term": f"P{worker}Y{round_}M"},
                                review.Reviewer(f"worker{worker}"), version)
                    done[fact_id] = done.get(fact_id, 0) + 1
                    break
                except VersionConflict:
                    conflicts += 1
print(json.dumps({"done": done, "conflicts": conflicts}))
"""


def test_concurrent_reviewers_in_separate_processes_never_lose_an_update(db_path,
                                                                         make_extraction):
    text = " ".join(f"Police arrested person number {i}." for i in range(6))
    doc = make_extraction(text)
    for i in range(6):
        doc.person(f"Person Number{i}").event("arrest", f"Person Number{i}",
                                              f"arrested person number {i}")
    with SQLiteStore(db_path) as store:
        store.save_extraction(doc.build(), doc.original)
        ids = [e.id for e in store.document_events(doc.document.sha256)]
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(w), json.dumps(ids)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(1, 5)
    ]
    results = []
    for proc in workers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    with SQLiteStore(db_path) as store:
        for fact_id in ids:
            decisions = sum(r["done"].get(str(fact_id), 0) for r in results)
            assert decisions == 4 * 6  # every worker got every one of its edits in
            event = store.get_event(fact_id)
            # each decision bumped the version once: none overwrote another unseen
            assert event.version == 1 + decisions
            history = store.review_history("event", fact_id)
            audit = store.audit_entries(f"event:{fact_id}", limit=1000)
            assert len(history) == len(audit) == decisions
            assert [json.loads(e.after)["version"] for e in audit] == list(
                range(2, decisions + 2))
            # the fact holds what the last decision in the log says it does
            assert event.event.term == json.loads(audit[-1].after).get("term", event.event.term)
        assert verify_audit(store).ok
