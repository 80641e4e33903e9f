-- PostgreSQL's migration 0026 makes the trigram triggers delete by the
-- primary key whatever the statistics. SQLite's planner already reads
-- org_trigrams and activity_trigrams by their key for
-- "trigram IN (SELECT …)": it has no hash join to fall to. The thousand
-- search positions never change: their statistics once.
ANALYZE search_positions;
