-- Speed at 10,000 documents and 100,000 facts (issue 11):
-- the documents page in its order, newest first: a page is read off the index instead
-- of sorting every visible document, whose rows hold their text and original bytes
-- (22-36 ms of CPU a page before, 0.5-2 ms after);
-- events by their agent as store/sqlite_filters.AGENT_LOWER writes it (lower case, no
-- leading "the"; the expression must stay the same for the index to be used): which
-- persons an organisation's page lists, and the case list filtered by an organisation,
-- read the events naming it as the agent off this index instead of every event (about
-- 110 ms of CPU before, 1 ms after).
CREATE INDEX documents_list_order ON documents(ingested_at DESC, sha256);
CREATE INDEX events_agent_lower ON events(
    (CASE WHEN lower(agent) LIKE 'the %' THEN substr(lower(agent), 5) ELSE lower(agent) END)
) WHERE agent IS NOT NULL;
-- The extractor versions the review queue's filter offers, read from the index alone: with
-- the level in it, no row is read for its level check (26 ms before, about 8 ms after).
DROP INDEX events_review_extractor;
CREATE INDEX events_review_extractor ON events(review_status, extractor_version, level);
DROP INDEX statistics_review_extractor;
CREATE INDEX statistics_review_extractor ON statistics(review_status, extractor_version, level);
-- The queue filtered by type, in its order: a page read off the index instead of sorting
-- every unreviewed fact of the type (30 ms for the arrests before, about 1 ms after); and
-- a confidence range counted from the index alone, the level in it.
CREATE INDEX events_review_type ON events(review_status, type, created_at, id);
DROP INDEX events_review_confidence;
CREATE INDEX events_review_confidence ON events(review_status, confidence, created_at, id, level);
