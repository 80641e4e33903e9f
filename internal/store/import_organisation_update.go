package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"htxnu/internal/coop"
)

// orgChange is an organisation an import changes, or its undo puts back:
// cur as stored (read in the transaction that writes it) and next what it
// becomes.
type orgChange struct {
	num       int // the file's row, named in errors (0: an undo)
	cur, next *coop.Organisation
	given     string // an old province as the file gave it, kept for the audit
}

// updateBatchSize is how many changed organisations are written at once.
const updateBatchSize = 500

// orgUpdatesOneByOne makes orgUpdates write each change through
// modifyOrganisation as it is added (the tests' oracle).
var orgUpdatesOneByOne = false

// orgUpdates writes changed organisations a batch at a time, doing for each
// what modifyOrganisation does — scope, version check, validation, status
// history, children, derived flags, showcase key, rollups and an audit
// event — with what can be shared shared: prepared UPDATEs of the columns
// that changed (the derived columns with them), the showcase profiles, manager spans and indicator rows
// of the batch looked at together, its audit events and import records in
// multi-row statements, and the rollup deltas summed over every batch and
// applied once, by finish. With record, each change is recorded in
// import_records (its version after, the organisation before) for undo.
type orgUpdates struct {
	tx      *Tx
	action  string
	record  bool
	pending []orgChange
	roll    deltas[rollupKey, rollupVec]
	ser     seriesDeltas
	asof    asofDeltas
	keyer   *coop.SortKeyer
	updates map[string]*sql.Stmt // by the columns they set
	audit   rowWriter
	records rowWriter
}

func (tx *Tx) orgUpdates(action string, record bool) *orgUpdates {
	return &orgUpdates{tx: tx, action: action, record: record, keyer: coop.NewSortKeyer(), updates: map[string]*sql.Stmt{},
		audit:   newRowWriter(tx, "audit_events", importAuditColumns, updateBatchSize),
		records: newRowWriter(tx, "import_records", importRecordColumns, updateBatchSize)}
}

// add queues a change, writing the queue when it is full.
func (w *orgUpdates) add(ctx context.Context, c orgChange) error {
	if orgUpdatesOneByOne {
		return w.oneByOne(ctx, c)
	}
	w.pending = append(w.pending, c)
	if len(w.pending) >= updateBatchSize {
		return w.flush(ctx)
	}
	return nil
}

// oneByOne writes a change through modifyOrganisation.
func (w *orgUpdates) oneByOne(ctx context.Context, c orgChange) error {
	if c.given != "" {
		ctx = WithProvinceGiven(ctx, c.given)
	}
	var out coop.Organisation
	err := w.tx.modifyOrganisation(ctx, c.cur.ID, c.cur.Version, w.action, func(o *coop.Organisation) error {
		*o = *cloneOrganisation(c.next)
		return nil
	}, &out)
	if err != nil {
		return c.fail(err)
	}
	if !w.record {
		return nil
	}
	before, err := json.Marshal(c.cur)
	if err != nil {
		return err
	}
	return w.tx.recordImport(ctx, w.tx.importID, out.ID, "update", out.Version, string(before))
}

func (c *orgChange) fail(err error) error {
	if c.num > 0 {
		return rowError(c.num, err)
	}
	return err
}

// flush writes the queued changes: when the queue is full, before a new
// organisation of the import is written and at the end. What each change
// adds to the rollups and its audit event and import record are worked
// out on a goroutine of their own (account), as each change is written:
// on PostgreSQL while the batch's statements run on the server, on SQLite
// beside SQLite's own work on the other core.
func (w *orgUpdates) flush(ctx context.Context) error {
	if len(w.pending) == 0 {
		return nil
	}
	acc := w.startAccount(ctx)
	err := w.writeAll(ctx, acc.written)
	if err == nil {
		err = w.showcaseKeys(ctx)
	}
	if err == nil {
		err = w.indicators(ctx)
	}
	if aerr := acc.wait(); err == nil {
		err = aerr
	}
	if err == nil {
		err = w.audits(ctx, acc.rows)
	}
	if err != nil {
		return err
	}
	clear(w.pending)
	w.pending = w.pending[:0]
	return nil
}

