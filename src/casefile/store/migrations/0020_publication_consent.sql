-- Publication consent (issue 12, item 6): whether a person -- or their family or lawyer
-- on their behalf -- agreed to be named in what is published (urgent actions, the public
-- export, the static site). One row per person, the latest decision; earlier ones are in
-- the audit log. No row means no recorded consent: publication pseudonymises the person.
-- Part of the person's record digest (store/sqlite_digests.py).
-- (Named for the lead to renumber on merge if another helper took 0020.)
CREATE TABLE person_consents (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    given        INTEGER NOT NULL CHECK (given IN (0, 1)),
    given_by     TEXT NOT NULL CHECK (given_by IN ('person', 'family', 'lawyer')),
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL CHECK (recorded_by <> ''),
    recorded_at  TEXT NOT NULL
);
