package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"htxnu/internal/coop"
)

// BulkLoader loads many organisations with their children fast, batch by
// batch: data generation, large imports. Each batch is one transaction that
// writes the rows with multi-row INSERTs (SQLite) or COPY (PostgreSQL) and
// moves the rollups, so the counts always match the committed rows. Finish
// writes one audit event for the whole load.
//
// Organisation ids are assigned by the loader, consecutively from NextID in
// the order the organisations are loaded, so that a producer can point
// ParentID at a union it loaded earlier. Another writer adding organisations
// during the load makes the next batch fail with ECONFLICT rather than
// shift those ids.
//
// Load is Prepare (validate, classify, make the keys: CPU only) then Write
// (the transaction). A producer may Prepare the next batch on its own
// goroutine while the previous one is written, so that both run at once;
// otherwise a BulkLoader is not safe for concurrent use.
type BulkLoader struct {
	db       *DB
	actor    coop.Actor
	today    string
	existing int64
	first    int64 // id of the first organisation of the load

	// Prepare's side.
	prepNext int64          // id the next organisation prepared will get
	unions   map[int64]bool // LHHTX (not archived) prepared in this load
	keyer    *coop.SortKeyer

	// Write's side.
	next    int64 // id the next organisation written must have
	count   int
	failed  error
	conn    *sql.Conn // SQLite: the connection the load writes through
	restore func()    // … and what puts its settings back
}

// BulkBatch is a batch of organisations prepared for writing.
type BulkBatch struct {
	orgs        []coop.Organisation
	rows        []bulkRow
	adds        []specRows // the rollups' deltas
	parents     []int64    // parents to look up in the database
	first, last int64
}

// Len returns the number of organisations in the batch.
func (b *BulkBatch) Len() int { return len(b.orgs) }

// NewBulkLoader starts a bulk load. Only the system and national
// administrators may load in bulk: it writes every province at once.
func (db *DB) NewBulkLoader(ctx context.Context, actor coop.Actor) (*BulkLoader, error) {
	if err := loadAllowed(actor, coop.PermRegistryWrite); err != nil {
		return nil, err
	}
	l := &BulkLoader{db: db, actor: actor, today: db.today(), unions: map[int64]bool{}, keyer: coop.NewSortKeyer()}
	var maxID sql.NullInt64
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*), MAX(id) FROM organisations`).Scan(&l.existing, &maxID); err != nil {
		return nil, fmt.Errorf("store: bulk load: %w", err)
	}
	first, err := db.pastSequence(ctx, "organisations", "bulk load", maxID.Int64+1)
	if err != nil {
		return nil, err
	}
	l.first, l.prepNext, l.next = first, first, first
	return l, nil
}

// loadAllowed refuses a bulk load (of records whose writes need perm) to
// all but the system and national administrators.
func loadAllowed(actor coop.Actor, perm coop.Permission) error {
	if !coop.Can(actor, perm) || !actor.National() || (actor.Role != coop.RoleSystem && actor.Role != coop.RoleAdmin) {
		return coop.Errorf(coop.EFORBIDDEN, "Chỉ quản trị viên cấp trung ương mới được nạp dữ liệu hàng loạt.")
	}
	return nil
}

// pastSequence returns first or, on PostgreSQL, the id after the last the
// identity sequence of table gave away if that is later: a bulk load
// never hands out an id already given (rows rolled back or deleted).
func (db *DB) pastSequence(ctx context.Context, table, what string, first int64) (int64, error) {
	if db.dialect != Postgres {
		return first, nil
	}
	var last sql.NullInt64
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT pg_sequence_last_value(pg_get_serial_sequence('`+table+`', 'id')::regclass)`).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: %s: sequence: %w", what, err)
	}
	if last.Valid && last.Int64 >= first {
		return last.Int64 + 1, nil
	}
	return first, nil
}

// NextID returns the id the next organisation prepared (or loaded) will get.
func (l *BulkLoader) NextID() int64 { return l.prepNext }

// Today returns the date (YYYY-MM-DD, Vietnam) the loader validates and
// classifies against: no date may lie after it.
func (l *BulkLoader) Today() string { return l.today }

// Existing returns how many organisations (archived included) the database
// held when the load started.
func (l *BulkLoader) Existing() int64 { return l.existing }

// Loaded returns how many organisations this load has committed.
func (l *BulkLoader) Loaded() int { return l.count }

// bulkRow is an organisation ready to write.
type bulkRow struct {
	o         *coop.Organisation
	searchKey string
	sortKey   []byte
}

