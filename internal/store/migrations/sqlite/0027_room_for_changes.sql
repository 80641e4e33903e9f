-- PostgreSQL's migration 0027 leaves room in the pages of organisations
-- and workforce_snapshots for changed rows. SQLite rewrites a changed row
-- in place: nothing to do.
SELECT 1;
