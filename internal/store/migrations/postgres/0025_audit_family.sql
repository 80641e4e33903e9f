-- Which figures of the dashboards an audited write may change: its family
-- (store.auditFamily). A dashboard section is kept until an event of one
-- of its families, or of 'all', is newer than it (store.FamilyGenerations):
-- saving a cooperative's phone number (family 'none') or moving a report
-- ('report') no longer recomputes the registry's counts. Events written
-- before this migration are 'all'. One index lookup per family, national
-- or per province.
ALTER TABLE audit_events ADD COLUMN family TEXT NOT NULL DEFAULT 'all';
CREATE INDEX audit_events_family_id ON audit_events (family, id);
CREATE INDEX audit_events_province_family_id ON audit_events (province, family, id);
