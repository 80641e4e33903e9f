-- Indexes the hot read paths need whatever the planner's statistics.

-- The national report counts organisations founded in the report's window
-- by province and kind: a range of the index, not the whole registry.
CREATE INDEX organisations_founded ON organisations (archived, founded_on, province, kind);
