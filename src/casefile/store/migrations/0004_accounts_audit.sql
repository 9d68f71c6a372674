-- Accounts, API tokens and a tamper-evident audit trail.
--
-- Passwords are stored only as argon2id hashes, API tokens only as the sha256 of the
-- token (tokens are 256 random bits, so a slow hash would add nothing but latency).
-- Roles and clearances are checked here because access control rests on them: a typo
-- must not become a role nobody tests for.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    role                TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    clearance           TEXT NOT NULL DEFAULT 'public'
                        CHECK (clearance IN ('public', 'internal', 'confidential')),
    password_hash       TEXT,              -- argon2id, encoded; NULL: token-only account
    created_at          TEXT NOT NULL,     -- UTC, ISO 8601
    password_changed_at TEXT,
    disabled_at         TEXT               -- NULL: may sign in
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Every change to the records, append-only and hash-chained: `hash` is the sha256 of
-- the entry's canonical JSON (id, at, actor, action, subjects, before, after) together
-- with `prev_hash`, the previous entry's hash (64 zeros for the first), so changing,
-- removing or reordering an entry breaks the chain at that point
-- (casefile.security.chain computes it, `casefile audit verify` checks it). `subjects`
-- lists the records the change touched ("event:12", "document:<sha256>", "person:3",
-- "user:alice") for `casefile audit log --record`.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL CHECK (actor <> ''),
    action    TEXT NOT NULL,
    subjects  TEXT NOT NULL CHECK (json_valid(subjects)),
    before    TEXT NOT NULL CHECK (json_valid(before)),
    after     TEXT NOT NULL CHECK (json_valid(after)),
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);

-- The database refuses to rewrite history. Someone with the file can drop these
-- triggers; the chain is what makes that visible.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
