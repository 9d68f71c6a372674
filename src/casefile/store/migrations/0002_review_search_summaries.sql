-- The web application's needs: who reviewed what and when, derived case summaries that
-- lists and counts can read without folding every person's events per request, full-text
-- search, and the indexes behind the dashboard, the case list and the review queue.

-- Who made the last review decision on a fact, and when (UTC, ISO 8601). The whole
-- history is in review_log; these columns spare the pages a join.
ALTER TABLE events ADD COLUMN reviewed_by TEXT;
ALTER TABLE events ADD COLUMN reviewed_at TEXT;
ALTER TABLE statistics ADD COLUMN reviewed_by TEXT;
ALTER TABLE statistics ADD COLUMN reviewed_at TEXT;

-- Every review decision, append-only. `reviewer` is a free name until accounts exist;
-- `changes` maps each edited field to [before, after].
CREATE TABLE review_log (
    id              INTEGER PRIMARY KEY,
    fact_kind       TEXT NOT NULL CHECK (fact_kind IN ('event', 'statistic')),
    fact_id         INTEGER NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
    action          TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'edit', 'add')),
    reviewer        TEXT NOT NULL CHECK (reviewer <> ''),
    at              TEXT NOT NULL,
    changes         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(changes))
);
CREATE INDEX review_log_fact ON review_log(fact_kind, fact_id);

-- One row per person with at least one standing event: the case status and counts as
-- casefile.services.cases computes them. The rules stay in Python; the store only marks
-- a person stale (triggers below) whenever one of their events changes, and the services
-- recompute stale persons before reading. `version` lets a refresh that raced with a
-- newer change leave the person stale instead of losing that change.
CREATE TABLE case_summaries (
    person_id       INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    last_event_type TEXT NOT NULL,
    last_event_date TEXT,
    documents       INTEGER NOT NULL,
    events          INTEGER NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX case_summaries_status ON case_summaries(status);

CREATE TABLE stale_cases (
    person_id INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
    version   INTEGER NOT NULL DEFAULT 1
);

CREATE TRIGGER events_stale_after_insert AFTER INSERT ON events
WHEN NEW.person_id IS NOT NULL
BEGIN
    INSERT INTO stale_cases (person_id) VALUES (NEW.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER events_stale_after_delete AFTER DELETE ON events
WHEN OLD.person_id IS NOT NULL
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT OLD.person_id WHERE EXISTS (SELECT 1 FROM persons WHERE id = OLD.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER events_stale_after_update AFTER UPDATE ON events
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT id FROM persons WHERE id IN (OLD.person_id, NEW.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

INSERT INTO stale_cases (person_id)
SELECT DISTINCT person_id FROM events WHERE person_id IS NOT NULL;

-- Full-text search. Documents are keyed by sha256 (no stable integer rowid), so their
-- index keeps its own copy of the text; events have an integer id and are indexed as
-- external content. unicode61 with diacritics removed: "Zholdybayev" finds "Zholdybaev"
-- no better, but "Sánchez" finds "Sanchez".
CREATE VIRTUAL TABLE documents_fts USING fts5(
    sha256 UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (sha256, title, text)
SELECT sha256, COALESCE(title, ''), text FROM documents;

CREATE TRIGGER documents_fts_after_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO documents_fts (sha256, title, text)
    VALUES (NEW.sha256, COALESCE(NEW.title, ''), NEW.text);
END;

-- Metadata is filled in on every re-ingest; only a real change of title or text
-- re-indexes (deleting by the unindexed sha256 scans the index, so keep it rare).
CREATE TRIGGER documents_fts_after_update AFTER UPDATE OF title, text ON documents
WHEN OLD.text IS NOT NEW.text OR OLD.title IS NOT NEW.title
BEGIN
    DELETE FROM documents_fts WHERE sha256 = OLD.sha256;
    INSERT INTO documents_fts (sha256, title, text)
    VALUES (NEW.sha256, COALESCE(NEW.title, ''), NEW.text);
END;

CREATE TRIGGER documents_fts_after_delete AFTER DELETE ON documents
BEGIN
    DELETE FROM documents_fts WHERE sha256 = OLD.sha256;
END;

CREATE VIRTUAL TABLE events_fts USING fts5(
    participant_name, evidence_quote, charges, agent,
    content = 'events', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (events_fts) VALUES ('rebuild');

CREATE TRIGGER events_fts_after_insert AFTER INSERT ON events
BEGIN
    INSERT INTO events_fts (rowid, participant_name, evidence_quote, charges, agent)
    VALUES (NEW.id, NEW.participant_name, NEW.evidence_quote, NEW.charges, NEW.agent);
END;

CREATE TRIGGER events_fts_after_delete AFTER DELETE ON events
BEGIN
    INSERT INTO events_fts (events_fts, rowid, participant_name, evidence_quote, charges, agent)
    VALUES ('delete', OLD.id, OLD.participant_name, OLD.evidence_quote, OLD.charges, OLD.agent);
END;

CREATE TRIGGER events_fts_after_update
AFTER UPDATE OF participant_name, evidence_quote, charges, agent ON events
BEGIN
    INSERT INTO events_fts (events_fts, rowid, participant_name, evidence_quote, charges, agent)
    VALUES ('delete', OLD.id, OLD.participant_name, OLD.evidence_quote, OLD.charges, OLD.agent);
    INSERT INTO events_fts (rowid, participant_name, evidence_quote, charges, agent)
    VALUES (NEW.id, NEW.participant_name, NEW.evidence_quote, NEW.charges, NEW.agent);
END;

-- The review queue (oldest unreviewed first), the dashboard (latest dated events, events
-- per month by type), and the case list's filters.
-- The date and document indexes carry person_id (and the type and status the filters
-- test) so that "persons with an event like this" is read from the index alone.
CREATE INDEX events_review_queue ON events(review_status, created_at, id);
CREATE INDEX statistics_review_queue ON statistics(review_status, created_at, id);
CREATE INDEX events_date ON events(date, type, review_status, person_id);
DROP INDEX events_type_date;
CREATE INDEX events_type_date ON events(type, date, review_status, person_id);
DROP INDEX events_document;
CREATE INDEX events_document ON events(document_sha256, review_status, person_id);
CREATE INDEX persons_country ON persons(country);
CREATE INDEX persons_name ON persons(name COLLATE NOCASE);
