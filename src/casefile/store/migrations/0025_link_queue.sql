-- Batch extraction (issue 13): the linking a `casefile batch` run owes. Each stored batch
-- writes one row, in the batch's own transaction, naming the persons its documents named
-- and how far the store reached then (the highest person and event ids), so that linking
-- may run once at the end of the run (or every N batches) and still link exactly as it
-- would have right after that batch. A row is deleted once its batch is linked; rows
-- left by a run that stopped before linking are linked by the next run.
CREATE TABLE link_queue (
    id             INTEGER PRIMARY KEY,  -- the order the batches were stored in
    person_ids     TEXT NOT NULL,        -- JSON list of person ids
    person_horizon INTEGER NOT NULL,     -- persons above it were not stored yet
    event_horizon  INTEGER NOT NULL,     -- events above it were not stored yet
    created_at     TEXT NOT NULL
);