// Load validates and writes one batch in one transaction. On success every
// organisation of orgs carries its id, version, timestamps and derived
// fields; ids of children are left zero. Ids on input are ignored; ParentID
// must name a union (LHHTX) already in the database or loaded before in this
// load (by the id NextID promised). On error nothing of the batch is written.
func (l *BulkLoader) Load(ctx context.Context, orgs []coop.Organisation) error {
	b, err := l.Prepare(orgs)
	if err != nil {
		return err
	}
	return l.Write(ctx, b)
}

// Prepare normalises, validates and classifies orgs, assigns their ids and
// computes their keys, touching no database. A batch that fails to prepare
// takes no ids. Prepared batches must be written in the order prepared.
func (l *BulkLoader) Prepare(orgs []coop.Organisation) (*BulkBatch, error) {
	now := l.db.now().UTC()
	b := &BulkBatch{orgs: orgs, rows: make([]bulkRow, len(orgs)), first: l.prepNext, last: l.prepNext + int64(len(orgs)) - 1}
	batchUnions := map[int64]bool{}
	asked := map[int64]bool{}
	for i := range orgs {
		o := &orgs[i]
		o.ID = b.first + int64(i)
		normalizeNew(o)
		n := int(o.ID - l.first)
		if err := o.Validate(l.today); err != nil {
			return nil, bulkRowError(n, orgs, i, err)
		}
		if p := o.ParentID; p != 0 {
			switch {
			case p >= o.ID:
				return nil, bulkRowError(n, orgs, i, &coop.Error{Code: coop.EINVALID, Message: "Liên hiệp HTX phải có trước các thành viên.",
					Fields: map[string]string{"parent_id": "Liên hiệp hợp tác xã phải được nạp trước hợp tác xã thành viên."}})
			case l.unions[p] || batchUnions[p]:
			case p >= l.first:
				return nil, bulkRowError(n, orgs, i, &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn không phải liên hiệp HTX đang hoạt động.",
					Fields: map[string]string{"parent_id": "Chỉ chọn được một liên hiệp hợp tác xã."}})
			case !asked[p]:
				asked[p] = true
				b.parents = append(b.parents, p)
			}
		}
		if o.Kind == coop.KindLHHTX && !o.Archived {
			batchUnions[o.ID] = true
		}
		o.Derive(l.today)
		o.Version, o.CreatedAt, o.UpdatedAt = 1, now, now
		b.rows[i] = bulkRow{o: o, searchKey: searchKey(o), sortKey: l.keyer.Key(o.Name)}
	}
	b.adds = bulkDeltas(b.rows, l.today)
	for id := range batchUnions {
		l.unions[id] = true
	}
	l.prepNext = b.last + 1
	return b, nil
}

// Write writes a prepared batch in one transaction. When it fails nothing
// of the batch is written and the load ends: later writes return the same
// error (the ids promised after it can no longer be kept).
func (l *BulkLoader) Write(ctx context.Context, b *BulkBatch) error {
	if l.failed != nil {
		return l.failed
	}
	if b.Len() == 0 {
		return nil
	}
	if b.first != l.next {
		return fmt.Errorf("store: bulk load: batch of ids %d… written when %d… was due", b.first, l.next)
	}
	var err error
	if l.db.dialect == Postgres {
		err = l.loadPostgres(ctx, b.rows, b.adds, b.parents, b.last)
	} else {
		err = l.loadSQLite(ctx, b.rows, b.adds, b.parents)
	}
	if err != nil {
		for i := range b.orgs {
			b.orgs[i].ID = 0
		}
		l.failed = err
		l.releaseConn(ctx)
		return err
	}
	l.next = b.last + 1
	l.count += b.Len()
	return nil
}

// Finish ends the load: it writes one audit event summarising what was
// loaded (none when nothing was) and returns the count. Rollups are already
// up to date, batch by batch. Call it also when a batch failed: it gives
// back the connection the load held.
func (l *BulkLoader) Finish(ctx context.Context) (int, error) {
	l.releaseConn(ctx)
	if l.count == 0 {
		return 0, nil
	}
	after := map[string]any{"count": l.count, "first_id": l.first, "last_id": l.next - 1}
	err := l.db.write(ctx, l.actor, func(tx *Tx) error {
		return tx.audit(ctx, "bulk_load", "organisation", 0, "", nil, after)
	})
	return l.count, err
}

