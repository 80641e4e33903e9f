-- The registry: reference data, organisations and their children, rollups
-- and the audit trail. Keep in step with ../postgres/0001_registry.sql.
CREATE TABLE provinces (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE legacy_provinces (
    legacy_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    code_2025 TEXT NOT NULL REFERENCES provinces (code)
);

CREATE TABLE communes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL REFERENCES provinces (code),
    kind TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    registration_no TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL,
    governance TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL REFERENCES provinces (code),
    commune TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    founded_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    parent_id INTEGER REFERENCES organisations (id),
    phone TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    wim_default INTEGER NOT NULL DEFAULT 0,
    wim_strict INTEGER NOT NULL DEFAULT 0,
    hfl_tiers INTEGER NOT NULL DEFAULT 0,
    hfl_share50 INTEGER NOT NULL DEFAULT 0,
    workforce_as_of TEXT NOT NULL DEFAULT '',
    members_total INTEGER NOT NULL DEFAULT 0,
    members_female INTEGER NOT NULL DEFAULT 0,
    workers_total INTEGER NOT NULL DEFAULT 0,
    workers_female INTEGER NOT NULL DEFAULT 0,
    regular_total INTEGER NOT NULL DEFAULT 0,
    regular_female INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX organisations_registration_no ON organisations (registration_no) WHERE registration_no <> '';
CREATE INDEX organisations_sort ON organisations (archived, sort_key, id);
CREATE INDEX organisations_province_sort ON organisations (province, archived, sort_key, id);
CREATE INDEX organisations_parent ON organisations (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    holder TEXT NOT NULL,
    sex TEXT NOT NULL,
    from_date TEXT NOT NULL DEFAULT '',
    to_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX positions_organisation ON positions (organisation_id);

CREATE TABLE workforce_snapshots (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    members_total INTEGER NOT NULL DEFAULT 0,
    members_female INTEGER NOT NULL DEFAULT 0,
    workers_total INTEGER NOT NULL DEFAULT 0,
    workers_female INTEGER NOT NULL DEFAULT 0,
    regular_total INTEGER NOT NULL DEFAULT 0,
    regular_female INTEGER NOT NULL DEFAULT 0,
    female_monthly_income INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, as_of)
);

CREATE TABLE ocop_products (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    product_group TEXT NOT NULL,
    stars INTEGER NOT NULL,
    certified_on TEXT NOT NULL DEFAULT '',
    expires_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ocop_products_organisation ON ocop_products (organisation_id);

-- Counts per province, kind, sector and status, maintained in the same
-- transaction as every write to organisations (archived ones excluded).
CREATE TABLE org_rollup (
    province TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    status TEXT NOT NULL,
    orgs INTEGER NOT NULL DEFAULT 0,
    wim_default INTEGER NOT NULL DEFAULT 0,
    wim_strict INTEGER NOT NULL DEFAULT 0,
    hfl_tiers INTEGER NOT NULL DEFAULT 0,
    hfl_share50 INTEGER NOT NULL DEFAULT 0,
    members_total INTEGER NOT NULL DEFAULT 0,
    members_female INTEGER NOT NULL DEFAULT 0,
    workers_total INTEGER NOT NULL DEFAULT 0,
    workers_female INTEGER NOT NULL DEFAULT 0,
    regular_total INTEGER NOT NULL DEFAULT 0,
    regular_female INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, kind, sector, status)
);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL DEFAULT 0,
    province TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_province ON audit_events (province, at);
