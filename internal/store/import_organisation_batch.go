package store

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
)

// importBatchSize is how many new organisations an import writes at once.
const importBatchSize = 1000

// newOrgImport writes the new organisations of an import in batches, with
// what createOrganisation does for each (scope, derived flags, children,
// an audit event) and an import record for each, in multi-row statements.
// The rollup deltas of every batch are summed and applied once, by finish.
// The rows come from the plan, validated in the same transaction.
type newOrgImport struct {
	tx       *Tx
	importID int64
	pending  []plannedOrg
	deltas   *newOrgDeltas
	keyer    *coop.SortKeyer
	ins      map[string]*multiInsert
}

var (
	importAuditColumns  = []string{"at", "actor_id", "actor_name", "action", "entity", "entity_id", "province", "before_json", "after_json", "request_id", "import_id"}
	importRecordColumns = []string{"import_id", "entity", "entity_id", "action", "version_after", "before_json"}
)

func (tx *Tx) newOrgImport(importID int64) *newOrgImport {
	w := &newOrgImport{tx: tx, importID: importID, deltas: makeNewOrgDeltas(tx.today), keyer: coop.NewSortKeyer(), ins: map[string]*multiInsert{
		"organisations":       newMultiInsert(tx, "organisations", bulkOrgColumns, 200),
		"positions":           newMultiInsert(tx, "positions", append([]string{"id"}, bulkPositionColumns...), 500),
		"workforce_snapshots": newMultiInsert(tx, "workforce_snapshots", append([]string{"id"}, bulkSnapshotColumns...), 500),
		"ocop_products":       newMultiInsert(tx, "ocop_products", append([]string{"id"}, bulkProductColumns...), 500),
		"audit_events":        newMultiInsert(tx, "audit_events", importAuditColumns, 500),
		"import_records":      newMultiInsert(tx, "import_records", importRecordColumns, 500),
	}}
	return w
}

// add queues a new organisation, writing the queue when it is full.
func (w *newOrgImport) add(ctx context.Context, r plannedOrg) error {
	o := r.next
	if !coop.Allows(w.tx.actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
		return rowError(r.num, &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được thêm tổ chức thuộc tỉnh, thành phố của mình.",
			Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}})
	}
	if o.ParentID != 0 {
		if err := w.tx.checkParent(ctx, o); err != nil {
			return rowError(r.num, err)
		}
	}
	w.pending = append(w.pending, r)
	if len(w.pending) >= importBatchSize {
		return w.flush(ctx)
	}
	return nil
}

// flush writes the queued organisations: it is called when the queue is
// full, before any other write of the import and at its end.
func (w *newOrgImport) flush(ctx context.Context) error {
	if len(w.pending) == 0 {
		return nil
	}
	tx := w.tx
	var npos, nsnap, nprod int
	for _, r := range w.pending {
		o := r.next
		o.Archived = false
		o.Derive(tx.today)
		o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
		npos, nsnap, nprod = npos+len(o.Positions), nsnap+len(o.Snapshots), nprod+len(o.Products)
	}
	ids := map[string][]int64{}
	for table, n := range map[string]int{"organisations": len(w.pending), "positions": npos, "workforce_snapshots": nsnap, "ocop_products": nprod} {
		var err error
		if ids[table], err = tx.newIDs(ctx, table, n); err != nil {
			return err
		}
	}
	for i, r := range w.pending {
		o := r.next
		o.ID = ids["organisations"][i]
		if err := w.ins["organisations"].add(ctx, orgValues(bulkRow{o: o, searchKey: searchKey(o), sortKey: w.keyer.Key(o.Name)})...); err != nil {
			return tx.orgWriteError(err)
		}
	}
	if err := w.ins["organisations"].flush(ctx); err != nil {
		return tx.orgWriteError(err)
	}
	if err := w.writeChildren(ctx, ids); err != nil {
		return err
	}
	for _, r := range w.pending {
		if err := w.record(ctx, r); err != nil {
			return err
		}
		w.deltas.add(r.next)
	}
	for _, t := range []string{"audit_events", "import_records"} {
		if err := w.ins[t].flush(ctx); err != nil {
			return fmt.Errorf("store: import %s: %w", t, err)
		}
	}
	clear(w.pending)
	w.pending = w.pending[:0]
	return nil
}

// writeChildren inserts the positions, workforce snapshots and products of
// the queued organisations, with the ids given.
func (w *newOrgImport) writeChildren(ctx context.Context, ids map[string][]int64) error {
	var ip, is, ipr int
	for _, r := range w.pending {
		o := r.next
		for j := range o.Positions {
			p := &o.Positions[j]
			p.ID, ip = ids["positions"][ip], ip+1
			if err := w.ins["positions"].add(ctx, append([]any{p.ID}, positionValues(o.ID, p)...)...); err != nil {
				return fmt.Errorf("store: insert position: %w", err)
			}
		}
		for j := range o.Snapshots {
			s := &o.Snapshots[j]
			s.ID, is = ids["workforce_snapshots"][is], is+1
			if err := w.ins["workforce_snapshots"].add(ctx, append([]any{s.ID}, snapshotValues(o.ID, s)...)...); err != nil {
				return fmt.Errorf("store: insert workforce: %w", err)
			}
		}
		for j := range o.Products {
			p := &o.Products[j]
			p.ID, ipr = ids["ocop_products"][ipr], ipr+1
			if err := w.ins["ocop_products"].add(ctx, append([]any{p.ID}, productValues(o.ID, p)...)...); err != nil {
				return fmt.Errorf("store: insert product: %w", err)
			}
		}
	}
	for _, t := range []string{"positions", "workforce_snapshots", "ocop_products"} {
		if err := w.ins[t].flush(ctx); err != nil {
			return fmt.Errorf("store: insert %s: %w", t, err)
		}
	}
	return nil
}

// record queues the organisation's audit event (as createOrganisation
// writes it) and its import record.
func (w *newOrgImport) record(ctx context.Context, r plannedOrg) error {
	o, tx := r.next, w.tx
	if r.given != "" {
		ctx = WithProvinceGiven(ctx, r.given)
	}
	vals, err := tx.auditValues(ctx, "create", "organisation", o.ID, o.Province, nil, auditView(o))
	if err != nil {
		return err
	}
	if err := w.ins["audit_events"].add(ctx, vals...); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	if err := tx.noticeFor(ctx, "create", "organisation", o.ID, o.Province); err != nil {
		return err
	}
	if err := w.ins["import_records"].add(ctx, w.importID, "organisation", o.ID, "create", o.Version, ""); err != nil {
		return fmt.Errorf("store: import record: %w", err)
	}
	return nil
}

// finish writes what is queued and moves the rollups by the sums of every
// organisation written.
func (w *newOrgImport) finish(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	return w.tx.addNewOrgDeltas(ctx, w.deltas.rows())
}

func (w *newOrgImport) close() {
	for _, m := range w.ins {
		m.close()
	}
}

// newIDs reserves n ids of a table for rows about to be inserted with
// them. On SQLite the write transaction holds the database: the ids follow
// the largest. On PostgreSQL they are drawn from the table's identity
// sequence, as an insert would draw them.
func (tx *Tx) newIDs(ctx context.Context, table string, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	if n == 0 {
		return out, nil
	}
	if tx.db.dialect == Postgres {
		rows, err := tx.query(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return nil, fmt.Errorf("store: ids of %s: %w", table, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}
	var last int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
		return nil, fmt.Errorf("store: ids of %s: %w", table, err)
	}
	for i := range n {
		out = append(out, last+1+int64(i))
	}
	return out, nil
}
