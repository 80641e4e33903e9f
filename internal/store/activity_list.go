package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// ActivityFilter selects activities for the list.
type ActivityFilter struct {
	Type           string
	Province       string // a province code, or "central" for central activities
	From, To       string // YYYY-MM-DD, on starts_on, inclusive
	TaskID         int64
	OrganisationID int64  // activities that reached this organisation
	HasJobsWomen   string // "HTX" or "THT": activities recording jobs for women there (T3, T4)
	Loans          bool   // granted loans only (capital activities approved, disbursed or repaid)
	Q              string
	Archived       bool
	Page           int
	PerPage        int
}

// ActivityPage is one page of activities with the totals of every
// activity matching the filter.
type ActivityPage struct {
	Items []*Activity `json:"items"`
	Paging
	ParticipantsTotal  int64 `json:"participants_total"`
	ParticipantsFemale int64 `json:"participants_female"`
	JobsWomenHTX       int64 `json:"jobs_women_htx"`
	JobsWomenTHT       int64 `json:"jobs_women_tht"`
	Loans              int64 `json:"loans"`
	LoanAmount         int64 `json:"loan_amount"`
	// TotalCapped says that a search matched more than Total activities
	// (SearchCountCap); the sums are then not computed (zero).
	TotalCapped bool `json:"total_capped,omitempty"`
}

// activityScope returns the condition limiting activities (alias a) to
// what the actor may see and to the province asked for.
func activityScope(actor coop.Actor, province string) (string, []any) {
	var where []string
	var args []any
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return "1 = 0", nil
	}
	if !actor.National() {
		where = append(where, "a.province IN (?, '')")
		args = append(args, actor.Province)
	}
	switch province {
	case "":
	case "central":
		where = append(where, "a.province = ''")
	default:
		where = append(where, "a.province = ?")
		args = append(args, province)
	}
	if len(where) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(where, " AND "), args
}

// Activities lists activities, newest first, scoped to the actor. A
// search counts its matches up to SearchCountCap, as the registry's does:
// past it the page says so (TotalCapped) and carries no sums.
func (db *DB) Activities(ctx context.Context, actor coop.Actor, f ActivityFilter) (*ActivityPage, error) {
	c, args, err := activityListWhere(actor, f)
	if err != nil {
		return nil, err
	}
	search := len(coop.SearchWords(f.Q)) > 0
	if search {
		// Among the activities holding the words' rare trigrams: the
		// LIKE conditions decide, the trigrams only narrow the rows they
		// are tested on.
		tc, targs, ok, err := db.trigramCondition(ctx, activityTrigramIndex, coop.SearchWords(f.Q))
		if err != nil {
			return nil, err
		}
		if ok {
			c, args = c+" AND "+tc, append(args, targs...)
		}
	}
	page, per := pageBounds(f.Page, f.PerPage)
	out := &ActivityPage{Items: []*Activity{}, Paging: Paging{Page: page, PerPage: per}}
	if search && page == 1 {
		// The first page before the count: a page that is not full is
		// every match, and a rare word is then looked for once.
		if out.Items, err = db.activityRows(ctx, c, args, per, 0); err != nil {
			return nil, err
		}
		if len(out.Items) < per {
			out.addSums(out.Items)
			return out, nil
		}
	}
	totals := activityTotalsQuery(actor, f, c, args)
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(totals.q), totals.args...).Scan(&out.Total, &out.ParticipantsTotal, &out.ParticipantsFemale,
		&out.JobsWomenHTX, &out.JobsWomenTHT, &out.Loans, &out.LoanAmount); err != nil {
		return nil, fmt.Errorf("store: count activities: %w", err)
	}
	if search && out.Total > SearchCountCap {
		*out = ActivityPage{Items: out.Items, Paging: Paging{Total: SearchCountCap, Page: page, PerPage: per}, TotalCapped: true}
	}
	if out.Total == 0 || (search && page == 1) {
		return out, nil
	}
	out.Page = lastPage(page, per, out.Total)
	out.Items, err = db.activityRows(ctx, c, args, per, (out.Page-1)*per)
	return out, err
}

// activityRows reads a page of the activities of the condition c, newest
// first: the page's ids from the index in the list's order (which holds
// the folded titles, so a search reads no row it does not show), then the
// columns (the task's title, the count of beneficiaries) of those rows.
func (db *DB) activityRows(ctx context.Context, c string, args []any, per, offset int) ([]*Activity, error) {
	return queryAll(ctx, db, "list activities", `SELECT `+activityColumns+activityFrom+` WHERE a.id IN (SELECT a.id FROM activities a WHERE `+c+
		` ORDER BY a.starts_on DESC, a.id DESC LIMIT ? OFFSET ?) ORDER BY a.starts_on DESC, a.id DESC`, append(append([]any{}, args...), per, offset), scanActivity)
}

