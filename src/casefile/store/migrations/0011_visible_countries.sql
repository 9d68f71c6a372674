-- A person's country as a reader sees it (issue 9): a person row keeps one country, the
-- first a document gave, and that document may be confidential. So each document's
-- word on a person's country is kept with the document, and a reader sees a country only
-- as documents they may see attest it (services/visibility.py). Derived like the case
-- summaries: rewritten whenever the document is extracted again.
CREATE TABLE person_countries (
    person_id       INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    document_sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    country         TEXT NOT NULL,
    PRIMARY KEY (person_id, document_sha256)
) WITHOUT ROWID;
CREATE INDEX person_countries_document ON person_countries(document_sha256);

-- Which document gave a stored country was not kept before: the country is credited to
-- the person's documents of the highest level among them, so that at worst a reader
-- misses a country they might have seen, never sees one they may not.
WITH sources (person_id, sha256, level) AS (
    SELECT e.person_id, e.document_sha256, l.level FROM events e
    JOIN document_levels l ON l.sha256 = e.document_sha256 WHERE e.person_id IS NOT NULL
    UNION
    SELECT r.person_id, r.document_sha256, l.level FROM person_roles r
    JOIN document_levels l ON l.sha256 = r.document_sha256
)
INSERT OR IGNORE INTO person_countries (person_id, document_sha256, country)
SELECT s.person_id, s.sha256, p.country FROM sources s JOIN persons p ON p.id = s.person_id
WHERE p.country IS NOT NULL
  AND s.level = (SELECT max(t.level) FROM sources t WHERE t.person_id = s.person_id);

-- The case summaries carry the country as a reader of their clearance sees it: the case
-- list's country filter and its list of countries read it, not the person row.
ALTER TABLE case_summaries ADD COLUMN country TEXT;
CREATE INDEX case_summaries_country ON case_summaries(clearance, country);

-- A country attested, or a document's level changed, changes what readers see.
CREATE TRIGGER person_countries_stale_after_insert AFTER INSERT ON person_countries
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT COALESCE(merged_into, id) FROM persons WHERE id = NEW.person_id
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER person_countries_stale_after_update AFTER UPDATE ON person_countries
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT COALESCE(merged_into, id) FROM persons WHERE id = NEW.person_id
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER document_levels_countries_stale AFTER UPDATE OF level ON document_levels
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT DISTINCT COALESCE(p.merged_into, p.id) FROM person_countries c
    JOIN persons p ON p.id = c.person_id WHERE c.document_sha256 = NEW.sha256
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER persons_country_stale AFTER UPDATE OF country ON persons
BEGIN
    INSERT INTO stale_cases (person_id)
    SELECT COALESCE(NEW.merged_into, NEW.id) WHERE true
    ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
END;

INSERT INTO stale_cases (person_id)
SELECT DISTINCT person_id FROM events WHERE person_id IS NOT NULL
ON CONFLICT (person_id) DO UPDATE SET version = version + 1;
