-- The members of a union, in order (organisations_parent_sort, migration
-- 0012), are read with parent_id = ?: only the rows that have a parent.
-- The index held every organisation, and nearly none has one: each new
-- organisation added an entry of its sort key (about 200 bytes) that no
-- read could reach. It now holds the members alone, and takes the place
-- of organisations_parent, which the check of a union's members on
-- delete used: both databases use a partial index for "parent_id = ?",
-- which implies "parent_id IS NOT NULL".
DROP INDEX organisations_parent_sort;
CREATE INDEX organisations_parent_sort ON organisations (parent_id, archived, sort_key, id) WHERE parent_id IS NOT NULL;
DROP INDEX organisations_parent;

-- An obstacle may name the organisation that raised it; nothing indexed
-- that reference, so deleting an organisation (an import undone) read
-- every obstacle to check that none names it, once per organisation.
CREATE INDEX obstacles_raised_by ON obstacles (raised_by_org_id) WHERE raised_by_org_id IS NOT NULL;
