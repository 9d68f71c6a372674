"""`casefile verify` checks the records, not only the chain: a database built through
casefile and then edited with plain sqlite3 (the append-only guards dropped where they
are in the way) fails verify with a line naming each edited record, and so does a
restore of such a backup; everything casefile itself does leaves verify clean."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from casefile.security.chain import GENESIS, entry_hash, state_hash
from casefile.services import accounts, classification, linking, review, twofactor
from casefile.services.access import FULL
from casefile.store import open_store
from casefile.store.migrate import load_migrations, migrate
from casefile.store.postgres import load_pg_migrations
from casefile.store.sqlite_audit import open_tracked
from casefile.store.sqlite_digests import current_digests, newest_digests
from pg_support import raw_connect

TEXT = ("On 3 May 2024 a court in Verdansk sentenced the blogger Ilvar Kostrin to seven years"
        " in prison. Police had arrested Ilvar Kostrin on 2 January 2024. Four other"
        " activists were detained.")
SENTENCE = "sentenced the blogger Ilvar Kostrin to seven years in prison"


@pytest.fixture
def db_path(store_db: Path | str) -> Path | str:
    """The tests run on SQLite and on PostgreSQL (backups and SQLite's own migrations on
    SQLite only)."""
    return store_db


@dataclass(frozen=True)
class Built:
    db: Path | str
    sha256: str
    sentence: int  # event id
    statistic: int
    person: int


@pytest.fixture
def built(db_path: Path | str, make_extraction) -> Built:
    doc = (make_extraction(TEXT).person("Ilvar Kostrin")
           .event("sentence", "Ilvar Kostrin", SENTENCE, "2024-05-03", term="P7Y")
           .event("arrest", "Ilvar Kostrin", "Police had arrested Ilvar Kostrin", "2024-01-02")
           .statistic(4, "detained", "Four other activists were detained"))
    with open_store(db_path) as store:
        saved = store.save_extraction(doc.build(), doc.original, "ingester")
        accounts.add_user(store, "ana", "viewer", "root", None)
        twofactor.enrol(store, "ana", "root")
        twofactor.require(store, "viewer", True, "root")
        classification.set_document_access(store, FULL, saved.document_sha256, "internal")
        [person] = saved.person_ids
        classification.set_protected(store, FULL, person, True)
        sentence = next(e.id for e in store.iter_events() if e.event.type == "sentence")
        [statistic] = [s.id for s in store.iter_statistics()]
    return Built(db_path, saved.document_sha256, sentence, statistic, person)


def edit(db: Path | str, *statements: str) -> None:
    """What someone with the file can do, bypassing casefile."""
    conn = raw_connect(db)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def errors(text: str) -> list[str]:
    assert "Traceback" not in text
    return text.splitlines()


def test_a_database_built_through_casefile_verifies_clean(built, casefile_script):
    result = casefile_script("verify")
    assert result.code == 0, result.err
    assert "records as the audit log recorded them" in result.out
    assert "not anchored" in result.out  # no head given: said, not failed


@pytest.mark.parametrize(
    ("what", "statements", "named"),
    [
        ("a document's text",
         ["UPDATE documents SET text = replace(text, 'seven years', 'two years')"],
         "document {sha12}: changed outside casefile since audit entry"),
        ("a fact's quote and type",
         ["UPDATE events SET evidence_quote = replace(evidence_quote, 'seven', 'two'),"
          " type = 'arrest' WHERE id = {sentence}"],
         "event {sentence}: changed outside casefile since audit entry"),
        ("a document's access level",
         ["UPDATE document_levels SET level = 0"],
         "document {sha12}: changed outside casefile since audit entry"),
        ("a user's role",
         ["UPDATE users SET role = 'admin', clearance = 'confidential' WHERE name = 'ana'"],
         "user ana: changed outside casefile since audit entry"),
        ("a user's second factor",
         ["UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL WHERE name = 'ana'"],
         "user ana: changed outside casefile since audit entry"),
        ("a role's two-factor requirement",
         ["UPDATE role_policies SET require_2fa = 0 WHERE role = 'viewer'"],
         "role_policy viewer: changed outside casefile since audit entry"),
        ("a person's protection",
         ["UPDATE persons SET protected = 0 WHERE id = {person}"],
         "person {person}: changed outside casefile since audit entry"),
    ],
)
def test_each_direct_edit_is_named(built, casefile_script, what, statements, named):
    ids = {"sha12": built.sha256[:12], "sentence": built.sentence, "person": built.person}
    edit(built.db, *(sql.format(**ids) for sql in statements))
    result = casefile_script("verify")
    assert result.code == 1, f"{what} edited directly passed verify"
    lines = errors(result.err)
    assert lines == [f"error: {named.format(**ids)} {lines[0].rsplit(' ', 1)[-1]}"], lines
    entry = int(lines[0].rsplit(" ", 1)[-1])
    assert 1 <= entry <= 6


def test_records_added_or_deleted_outside_casefile_are_named(built, casefile_main):
    edit(built.db,
         "INSERT INTO users (name, role, clearance, created_at) VALUES"
         " ('mallory', 'admin', 'confidential', '2024-01-01T00:00:00+00:00')",
         f"DELETE FROM statistics WHERE id = {built.statistic}")
    result = casefile_main("verify")
    assert result.code == 1
    lines = errors(result.err)
    assert f"error: statistic {built.statistic}: missing, though audit entry" in lines[0]
    assert lines[1] == "error: user mallory: not in the audit log (added outside casefile)"
    assert len(lines) == 2


def test_a_forged_digest_breaks_the_entry_that_holds_it(built, casefile_main):
    """Editing a record and writing its new digest in place of the recorded one (as
    casefile computes it) is caught: the entry's state hash no longer matches."""
    edit(built.db, "UPDATE users SET role = 'admin' WHERE name = 'ana'")
    conn = raw_connect(built.db)
    forged = current_digests(conn, ["user:ana"])["user:ana"]
    conn.execute("DROP TRIGGER record_digests_no_update")
    [entry] = conn.execute(
        "SELECT max(entry_id) FROM record_digests WHERE record = 'user:ana'").fetchone()
    conn.execute("UPDATE record_digests SET digest = ? WHERE record = 'user:ana'"
                 " AND entry_id = ?", (bytes.fromhex(forged), entry))
    conn.close()
    result = casefile_main("verify")
    assert result.code == 1
    assert errors(result.err) == [
        f"error: audit entry {entry}: the record digests it wrote were changed or removed"]


