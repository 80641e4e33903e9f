package store

import (
	"context"

	"htxnu/internal/coop"
)

// T3 and T4 under the activities rule read from report_jobs and computed
// from the activities and their links, kept as the oracle of the tests of
// report_jobs.

// JobsBoth returns T3 and T4 under the activities rule by province as of
// day, for one province or all (only ""), as the compilation reads them
// and as computed from the activities.
func (db *DB) JobsBoth(ctx context.Context, only, day string) (kept, recomputed map[string][2]int64, err error) {
	run := func(read func(put func(p, code string, f func(*indicatorValue))) error) (map[string][2]int64, error) {
		out := map[string][2]int64{}
		err := read(func(p, code string, f func(*indicatorValue)) {
			var v indicatorValue
			f(&v)
			x := out[p]
			if code == "T3" {
				x[0] += v.value
			} else {
				x[1] += v.value
			}
			out[p] = x
		})
		return out, err
	}
	if kept, err = run(func(put func(p, code string, f func(*indicatorValue))) error {
		return db.jobsAsOf(ctx, db.sql, only, coop.CountingStart, day, coop.RuleJobsActivities, put)
	}); err != nil {
		return nil, nil, err
	}
	recomputed, err = run(func(put func(p, code string, f func(*indicatorValue))) error {
		return db.jobsTyped(ctx, db.sql, jobsFromActivities, only, coop.CountingStart, day, put)
	})
	return kept, recomputed, err
}

// jobsFromActivities is the query jobsAsOf ran before report_jobs.
const jobsFromActivities = `SELECT a.id, a.province, a.starts_on, a.jobs_women_htx, a.jobs_women_tht, a.jobs_additional,
	COALESCE((SELECT MIN(b.organisation_id) FROM activity_beneficiaries b WHERE b.activity_id = a.id), 0)
	FROM activities a WHERE a.archived = 0 AND a.starts_on >= ? AND a.starts_on <= ? AND (a.jobs_women_htx > 0 OR a.jobs_women_tht > 0)`
