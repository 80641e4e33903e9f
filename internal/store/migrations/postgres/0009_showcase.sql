-- Public showcase of model organisations (placeholder).
SELECT 1;
