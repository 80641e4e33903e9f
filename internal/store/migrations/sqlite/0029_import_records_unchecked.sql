-- PostgreSQL's migration 0029 drops the check of import_records' reference
-- to its import, a query per row there. SQLite checks it by a lookup of
-- the primary key; dropping it would mean rebuilding the table.
SELECT 1;
