-- Periodic reports: a template per kind (window convention and deadlines),
-- the reports with their working copy (narrative, document meta,
-- overrides), the versions frozen at each submission and the conversation
-- between the province and the centre. Keep in step with
-- ../postgres/0007_reports.sql.
CREATE TABLE report_templates (
    kind TEXT PRIMARY KEY,
    convention TEXT NOT NULL,
    province_days INTEGER NOT NULL,
    national_days INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO report_templates (kind, convention, province_days, national_days, updated_at) VALUES
    ('six_monthly', 'decree09', 3, 10, CURRENT_TIMESTAMP),
    ('annual', 'decree09', 3, 10, CURRENT_TIMESTAMP),
    ('phase', 'decree09', 3, 10, CURRENT_TIMESTAMP),
    ('thematic', 'decree09', 3, 10, CURRENT_TIMESTAMP),
    ('ad_hoc', 'decree09', 3, 10, CURRENT_TIMESTAMP);

-- province is '' for VCA's national report. period_key identifies the
-- period within a kind ("2026-H1", "2025", "2023-2025", or the window and
-- folded title of a thematic or ad hoc report). version is the number of
-- the current version; row_version guards concurrent edits.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    half INTEGER NOT NULL DEFAULT 0,
    phase TEXT NOT NULL DEFAULT '',
    period_key TEXT NOT NULL,
    convention TEXT NOT NULL,
    window_from TEXT NOT NULL,
    window_to TEXT NOT NULL,
    deadline TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    row_version INTEGER NOT NULL DEFAULT 1,
    doc_number TEXT NOT NULL DEFAULT '',
    doc_place TEXT NOT NULL DEFAULT '',
    doc_date TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '',
    difficulties TEXT NOT NULL DEFAULT '',
    recommendations TEXT NOT NULL DEFAULT '',
    next_tasks TEXT NOT NULL DEFAULT '',
    created_by_id INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    first_submitted_at TIMESTAMP,
    submitted_at TIMESTAMP,
    submitted_by TEXT NOT NULL DEFAULT '',
    approved_at TIMESTAMP,
    approved_by TEXT NOT NULL DEFAULT '',
    UNIQUE (province, kind, period_key)
);
CREATE INDEX reports_year ON reports (year, kind, province);
CREATE INDEX reports_deadline ON reports (deadline, id);

-- Figures the province corrected, with the reason (working copy).
CREATE TABLE report_overrides (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    figure_key TEXT NOT NULL,
    value INTEGER NOT NULL,
    justification TEXT NOT NULL,
    PRIMARY KEY (report_id, figure_key)
);

-- A report as frozen at a submission (or at the issue of the national
-- report): never changed afterwards.
CREATE TABLE report_versions (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    frozen_at TIMESTAMP NOT NULL,
    frozen_by TEXT NOT NULL DEFAULT '',
    window_from TEXT NOT NULL,
    window_to TEXT NOT NULL,
    title TEXT NOT NULL,
    meta_json TEXT NOT NULL,
    narrative_json TEXT NOT NULL,
    figures_json TEXT NOT NULL,
    consolidation_json TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, version)
);

CREATE TABLE report_comments (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    anchor_kind TEXT NOT NULL DEFAULT 'report',
    anchor_key TEXT NOT NULL DEFAULT '',
    anchor_label TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES report_comments (id),
    body TEXT NOT NULL,
    author_id INTEGER NOT NULL DEFAULT 0,
    author_name TEXT NOT NULL DEFAULT '',
    author_role TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_comments_report ON report_comments (report_id, id);
