-- Web sign-in sessions, kept server-side: the browser holds a random id (256 bits) and
-- the database only its sha256, so a stolen copy of the database cannot be replayed as
-- a cookie. Signing out deletes the row; disabling a user deletes theirs. `csrf` is the
-- session's anti-forgery token, sent back in every form and in X-CSRF-Token.
CREATE TABLE sessions (
    id_hash     TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf        TEXT NOT NULL CHECK (length(csrf) >= 32),
    created_at  TEXT NOT NULL,   -- UTC, ISO 8601
    expires_at  TEXT NOT NULL    -- absolute: a session is not extended by use
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
