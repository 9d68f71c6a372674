-- Spreadsheets imported with `casefile import` (issue 12): the file is stored as a
-- document (its original bytes, sha256 identity; its text built from the rows, each
-- fact quoting its row). This table says which documents are such files, so that
-- re-extraction leaves their facts alone (they are the rows, not an extraction) and the
-- same file is not imported twice. Part of the document's record digest.
CREATE TABLE imported_files (
    sha256      TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    mapping     TEXT,                  -- the mapping file as used (TOML); NULL: the default
    rows        INTEGER NOT NULL,      -- rows imported (bad rows skipped not counted)
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL          -- UTC, ISO 8601
);
