-- Search that knows spellings (issue 11). The FTS5 tables of 0002 indexed words as
-- written, so "Жолдыбаев" never found "Zholdybaev" nor "Угрову" "Угров". These index
-- each word's keys instead (casefile.link.search_terms: the name key linking uses, and
-- the word's English or Russian stem), computed in Python: triggers only mark what
-- changed, and services/search_index.py brings the index up to date (before a search,
-- and after every write the services make, with the case records). Everything here is
-- derived: `casefile search reindex` rebuilds it from the records.

DROP TRIGGER documents_fts_after_insert;
DROP TRIGGER documents_fts_after_update;
DROP TRIGGER documents_fts_after_delete;
DROP TABLE documents_fts;
DROP TRIGGER events_fts_after_insert;
DROP TRIGGER events_fts_after_delete;
DROP TRIGGER events_fts_after_update;
DROP TABLE events_fts;

-- A document's integer id in the index (documents are keyed by sha256; their implicit
-- rowid may change on VACUUM), and a copy of what labels a hit: read from documents,
-- these columns stand after the text and the original bytes, and reading them reads
-- every overflow page of both (20 ms for a page of 50 hits).
CREATE TABLE search_document_ids (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    title       TEXT,
    source_name TEXT,
    published   TEXT
);

-- rowid: search_document_ids.id. The keys of the title's and the text's words.
CREATE VIRTUAL TABLE search_documents USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '3'
);

-- rowid: the event's id. Its participant name, quote, charges and agent.
CREATE VIRTUAL TABLE search_events USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 0', prefix = '3'
);

-- One row per case and clearance at which the case has a standing event (as
-- case_summaries), rowid person_id * 4 + clearance: `names`, the spellings of the case a
-- reader of that clearance may see (visible events' participant names, and the name and
-- aliases visible records spell: services/visibility.py); `facts`, the visible standing
-- events' texts and the roles visible documents give.
CREATE VIRTUAL TABLE search_cases USING fts5(
    names, facts, tokenize = 'unicode61 remove_diacritics 0', prefix = '3'
);

-- What changed since the index was written. `version` lets a refresh that raced with
-- a newer change leave the record marked instead of losing that change.
CREATE TABLE search_stale_documents (
    sha256  TEXT PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE TABLE search_stale_events (
    id      INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE search_stale_cases (
    person_id INTEGER PRIMARY KEY,
    version   INTEGER NOT NULL DEFAULT 1
);

CREATE TRIGGER search_documents_after_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO search_stale_documents (sha256) VALUES (NEW.sha256)
    ON CONFLICT (sha256) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_documents_after_update
AFTER UPDATE OF title, text, source_name, published ON documents
WHEN OLD.text IS NOT NEW.text OR OLD.title IS NOT NEW.title
    OR OLD.source_name IS NOT NEW.source_name OR OLD.published IS NOT NEW.published
BEGIN
    INSERT INTO search_stale_documents (sha256) VALUES (NEW.sha256)
    ON CONFLICT (sha256) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_documents_after_delete AFTER DELETE ON documents
BEGIN
    INSERT INTO search_stale_documents (sha256) VALUES (OLD.sha256)
    ON CONFLICT (sha256) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_events_after_insert AFTER INSERT ON events
BEGIN
    INSERT INTO search_stale_events (id) VALUES (NEW.id)
    ON CONFLICT (id) DO UPDATE SET version = version + 1;
    INSERT INTO search_stale_cases (person_id) SELECT NEW.person_id
    WHERE NEW.person_id IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_events_after_delete AFTER DELETE ON events
BEGIN
    INSERT INTO search_stale_events (id) VALUES (OLD.id)
    ON CONFLICT (id) DO UPDATE SET version = version + 1;
    INSERT INTO search_stale_cases (person_id) SELECT OLD.person_id
    WHERE OLD.person_id IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_events_after_update_text
AFTER UPDATE OF participant_name, evidence_quote, charges, agent ON events
BEGIN
    INSERT INTO search_stale_events (id) VALUES (NEW.id)
    ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;

-- A case's rows change with its events' texts, levels, review status and person.
CREATE TRIGGER search_events_after_update_case
AFTER UPDATE OF participant_name, evidence_quote, charges, agent, person_id, level,
    review_status ON events
BEGIN
    INSERT INTO search_stale_cases (person_id)
    SELECT value FROM (SELECT OLD.person_id AS value UNION SELECT NEW.person_id)
    WHERE value IS NOT NULL
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

-- Spellings: a case's name and aliases; roles (their quotes spell names, their labels
-- are searched), whose visibility follows their document's level.
CREATE TRIGGER search_persons_after_update AFTER UPDATE OF name, merged_into ON persons
BEGIN
    INSERT INTO search_stale_cases (person_id) VALUES (NEW.id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_aliases_after_insert AFTER INSERT ON person_aliases
BEGIN
    INSERT INTO search_stale_cases (person_id) VALUES (NEW.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_aliases_after_update AFTER UPDATE ON person_aliases
BEGIN
    INSERT INTO search_stale_cases (person_id)
    SELECT value FROM (SELECT OLD.person_id AS value UNION SELECT NEW.person_id)
    WHERE true
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_aliases_after_delete AFTER DELETE ON person_aliases
BEGIN
    INSERT INTO search_stale_cases (person_id) VALUES (OLD.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_roles_after_insert AFTER INSERT ON person_roles
BEGIN
    INSERT INTO search_stale_cases (person_id) VALUES (NEW.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_roles_after_update AFTER UPDATE ON person_roles
BEGIN
    INSERT INTO search_stale_cases (person_id)
    SELECT value FROM (SELECT OLD.person_id AS value UNION SELECT NEW.person_id)
    WHERE true
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_roles_after_delete AFTER DELETE ON person_roles
BEGIN
    INSERT INTO search_stale_cases (person_id) VALUES (OLD.person_id)
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER search_document_levels_after_update AFTER UPDATE OF level ON document_levels
BEGIN
    INSERT INTO search_stale_cases (person_id)
    SELECT DISTINCT person_id FROM person_roles WHERE document_sha256 = NEW.sha256
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

-- Everything stored so far, to be indexed by the first refresh.
INSERT INTO search_stale_documents (sha256) SELECT sha256 FROM documents;
INSERT INTO search_stale_events (id) SELECT id FROM events;
INSERT INTO search_stale_cases (person_id)
SELECT DISTINCT person_id FROM events WHERE person_id IS NOT NULL;
