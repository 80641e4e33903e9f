-- Indicator rollups for the dashboards (placeholder).
SELECT 1;
