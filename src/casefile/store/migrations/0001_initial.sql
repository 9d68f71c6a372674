-- Initial schema. Facts (roles, events, statistics) carry their evidence span, who
-- asserted them, a review_status for the coming review workflow and a version for
-- optimistic locking; documents are immutable once stored.
--
-- Enumerations that the model owns (event types, term kinds, roles) are validated in
-- Python, not with CHECK: SQLite cannot alter a CHECK without rebuilding the table,
-- and those lists will grow. review_status is the workflow's core and is checked here.

CREATE TABLE documents (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),  -- of the original bytes
    text        TEXT NOT NULL,         -- evidence offsets index into this
    original    BLOB NOT NULL,         -- the bytes as received, unchanged
    title       TEXT,
    publisher   TEXT,
    url         TEXT,
    published   TEXT,                  -- ISO 8601 partial: 2023 / 2023-11 / 2023-11-30 / --11-30
    language    TEXT,
    source_name TEXT,
    media_type  TEXT,
    ingested_at TEXT NOT NULL          -- UTC, ISO 8601
);

-- One row per real person as far as we know now. `key` is casefile.names.name_key(name);
-- linking different spellings of one person is a later concern.
CREATE TABLE persons (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name       TEXT NOT NULL,
    country    TEXT,                   -- ISO 3166-1 alpha-2 of the persecuting state
    created_at TEXT NOT NULL
);

CREATE TABLE person_aliases (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    key       TEXT NOT NULL,
    PRIMARY KEY (person_id, key)
);
CREATE INDEX person_aliases_key ON person_aliases(key);

CREATE TABLE person_roles (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
    evidence_start  INTEGER,
    evidence_end    INTEGER,
    evidence_quote  TEXT,
    review_status   TEXT NOT NULL DEFAULT 'unreviewed'
                    CHECK (review_status IN ('unreviewed', 'accepted', 'rejected', 'edited')),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    UNIQUE (person_id, role, document_sha256)
);
CREATE INDEX person_roles_document ON person_roles(document_sha256);

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name       TEXT NOT NULL,
    kind       TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    alias           TEXT NOT NULL,
    key             TEXT NOT NULL,
    PRIMARY KEY (organisation_id, key)
);
CREATE INDEX organisation_aliases_key ON organisation_aliases(key);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    document_sha256  TEXT NOT NULL REFERENCES documents(sha256),
    type             TEXT NOT NULL,
    person_id        INTEGER REFERENCES persons(id),
    organisation_id  INTEGER REFERENCES organisations(id),
    participant_name TEXT NOT NULL,    -- as the text gave it
    date             TEXT,             -- ISO 8601 partial
    date_precision   TEXT CHECK (date_precision IN ('day', 'month', 'year', 'month_day')),
    agent            TEXT,
    place            TEXT,
    term             TEXT,             -- ISO 8601 duration
    term_kind        TEXT,
    charges          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(charges)),
    articles         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(articles)),
    label            TEXT,
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    evidence_quote   TEXT NOT NULL,
    extractor         TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence       REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    review_status    TEXT NOT NULL DEFAULT 'unreviewed'
                     CHECK (review_status IN ('unreviewed', 'accepted', 'rejected', 'edited')),
    version          INTEGER NOT NULL DEFAULT 1,
    -- What the machine asserted (type, participant, span), fixed at insert so that an
    -- analyst's edit does not make re-extraction add the original fact back.
    fingerprint      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL)),
    CHECK ((date IS NULL) = (date_precision IS NULL)),
    CHECK (0 <= evidence_start AND evidence_start <= evidence_end)
);
CREATE INDEX events_document ON events(document_sha256, review_status);
CREATE INDEX events_fingerprint ON events(document_sha256, fingerprint);
CREATE INDEX events_person ON events(person_id, date);
CREATE INDEX events_organisation ON events(organisation_id);
CREATE INDEX events_type_date ON events(type, date);

CREATE TABLE statistics (
    id                INTEGER PRIMARY KEY,
    document_sha256   TEXT NOT NULL REFERENCES documents(sha256),
    count             INTEGER NOT NULL,
    what              TEXT NOT NULL,
    period            TEXT,
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    evidence_quote    TEXT NOT NULL,
    extractor         TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence        REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    review_status     TEXT NOT NULL DEFAULT 'unreviewed'
                      CHECK (review_status IN ('unreviewed', 'accepted', 'rejected', 'edited')),
    version           INTEGER NOT NULL DEFAULT 1,
    fingerprint       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    CHECK (0 <= evidence_start AND evidence_start <= evidence_end)
);
CREATE INDEX statistics_document ON statistics(document_sha256, review_status);
CREATE INDEX statistics_fingerprint ON statistics(document_sha256, fingerprint);
