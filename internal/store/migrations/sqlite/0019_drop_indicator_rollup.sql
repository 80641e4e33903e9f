-- The dashboards' indicators are computed as of a day as the reports
-- compute them (store/indicator_asof.go, from indicator_since and
-- manager_spans); the per-province rollup of the cumulative figures and
-- the events behind its T5 denominator are read by nothing since.
-- org_support stays: the registry's indicator selections read it.
DROP TABLE indicator_rollup;
DROP TABLE manager_events;
