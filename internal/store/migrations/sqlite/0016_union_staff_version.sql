-- Union staff records (T7, T8) are edited from their own page: each
-- carries a version, so an edit made on a stale copy is refused rather
-- than overwriting another person's change.
ALTER TABLE union_staff_records ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
