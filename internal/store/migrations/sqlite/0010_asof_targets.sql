-- The registry as of any date, and the sources of the targets as Decision
-- 01 defines them. Keep in step with ../postgres/0010_asof_targets.sql.

-- Changes of an organisation's status or province with the date they take
-- effect. Each row keeps the state before and after, so the state on a day
-- D is the "before" of the first change after D, or the organisation's
-- current state when there is none (organisations without changes have
-- always been as they are now).
CREATE TABLE org_status_changes (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    effective_on TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    from_province TEXT NOT NULL,
    to_province TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX org_status_changes_org ON org_status_changes (organisation_id, effective_on);

-- The registry on any day: each organisation's contribution to the
-- org_rollup figures over its life (from its founding day; status and
-- province by their changes, women in management by the positions held,
-- the workforce by the latest snapshot on or before the day), kept as
-- changes by year (grain 'y', period YYYY), month ('m', YYYY-MM) and day
-- ('d', YYYY-MM-DD). The figures on day D are the years before D's year,
-- the months of D's year before D's month and the days of D's month up to
-- D: at most 43 periods per group. Rows are kept for (province, kind,
-- sector) and the groupings (province, kind, '*'), (province, '*', '*'),
-- ('*', kind, sector), ('*', kind, '*') and ('*', '*', '*'), each by
-- status. The key leads with the group and the period, so a day's figures
-- are three ranges per group whatever the status asked.
CREATE TABLE registry_asof (
    province TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    status TEXT NOT NULL,
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
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
    PRIMARY KEY (province, kind, sector, grain, period, status)
);

-- Training participants recorded person by person (T5 counts persons):
-- name (and its folded key for matching the women holding management
-- positions), sex, role and organisation.
CREATE TABLE activity_attendance (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX activity_attendance_activity ON activity_attendance (activity_id);
CREATE INDEX activity_attendance_organisation ON activity_attendance (organisation_id, name_key);

-- Jobs typed on an activity count at most once per organisation and
-- period unless the activity marks them as additional jobs.
ALTER TABLE activities ADD COLUMN jobs_additional INTEGER NOT NULL DEFAULT 0;

-- Women's Union staff on economic support (T7: total, trained) and whose
-- communication skills were improved (T8: total, improved), recorded by
-- the Union partner or provincial staff per province and date.
CREATE TABLE union_staff_records (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL REFERENCES provinces (code),
    recorded_on TEXT NOT NULL,
    economic_total INTEGER NOT NULL DEFAULT 0,
    economic_trained INTEGER NOT NULL DEFAULT 0,
    communication_total INTEGER NOT NULL DEFAULT 0,
    communication_improved INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (province, recorded_on)
);