def recompute_chain(db: Path | str, record: str) -> None:
    """The strongest attack on the file alone: after an edit, rewrite the recorded
    digest and every entry's hash from there on, as casefile would have written them."""
    conn = raw_connect(db)
    for trigger in ("audit_log_no_update", "record_digests_no_update"):
        conn.execute(f"DROP TRIGGER {trigger}")
    digest = current_digests(conn, [record])[record]
    conn.execute("UPDATE record_digests SET digest = ? WHERE record = ?",
                 (bytes.fromhex(digest), record))
    previous = GENESIS
    for row in conn.execute("SELECT id, at, actor, action, subjects, before, after FROM"
                            " audit_log ORDER BY id").fetchall():
        batch = [(r, None if d is None else bytes(d).hex()) for r, d in conn.execute(
            "SELECT record, digest FROM record_digests WHERE entry_id = ?", (row[0],))]
        state = state_hash(batch) if batch else None
        new_hash = entry_hash(*row, previous, state)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, state = ? WHERE id = ?",
                     (previous, new_hash, state, row[0]))
        previous = new_hash
    conn.close()


def test_a_recomputed_chain_is_caught_only_by_a_head_kept_elsewhere(
    built, casefile_main, tmp_path
):
    heads = tmp_path / "elsewhere" / "heads.txt"
    heads.parent.mkdir()
    first = casefile_main("verify", "--head-file", str(heads))
    assert first.code == 0 and f"head recorded in {heads}" in first.out
    assert "not anchored" not in first.out
    assert len(heads.read_text().splitlines()) == 1
    edit(built.db, "UPDATE users SET role = 'admin' WHERE name = 'ana'")
    recompute_chain(built.db, "user:ana")
    unanchored = casefile_main("verify")
    assert unanchored.code == 0  # nothing in the file can tell: the note says so
    assert "not anchored" in unanchored.out and "--head-file" in unanchored.out
    for command in (["verify", "--head-file", str(heads)], ["audit", "verify", "--head-file",
                                                            str(heads)]):  # fmt: skip
        result = casefile_main(*command)
        assert result.code == 1
        assert "recorded head" in errors(result.err)[0]
    assert len(heads.read_text().splitlines()) == 1  # a failed check records nothing


