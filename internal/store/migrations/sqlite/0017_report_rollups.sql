-- T5's denominator as of any day (decision 0016): each woman holding a T5
-- management position in a current cooperative (HTX), as the spans of days
-- on which she counts — her positions' days, merged, within the days the
-- cooperative existed and was active — each with the province the
-- cooperative was in over the span. Kept in the transaction of every write
-- of the organisation (its row, positions, status and province changes). A
-- day's count is the spans covering it; the trained among them are matched
-- by organisation and folded name with the attendance of the trainings.
CREATE TABLE manager_spans (
    organisation_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    province TEXT NOT NULL,
    persons INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (organisation_id, person, from_day, to_day, province)
);
CREATE INDEX manager_spans_province ON manager_spans (province, from_day);
-- A report's T3, T4 and T5 read the activities from the Scheme's first day
-- to the window's last: the jobs and the trainings from their own indexes,
-- which hold what those figures read, not from the activity rows.
CREATE INDEX activities_jobs ON activities (archived, starts_on, province, jobs_women_htx, jobs_women_tht, jobs_additional)
    WHERE jobs_women_htx > 0 OR jobs_women_tht > 0;
CREATE INDEX activities_type_start ON activities (type, archived, starts_on, province, managers_trained_female);
