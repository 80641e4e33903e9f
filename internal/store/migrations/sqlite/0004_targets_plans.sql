-- Targets of Decision 01, provincial allocations, plans and their tasks.
-- Keep in step with ../postgres/0004_targets_plans.sql.
CREATE TABLE indicators (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    cumulative INTEGER NOT NULL DEFAULT 1,
    target_2025 INTEGER,
    target_2030 INTEGER,
    sort INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE target_allocations (
    id INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL REFERENCES indicators (code),
    province TEXT NOT NULL REFERENCES provinces (code),
    milestone INTEGER NOT NULL,
    value INTEGER,
    proposed_value INTEGER,
    status TEXT NOT NULL DEFAULT 'approved',
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    UNIQUE (indicator, province, milestone)
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (province, phase)
);

CREATE TABLE plan_tasks (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    province TEXT NOT NULL DEFAULT '',
    task_group TEXT NOT NULL,
    title TEXT NOT NULL,
    responsible_unit TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL DEFAULT '',
    ends_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    indicators TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_tasks_plan ON plan_tasks (plan_id, task_group, id);
CREATE INDEX plan_tasks_province ON plan_tasks (province);

CREATE TABLE task_budgets (
    task_id INTEGER NOT NULL REFERENCES plan_tasks (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, source)
);