def test_the_head_file_advances_with_each_clean_check(built, casefile_main, tmp_path):
    heads = tmp_path / "heads.txt"
    assert casefile_main("audit", "verify", "--head-file", str(heads)).code == 0
    assert casefile_main("user", "add", "ben", "--role", "editor", "--no-password",
                         "--by", "root").code == 0
    assert casefile_main("verify", "--head-file", str(heads)).code == 0
    recorded = [line.split()[0] for line in heads.read_text().splitlines()]
    assert len(recorded) == 2 and recorded[0] != recorded[1]
    heads.write_text("not a hash\n")
    bad = casefile_main("verify", "--head-file", str(heads))
    assert bad.code == 1 and errors(bad.err) == [
        f"error: --head-file {heads}: its last line is not an audit head hash"]


# `casefile backup` and `restore` copy a SQLite file (services/backup.py).
@pytest.mark.parametrize("store_db", ["sqlite"], indirect=True)
def test_restore_refuses_an_edited_backup_and_checks_the_head(built, casefile_main, tmp_path):
    backup = tmp_path / "b.cfbak"
    made = casefile_main("backup", str(backup))
    assert made.code == 0
    head = made.out.split("audit head ")[1].split()[0]
    assert len(head) == 64
    target = tmp_path / "restored.db"
    clean = casefile_main("restore", str(backup), "--db", str(target), "--head", head)
    assert clean.code == 0, clean.err
    edit(backup, "UPDATE users SET role = 'admin' WHERE name = 'ana'")
    refused = casefile_main("restore", str(backup), "--db", str(tmp_path / "other.db"))
    assert refused.code == 1
    assert errors(refused.err)[0].startswith(
        "error: refusing to restore: user ana: changed outside casefile")
    assert not (tmp_path / "other.db").exists()
    wrong = casefile_main("restore", str(backup), "--db", str(tmp_path / "other.db"),
                          "--head", "a" * 64)
    assert wrong.code == 1 and "recorded head" in errors(wrong.err)[0]


def test_everything_casefile_does_leaves_verify_clean(built, casefile_main, make_extraction):
    """Every writer records the digests of what it changed in its own entry: no change
    is left to the catch-all entry, and verify stays clean after each kind of write."""
    reviewer = review.Reviewer("ana")
    with open_store(built.db) as store:
        review.accept(store, "statistic", built.statistic, reviewer)
        review.edit(store, "event", built.sentence, {"term": "P8Y", "type": "sentence"},
                    reviewer)
        arrest = next(e.id for e in store.iter_events() if e.event.type == "arrest")
        review.reject(store, "event", arrest, reviewer)
        review.add_event(store, built.sha256, {
            "type": "arrest", "participant": "Ilvar Kostrin",
            "quote": "Police had arrested Ilvar Kostrin", "date": "2024-01-02"}, reviewer)
        # a second spelling of the person, merged and split again
        other = (make_extraction("Ilvar Kostryn was arrested by police in March 2024.")
                 .person("Ilvar Kostryn")
                 .event("arrest", "Ilvar Kostryn", "Ilvar Kostryn was arrested", "2024-03"))
        saved = store.save_extraction(other.build(), other.original, "ingester")
        store.save_extraction(other.build(), other.original)  # re-ingest: facts refreshed
        [second] = saved.person_ids
    steps = [
        ["access", "document", built.sha256, "confidential", "--by", "root"],
        ["access", "fact", "statistic", str(built.statistic), "confidential"],
        ["access", "protect", str(second), "--by", "root"],
        ["user", "set", "ana", "--role", "editor", "--clearance", "internal", "--by", "root"],
        ["user", "disable", "ana", "--by", "root"],
        ["user", "enable", "ana", "--by", "root"],
        ["user", "token", "ana", "--by", "root"],
        ["link", "merge", str(built.person), str(second), "--by", "ana"],
    ]
    for step in steps:
        assert casefile_main(*step).code == 0, step
        result = casefile_main("verify")
        assert result.code == 0, (step, result.err)
    with open_store(built.db) as store:
        [merge] = store.person_merges()
        linking.split(store, merge.id, "ana")
        review.edit(store, "event", built.sentence, {"participant": "Ilvar Kostryn"}, reviewer)
        actions = [e.action for e in store.audit_entries(limit=1000)]
    result = casefile_main("verify")
    assert result.code == 0, result.err
    assert "records.changed" not in actions and "baseline" not in actions
    # the history around the facts is recorded too: a merge, the pair rejected at the
    # split, a review decision
    edit(built.db, "UPDATE person_merges SET moved = '{\"events\": [], \"roles\": [],"
         " \"aliases\": [], \"followers\": []}'",
         "UPDATE link_proposals SET status = 'pending'",
         "UPDATE review_log SET reviewer = 'mallory' WHERE id = 1")
    lines = errors(casefile_main("verify").err)
    assert [line.split(":")[1] for line in lines] == [" link_proposal 1", " merge 1",
                                                      " review 1"], lines


