-- Periodic reports (placeholder until the reports module lands).
SELECT 1;
