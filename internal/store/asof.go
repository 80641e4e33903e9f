package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"htxnu/internal/coop"
)

// The registry as of any day (registry_asof): each organisation's
// contribution to the org_rollup figures over its life, as changes on the
// days its state changes (coop.Organisation.Breakpoints), kept by year,
// month and day in the transaction of every organisation write. A write
// takes away the organisation's whole life as it was and adds it as it is
// now, so a change dated in the past (a dissolution learnt of late, a
// corrected founding date, a position that ended in June) moves the
// figures from that day on, and only from that day.

var asofSpec = addSpec{"registry_asof", []string{"province", "kind", "sector", "status", "grain", "period"}, rollupVals}

type asofKey struct{ Province, Kind, Sector, Status, Grain, Period string }

func (k asofKey) cols() []any {
	return []any{k.Province, k.Kind, k.Sector, k.Status, k.Grain, k.Period}
}

// compare orders keys as the primary key does: (province, kind, sector,
// grain, period, status).
func (k asofKey) compare(o asofKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Kind, o.Kind), cmp.Compare(k.Sector, o.Sector),
		cmp.Compare(k.Grain, o.Grain), cmp.Compare(k.Period, o.Period), cmp.Compare(k.Status, o.Status))
}

// asofDeltas are changes of registry_asof. They are summed by rollup key
// and day first (many organisations share both) and spread over the
// groupings and grains kept only when the rows are asked for.
type asofDeltas struct {
	deltas[asofKey, rollupVec]
	days map[asofDay]rollupVec
}

type asofDay struct {
	key rollupKey
	day string
}

// add records v (times sign) from day on for the key.
func (d *asofDeltas) add(k rollupKey, day string, v rollupVec, sign int64) {
	if len(day) != 10 {
		return
	}
	if d.days == nil {
		d.days = map[asofDay]rollupVec{}
	}
	kd := asofDay{k, day}
	d.days[kd] = d.days[kd].plus(v, sign)
}

// rows returns the changes of registry_asof at each grain and in each
// grouping kept, in the primary key's order.
func (d *asofDeltas) rows() [][]any {
	var zero rollupVec
	for kd, v := range d.days {
		if v == zero {
			continue
		}
		k, day := kd.key, kd.day
		groups := [][3]string{{k.Province, k.Kind, k.Sector}, {k.Province, k.Kind, allKey}, {k.Province, allKey, allKey},
			{allKey, k.Kind, k.Sector}, {allKey, k.Kind, allKey}, {allKey, allKey, allKey}}
		for _, g := range groups {
			for _, p := range [][2]string{{"y", day[:4]}, {"m", day[:7]}, {"d", day}} {
				d.deltas.add(asofKey{g[0], g[1], g[2], k.Status, p[0], p[1]}, v, 1)
			}
		}
	}
	clear(d.days)
	return d.deltas.rows()
}

// life adds (sign 1) or takes away (sign -1) the organisation's
// contribution over its whole life.
func (d *asofDeltas) life(o *coop.Organisation, sign int64) {
	if o == nil || o.Archived {
		return
	}
	var prevKey rollupKey
	var prevVec rollupVec
	had := false
	for _, day := range o.Breakpoints() {
		k, v, ok := contribution(o.AsOf(day))
		if had && ok && k == prevKey && v == prevVec {
			continue
		}
		if had {
			d.add(prevKey, day, prevVec, -sign)
		}
		if ok {
			d.add(k, day, v, sign)
		}
		prevKey, prevVec, had = k, v, ok
	}
}

// applyAsOf moves the organisation's life in registry_asof from before to
// after (either may be nil); applyRollup calls it.
func (tx *Tx) applyAsOf(ctx context.Context, before, after *coop.Organisation) error {
	d := asofDeltas{}
	d.life(before, -1)
	d.life(after, 1)
	return tx.addRows(ctx, asofSpec, d.rows())
}

