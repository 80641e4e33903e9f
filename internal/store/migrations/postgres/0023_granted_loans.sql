-- The granted loans (capital activities approved, disbursed or repaid:
-- store/export.go loanGranted, which must stay word for word the condition
-- below for the index to be chosen), with every column the activity list's
-- page and totals read of them: "/activities?loans=1" reads this index
-- alone, not every capital activity's row (62 ms at 100,000 activities).
-- Keep in step with ../sqlite/0023_granted_loans.sql.
CREATE INDEX activities_granted_loans ON activities (archived, starts_on, id, province, type, loan_status,
    participants_total, participants_female, jobs_women_htx, jobs_women_tht, loan_amount)
    WHERE type = 'capital' AND loan_status IN ('approved', 'disbursed', 'repaid');
