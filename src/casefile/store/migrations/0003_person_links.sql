-- One person across documents, scripts and spellings.
--
-- Linking merges person rows rather than layering a canonical id over them, so every
-- read (case list, case page, search, exports) sees one person per real person with no
-- change. A merge is reversible: `person_merges` records exactly what moved (events,
-- roles, aliases), and a merged-away row stays, marked `merged_into`, so a split can
-- bring it back. Links the linker is unsure of wait in `link_proposals` for an analyst.

ALTER TABLE persons ADD COLUMN merged_into INTEGER REFERENCES persons(id);
CREATE INDEX persons_merged_into ON persons(merged_into);

CREATE TABLE person_merges (
    id          INTEGER PRIMARY KEY,
    kept_id     INTEGER NOT NULL REFERENCES persons(id),
    merged_id   INTEGER NOT NULL REFERENCES persons(id),
    score       REAL CHECK (score IS NULL OR score BETWEEN 0 AND 1),  -- NULL: by hand
    decided_by  TEXT NOT NULL,          -- "casefile-linker" for automatic links
    decided_at  TEXT NOT NULL,          -- UTC, ISO 8601
    moved       TEXT NOT NULL CHECK (json_valid(moved)),  -- {"events": [...], ...}
    undone_by   TEXT,
    undone_at   TEXT,
    CHECK (kept_id <> merged_id)
);
CREATE INDEX person_merges_kept ON person_merges(kept_id);
CREATE INDEX person_merges_merged ON person_merges(merged_id);

CREATE TABLE link_proposals (
    id          INTEGER PRIMARY KEY,
    person_a    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    person_b    INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    score       REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_by  TEXT,
    decided_at  TEXT,
    created_at  TEXT NOT NULL,
    CHECK (person_a < person_b),
    UNIQUE (person_a, person_b)
);
CREATE INDEX link_proposals_pending ON link_proposals(status, score);