// bulkRowError names the organisation (n-th of the load) in err and
// takes back the ids given to the batch.
func bulkRowError(n int, orgs []coop.Organisation, i int, err error) error {
	name := orgs[i].Name
	for j := range orgs[:i+1] {
		orgs[j].ID = 0
	}
	var e *coop.Error
	if errors.As(err, &e) {
		return &coop.Error{Code: e.Code, Message: fmt.Sprintf("Tổ chức thứ %d (%s): %s", n+1, name, e.Message), Fields: e.Fields}
	}
	return fmt.Errorf("store: bulk load: organisation %d (%s): %w", n+1, name, err)
}

func errBulkRace() error {
	return coop.Errorf(coop.ECONFLICT, "Có tổ chức khác vừa được thêm trong khi nạp dữ liệu hàng loạt; hãy chạy lại.")
}

func bulkWriteError(err error) error {
	if isUnique(err) {
		return &coop.Error{Code: coop.ECONFLICT, Message: "Mã số HTX trùng với một tổ chức đã có trong hệ thống.",
			Fields: map[string]string{"registration_no": "Mã số này đã có trong hệ thống."}}
	}
	return fmt.Errorf("store: bulk load: %w", err)
}

// checkParents verifies that each id names an LHHTX that is not archived.
func checkParents(ids []int64, lookup func(id int64) (kind string, archived bool, err error)) error {
	for _, id := range ids {
		kind, archived, err := lookup(id)
		if errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows) {
			return &coop.Error{Code: coop.EINVALID, Message: "Liên hiệp HTX không tồn tại.", Fields: map[string]string{"parent_id": "Không tìm thấy liên hiệp hợp tác xã này."}}
		}
		if err != nil {
			return fmt.Errorf("store: bulk load: parent: %w", err)
		}
		if kind != coop.KindLHHTX || archived {
			return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn không phải liên hiệp HTX đang hoạt động.",
				Fields: map[string]string{"parent_id": "Chỉ chọn được một liên hiệp hợp tác xã."}}
		}
	}
	return nil
}

// SQLite: one IMMEDIATE transaction, multi-row INSERTs through statements
// prepared once per batch and row count.

// The loading connection's settings on SQLite: multi-row INSERTs keep a
// statement journal, in memory it costs no writes to a temporary file; the
// indexes on names take random inserts, a larger page cache keeps them in
// memory; checkpointing every few batches rather than after each writes a
// page touched by several batches once.
const sqliteBulkPragmas = `PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 25000`

// sqliteConn returns the connection the load writes through, set up on
// first use; releaseConn gives it back to the pool as it was.
func (l *BulkLoader) sqliteConn(ctx context.Context) (*sql.Conn, error) {
	if l.conn != nil {
		return l.conn, nil
	}
	conn, restore, err := l.db.sqliteBulkConn(ctx, sqliteBulkPragmas)
	if err != nil {
		return nil, err
	}
	l.conn, l.restore = conn, restore
	return conn, nil
}

func (l *BulkLoader) releaseConn(ctx context.Context) {
	if l.conn == nil {
		return
	}
	l.restore()
	l.conn = nil
}

// sqliteBulkConn takes a connection of the pool and runs pragmas on it
// (temp_store, cache_size, wal_autocheckpoint); the function returned puts
// its settings back and returns it to the pool.
func (db *DB) sqliteBulkConn(ctx context.Context, pragmas string) (*sql.Conn, func(), error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	var cache, checkpoint int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&checkpoint); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, pragmas); err != nil {
		conn.Close()
		return nil, nil, err
	}
	restore := fmt.Sprintf(`PRAGMA temp_store = DEFAULT; PRAGMA cache_size = %d; PRAGMA wal_autocheckpoint = %d`, cache, checkpoint)
	return conn, func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), restore); err != nil {
			// Do not hand a connection with bulk settings back to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

func (l *BulkLoader) loadSQLite(ctx context.Context, rows []bulkRow, adds []specRows, parents []int64) error {
	conn, err := l.sqliteConn(ctx)
	if err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: bulk load: begin: %w", err)
	}
	tx := &Tx{tx: stx, db: l.db, actor: l.actor, now: l.db.now().UTC(), today: l.today, request: RequestID(ctx)}
	if err := l.writeSQLite(ctx, tx, rows, adds, parents); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("store: bulk load: commit: %w", err)
	}
	return nil
}

