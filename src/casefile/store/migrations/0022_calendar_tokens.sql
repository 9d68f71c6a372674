-- A user's calendar address (issue 12: alerts as an iCalendar feed): the secret part of
-- /calendar/<token>.ics, kept as its sha256 like an API token, so that a calendar
-- program can subscribe without a session. At most one live address per user: making a
-- new one revokes the old, and a revoked one answers as a missing page. The feed shows
-- what the user's clearance allows at the time it is read.
-- (Named for the lead to renumber on merge.)
CREATE TABLE calendar_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX calendar_tokens_user ON calendar_tokens(user_id);
CREATE UNIQUE INDEX calendar_tokens_live ON calendar_tokens(user_id) WHERE revoked_at IS NULL;