// writeAll writes each queued change (write), and hands it to written
// once it is. On PostgreSQL their statements are pipelined (stmtPipe) and
// sent together at the end, or before a query that needs them sent.
func (w *orgUpdates) writeAll(ctx context.Context, written chan<- int) error {
	defer close(written)
	pipe := w.tx.startPipe()
	defer func() { w.tx.pipe = nil }()
	for i := range w.pending {
		c := &w.pending[i]
		if pipe != nil {
			pipe.owner = i
		}
		if err := w.write(ctx, c); err != nil {
			if pipe != nil && pipe.err != nil {
				return w.pending[pipe.failed].fail(pipe.err)
			}
			return c.fail(err)
		}
		written <- i
	}
	if err := pipe.send(ctx); err != nil {
		return w.pending[pipe.failed].fail(err)
	}
	return nil
}

// accounting is the goroutine that works out, for each change of a batch
// as it is written, its rollup deltas and its audit and import record
// rows: the changes' before and after are final once written.
type accounting struct {
	written chan int
	rows    []accountRows // by the change's place in the batch
	done    chan error
}

// accountRows are the rows a change adds: its audit events (two when it
// moves the organisation to another province) and, with record, its
// import record.
type accountRows struct {
	audit  [][]any
	record []any
}

func (w *orgUpdates) startAccount(ctx context.Context) *accounting {
	a := &accounting{written: make(chan int, len(w.pending)), rows: make([]accountRows, len(w.pending)), done: make(chan error, 1)}
	go func() {
		var err error
		for i := range a.written {
			if err == nil {
				a.rows[i], err = w.account(ctx, &w.pending[i])
			}
		}
		a.done <- err
	}()
	return a
}

// wait waits for the accounting of every change handed to it.
func (a *accounting) wait() error { return <-a.done }

// account adds a written change to the rollup deltas and returns its rows.
// Only the accounting goroutine calls it (the deltas are its own until
// finish).
func (w *orgUpdates) account(ctx context.Context, c *orgChange) (accountRows, error) {
	tx, before, next := w.tx, c.cur, c.next
	if k, v, ok := contribution(before); ok {
		w.roll.add(k, v, -1)
	}
	if k, v, ok := contribution(next); ok {
		w.roll.add(k, v, 1)
	}
	w.ser.org(before, next, prefix(tx.today, 7))
	w.asof.life(before, -1)
	w.asof.life(next, 1)
	if c.given != "" {
		ctx = WithProvinceGiven(ctx, c.given)
	}
	// As modifyOrganisation: a move is visible to both provinces' audit
	// views, and a new generation of the province the organisation left
	// (ScopeGeneration).
	provinces := []string{next.Province}
	if before.Province != next.Province {
		provinces = append(provinces, before.Province)
	}
	var out accountRows
	for _, province := range provinces {
		vals, err := tx.auditValues(ctx, w.action, "organisation", next.ID, province, orgAuditOf(before), orgAuditOf(next))
		if err != nil {
			return out, err
		}
		out.audit = append(out.audit, vals)
	}
	if w.record {
		b, err := json.Marshal(before)
		if err != nil {
			return out, err
		}
		out.record = []any{tx.importID, "organisation", next.ID, "update", next.Version, string(b)}
	}
	return out, nil
}

// write saves one change as modifyOrganisation does, but for the rows
// flush writes for the whole batch; c.cur and c.next become the
// organisation before and after.
func (w *orgUpdates) write(ctx context.Context, c *orgChange) error {
	tx, cur := w.tx, c.cur
	if !coop.Allows(tx.actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: cur.Province}) {
		return coop.NotFound("tổ chức")
	}
	if err := missingVersion("hồ sơ", cur.Version); err != nil {
		return err
	}
	before, next := cloneOrganisation(cur), cloneOrganisation(c.next)
	next.ID, next.Version, next.CreatedAt, next.Changes = cur.ID, cur.Version, cur.CreatedAt, before.Changes
	next.Normalize()
	if err := tx.checkOrganisation(ctx, next, "Bạn không được chuyển tổ chức sang tỉnh, thành phố khác."); err != nil {
		return err
	}
	next.UpdatedAt = tx.now
	if err := w.updateRow(ctx, before, next); err != nil {
		return err
	}
	next.Version = cur.Version + 1
	if err := tx.recordStatusChange(ctx, before, next); err != nil {
		return err
	}
	if err := tx.saveChildren(ctx, next, before); err != nil {
		return err
	}
	c.cur, c.next = before, next
	return nil
}

