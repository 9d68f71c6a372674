-- Case curation (issue 11): an analyst says a case is no person at all ("Feb", a law
-- code, an outlet) or no victim (an official, a judge), or moves one event to another
-- person. Each decision is one row, with the facts it changed as they were before (so
-- that it can be undone) and as they were after (so that an undo never overwrites a
-- decision someone made since). A standing "not a person" / "not a victim" is what
-- re-extraction reads: no machine fact about that person is stored again.
-- (Named for the lead to renumber on merge.)
CREATE TABLE curations (
    id          INTEGER PRIMARY KEY,
    action      TEXT NOT NULL CHECK (action IN ('not_person', 'not_victim', 'move')),
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    target_id   INTEGER REFERENCES persons(id) ON DELETE CASCADE,  -- a move's new person
    facts       TEXT NOT NULL CHECK (json_valid(facts)),  -- [{id, before: {...}, version}]
    decided_by  TEXT NOT NULL CHECK (decided_by <> ''),
    decided_at  TEXT NOT NULL,
    undone_by   TEXT,
    undone_at   TEXT,
    CHECK ((action = 'move') = (target_id IS NOT NULL))
);
CREATE INDEX curations_person ON curations(person_id);
-- At most one standing verdict per person: a second mark is refused, not stacked.
CREATE UNIQUE INDEX curations_standing_verdict ON curations(person_id)
    WHERE undone_at IS NULL AND action <> 'move';
