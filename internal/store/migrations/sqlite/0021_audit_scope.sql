-- The generation of one province's pages (store.ScopeGeneration) is the
-- newest audit event of the province and of the centre: one index lookup
-- each, and the count of the province's recent events a range of it.
CREATE INDEX audit_events_province_id ON audit_events (province, id);
