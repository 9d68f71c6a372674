-- Interventions (issue 12): what was done for a case — an appeal, a letter, an urgent
-- action, a submission — with its date, sender, addressee, channel, its text or an
-- attached file, and the response and outcome when they come. One row per
-- intervention, about a person (the case); a merge leaves the row where it was and
-- the case page reads the interventions of every person merged into the case.
-- An attached file is kept like a document's original: its bytes as received, their
-- sha256 (part of the intervention's record digest, re-hashed by `casefile verify`).
-- Who may see one: whoever may see its case (services/interventions.py), unless an
-- editor raised it above that (`access_level`, as a fact's own level).
-- (Named for the lead to renumber on merge.)
CREATE TABLE interventions (
    id            INTEGER PRIMARY KEY,
    -- Never deleted with its person: a person with an intervention is kept when a
    -- re-extraction or a deleted document leaves them with no fact (rows.delete_orphans).
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    kind          TEXT NOT NULL
                  CHECK (kind IN ('appeal', 'letter', 'urgent_action', 'submission')),
    date          TEXT,  -- ISO 8601, possibly partial (2024, 2024-03, 2024-03-05)
    sender        TEXT NOT NULL DEFAULT '',
    addressee     TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    response      TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    file          BLOB,
    file_name     TEXT,
    file_type     TEXT,
    file_sha256   TEXT CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
    access_level  INTEGER CHECK (access_level BETWEEN 0 AND 2),  -- NULL: as its case
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT NOT NULL CHECK (created_by <> ''),
    created_at    TEXT NOT NULL,
    updated_by    TEXT,
    updated_at    TEXT,
    CHECK ((file IS NULL) = (file_sha256 IS NULL))
);
CREATE INDEX interventions_person ON interventions(person_id);
