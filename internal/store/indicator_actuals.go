package store

import (
	"context"
	"fmt"
)

// Actual is the figure of one indicator as IndicatorsAsOf computes it
// (indicator_figures.go).
type Actual struct {
	Code      string   `json:"code"`
	Available bool     `json:"available"`      // false: no data source yet
	Value     *float64 `json:"value"`          // a count, or a percent for shares
	Num       int64    `json:"numerator"`      // shares: the part
	Den       int64    `json:"denominator"`    // shares: the whole
	Note      string   `json:"note,omitempty"` // how it was computed, or why it is missing
	Rule      string   `json:"rule,omitempty"` // classification rule used, if any
	Source    string   `json:"source,omitempty"`
}

// Actuals are the figures of T1–T8 for a province or the whole country.
type Actuals struct {
	Province string            `json:"province"`
	Rule     string            `json:"women_managed_rule"`
	Figures  map[string]Actual `json:"figures"`
}

// actualSources says which tables exist: the activities module may not be
// installed in every database yet.
type actualSources struct {
	activities, costs bool
}

func (db *DB) tableExists(ctx context.Context, name string) (bool, error) {
	var n int
	var err error
	if db.dialect == Postgres {
		err = db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, name).Scan(&n)
	} else {
		err = db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	}
	if err != nil {
		return false, fmt.Errorf("store: table %s: %w", name, err)
	}
	return n > 0, nil
}

func (db *DB) sources(ctx context.Context) (actualSources, error) {
	var s actualSources
	var err error
	if s.activities, err = db.tableExists(ctx, "activity_beneficiaries"); err != nil {
		return s, err
	}
	if s.costs, err = db.tableExists(ctx, "activity_costs"); err != nil {
		return s, err
	}
	return s, nil
}

func count(n int64) *float64 {
	f := float64(n)
	return &f
}