// loadChanges reads the organisation's changes of status and province.
func (db *DB) loadChanges(ctx context.Context, q queryer, o *coop.Organisation) error {
	o.Changes = nil
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, effective_on, from_status, to_status, from_province, to_province, recorded_at
		FROM org_status_changes WHERE organisation_id = ? ORDER BY effective_on, id`), o.ID)
	if err != nil {
		return fmt.Errorf("store: status changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c coop.StatusChange
		if err := rows.Scan(&c.ID, &c.EffectiveOn, &c.FromStatus, &c.ToStatus, &c.FromProvince, &c.ToProvince, &c.RecordedAt); err != nil {
			return err
		}
		c.RecordedAt = c.RecordedAt.UTC()
		o.Changes = append(o.Changes, c)
	}
	return rows.Err()
}

// recordStatusChange records a change of status or province made by a
// save, effective on next.EffectiveOn (default today), and adds it to
// next.Changes. The day may be in the past but not before the
// organisation's first day nor before its last recorded change.
func (tx *Tx) recordStatusChange(ctx context.Context, before, next *coop.Organisation) error {
	on := strings.TrimSpace(next.EffectiveOn)
	next.EffectiveOn = ""
	if before.Status == next.Status && before.Province == next.Province {
		return nil
	}
	if on == "" {
		on = tx.today
	} else if d := coop.ParseDateVN(on); d != "" {
		on = d
	}
	bad := func(msg string) error {
		return &coop.Error{Code: coop.EINVALID, Message: msg, Fields: map[string]string{"effective_on": msg}}
	}
	switch {
	case coop.DateBoundsProblem(on, "Ngày có hiệu lực") != "":
		return bad(coop.DateBoundsProblem(on, "Ngày có hiệu lực"))
	case !coop.ValidDate(on):
		return bad("Ngày có hiệu lực không hợp lệ (định dạng ngày/tháng/năm).")
	case on > tx.today:
		return bad("Ngày có hiệu lực không được sau ngày hôm nay.")
	case next.StartsOn() != "" && on < next.StartsOn():
		return bad("Ngày có hiệu lực không được trước ngày thành lập.")
	}
	for _, c := range next.Changes {
		if c.EffectiveOn > on {
			return bad(fmt.Sprintf("Đã có thay đổi tình trạng có hiệu lực từ ngày %s; ngày có hiệu lực phải từ ngày đó trở đi.", coop.FormatDateVN(c.EffectiveOn)))
		}
	}
	c := coop.StatusChange{EffectiveOn: on, FromStatus: before.Status, ToStatus: next.Status, FromProvince: before.Province, ToProvince: next.Province, RecordedAt: tx.now}
	id, err := tx.insert(ctx, `INSERT INTO org_status_changes (organisation_id, effective_on, from_status, to_status, from_province, to_province, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, next.ID, c.EffectiveOn, c.FromStatus, c.ToStatus, c.FromProvince, c.ToProvince, c.RecordedAt)
	if err != nil {
		return fmt.Errorf("store: status change: %w", err)
	}
	c.ID = id
	next.Changes = append(next.Changes, c)
	return nil
}

// AsOfFilter selects registry figures on a day.
type AsOfFilter struct {
	Day      string // YYYY-MM-DD
	Province string
	Kind     string
	Sector   string
	Status   string // "" for every status
	GroupBy  string // "province" (default), "kind", "sector", "status"
	WIMRule  string // default: the active rule
	HFLRule  string
}