def test_ingest_and_reextract_through_the_console_leave_verify_clean(
    casefile_script, tmp_path
):
    statement = tmp_path / "statement.txt"
    statement.write_text(TEXT, encoding="utf-8")
    assert casefile_script("ingest", str(statement), "--language", "en").code == 0
    assert casefile_script("ingest", str(statement), "--language", "en").code == 0
    assert casefile_script("reextract").code == 0
    result = casefile_script("verify")
    assert result.code == 0, result.err


# SQLite's migrations 0001..0008 (PostgreSQL's schema starts at SQLite's 0024).
@pytest.mark.parametrize("store_db", ["sqlite"], indirect=True)
def test_a_database_from_before_record_digests_gets_a_baseline(db_path, casefile_main):
    """An older database has no digests: the first open records one baseline entry of
    every record, from which edits are named like any other."""
    conn = raw_connect(db_path)
    migrate(conn, load_migrations()[:8])
    conn.execute("INSERT INTO users (name, role, clearance, created_at) VALUES"
                 " ('old', 'editor', 'public', '2023-01-01T00:00:00+00:00')")
    conn.close()
    with open_store(db_path) as store:
        [baseline] = store.audit_entries()
        assert (baseline.actor, baseline.action) == ("casefile", "baseline")
        assert json.loads(baseline.after) == {"records": 1}
    assert casefile_main("verify").code == 0
    with open_store(db_path) as store:
        assert len(store.audit_entries()) == 1  # once only
    edit(db_path, "UPDATE users SET role = 'admin' WHERE name = 'old'")
    result = casefile_main("verify")
    assert result.code == 1
    assert errors(result.err) == ["error: user old: changed outside casefile since audit entry 1"]


def test_an_upgrade_records_what_its_migration_changed_but_not_an_earlier_edit(built):
    """A later migration that rewrites records gets a "schema.migrate" entry for them;
    a record edited outside casefile before the upgrade is left for verify to name."""
    edit(built.db, "UPDATE users SET role = 'admin' WHERE name = 'ana'")
    shipped = load_migrations() if isinstance(built.db, Path) else load_pg_migrations()
    later = (len(shipped) + 1, "next.sql",
             "UPDATE document_levels SET level = 0;\nUPDATE users SET clearance = 'internal';\n")
    conn = raw_connect(built.db)
    open_tracked(conn, [*shipped, later])
    entry, action = conn.execute(
        "SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert action == "schema.migrate"
    recorded = {r for (r,) in conn.execute(
        "SELECT record FROM record_digests WHERE entry_id = ?", (entry,))}
    assert recorded == {f"document:{built.sha256}"}
    now = current_digests(conn)
    newest = newest_digests(conn, now)
    assert [r for r in now if now[r] != newest.get(r)] == ["user:ana"]
    conn.close()
