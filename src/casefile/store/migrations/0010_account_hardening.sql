-- Accounts, hardened: when an API token was last used (to the hour: a write per request
-- would serialise every script behind the log), two-factor sign-in (TOTP) and which
-- roles must use it.
--
-- A TOTP secret cannot be hashed (the server computes codes from it), so it is kept as
-- is, like the records themselves; a stolen database is what encrypted backups and disk
-- encryption are for. `totp_last_step` is the 30-second step of the last code accepted:
-- a code is good once. `totp_pending` is a secret shown on the enrolment page and not
-- yet confirmed with a code.
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enrolled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE users ADD COLUMN totp_pending TEXT;

-- A row per role that must sign in with a second factor (no row: the password alone).
CREATE TABLE role_policies (
    role         TEXT PRIMARY KEY CHECK (role IN ('admin', 'editor', 'viewer')),
    require_2fa  INTEGER NOT NULL DEFAULT 0 CHECK (require_2fa IN (0, 1))
) WITHOUT ROWID;

-- Sessions half-way through signing in: the password was right, the code is still to
-- come. Such a session is good for nothing but the code form, and ends in minutes.
ALTER TABLE sessions ADD COLUMN pending TEXT CHECK (pending IS NULL OR pending = 'totp');
