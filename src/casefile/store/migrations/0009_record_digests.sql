-- Record digests: what each record looked like when casefile last wrote it, so that
-- `casefile verify` names a record edited outside casefile (with sqlite3, say).
--
-- A record is a document (with its access level), an event, a statistic, a person (with
-- aliases), a role, an organisation (with aliases), a user (with API tokens), a merge, a
-- link proposal or a review decision (review_log); its
-- digest is the sha256 of a canonical serialisation of its content
-- (casefile.store.sqlite_digests). Every audit entry stores the digests of the records
-- its change left different, here, and `audit_log.state` is the hash of that batch
-- (casefile.security.chain.state_hash), which the entry's own hash covers: a digest
-- cannot be changed without breaking the chain. A NULL digest records a deletion.
--
-- A database from before this migration gets one "baseline" entry with the digests of
-- every record it holds, written by the store when it first opens it (the digests are
-- computed in Python, which a migration cannot run).
ALTER TABLE audit_log ADD COLUMN state TEXT CHECK (state IS NULL OR length(state) = 64);

CREATE TABLE record_digests (
    record   TEXT NOT NULL,                     -- "event:12", "document:<sha256>", "user:ana"
    entry_id INTEGER NOT NULL,                  -- the audit entry that wrote it
    digest   BLOB CHECK (digest IS NULL OR length(digest) = 32),
    PRIMARY KEY (record, entry_id)
) WITHOUT ROWID;
CREATE INDEX record_digests_entry ON record_digests(entry_id);

CREATE TRIGGER record_digests_no_update BEFORE UPDATE ON record_digests
BEGIN
    SELECT RAISE(ABORT, 'record digests are append-only');
END;

CREATE TRIGGER record_digests_no_delete BEFORE DELETE ON record_digests
BEGIN
    SELECT RAISE(ABORT, 'record digests are append-only');
END;