// addSums counts the activities of a list that is whole and adds up their
// figures, as activityTotalsQuery does over the rows.
func (p *ActivityPage) addSums(items []*Activity) {
	for _, a := range items {
		p.Total++
		p.ParticipantsTotal += a.ParticipantsTotal
		p.ParticipantsFemale += a.ParticipantsFemale
		p.JobsWomenHTX += a.JobsWomenHTX
		p.JobsWomenTHT += a.JobsWomenTHT
		if a.Type == coop.ActivityCapital && coop.LoanCounts(a.LoanStatus) {
			p.Loans++
			p.LoanAmount += a.LoanAmount
		}
	}
}

// activityTotalsQuery returns the query of the list's count and sums (in
// ActivityPage's order). When the filter names only what the activity
// rollups are kept by — the scope, the province, the type and whole months
// of current activities — they are summed from the rollups (a few hundred
// rows whatever the number of activities); otherwise from the rows of the
// condition c, and for a search from its first SearchCountCap + 1 matches
// (more is a capped count, with no sums).
func activityTotalsQuery(actor coop.Actor, f ActivityFilter, c string, args []any) sqlQuery {
	if rf, ok := activityRollupFilter(f); ok {
		rows := rollupRows(actor, rf)
		return sqlQuery{`SELECT COALESCE(SUM(activities), 0), COALESCE(SUM(participants_total), 0), COALESCE(SUM(participants_female), 0),
			COALESCE(SUM(jobs_women_htx), 0), COALESCE(SUM(jobs_women_tht), 0), COALESCE(SUM(loans), 0), COALESCE(SUM(loan_amount), 0)
			FROM (` + rows.q + `) s`, rows.args}
	}
	from := `activities a WHERE ` + c
	if len(coop.SearchWords(f.Q)) > 0 {
		from = `(SELECT a.participants_total, a.participants_female, a.jobs_women_htx, a.jobs_women_tht, a.type, a.loan_status, a.loan_amount
			FROM activities a WHERE ` + c + ` LIMIT ` + strconv.Itoa(SearchCountCap+1) + `) a`
	}
	granted := loanGranted
	return sqlQuery{`SELECT COUNT(*), COALESCE(SUM(a.participants_total), 0), COALESCE(SUM(a.participants_female), 0),
		COALESCE(SUM(a.jobs_women_htx), 0), COALESCE(SUM(a.jobs_women_tht), 0),
		COALESCE(SUM(CASE WHEN ` + granted + ` THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN ` + granted + ` THEN a.loan_amount ELSE 0 END), 0)
		FROM ` + from, args}
}

// activityRollupFilter returns the reach filter whose rollup sums are the
// totals of the activity filter, and false when the filter asks for what
// the rollups do not keep (archived activities, a task, an organisation,
// jobs or loans only, a search, or a window that does not start on the
// first of a month and end on the last day of one).
func activityRollupFilter(f ActivityFilter) (ReachFilter, bool) {
	if f.Archived || f.TaskID != 0 || f.OrganisationID != 0 || f.HasJobsWomen != "" || f.Loans || len(coop.SearchWords(f.Q)) > 0 {
		return ReachFilter{}, false
	}
	rf := ReachFilter{Province: f.Province, Type: f.Type}
	if coop.ValidDate(f.From) {
		if f.From[8:] != "01" {
			return ReachFilter{}, false
		}
		rf.From = f.From[:7]
	}
	if coop.ValidDate(f.To) {
		d, err := time.Parse(time.DateOnly, f.To)
		if err != nil || d.AddDate(0, 0, 1).Day() != 1 {
			return ReachFilter{}, false
		}
		rf.To = f.To[:7]
	}
	return rf, true
}

// OrganisationSupports lists the current activities that reached an
// organisation, newest first, among those the actor may see. An
// organisation the actor may not see is not found.
func (db *DB) OrganisationSupports(ctx context.Context, actor coop.Actor, orgID int64) ([]Activity, error) {
	var province string
	err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT province FROM organisations WHERE id = ?`), orgID).Scan(&province)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: province})) {
		return nil, coop.NotFound("tổ chức")
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation %d: %w", orgID, err)
	}
	page, err := db.Activities(ctx, actor, ActivityFilter{OrganisationID: orgID, PerPage: 200})
	if err != nil {
		return nil, err
	}
	out := make([]Activity, 0, len(page.Items))
	for _, a := range page.Items {
		out = append(out, *a)
	}
	return out, nil
}
