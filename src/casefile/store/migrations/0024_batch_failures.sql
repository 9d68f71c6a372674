-- Batch extraction (issue 13): a document a `casefile batch` run could not read, extract
-- or store, with its error, instead of stopping the run. One row per document (by the
-- sha256 of its bytes, or of its text for JSONL and Parquet rows, as the store keys
-- it): a later run that stores it deletes the row, one that fails again counts the
-- attempt. `casefile batch --failures` lists them.
CREATE TABLE batch_failures (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    source_name TEXT NOT NULL,
    error       TEXT NOT NULL CHECK (error <> ''),
    failed_at   TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1)
);
