-- Indexes the hot read paths need whatever the planner's statistics.

-- The national report counts organisations founded in the report's window
-- by province and kind: a range of the index, not the whole registry.
CREATE INDEX organisations_founded ON organisations (archived, founded_on, province, kind);

-- A list filtered by a rare kind (the unions: LHHTX, the form's choice of
-- parent union) reads that kind in Vietnamese order instead of walking the
-- whole registry's order to find its first page.
CREATE INDEX organisations_kind_sort ON organisations (archived, kind, sort_key, id);

-- The members of a union, in order.
CREATE INDEX organisations_parent_sort ON organisations (parent_id, archived, sort_key, id);
