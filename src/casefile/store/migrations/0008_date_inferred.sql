-- Whether an event's date was inferred from its context (the paragraph, the story told
-- just before, the lede) rather than stated with the event. Analysts see which dates to
-- check; an analyst's edit of the date makes it stated.
ALTER TABLE events ADD COLUMN date_inferred INTEGER NOT NULL DEFAULT 0
    CHECK (date_inferred IN (0, 1));