// asofGrouping picks the grouping rows of registry_asof that answer a
// filter and a grouping, as conditions on province, kind and sector with
// their arguments: a fixed value, or the list of every value (never
// "<> '*'"), so that each key is an index seek.
func asofGrouping(province, kind, sector, group string) (string, []any) {
	need := map[string]bool{"province": province != "" || group == "province", "kind": kind != "" || group == "kind",
		"sector": sector != "" || group == "sector"}
	var fixed [3]string // the value the grouping holds in each column: "" for detail
	switch {
	case !need["province"] && !need["kind"] && !need["sector"]:
		fixed = [3]string{allKey, allKey, allKey}
	case !need["province"] && !need["sector"]:
		fixed = [3]string{allKey, "", allKey}
	case !need["province"]:
		fixed = [3]string{allKey, "", ""}
	case !need["kind"] && !need["sector"]:
		fixed = [3]string{"", allKey, allKey}
	case !need["sector"]:
		fixed = [3]string{"", "", allKey}
	}
	lists := [3][]string{provinceCodes(), kindCodes(), sectorCodes()}
	for i, want := range []string{province, kind, sector} {
		switch {
		case fixed[i] == allKey:
			lists[i] = []string{allKey}
		case want != "":
			lists[i] = []string{want}
		}
	}
	return asofKeys(lists[0], lists[1], lists[2])
}

// asofKeys is the condition that province, kind and sector are each in
// their list ("*" for the grouped rows), with its arguments.
func asofKeys(provinces, kinds, sectors []string) (string, []any) {
	var where []string
	var args []any
	for _, c := range []struct {
		col  string
		vals []string
	}{{"province", provinces}, {"kind", kinds}, {"sector", sectors}} {
		if len(c.vals) == 1 {
			where = append(where, c.col+" = ?")
		} else {
			where = append(where, c.col+" IN (?"+strings.Repeat(", ?", len(c.vals)-1)+")")
		}
		for _, v := range c.vals {
			args = append(args, v)
		}
	}
	return strings.Join(where, " AND "), args
}

func kindCodes() []string {
	var out []string
	for _, k := range coop.Kinds {
		out = append(out, k.Code)
	}
	return out
}

func sectorCodes() []string {
	var out []string
	for _, k := range coop.Sectors {
		out = append(out, k.Code)
	}
	return out
}

// asofRows is a subquery of the registry_asof rows matching cond (with
// args) that add up to the figures on day: the years before its year, the
// months of its year before its month, the days of its month up to it.
// Each part is a range of the primary key (province, kind, sector, grain,
// period, status) under fixed keys, so at most 43 periods are read per
// group and status.
func asofRows(cond string, args []any, day string) (string, []any) {
	q := `(SELECT * FROM registry_asof WHERE ` + cond + ` AND grain = 'y' AND period < ?
		UNION ALL SELECT * FROM registry_asof WHERE ` + cond + ` AND grain = 'm' AND period >= ? AND period < ?
		UNION ALL SELECT * FROM registry_asof WHERE ` + cond + ` AND grain = 'd' AND period >= ? AND period <= ?) r`
	out := append(append([]any{}, args...), day[:4])
	out = append(append(out, args...), day[:4]+"-01", day[:7])
	out = append(append(out, args...), day[:7]+"-01", day)
	return q, out
}

// CountsAsOf reads the registry figures on a day from registry_asof,
// scoped to the actor, grouped like Counts. It reads at most 43 periods
// per group, never the organisation rows.
func (db *DB) CountsAsOf(ctx context.Context, actor coop.Actor, f AsOfFilter) (*CountsResult, error) {
	return db.countsAsOf(ctx, db.read(ctx), actor, f)
}

