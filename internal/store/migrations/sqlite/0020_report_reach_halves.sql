-- Organisations reached, each once, over Decree 09's report windows. A
-- report year Y runs from 15/12 of Y-1 to 14/12 of Y, its first half to
-- 14/06. For each organisation and grouping (province, type) and
-- (province, '*') — the centre is province '' — an organisation counts
-- once, in the half of Y in which the grouping's current activities first
-- reached it that year: the six-monthly window of Y is the rows of half 1,
-- the annual window those of halves 1 and 2. Filled here for existing
-- data; activity writes keep it (store/reach_halves.go).
CREATE TABLE report_reach_halves (
    province TEXT NOT NULL,
    type TEXT NOT NULL,
    year INTEGER NOT NULL,
    half INTEGER NOT NULL,
    organisations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, type, year, half)
);

INSERT INTO report_reach_halves (province, type, year, half, organisations)
SELECT province, rtype, ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END, COUNT(*)
FROM (SELECT b.organisation_id, a.province, a.type AS rtype,
CAST(substr(a.starts_on, 1, 4) AS INTEGER) + CASE WHEN substr(a.starts_on, 6, 5) >= '12-15' THEN 1 ELSE 0 END AS ryear, MIN(a.starts_on) AS rfirst
FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id WHERE a.archived = 0
GROUP BY b.organisation_id, a.province, a.type, CAST(substr(a.starts_on, 1, 4) AS INTEGER) + CASE WHEN substr(a.starts_on, 6, 5) >= '12-15' THEN 1 ELSE 0 END) x
GROUP BY province, rtype, ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END;

INSERT INTO report_reach_halves (province, type, year, half, organisations)
SELECT province, '*', ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END, COUNT(*)
FROM (SELECT b.organisation_id, a.province,
CAST(substr(a.starts_on, 1, 4) AS INTEGER) + CASE WHEN substr(a.starts_on, 6, 5) >= '12-15' THEN 1 ELSE 0 END AS ryear, MIN(a.starts_on) AS rfirst
FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id WHERE a.archived = 0
GROUP BY b.organisation_id, a.province, CAST(substr(a.starts_on, 1, 4) AS INTEGER) + CASE WHEN substr(a.starts_on, 6, 5) >= '12-15' THEN 1 ELSE 0 END) x
GROUP BY province, ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END;

-- T3 and T4 under the activities rule read, for every current activity
-- with jobs since 03/01/2023, its figures and its first beneficiary (the
-- smallest organisation id, 0 without one). Kept here by the activity
-- writes (store/indicator_asof.go), so that the rule reads a range of this
-- small table rather than looking each activity's beneficiaries up.
CREATE TABLE report_jobs (
    activity_id INTEGER PRIMARY KEY,
    province TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    jobs_women_htx INTEGER NOT NULL,
    jobs_women_tht INTEGER NOT NULL,
    jobs_additional INTEGER NOT NULL,
    first_org INTEGER NOT NULL
);
CREATE INDEX report_jobs_day ON report_jobs (starts_on, province, jobs_women_htx, jobs_women_tht, jobs_additional, first_org, activity_id);
CREATE INDEX report_jobs_province ON report_jobs (province, starts_on, jobs_women_htx, jobs_women_tht, jobs_additional, first_org, activity_id);
INSERT INTO report_jobs (activity_id, province, starts_on, jobs_women_htx, jobs_women_tht, jobs_additional, first_org)
SELECT a.id, a.province, a.starts_on, a.jobs_women_htx, a.jobs_women_tht, a.jobs_additional,
COALESCE((SELECT MIN(b.organisation_id) FROM activity_beneficiaries b WHERE b.activity_id = a.id), 0)
FROM activities a WHERE a.archived = 0 AND (a.jobs_women_htx > 0 OR a.jobs_women_tht > 0);
