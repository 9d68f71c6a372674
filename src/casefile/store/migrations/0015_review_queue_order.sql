-- The review queue sorted least sure first (issue 11): indexes in that order, so that a
-- page of the queue is read off the index instead of sorting every unreviewed fact; and
-- the extractor versions the filter offers, read from the index alone.
-- (Named for the lead to renumber on merge if another helper took 0015.)
CREATE INDEX events_review_confidence ON events(review_status, confidence, created_at, id);
CREATE INDEX statistics_review_confidence
    ON statistics(review_status, confidence, created_at, id);
CREATE INDEX events_review_extractor ON events(review_status, extractor_version);
CREATE INDEX statistics_review_extractor ON statistics(review_status, extractor_version);
