-- A province's reach rows in one range: the organisations reached by both
-- a province's activities and the centre's (a provincial reader's summary).
CREATE INDEX org_reach_province ON org_reach (province, type, period, organisation_id);
