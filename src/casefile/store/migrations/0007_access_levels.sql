-- Confidentiality: every document and fact has an access level, every user a clearance
-- (0 public, 1 internal, 2 confidential; users.clearance names the same levels).
--
-- A document's level (document_levels, a table of its own so that the documents table
-- keeps its shape for older tools) is set at ingest; a document nobody classified is
-- confidential (2), the level that fails safe: existing documents become confidential
-- here, and an admin lowers what may be seen more widely. A fact's own access_level
-- (NULL: as its document) can only raise it: `level` is the effective one, never below
-- the document's, since a fact quotes its document. The store keeps `level` whenever
-- a fact is written or its document's level changes; every read filters on it.
CREATE TABLE document_levels (
    sha256 TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    level  INTEGER NOT NULL DEFAULT 2 CHECK (level IN (0, 1, 2))
) WITHOUT ROWID;
CREATE INDEX document_levels_level ON document_levels(level);
INSERT INTO document_levels (sha256, level) SELECT sha256, 2 FROM documents;
CREATE TRIGGER documents_level_after_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO document_levels (sha256, level) VALUES (NEW.sha256, 2);
END;
ALTER TABLE events ADD COLUMN access_level INTEGER CHECK (access_level IN (0, 1, 2));
ALTER TABLE events ADD COLUMN level INTEGER NOT NULL DEFAULT 2 CHECK (level IN (0, 1, 2));
ALTER TABLE statistics ADD COLUMN access_level INTEGER CHECK (access_level IN (0, 1, 2));
ALTER TABLE statistics ADD COLUMN level INTEGER NOT NULL DEFAULT 2 CHECK (level IN (0, 1, 2));

-- A protected person (a witness, a source, someone at risk) is shown under a stable
-- pseudonym to anyone without confidential clearance and in every export; the pseudonym
-- is a keyed hash of the person's id with this installation's secret, so it cannot be
-- reversed by hashing candidate ids without the database.
ALTER TABLE persons ADD COLUMN protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1));
CREATE INDEX persons_protected ON persons(id) WHERE protected = 1;
CREATE TABLE installation_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO installation_secrets (name, value)
VALUES ('pseudonym_key', lower(hex(randomblob(32))));

-- Case summaries per clearance: what a person's case looks like from the events a user
-- of that clearance may see (a person with none has no row at that clearance). The case
-- list reads one clearance's rows, as fast as it read all of them before.
DROP TABLE case_summaries;
CREATE TABLE case_summaries (
    person_id       INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    clearance       INTEGER NOT NULL CHECK (clearance IN (0, 1, 2)),
    status          TEXT NOT NULL,
    last_event_type TEXT NOT NULL,
    last_event_date TEXT,
    documents       INTEGER NOT NULL,
    events          INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (clearance, person_id)
) WITHOUT ROWID;
CREATE INDEX case_summaries_status ON case_summaries(clearance, status);
CREATE INDEX case_summaries_person ON case_summaries(person_id);
INSERT INTO stale_cases (person_id)
SELECT DISTINCT person_id FROM events WHERE person_id IS NOT NULL
ON CONFLICT (person_id) DO UPDATE SET version = version + 1;

-- The filters' covering indexes carry the level, so that "persons with a visible event
-- like this" is still read from the index alone.
DROP INDEX events_date;
CREATE INDEX events_date ON events(date, type, review_status, level, person_id);
DROP INDEX events_type_date;
CREATE INDEX events_type_date ON events(type, date, review_status, level, person_id);
DROP INDEX events_document;
CREATE INDEX events_document ON events(document_sha256, review_status, level, person_id);

-- The dashboard's counts per level: a user's figures sum the levels up to theirs.
DROP TRIGGER events_counts_after_insert;
DROP TRIGGER events_counts_after_delete;
DROP TRIGGER events_counts_after_update;
DROP TRIGGER statistics_counts_after_insert;
DROP TRIGGER statistics_counts_after_delete;
DROP TRIGGER statistics_counts_after_update;
DROP TABLE event_month_counts;
DROP TABLE fact_review_counts;

