-- The trigrams of each activity's folded title and organiser (search_key),
-- within its words: a search word of three letters or more is found among
-- the activities holding its rarest trigram instead of by testing every
-- folded title (store/activity_list.go), as org_trigrams does for the
-- registry. Kept by triggers, so every writer (forms, imports, bulk loads)
-- keeps it.
CREATE TABLE activity_trigrams (
    trigram TEXT NOT NULL,
    activity_id INTEGER NOT NULL,
    PRIMARY KEY (trigram, activity_id)
) WITHOUT ROWID;
INSERT INTO activity_trigrams (trigram, activity_id)
SELECT DISTINCT substr(a.search_key, p.i, 3), a.id FROM activities a JOIN search_positions p ON p.i <= length(a.search_key) - 2
WHERE substr(a.search_key, p.i, 3) NOT LIKE '% %';
CREATE TRIGGER activity_trigrams_insert AFTER INSERT ON activities BEGIN
    INSERT INTO activity_trigrams (trigram, activity_id)
    SELECT DISTINCT substr(NEW.search_key, i, 3), NEW.id FROM search_positions
    WHERE i <= length(NEW.search_key) - 2 AND substr(NEW.search_key, i, 3) NOT LIKE '% %';
END;
CREATE TRIGGER activity_trigrams_update AFTER UPDATE OF search_key ON activities WHEN OLD.search_key <> NEW.search_key BEGIN
    DELETE FROM activity_trigrams WHERE activity_id = OLD.id AND trigram IN
        (SELECT substr(OLD.search_key, i, 3) FROM search_positions WHERE i <= length(OLD.search_key) - 2);
    INSERT INTO activity_trigrams (trigram, activity_id)
    SELECT DISTINCT substr(NEW.search_key, i, 3), NEW.id FROM search_positions
    WHERE i <= length(NEW.search_key) - 2 AND substr(NEW.search_key, i, 3) NOT LIKE '% %';
END;
CREATE TRIGGER activity_trigrams_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activity_trigrams WHERE activity_id = OLD.id AND trigram IN
        (SELECT substr(OLD.search_key, i, 3) FROM search_positions WHERE i <= length(OLD.search_key) - 2);
END;

-- The costs of current activities by province, funding source and month
-- they start: a report's spending over its window's whole months without
-- reading the activities (store/report_compile_costs.go). Filled here for
-- existing data; activity writes keep it.
CREATE TABLE activity_cost_rollup (
    province TEXT NOT NULL,
    source TEXT NOT NULL,
    period TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, source, period)
);
INSERT INTO activity_cost_rollup (province, source, period, amount)
SELECT a.province, c.source, substr(a.starts_on, 1, 7), SUM(c.amount) FROM activities a JOIN activity_costs c ON c.activity_id = a.id
WHERE a.archived = 0 GROUP BY a.province, c.source, substr(a.starts_on, 1, 7);

-- T5's denominator counts the spans holding a day in each province: with
-- the span's last day in the index the count reads the index alone.
DROP INDEX manager_spans_province;
CREATE INDEX manager_spans_province ON manager_spans (province, from_day, to_day);
