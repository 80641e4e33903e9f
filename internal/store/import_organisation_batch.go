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
	ins      map[string]rowWriter
	// trigrams: the paused trigger (SQLite) and the trigrams of the
	// organisations written, which finish adds.
	trigrams *trigramPause
	paused   bool
	grams    trigramRows
	// reserved: ids drawn for the whole import at its start (reserve),
	// by table, taken by each batch in turn.
	reserved map[string][]int64
}

var (
	importAuditColumns  = []string{"at", "actor_id", "actor_name", "action", "entity", "entity_id", "province", "before_json", "after_json", "request_id", "import_id", "family"}
	importRecordColumns = []string{"import_id", "entity", "entity_id", "action", "version_after", "before_json"}
)

func (tx *Tx) newOrgImport(importID int64) *newOrgImport {
	w := &newOrgImport{tx: tx, importID: importID, deltas: makeNewOrgDeltas(tx.today), keyer: coop.NewSortKeyer(), ins: map[string]rowWriter{
		"organisations":       newRowWriter(tx, "organisations", bulkOrgColumns, 200),
		"positions":           newRowWriter(tx, "positions", append([]string{"id"}, bulkPositionColumns...), 500),
		"workforce_snapshots": newRowWriter(tx, "workforce_snapshots", append([]string{"id"}, bulkSnapshotColumns...), 500),
		"ocop_products":       newRowWriter(tx, "ocop_products", append([]string{"id"}, bulkProductColumns...), 500),
		"audit_events":        newRowWriter(tx, "audit_events", importAuditColumns, 500),
		"import_records":      newRowWriter(tx, "import_records", importRecordColumns, 500),
		"manager_spans":       newRowWriter(tx, "manager_spans", managerSpanColumns, 500),
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
// full, before any other write of the import and at its end. The ids are
// reserved and given first; the audit events' JSON and the rollup deltas
// are then worked out on a goroutine of their own while the rows are
// inserted.
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
		if r := w.reserved[table]; n > 0 && len(r) >= n {
			ids[table], w.reserved[table] = r[:n:n], r[n:]
			continue
		}
		var err error
		if ids[table], err = tx.newIDs(ctx, table, n); err != nil {
			return err
		}
	}
	w.assignIDs(ids)
	if err := w.pauseTrigrams(ctx); err != nil {
		return err
	}
	audit := make([][]any, len(w.pending))
	prepared := make(chan error, 1)
	go func() { prepared <- w.prepare(ctx, audit) }()
	err := w.writeRows(ctx)
	if perr := <-prepared; err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	for i, r := range w.pending {
		if err := w.ins["audit_events"].add(ctx, audit[i]...); err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
		if err := tx.noticeFor(ctx, "create", "organisation", r.next.ID, r.next.Province); err != nil {
			return err
		}
		if err := w.ins["import_records"].add(ctx, w.importID, "organisation", r.next.ID, "create", r.next.Version, ""); err != nil {
			return fmt.Errorf("store: import record: %w", err)
		}
	}
	for _, t := range []string{"audit_events", "import_records"} {
		if err := w.ins[t].flush(ctx); err != nil {
			return fmt.Errorf("store: import %s: %w", t, err)
		}
	}
	// The batch's manager spans are written now rather than held to the
	// end with the rollup deltas: on 100,000 organisations they weigh tens
	// of megabytes. They are a new organisation's own, each key once
	// (managerSpanRows): inserted, with COPY on PostgreSQL, rather than
	// added to rows that may exist.
	for _, row := range w.deltas.takeSpans() {
		if err := w.ins["manager_spans"].add(ctx, row...); err != nil {
			return fmt.Errorf("store: manager spans: %w", err)
		}
	}
	if err := w.ins["manager_spans"].flush(ctx); err != nil {
		return fmt.Errorf("store: manager spans: %w", err)
	}
	clear(w.pending)
	w.pending = w.pending[:0]
	return nil
}

// reserve draws, before the first batch, the ids of every new
// organisation of a plan and of its positions, workforce snapshots and
// products: one query a table rather than one a table for each batch.
// Batches take them in the plan's order; ids a batch cannot take from
// the reserve are drawn then. Only on PostgreSQL, whose ids come from
// sequences: on SQLite an id follows the largest in the table, so the
// import's changes, inserting children between its batches, would take
// ids reserved for a later batch (and there newIDs costs no round trip).
func (w *newOrgImport) reserve(ctx context.Context, rows []plannedOrg) error {
	if w.tx.db.dialect != Postgres {
		return nil
	}
	need := map[string]int{}
	for _, r := range rows {
		if r.action != "new" {
			continue
		}
		need["organisations"]++
		need["positions"] += len(r.next.Positions)
		need["workforce_snapshots"] += len(r.next.Snapshots)
		need["ocop_products"] += len(r.next.Products)
	}
	w.reserved = map[string][]int64{}
	for table, n := range need {
		ids, err := w.tx.newIDs(ctx, table, n)
		if err != nil {
			return err
		}
		w.reserved[table] = ids
	}
	return nil
}

// assignIDs gives the queued organisations and their children the ids
// reserved for them.
func (w *newOrgImport) assignIDs(ids map[string][]int64) {
	var ip, is, ipr int
	for i, r := range w.pending {
		o := r.next
		o.ID = ids["organisations"][i]
		for j := range o.Positions {
			o.Positions[j].ID, ip = ids["positions"][ip], ip+1
		}
		for j := range o.Snapshots {
			o.Snapshots[j].ID, is = ids["workforce_snapshots"][is], is+1
		}
		for j := range o.Products {
			o.Products[j].ID, ipr = ids["ocop_products"][ipr], ipr+1
		}
	}
}

// prepare works out the audit event of each queued organisation (as
// createOrganisation writes it, an old province given kept) and adds its
// rollup deltas, and, with the trigger paused, its search trigrams. It
// reads the queue and writes nothing to the database.
func (w *newOrgImport) prepare(ctx context.Context, audit [][]any) error {
	for i, r := range w.pending {
		o, ctx := r.next, ctx
		if r.given != "" {
			ctx = WithProvinceGiven(ctx, r.given)
		}
		vals, err := w.tx.auditValues(ctx, "create", "organisation", o.ID, o.Province, nil, orgAuditOf(o))
		if err != nil {
			return err
		}
		audit[i] = vals
		w.deltas.add(o)
		if w.trigrams != nil {
			w.grams.add(o.ID, searchKey(o))
		}
	}
	return nil
}

// writeRows inserts the queued organisations, their positions, workforce
// snapshots and products.
func (w *newOrgImport) writeRows(ctx context.Context) error {
	for _, r := range w.pending {
		o := r.next
		if err := w.ins["organisations"].add(ctx, orgValues(bulkRow{o: o, searchKey: searchKey(o), sortKey: w.keyer.Key(o.Name)})...); err != nil {
			return w.tx.orgWriteError(err)
		}
	}
	if err := w.ins["organisations"].flush(ctx); err != nil {
		return w.tx.orgWriteError(err)
	}
	for _, r := range w.pending {
		o := r.next
		for j := range o.Positions {
			if err := w.ins["positions"].add(ctx, append([]any{o.Positions[j].ID}, positionValues(o.ID, &o.Positions[j])...)...); err != nil {
				return fmt.Errorf("store: insert position: %w", err)
			}
		}
		for j := range o.Snapshots {
			if err := w.ins["workforce_snapshots"].add(ctx, append([]any{o.Snapshots[j].ID}, snapshotValues(o.ID, &o.Snapshots[j])...)...); err != nil {
				return fmt.Errorf("store: insert workforce: %w", err)
			}
		}
		for j := range o.Products {
			if err := w.ins["ocop_products"].add(ctx, append([]any{o.Products[j].ID}, productValues(o.ID, &o.Products[j])...)...); err != nil {
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

// orgAudit is an organisation as auditView shows it, in the same JSON (the
// fields in the order of the view's sorted keys), without building a map
// for each of many organisations.
type orgAudit struct {
	Address        string          `json:"address"`
	Archived       bool            `json:"archived"`
	Commune        string          `json:"commune"`
	Flags          map[string]bool `json:"flags"`
	FoundedOn      string          `json:"founded_on"`
	Governance     string          `json:"governance"`
	Kind           string          `json:"kind"`
	Name           string          `json:"name"`
	Products       []coop.Product  `json:"ocop_products"`
	ParentID       int64           `json:"parent_id"`
	Phone          string          `json:"phone"`
	Positions      []coop.Position `json:"positions"`
	Province       string          `json:"province"`
	RegistrationNo string          `json:"registration_no"`
	Sector         string          `json:"sector"`
	Status         string          `json:"status"`
	Version        int64           `json:"version"`
	Snapshots      []coop.Snapshot `json:"workforce"`
}

func orgAuditOf(o *coop.Organisation) orgAudit {
	return orgAudit{Address: o.Address, Archived: o.Archived, Commune: o.Commune, FoundedOn: o.FoundedOn, Governance: o.Governance, Kind: o.Kind, Name: o.Name, Products: o.Products,
		ParentID: o.ParentID, Phone: o.Phone, Positions: o.Positions, Province: o.Province, RegistrationNo: o.RegistrationNo,
		Sector: o.Sector, Status: o.Status, Version: o.Version, Snapshots: o.Snapshots,
		Flags: map[string]bool{coop.RuleWIMDefault: o.Flags.WIMDefault, coop.RuleWIMStrict: o.Flags.WIMStrict,
			coop.RuleHFLTiers: o.Flags.HFLTiers, coop.RuleHFLShare50: o.Flags.HFLShare50}}
}

// pauseTrigrams pauses the trigram trigger at the first batch.
func (w *newOrgImport) pauseTrigrams(ctx context.Context) error {
	if !w.paused {
		var err error
		if w.trigrams, err = w.tx.pauseTrigramTrigger(ctx, "org_trigrams_insert"); err != nil {
			return err
		}
		w.paused = true
	}
	return nil
}

// finish writes what is queued, the trigrams of every organisation written
// when the trigger was paused, and moves the rollups by the sums of every
// organisation written.
func (w *newOrgImport) finish(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	if w.trigrams != nil {
		if err := w.grams.write(ctx, w.tx); err != nil {
			return err
		}
		if err := w.trigrams.resume(ctx, w.tx); err != nil {
			return err
		}
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
		// The sequence is looked up once (OFFSET 0 keeps the subquery
		// from being pulled up into the select list), not once per id:
		// 34 rather than 240 ms per 100,000 ids.
		rows, err := tx.query(ctx, `SELECT nextval(s) FROM (SELECT pg_get_serial_sequence('`+table+`', 'id')::regclass AS s OFFSET 0) seq,
			generate_series(1, ?)`, n)
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
