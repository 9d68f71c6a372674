-- Withdrawn documents (issue 11): a document an editor withdrew is hidden from every
-- reader, whatever their clearance, with its facts, until an admin restores it.
--
-- It is done with the access levels every read already filters on (`level <= ?`): a
-- withdrawn document and its facts get level 3, above every clearance (0 public,
-- 1 internal, 2 confidential), so no list, count, search, case, export or summary can
-- show them without a query of its own to forget. The level it had is kept here, for
-- the restore and for admins, who see a withdrawn document (its page, the list of
-- withdrawn ones) only if they were cleared for it before.
--
-- The CHECK constraints that allowed 0..2 are widened to 0..3 the way SQLite documents
-- for loosening a constraint without rewriting the table ("Making Other Kinds Of Table
-- Schema Changes": the schema text edited, then reloaded): the rows' format does not
-- change, and every existing row satisfies the wider check. A fact's own access_level
-- stays 0..2: nobody raises a single fact to "withdrawn".
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (level IN (0, 1, 2))', 'CHECK (level IN (0, 1, 2, 3))')
WHERE type = 'table' AND name IN ('document_levels', 'events', 'statistics');
PRAGMA writable_schema = RESET;

CREATE TABLE document_withdrawals (
    sha256         TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    previous_level INTEGER NOT NULL CHECK (previous_level IN (0, 1, 2)),
    withdrawn_by   TEXT NOT NULL,
    withdrawn_at   TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