CREATE TABLE event_month_counts (
    level INTEGER NOT NULL,
    month TEXT NOT NULL,  -- YYYY-MM
    type  TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (month, type, level)
) WITHOUT ROWID;

CREATE TABLE fact_review_counts (
    level         INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('event', 'statistic')),
    review_status TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (kind, review_status, level)
) WITHOUT ROWID;

INSERT INTO event_month_counts (level, month, type, n)
SELECT level, substr(date, 1, 7), type, count(*) FROM events
WHERE date >= '0' AND length(date) >= 7 AND review_status != 'rejected'
GROUP BY level, substr(date, 1, 7), type;

INSERT INTO fact_review_counts (level, kind, review_status, n)
SELECT level, 'event', review_status, count(*) FROM events GROUP BY level, review_status
UNION ALL
SELECT level, 'statistic', review_status, count(*) FROM statistics
GROUP BY level, review_status;

CREATE TRIGGER events_counts_after_insert AFTER INSERT ON events
BEGIN
    INSERT INTO event_month_counts (level, month, type, n)
    SELECT NEW.level, substr(NEW.date, 1, 7), NEW.type, 1
    WHERE NEW.date >= '0' AND length(NEW.date) >= 7 AND NEW.review_status != 'rejected'
    ON CONFLICT (month, type, level) DO UPDATE SET n = n + 1;
    INSERT INTO fact_review_counts (level, kind, review_status, n)
    VALUES (NEW.level, 'event', NEW.review_status, 1)
    ON CONFLICT (kind, review_status, level) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER events_counts_after_delete AFTER DELETE ON events
BEGIN
    UPDATE event_month_counts SET n = n - 1
    WHERE month = substr(OLD.date, 1, 7) AND type = OLD.type AND level = OLD.level
      AND OLD.date >= '0' AND length(OLD.date) >= 7 AND OLD.review_status != 'rejected';
    UPDATE fact_review_counts SET n = n - 1
    WHERE kind = 'event' AND review_status = OLD.review_status AND level = OLD.level;
END;

CREATE TRIGGER events_counts_after_update
AFTER UPDATE OF date, type, review_status, level ON events
BEGIN
    UPDATE event_month_counts SET n = n - 1
    WHERE month = substr(OLD.date, 1, 7) AND type = OLD.type AND level = OLD.level
      AND OLD.date >= '0' AND length(OLD.date) >= 7 AND OLD.review_status != 'rejected';
    INSERT INTO event_month_counts (level, month, type, n)
    SELECT NEW.level, substr(NEW.date, 1, 7), NEW.type, 1
    WHERE NEW.date >= '0' AND length(NEW.date) >= 7 AND NEW.review_status != 'rejected'
    ON CONFLICT (month, type, level) DO UPDATE SET n = n + 1;
    UPDATE fact_review_counts SET n = n - 1
    WHERE kind = 'event' AND review_status = OLD.review_status AND level = OLD.level;
    INSERT INTO fact_review_counts (level, kind, review_status, n)
    VALUES (NEW.level, 'event', NEW.review_status, 1)
    ON CONFLICT (kind, review_status, level) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER statistics_counts_after_insert AFTER INSERT ON statistics
BEGIN
    INSERT INTO fact_review_counts (level, kind, review_status, n)
    VALUES (NEW.level, 'statistic', NEW.review_status, 1)
    ON CONFLICT (kind, review_status, level) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER statistics_counts_after_delete AFTER DELETE ON statistics
BEGIN
    UPDATE fact_review_counts SET n = n - 1
    WHERE kind = 'statistic' AND review_status = OLD.review_status AND level = OLD.level;
END;

CREATE TRIGGER statistics_counts_after_update AFTER UPDATE OF review_status, level ON statistics
BEGIN
    UPDATE fact_review_counts SET n = n - 1
    WHERE kind = 'statistic' AND review_status = OLD.review_status AND level = OLD.level;
    INSERT INTO fact_review_counts (level, kind, review_status, n)
    VALUES (NEW.level, 'statistic', NEW.review_status, 1)
    ON CONFLICT (kind, review_status, level) DO UPDATE SET n = n + 1;
END;