func (db *DB) countsAsOf(ctx context.Context, q queryer, actor coop.Actor, f AsOfFilter) (*CountsResult, error) {
	if !coop.Can(actor, coop.PermRegistryRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem sổ đăng ký.")
	}
	if m := coop.DateProblem(f.Day, "Ngày xem số liệu"); m != "" {
		return nil, &coop.Error{Code: coop.EINVALID, Message: m, Fields: map[string]string{"as_of": m}}
	}
	if !actor.National() {
		if f.Province != "" && f.Province != actor.Province {
			return &CountsResult{Rows: []Counts{}}, nil
		}
		f.Province = actor.Province
	}
	wimCol, hflCol, err := db.ruleColumns(ctx, &f.WIMRule, &f.HFLRule)
	if err != nil {
		return nil, err
	}
	group := countsGroup(f.GroupBy)
	where, args := asofGrouping(f.Province, f.Kind, f.Sector, group)
	if f.Status != "" {
		where, args = where+" AND status = ?", append(args, f.Status)
	}
	from, args := asofRows(where, args, f.Day)
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+group+`, SUM(orgs), SUM(`+wimCol+`), SUM(`+hflCol+`), `+workforceSums+`
		FROM `+from+` GROUP BY `+group+` ORDER BY `+group), args...)
	if err != nil {
		return nil, fmt.Errorf("store: counts as of: %w", err)
	}
	return countsResult(rows, group, f.WIMRule, f.HFLRule, func(c Counts) bool {
		return c.Organisations != 0 || c.MembersTotal != 0 || c.WorkersTotal != 0
	})
}

