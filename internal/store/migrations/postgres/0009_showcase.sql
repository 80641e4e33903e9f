-- The public showcase of model organisations run by women: one profile per
-- organisation, written and published by its province. Public reads join
-- the organisation (name, kind, sector, province, archived, status,
-- classification) so nothing is copied but the folded search text. Photos
-- are out of scope. Keep in step with ../sqlite/0009_showcase.sql.
CREATE TABLE showcase_profiles (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    published BIGINT NOT NULL DEFAULT 0,
    published_at TIMESTAMPTZ,
    published_by TEXT NOT NULL DEFAULT '',
    story TEXT NOT NULL DEFAULT '',
    beginnings TEXT NOT NULL DEFAULT '',
    support TEXT NOT NULL DEFAULT '',
    jobs_for_women BIGINT NOT NULL DEFAULT 0,
    female_income BIGINT NOT NULL DEFAULT 0,
    other_results TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    -- Name, story, OCOP products, sector, province and commune folded in Go
    -- (coop.Fold), refreshed whenever the profile or its organisation changes.
    search_key TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX showcase_profiles_published ON showcase_profiles (published, organisation_id);
