-- Spreadsheet imports: who brought which file in, when, what the preview
-- found and what the commit changed, so that an import can be listed,
-- committed once and undone as a whole. The uploaded file is kept to
-- re-read it at commit time and to return it with its errors marked.
-- Every audit event written by an import carries its id.
-- Keep in step with ../postgres/0011_imports.sql.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    province TEXT NOT NULL DEFAULT '',
    actor_id INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_size INTEGER NOT NULL DEFAULT 0,
    file_data BLOB NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    rows_total INTEGER NOT NULL DEFAULT 0,
    rows_new INTEGER NOT NULL DEFAULT 0,
    rows_updated INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    rows_error INTEGER NOT NULL DEFAULT 0,
    preview_json TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    committed_at TIMESTAMP,
    reverted_at TIMESTAMP
);
CREATE INDEX imports_province ON imports (province, id);

-- What a committed import did to each record: created it, or updated it
-- from before_json; version_after is the record's version the import left,
-- so an undo can tell whether anyone changed it since.
CREATE TABLE import_records (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    version_after INTEGER NOT NULL DEFAULT 0,
    before_json TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, entity, entity_id)
);

ALTER TABLE audit_events ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;
