-- Possible facts (issue 10, "it learns from its users"): the events the event model
-- scored just below its threshold. They are no facts: no case, count, search, export or
-- alert reads this table. The review queue shows them to analysts cleared for their
-- document (its level is read through document_levels, so a withdrawn document's go
-- with it), and a decision moves one into `events` as an accepted or a rejected fact,
-- which `casefile train --store` then learns from. Re-extraction replaces a document's
-- rows; a possible fact already among the document's events is not stored again.
CREATE TABLE possible_events (
    -- never reused: a page's form names an id that re-extraction may have replaced
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    document_sha256   TEXT NOT NULL REFERENCES documents(sha256),
    type              TEXT NOT NULL,
    participant_kind  TEXT NOT NULL CHECK (participant_kind IN ('person', 'organisation')),
    participant_name  TEXT NOT NULL,
    date              TEXT,
    date_precision    TEXT CHECK (date_precision IN ('day', 'month', 'year', 'month_day')),
    date_inferred     INTEGER NOT NULL DEFAULT 0 CHECK (date_inferred IN (0, 1)),
    agent             TEXT,
    place             TEXT,
    term              TEXT,
    term_kind         TEXT,
    charges           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(charges)),
    articles          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(articles)),
    label             TEXT,
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    evidence_quote    TEXT NOT NULL,
    extractor         TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence        REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    fingerprint       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    CHECK ((date IS NULL) = (date_precision IS NULL)),
    CHECK (0 <= evidence_start AND evidence_start <= evidence_end),
    UNIQUE (document_sha256, fingerprint)
);
CREATE INDEX possible_events_confidence ON possible_events(confidence DESC, id);
