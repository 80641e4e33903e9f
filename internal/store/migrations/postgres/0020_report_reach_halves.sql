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
