-- PLACEHOLDER so that this branch (wp-exchange) runs on its own: numbers 0020-0022 are
-- reserved for the other helpers' migrations (alerts). Delete this file when merging
-- their branches; load_migrations refuses two migrations with one number.
SELECT 1;