// RecomputeCountsAsOf computes what CountsAsOf reads from the organisation
// rows with their children and changes, one by one (the oracle of the
// tests and the baseline of the benchmarks).
func (db *DB) RecomputeCountsAsOf(ctx context.Context, actor coop.Actor, f AsOfFilter) (*CountsResult, error) {
	if m := coop.DateProblem(f.Day, "Ngày xem số liệu"); m != "" {
		return nil, &coop.Error{Code: coop.EINVALID, Message: m, Fields: map[string]string{"as_of": m}}
	}
	if err := db.defaultRules(ctx, &f.WIMRule, &f.HFLRule); err != nil {
		return nil, err
	}
	if !actor.National() {
		f.Province = actor.Province
	}
	by := map[string]*Counts{}
	err := db.eachOrganisation(ctx, func(o *coop.Organisation) error {
		s := o.AsOf(f.Day)
		if s == nil || s.Archived {
			return nil
		}
		if (f.Province != "" && s.Province != f.Province) || (f.Kind != "" && s.Kind != f.Kind) ||
			(f.Sector != "" && s.Sector != f.Sector) || (f.Status != "" && s.Status != f.Status) {
			return nil
		}
		key := s.Province
		switch f.GroupBy {
		case "kind":
			key = s.Kind
		case "sector":
			key = s.Sector
		case "status":
			key = s.Status
		}
		c := by[key]
		if c == nil {
			c = &Counts{Key: key}
			by[key] = c
		}
		c.Organisations++
		c.WomenManaged += int64(b2i(s.Flags.Get(f.WIMRule)))
		c.HighFemaleLabour += int64(b2i(s.Flags.Get(f.HFLRule)))
		if w := s.Workforce; w != nil {
			c.MembersTotal += w.MembersTotal
			c.MembersFemale += w.MembersFemale
			c.WorkersTotal += w.WorkersTotal
			c.WorkersFemale += w.WorkersFemale
			c.RegularTotal += w.RegularTotal
			c.RegularFemale += w.RegularFemale
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	group := countsGroup(f.GroupBy)
	res := newCountsResult(f.WIMRule, f.HFLRule)
	for _, c := range by {
		res.add(group, *c)
	}
	sort.Slice(res.Rows, func(i, j int) bool { return res.Rows[i].Key < res.Rows[j].Key })
	return res, nil
}

// eachOrganisation calls fn with every organisation (archived included)
// with its positions, snapshots and changes, reading them in pages of ids.
func (db *DB) eachOrganisation(ctx context.Context, fn func(*coop.Organisation) error) error {
	return db.eachOrganisationQ(ctx, db.read(ctx), fn)
}

func (db *DB) eachOrganisationQ(ctx context.Context, q queryer, fn func(*coop.Organisation) error) error {
	var after int64
	for {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+orgColumns+` FROM organisations WHERE id > ? ORDER BY id LIMIT 500`), after)
		var page []*coop.Organisation
		if err := eachRow(rows, err, func(r *sql.Rows) error {
			o, err := scanOrganisation(r)
			page = append(page, o)
			return err
		}); err != nil {
			return fmt.Errorf("store: organisations: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := db.loadLives(ctx, q, page); err != nil {
			return err
		}
		for _, o := range page {
			if err := fn(o); err != nil {
				return err
			}
		}
		after = page[len(page)-1].ID
	}
}

// changeCols and appendChange read a full org_status_changes row (after
// its organisation_id) into an organisation's changes.
func changeCols(id *int64, c *coop.StatusChange) []any {
	return []any{id, &c.ID, &c.EffectiveOn, &c.FromStatus, &c.ToStatus, &c.FromProvince, &c.ToProvince, &c.RecordedAt}
}

func appendChange(o *coop.Organisation, c coop.StatusChange) {
	c.RecordedAt = c.RecordedAt.UTC()
	o.Changes = append(o.Changes, c)
}

// loadLives reads the positions, snapshots and changes of a page of
// organisations (what their lives depend on), three queries per page.
func (db *DB) loadLives(ctx context.Context, q queryer, page []*coop.Organisation) error {
	byID := map[int64]*coop.Organisation{}
	lo, hi := page[0].ID, page[len(page)-1].ID
	for _, o := range page {
		o.Positions, o.Snapshots, o.Changes = []coop.Position{}, []coop.Snapshot{}, nil
		byID[o.ID] = o
	}
	type load struct {
		sql  string
		scan func(scan func(...any) error) error
	}
	for _, l := range []load{
		{`SELECT organisation_id, role, holder, sex, from_date, to_date FROM positions WHERE organisation_id BETWEEN ? AND ?`,
			childRow(byID, func(id *int64, p *coop.Position) []any { return []any{id, &p.Role, &p.Holder, &p.Sex, &p.From, &p.To} },
				func(o *coop.Organisation, p coop.Position) { o.Positions = append(o.Positions, p) })},
		{`SELECT organisation_id, as_of, members_total, members_female, workers_total, workers_female, regular_total, regular_female
			FROM workforce_snapshots WHERE organisation_id BETWEEN ? AND ?`,
			childRow(byID, func(id *int64, s *coop.Snapshot) []any {
				return []any{id, &s.AsOf, &s.MembersTotal, &s.MembersFemale, &s.WorkersTotal, &s.WorkersFemale, &s.RegularTotal, &s.RegularFemale}
			}, func(o *coop.Organisation, s coop.Snapshot) { o.Snapshots = append(o.Snapshots, s) })},
		{`SELECT organisation_id, id, effective_on, from_status, to_status, from_province, to_province, recorded_at
			FROM org_status_changes WHERE organisation_id BETWEEN ? AND ? ORDER BY effective_on, id`,
			childRow(byID, changeCols, appendChange)},
	} {
		rows, err := q.QueryContext(ctx, db.rebind(l.sql), lo, hi)
		if err := eachRow(rows, err, func(r *sql.Rows) error { return l.scan(r.Scan) }); err != nil {
			return fmt.Errorf("store: organisation lives: %w", err)
		}
	}
	return nil
}

// rebuildAsOf recomputes registry_asof from the rows in the transaction.
func (tx *Tx) rebuildAsOf(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM registry_asof`); err != nil {
		return fmt.Errorf("store: rebuild registry as of: %w", err)
	}
	d := asofDeltas{}
	err := tx.db.eachOrganisationQ(ctx, tx.tx, func(o *coop.Organisation) error {
		d.life(o, 1)
		return nil
	})
	if err != nil {
		return err
	}
	return tx.addRows(ctx, asofSpec, d.rows())
}

// RebuildAsOf recomputes the registry as of any day from the rows (after
// the migration that introduces it, or to repair).
func (db *DB) RebuildAsOf(ctx context.Context) error {
	return db.write(ctx, coop.System, func(tx *Tx) error { return tx.rebuildAsOf(ctx) })
}