// orgRowColumns are the columns of an organisation's row that a change
// writes, each with its value: modifyOrganisation writes them all
// (orgRowUpdate), an import's change those that differ. sort_key and
// search_key follow the name and registration number they are made from.
var orgRowColumns = []struct {
	name string
	val  func(o *coop.Organisation, w *coop.Snapshot) any
}{
	{"kind", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Kind }},
	{"name", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Name }},
	{"registration_no", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.RegistrationNo }},
	{"sector", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Sector }},
	{"governance", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Governance }},
	{"province", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Province }},
	{"commune", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Commune }},
	{"address", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Address }},
	{"founded_on", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.FoundedOn }},
	{"status", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Status }},
	{"parent_id", func(o *coop.Organisation, _ *coop.Snapshot) any { return nullID(o.ParentID) }},
	{"phone", func(o *coop.Organisation, _ *coop.Snapshot) any { return o.Phone }},
	{"archived", func(o *coop.Organisation, _ *coop.Snapshot) any { return b2i(o.Archived) }},
	{"wim_default", func(o *coop.Organisation, _ *coop.Snapshot) any { return b2i(o.Flags.WIMDefault) }},
	{"wim_strict", func(o *coop.Organisation, _ *coop.Snapshot) any { return b2i(o.Flags.WIMStrict) }},
	{"hfl_tiers", func(o *coop.Organisation, _ *coop.Snapshot) any { return b2i(o.Flags.HFLTiers) }},
	{"hfl_share50", func(o *coop.Organisation, _ *coop.Snapshot) any { return b2i(o.Flags.HFLShare50) }},
	{"workforce_as_of", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.AsOf }},
	{"members_total", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.MembersTotal }},
	{"members_female", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.MembersFemale }},
	{"workers_total", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.WorkersTotal }},
	{"workers_female", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.WorkersFemale }},
	{"regular_total", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.RegularTotal }},
	{"regular_female", func(_ *coop.Organisation, w *coop.Snapshot) any { return w.RegularFemale }},
}

