-- A provincial reader's reach summary counts the organisations reached by
-- its province's activities or the centre's. reach_distinct keeps, under
-- the province key '+' || P, the pairs (month, previous month) of each
-- organisation's rows of P and of the centre less the pairs of its rows of
-- the centre (by type and for every type '*'): added to the centre's
-- grouping they count the union over any window. Filled here for existing
-- data; activity writes keep it (store/reach.go, reachPairs).
DELETE FROM reach_distinct WHERE province LIKE '+%';
INSERT INTO reach_distinct (province, type, period, prev, organisations)
SELECT '+' || province, type, period, prev, SUM(sign) FROM (SELECT province, type, period, sign,
COALESCE(LAG(period) OVER (PARTITION BY organisation_id, province, type, sign ORDER BY period), '') AS prev
FROM (SELECT DISTINCT p.organisation_id, p.province, r.type, r.period, s.sign
FROM (SELECT DISTINCT organisation_id, province FROM org_reach WHERE province <> '') p
CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) s
JOIN org_reach r ON r.organisation_id = p.organisation_id AND (r.province = '' OR (s.sign = 1 AND r.province = p.province))) d) x
GROUP BY province, type, period, prev HAVING SUM(sign) <> 0;
INSERT INTO reach_distinct (province, type, period, prev, organisations)
SELECT '+' || province, '*', period, prev, SUM(sign) FROM (SELECT province, period, sign,
COALESCE(LAG(period) OVER (PARTITION BY organisation_id, province, sign ORDER BY period), '') AS prev
FROM (SELECT DISTINCT p.organisation_id, p.province, r.period, s.sign
FROM (SELECT DISTINCT organisation_id, province FROM org_reach WHERE province <> '') p
CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) s
JOIN org_reach r ON r.organisation_id = p.organisation_id AND (r.province = '' OR (s.sign = 1 AND r.province = p.province))) d) x
GROUP BY province, period, prev HAVING SUM(sign) <> 0;

-- The activity list's order indexes hold the folded titles, so that a
-- search (search_key LIKE …) tests them in the index and reads only the
-- rows it counts or shows.
DROP INDEX activities_province_start;
DROP INDEX activities_start;
CREATE INDEX activities_province_start ON activities (province, archived, starts_on, id, search_key);
CREATE INDEX activities_start ON activities (archived, starts_on, id, search_key);
-- A type's activities in the list's order: the loans (capital activities
-- granted) counted and listed without reading every activity.
CREATE INDEX activities_type_order ON activities (type, archived, starts_on, id);

-- The trigrams of each organisation's folded name and registration number
-- (search_key), within its words: a search word of three letters or more
-- is found among the organisations holding its rarest trigram instead of
-- by reading every folded name (store/organisation_search.go). Kept by
-- a trigger, so every writer (forms, imports, bulk loads) keeps it.
CREATE TABLE search_positions (i INTEGER PRIMARY KEY);
INSERT INTO search_positions (i) SELECT generate_series(1, 1000);
CREATE TABLE org_trigrams (
    trigram TEXT NOT NULL,
    organisation_id BIGINT NOT NULL,
    PRIMARY KEY (trigram, organisation_id)
);
INSERT INTO org_trigrams (trigram, organisation_id)
SELECT DISTINCT substr(o.search_key, p.i, 3), o.id FROM organisations o JOIN search_positions p ON p.i <= length(o.search_key) - 2
WHERE substr(o.search_key, p.i, 3) NOT LIKE '% %';
CREATE FUNCTION org_trigrams_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM org_trigrams WHERE organisation_id = OLD.id AND trigram IN
            (SELECT substr(OLD.search_key, i, 3) FROM search_positions WHERE i <= length(OLD.search_key) - 2);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO org_trigrams (trigram, organisation_id)
        SELECT DISTINCT substr(NEW.search_key, i, 3), NEW.id FROM search_positions
        WHERE i <= length(NEW.search_key) - 2 AND substr(NEW.search_key, i, 3) NOT LIKE '% %';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER org_trigrams_insert AFTER INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION org_trigrams_keep();
CREATE TRIGGER org_trigrams_update AFTER UPDATE OF search_key ON organisations FOR EACH ROW
    WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) EXECUTE FUNCTION org_trigrams_keep();
CREATE TRIGGER org_trigrams_delete AFTER DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION org_trigrams_keep();
