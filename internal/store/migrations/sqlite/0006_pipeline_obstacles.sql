-- The founding pipeline (from first advice to registration of a new HTX or
-- THT) and the obstacle log. Keep in step with
-- ../postgres/0006_pipeline_obstacles.sql.
CREATE TABLE founding_cases (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL REFERENCES provinces (code),
    commune TEXT NOT NULL DEFAULT '',
    group_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    women_led INTEGER NOT NULL DEFAULT 0,
    members_planned INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'advised',
    advised_on TEXT NOT NULL,
    dossier_on TEXT NOT NULL DEFAULT '',
    registered_on TEXT NOT NULL DEFAULT '',
    dropped_on TEXT NOT NULL DEFAULT '',
    drop_reason TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id),
    notes TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX founding_cases_province ON founding_cases (province, status, advised_on);
CREATE UNIQUE INDEX founding_cases_organisation ON founding_cases (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE founding_steps (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES founding_cases (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor_id INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX founding_steps_case ON founding_steps (case_id, id);

CREATE TABLE obstacles (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL REFERENCES provinces (code),
    raised_by_org_id INTEGER REFERENCES organisations (id),
    category TEXT NOT NULL,
    policy TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    female_workers_affected INTEGER NOT NULL DEFAULT 0,
    recommendation TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'received',
    due_on TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP,
    search_key TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX obstacles_province ON obstacles (province, status, id);
CREATE INDEX obstacles_status ON obstacles (status, due_on);

CREATE TABLE obstacle_organisations (
    obstacle_id INTEGER NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (obstacle_id, organisation_id)
);
CREATE INDEX obstacle_organisations_org ON obstacle_organisations (organisation_id);

CREATE TABLE obstacle_steps (
    id INTEGER PRIMARY KEY,
    obstacle_id INTEGER NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    actor_id INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX obstacle_steps_obstacle ON obstacle_steps (obstacle_id, id);