// orgRowUpdate is modifyOrganisation's UPDATE: every column of
// orgRowColumns, then search_key and sort_key, the time and the id and
// version it must be at.
var orgRowUpdate = func() string {
	var b strings.Builder
	b.WriteString("UPDATE organisations SET ")
	for _, c := range orgRowColumns {
		b.WriteString(c.name + " = ?, ")
	}
	b.WriteString("search_key = ?, sort_key = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
	return b.String()
}()

// updateRow saves what changed of the organisation's row, its derived
// columns included, if it is still at the version read. Only the columns
// that changed are written, so an index on the others is left alone; the
// statement of each set of columns is prepared once.
func (w *orgUpdates) updateRow(ctx context.Context, before, o *coop.Organisation) error {
	tx := w.tx
	var was, now coop.Snapshot
	if before.Workforce != nil {
		was = *before.Workforce
	}
	if o.Workforce != nil {
		now = *o.Workforce
	}
	var set strings.Builder
	var args []any
	for _, c := range orgRowColumns {
		if v := c.val(o, &now); v != c.val(before, &was) {
			set.WriteString(c.name + " = ?, ")
			args = append(args, v)
		}
	}
	if o.Name != before.Name {
		set.WriteString("sort_key = ?, ")
		args = append(args, w.keyer.Key(o.Name))
	}
	if o.Name != before.Name || o.RegistrationNo != before.RegistrationNo {
		set.WriteString("search_key = ?, ")
		args = append(args, searchKey(o))
	}
	if tx.pipe != nil {
		q := tx.db.rebind(`UPDATE organisations SET ` + set.String() + `version = version + 1, updated_at = ? WHERE id = ? AND version = ?`)
		tx.pipe.queue(q, append(args, tx.now, o.ID, o.Version), func(tag pgconn.CommandTag, err error) error {
			if err != nil {
				return tx.orgWriteError(err)
			}
			if tag.RowsAffected() != 1 {
				return errOrgChanged()
			}
			return nil
		})
		return nil
	}
	st, ok := w.updates[set.String()]
	if !ok {
		var err error
		st, err = tx.tx.PrepareContext(ctx, tx.db.rebind(`UPDATE organisations SET `+set.String()+`version = version + 1, updated_at = ? WHERE id = ? AND version = ?`))
		if err != nil {
			return fmt.Errorf("store: save organisation: %w", err)
		}
		w.updates[set.String()] = st
	}
	res, err := st.ExecContext(ctx, append(args, tx.now, o.ID, o.Version)...)
	if err != nil {
		return tx.orgWriteError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errOrgChanged()
	}
	return nil
}

func errOrgChanged() error {
	return coop.Errorf(coop.ECONFLICT, "Hồ sơ đã được người khác cập nhật sau khi bạn mở. Vui lòng tải lại trang.")
}

// showcaseKeys refolds the search text of the batch's organisations that
// have a showcase profile.
func (w *orgUpdates) showcaseKeys(ctx context.Context) error {
	byID := make(map[int64]*coop.Organisation, len(w.pending))
	ids := make([]int64, len(w.pending))
	for i, c := range w.pending {
		byID[c.next.ID], ids[i] = c.next, c.next.ID
	}
	var with []int64
	err := queryByIDs(ctx, w.tx.tx, w.tx.db, ids, `SELECT organisation_id FROM showcase_profiles WHERE organisation_id IN (%s)`, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		with = append(with, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: showcase profiles: %w", err)
	}
	slices.Sort(with)
	for _, id := range with {
		if err := w.tx.refreshShowcaseKey(ctx, byID[id]); err != nil {
			return err
		}
	}
	return nil
}

// indicators replaces the manager spans and the indicator_since rows of
// the batch's organisations whose own rows can have changed: the spans
// when they differ, the indicator rows when what they are computed from
// of the organisation (kind, archived, province, founding date, positions)
// changed.
func (w *orgUpdates) indicators(ctx context.Context) error {
	changes := slices.Clone(w.pending)
	slices.SortFunc(changes, func(a, b orgChange) int { return int(a.next.ID - b.next.ID) })
	var spanIDs, sinceIDs []int64
	var spans [][]any
	for _, c := range changes {
		if after := managerSpanRows(c.next); !slices.EqualFunc(managerSpanRows(c.cur), after, slices.Equal) {
			spanIDs, spans = append(spanIDs, c.next.ID), append(spans, after...)
		}
		if sinceInputsChanged(c.cur, c.next) {
			sinceIDs = append(sinceIDs, c.next.ID)
		}
	}
	if len(spanIDs) > 0 {
		in, args := idList(spanIDs)
		if _, err := w.tx.exec(ctx, `DELETE FROM manager_spans WHERE organisation_id IN (`+in+`)`, args...); err != nil {
			return fmt.Errorf("store: manager spans: %w", err)
		}
		if err := w.tx.addRows(ctx, managerSpanSpec, spans); err != nil {
			return err
		}
	}
	return w.tx.refreshSince(ctx, sinceIDs)
}

// sinceInputsChanged reports whether what an organisation's indicator_since
// rows are computed from, of its own row and positions, differs.
func sinceInputsChanged(a, b *coop.Organisation) bool {
	return a.Kind != b.Kind || a.Archived != b.Archived || a.Province != b.Province || a.FoundedOn != b.FoundedOn ||
		!slices.Equal(a.Positions, b.Positions)
}

// audits writes the batch's audit events and, with record, its import
// records (worked out by account), and its notices.
func (w *orgUpdates) audits(ctx context.Context, rows []accountRows) error {
	tx := w.tx
	for i, c := range w.pending {
		for _, vals := range rows[i].audit {
			if err := w.audit.add(ctx, vals...); err != nil {
				return fmt.Errorf("store: audit: %w", err)
			}
		}
		ctx := ctx
		if c.given != "" {
			ctx = WithProvinceGiven(ctx, c.given)
		}
		if err := tx.noticeFor(ctx, w.action, "organisation", c.next.ID, c.next.Province); err != nil {
			return err
		}
		if rows[i].record != nil {
			if err := w.records.add(ctx, rows[i].record...); err != nil {
				return fmt.Errorf("store: import record: %w", err)
			}
		}
	}
	if err := w.audit.flush(ctx); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	if err := w.records.flush(ctx); err != nil {
		return fmt.Errorf("store: import record: %w", err)
	}
	return nil
}

// finish writes what is queued and moves the rollups by the sums of every
// change.
func (w *orgUpdates) finish(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	return w.tx.addNewOrgDeltas(ctx, []specRows{{rollupSpec, w.roll.rows()}, {seriesSpec, w.ser.rows()}, {asofSpec, w.asof.rows()}})
}

func (w *orgUpdates) close() {
	for _, st := range w.updates {
		st.Close()
	}
	w.audit.close()
	w.records.close()
}
