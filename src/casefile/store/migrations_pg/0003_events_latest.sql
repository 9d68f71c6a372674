-- The dashboard's latest events (sqlite_reads: `ORDER BY date DESC, id DESC LIMIT n`).
-- PostgreSQL spells SQLite's NULL order as `DESC NULLS LAST` (pg_sql._null_order), which
-- a backward scan of events_date (ascending, NULLS LAST) does not give: without this
-- index every visible event was sorted for each dashboard (90 ms at 100,000 facts, and
-- growing with them). SQLite reads events_date backwards and needs no twin.
CREATE INDEX events_latest ON events(date DESC NULLS LAST, id DESC NULLS LAST);