func (l *BulkLoader) writeSQLite(ctx context.Context, tx *Tx, rows []bulkRow, adds []specRows, parents []int64) error {
	var maxID sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT MAX(id) FROM organisations`).Scan(&maxID); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	if maxID.Int64 >= l.next {
		return errBulkRace()
	}
	if err := checkParents(parents, func(id int64) (kind string, archived bool, err error) {
		err = tx.queryRow(ctx, `SELECT kind, archived FROM organisations WHERE id = ?`, id).Scan(&kind, &archived)
		return
	}); err != nil {
		return err
	}
	ins := []*multiInsert{
		newMultiInsert(tx, "organisations", bulkOrgColumns, 200),
		newMultiInsert(tx, "positions", bulkPositionColumns, 500),
		newMultiInsert(tx, "workforce_snapshots", bulkSnapshotColumns, 500),
		newMultiInsert(tx, "ocop_products", bulkProductColumns, 500),
	}
	defer func() {
		for _, m := range ins {
			m.close()
		}
	}()
	orgs, pos, snaps, prods := ins[0], ins[1], ins[2], ins[3]
	for _, r := range rows {
		if err := orgs.add(ctx, orgValues(r)...); err != nil {
			return bulkWriteError(err)
		}
	}
	if err := orgs.flush(ctx); err != nil {
		return bulkWriteError(err)
	}
	for _, r := range rows {
		o := r.o
		for i := range o.Positions {
			if err := pos.add(ctx, positionValues(o.ID, &o.Positions[i])...); err != nil {
				return bulkWriteError(err)
			}
		}
		for i := range o.Snapshots {
			if err := snaps.add(ctx, snapshotValues(o.ID, &o.Snapshots[i])...); err != nil {
				return bulkWriteError(err)
			}
		}
		for i := range o.Products {
			if err := prods.add(ctx, productValues(o.ID, &o.Products[i])...); err != nil {
				return bulkWriteError(err)
			}
		}
	}
	for _, m := range ins[1:] {
		if err := m.flush(ctx); err != nil {
			return bulkWriteError(err)
		}
	}
	return tx.addNewOrgDeltas(ctx, adds)
}

// PostgreSQL: one transaction with COPY for every table, the organisations
// table locked against other writers so the ids stay ours, and the identity
// sequence moved past the ids used so later inserts never collide.

// pgMaxParams stays under PostgreSQL's limit of 65,535 parameters.
const pgMaxParams = 65000

// beginLoad starts a bulk load of table on PostgreSQL (what names it in
// errors): a transaction holding the table's lock, in which no row has an
// id from next on (else race's error: another writer took the ids the
// load was promised).
func (db *DB) beginLoad(ctx context.Context, table, what string, next int64, race func() error) (pgx.Tx, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: %s: begin: %w", what, err)
	}
	fail := func(err error) (pgx.Tx, error) {
		tx.Rollback(ctx)
		return nil, err
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE `+table+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fail(fmt.Errorf("store: %s: lock: %w", what, err))
	}
	var maxID *int64
	if err := tx.QueryRow(ctx, `SELECT MAX(id) FROM `+table).Scan(&maxID); err != nil {
		return fail(fmt.Errorf("store: %s: %w", what, err))
	}
	if maxID != nil && *maxID >= next {
		return fail(race())
	}
	return tx, nil
}

func (l *BulkLoader) loadPostgres(ctx context.Context, rows []bulkRow, adds []specRows, parents []int64, last int64) error {
	tx, err := l.db.beginLoad(ctx, "organisations", "bulk load", l.next, errBulkRace)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := checkParents(parents, func(id int64) (kind string, archived bool, err error) {
		var a int64
		err = tx.QueryRow(ctx, `SELECT kind, archived FROM organisations WHERE id = $1`, id).Scan(&kind, &a)
		return kind, a != 0, err
	}); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('organisations', 'id'), $1)`, last); err != nil {
		return fmt.Errorf("store: bulk load: sequence: %w", err)
	}
	orgRows := make([][]any, len(rows))
	var posRows, snapRows, prodRows [][]any
	for i, r := range rows {
		orgRows[i] = orgValues(r)
		o := r.o
		for j := range o.Positions {
			posRows = append(posRows, positionValues(o.ID, &o.Positions[j]))
		}
		for j := range o.Snapshots {
			snapRows = append(snapRows, snapshotValues(o.ID, &o.Snapshots[j]))
		}
		for j := range o.Products {
			prodRows = append(prodRows, productValues(o.ID, &o.Products[j]))
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"organisations", bulkOrgColumns, orgRows},
		{"positions", bulkPositionColumns, posRows},
		{"workforce_snapshots", bulkSnapshotColumns, snapRows},
		{"ocop_products", bulkProductColumns, prodRows},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return bulkWriteError(err)
		}
	}
	for _, a := range adds {
		if err := a.spec.each(a.rows, func(q string, args []any) error {
			_, err := tx.Exec(ctx, rebind(Postgres, q), args...)
			return err
		}); err != nil {
			return fmt.Errorf("store: bulk load: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: bulk load: commit: %w", err)
	}
	return nil
}
