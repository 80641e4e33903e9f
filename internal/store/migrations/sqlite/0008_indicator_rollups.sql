-- Rollups behind the dashboards' indicators (T1–T6), distinct reach and
-- the registry over time, all maintained in the same transaction as the
-- writes that change them. Keep in step with
-- ../postgres/0008_indicator_rollups.sql.

-- How many links from current (not archived) activities reach an
-- organisation, and how many of those are activities of a plan task of the
-- group "consolidation". A row exists only while supports is above zero.
CREATE TABLE org_support (
    organisation_id INTEGER PRIMARY KEY,
    supports INTEGER NOT NULL DEFAULT 0,
    consolidations INTEGER NOT NULL DEFAULT 0
);

-- Per province ('' for central activities): T1 and T6 under each
-- women-in-management rule, T2, and the activity sums behind T3, T4 and
-- T5's numerator.
CREATE TABLE indicator_rollup (
    province TEXT PRIMARY KEY,
    t1_wim_default INTEGER NOT NULL DEFAULT 0,
    t1_wim_strict INTEGER NOT NULL DEFAULT 0,
    t2 INTEGER NOT NULL DEFAULT 0,
    t6_wim_default INTEGER NOT NULL DEFAULT 0,
    t6_wim_strict INTEGER NOT NULL DEFAULT 0,
    jobs_women_htx INTEGER NOT NULL DEFAULT 0,
    jobs_women_tht INTEGER NOT NULL DEFAULT 0,
    managers_trained_female INTEGER NOT NULL DEFAULT 0
);

-- Management positions held by women in active cooperatives (T5's
-- denominator) as dated events: a position starts counting on its start
-- date and stops after its end date. Each event is kept at three grains
-- (grain 'y' period YYYY, 'm' YYYY-MM, 'd' YYYY-MM-DD; '' for no start
-- date), so the count on any day adds up whole years, then months, then
-- days: a few hundred rows at most.
CREATE TABLE manager_events (
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    province TEXT NOT NULL,
    starts INTEGER NOT NULL DEFAULT 0,
    ends INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grain, period, province)
);

-- The registry over time: per month, the change of the org_rollup figures
-- (an organisation counts from its founding month, later changes from the
-- month they were saved). Rows are kept for (province, kind, sector) and
-- for the groupings the charts ask most, with '*' standing for "all":
-- (province, '*', '*'), ('*', kind, '*') and ('*', '*', '*').
CREATE TABLE registry_series (
    province TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    month TEXT NOT NULL,
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
    PRIMARY KEY (province, kind, sector, month)
);

-- Distinct organisations reached over any window of months, without
-- scanning org_reach: for each organisation and each (province, type) —
-- '*' for all provinces or all types — the months it was reached, sorted,
-- are stored as pairs (month, previous month or ''). Organisations reached
-- in [F, T] = pairs with F <= period <= T and prev < F (or prev = ''):
-- exactly one pair per organisation, its first month in the window.
CREATE TABLE reach_distinct (
    province TEXT NOT NULL,
    type TEXT NOT NULL,
    period TEXT NOT NULL,
    prev TEXT NOT NULL,
    organisations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, type, period, prev)
);
-- Windows open at the start read only the first months (prev = '').
CREATE INDEX reach_distinct_first ON reach_distinct (province, type, prev, period);

-- activity_rollup by year: sums over whole years read a row a year rather
-- than one a month (a window of months reads its whole years here and its
-- other months in activity_rollup).
CREATE TABLE activity_year_rollup (
    province TEXT NOT NULL,
    type TEXT NOT NULL,
    year TEXT NOT NULL,
    activities INTEGER NOT NULL DEFAULT 0,
    participants_total INTEGER NOT NULL DEFAULT 0,
    participants_female INTEGER NOT NULL DEFAULT 0,
    managers_trained_female INTEGER NOT NULL DEFAULT 0,
    jobs_women_htx INTEGER NOT NULL DEFAULT 0,
    jobs_women_tht INTEGER NOT NULL DEFAULT 0,
    loans INTEGER NOT NULL DEFAULT 0,
    loan_amount INTEGER NOT NULL DEFAULT 0,
    cost INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, type, year)
);
