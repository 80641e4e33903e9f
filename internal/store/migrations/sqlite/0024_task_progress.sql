-- A task's activities with their archived flag: a plan's progress
-- (store/plan.go TasksProgress) counts its tasks' current activities from
-- this index alone instead of reading each activity's row (3,330 rows,
-- 40 ms, for a province's plan at 100,000 activities).
-- Keep in step with ../postgres/0024_task_progress.sql.
CREATE INDEX activities_task_archived ON activities (task_id, archived) WHERE task_id IS NOT NULL;
DROP INDEX activities_task;
