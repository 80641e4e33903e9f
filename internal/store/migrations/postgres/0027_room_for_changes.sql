-- An import of changes rewrites the row of every organisation it names,
-- often every organisation of a province. PostgreSQL writes a changed row
-- as a new version; when the page has room for it and no indexed column
-- changed, the new version stays on the same page and no index is
-- touched (a HOT update). Pages filled by COPY or by use have no room, so
-- each change added an entry to every one of the table's nine indexes:
-- 52 µs an organisation, against 9 µs with room. A row of organisations
-- is about 1 KB, eight to a page: only half-full pages leave room for
-- each row to change once; its old version is pruned when the page is
-- next read, making room again. The workforce figures change with them.
-- Pages written from now on are filled to half.
ALTER TABLE organisations SET (fillfactor = 50);
ALTER TABLE workforce_snapshots SET (fillfactor = 50);
