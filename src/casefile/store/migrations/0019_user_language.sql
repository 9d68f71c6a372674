-- The interface language a user chose (issue 11: English and Russian), set again at each
-- sign-in so that the choice follows them to another browser. A preference, not part of
-- the record: outside the integrity digests and the audit log. NULL: none chosen.
-- (Named for the lead to renumber on merge if another helper took 0019.)
ALTER TABLE users ADD COLUMN language TEXT;
