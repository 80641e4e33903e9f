-- Support activities, their costs and beneficiaries, and the rollups of
-- counts and distinct reach kept in the write transaction.
-- Keep in step with ../postgres/0005_activities.sql.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    task_id INTEGER REFERENCES plan_tasks (id),
    province TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    participants_total INTEGER NOT NULL DEFAULT 0,
    participants_female INTEGER NOT NULL DEFAULT 0,
    beneficiaries_total INTEGER NOT NULL DEFAULT 0,
    beneficiaries_female INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    managers_trained_female INTEGER NOT NULL DEFAULT 0,
    jobs_women_htx INTEGER NOT NULL DEFAULT 0,
    jobs_women_tht INTEGER NOT NULL DEFAULT 0,
    loan_fund TEXT NOT NULL DEFAULT '',
    loan_amount INTEGER NOT NULL DEFAULT 0,
    loan_term_months INTEGER NOT NULL DEFAULT 0,
    loan_purpose TEXT NOT NULL DEFAULT '',
    loan_status TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_province_start ON activities (province, archived, starts_on, id);
CREATE INDEX activities_start ON activities (archived, starts_on, id);
CREATE INDEX activities_task ON activities (task_id) WHERE task_id IS NOT NULL;

CREATE TABLE activity_costs (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, source)
);

CREATE TABLE activity_beneficiaries (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (activity_id, organisation_id)
);
CREATE INDEX activity_beneficiaries_org ON activity_beneficiaries (organisation_id);

-- How many current activities of a type, in a province ('' central) and a
-- month (YYYY-MM of starts_on), reached an organisation. A row exists only
-- while the count is above zero.
CREATE TABLE org_reach (
    organisation_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    province TEXT NOT NULL,
    period TEXT NOT NULL,
    activities INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organisation_id, type, province, period)
);
CREATE INDEX org_reach_period ON org_reach (period, province, type, organisation_id);

-- Organisations reached per province, type and month (the org_reach rows).
CREATE TABLE reach_rollup (
    province TEXT NOT NULL,
    type TEXT NOT NULL,
    period TEXT NOT NULL,
    organisations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, type, period)
);

CREATE TABLE activity_rollup (
    province TEXT NOT NULL,
    type TEXT NOT NULL,
    period TEXT NOT NULL,
    activities INTEGER NOT NULL DEFAULT 0,
    participants_total INTEGER NOT NULL DEFAULT 0,
    participants_female INTEGER NOT NULL DEFAULT 0,
    managers_trained_female INTEGER NOT NULL DEFAULT 0,
    jobs_women_htx INTEGER NOT NULL DEFAULT 0,
    jobs_women_tht INTEGER NOT NULL DEFAULT 0,
    loans INTEGER NOT NULL DEFAULT 0,
    loan_amount INTEGER NOT NULL DEFAULT 0,
    cost INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, type, period)
);
