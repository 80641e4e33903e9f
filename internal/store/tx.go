package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"htxnu/internal/coop"
)

// Tx is a write transaction with its acting user. Lower-case store helpers
// take a *Tx so that every write and its audit row share one transaction.
type Tx struct {
	tx      *sql.Tx
	db      *DB
	actor   coop.Actor
	now     time.Time
	today   string
	request string
	// importID is the import a write belongs to (0 for none): its audit
	// events carry it, so an import can be traced and undone.
	importID int64
	// statements counts the statements run through the transaction's
	// helpers (and txQueryer), so that tests can bound what a write costs.
	statements atomic.Int64
	// conn is the connection the transaction runs on, when it was begun
	// on one (an import's, for COPY on PostgreSQL: bulk_copy.go).
	conn *sql.Conn
	// pipe, when set, queues the statements exec is given, to be sent
	// together before the next query (bulk_pipe.go).
	pipe *stmtPipe
}

type ctxKey int

const (
	requestIDKey ctxKey = iota + 1
	provinceGivenKey
)

// contextString returns the string ctx carries under the key, if any.
func contextString(ctx context.Context, k ctxKey) string {
	s, _ := ctx.Value(k).(string)
	return s
}

// WithRequestID returns a context carrying the request id recorded in audit
// events.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id carried by ctx, if any.
func RequestID(ctx context.Context) string { return contextString(ctx, requestIDKey) }

// WithProvinceGiven returns a context carrying the province as the user gave
// it (e.g. "Tỉnh Bình Dương") when it was resolved to another, 2025 one:
// every audit event written with the context keeps it in its after-state
// as "province_given".
func WithProvinceGiven(ctx context.Context, given string) context.Context {
	return context.WithValue(ctx, provinceGivenKey, given)
}

// ProvinceGiven returns the province as given carried by ctx, if any.
func ProvinceGiven(ctx context.Context) string { return contextString(ctx, provinceGivenKey) }

// write runs fn in one write transaction (IMMEDIATE on SQLite) and commits
// it when fn returns nil.
func (db *DB) write(ctx context.Context, actor coop.Actor, fn func(*Tx) error) error {
	defer db.writeTurn(ctx)()
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return db.run(ctx, stx, actor, fn)
}

// run runs fn in the transaction stx and commits it, or rolls it back
// when fn fails.
func (db *DB) run(ctx context.Context, stx *sql.Tx, actor coop.Actor, fn func(*Tx) error) error {
	now := db.now().UTC()
	tx := &Tx{tx: stx, db: db, actor: actor, now: now, today: db.today(), request: RequestID(ctx)}
	if err := fn(tx); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.statements.Add(1)
	if tx.pipe != nil {
		return tx.pipe.queue(tx.db.rebind(q), args, nil), nil
	}
	return tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.statements.Add(1)
	if err := tx.pipe.send(ctx); err != nil {
		return nil, err
	}
	return tx.tx.QueryContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	tx.statements.Add(1)
	// A failure of the statements sent is kept by the pipe, whose owner
	// reports it; the query then fails in the aborted transaction.
	tx.pipe.send(ctx)
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

// txQueryer is the transaction as a queryer for the read helpers (which
// rebind their queries themselves), counting its statements.
type txQueryer struct{ tx *Tx }

func (q txQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.tx.statements.Add(1)
	return q.tx.tx.QueryContext(ctx, query, args...)
}

func (q txQueryer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q.tx.statements.Add(1)
	return q.tx.tx.QueryRowContext(ctx, query, args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	if err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

// queryer is what read helpers need: a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs a query and reads every row by scan (what names the query
// in errors); no row is an empty list.
func queryAll[T any](ctx context.Context, db *DB, what, q string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return collect(rows, []T{}, scan)
}

// values adapts a scan giving a pointer to one giving the value.
func values[T any](scan func(scanner) (*T, error)) func(scanner) (T, error) {
	return func(s scanner) (T, error) {
		v, err := scan(s)
		if err != nil {
			var zero T
			return zero, err
		}
		return *v, nil
	}
}

// collect appends every row to out, read by scan, and closes the rows.
func collect[T any](rows *sql.Rows, out []T, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AuditEvent is one entry of the audit trail.
type AuditEvent struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   int64           `json:"actor_id"`
	ActorName string          `json:"actor_name"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  int64           `json:"entity_id"`
	Province  string          `json:"province"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	RequestID string          `json:"request_id"`
}

// audit writes one audit event in the transaction. before and after are
// marshalled to JSON; nil stays empty.
func (tx *Tx) audit(ctx context.Context, action, entity string, id int64, province string, before, after any) error {
	vals, err := tx.auditValues(ctx, action, entity, id, province, before, after)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_events (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, vals...)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return tx.noticeFor(ctx, action, entity, id, province)
}

const auditColumns = `at, actor_id, actor_name, action, entity, entity_id, province, before_json, after_json, request_id, import_id, family`

// auditValues are the values of an audit event's row, in auditColumns'
// order.
func (tx *Tx) auditValues(ctx context.Context, action, entity string, id int64, province string, before, after any) ([]any, error) {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return nil, fmt.Errorf("store: audit before: %w", err)
	}
	a, err := enc(after)
	if err != nil {
		return nil, fmt.Errorf("store: audit after: %w", err)
	}
	family := auditFamily(entity, b, a)
	if given := ProvinceGiven(ctx); given != "" && strings.HasPrefix(a, "{") {
		g, _ := json.Marshal(given)
		sep := ","
		if strings.HasPrefix(strings.TrimSpace(a[1:]), "}") {
			sep = ""
		}
		a = `{"province_given":` + string(g) + sep + a[1:]
	}
	return []any{tx.now, tx.actor.UserID, tx.actor.Name, action, entity, id, province, b, a, tx.request, tx.importID, family}, nil
}

// AuditFilter selects audit events.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Province string
	ActorID  int64
	Text     string // words of the record's name or values, as typed
	From, To string // YYYY-MM-DD, inclusive
	Page     int
	PerPage  int
}

// AuditEvents lists audit events, newest first, scoped to the actor's
// province.
func (db *DB) AuditEvents(ctx context.Context, actor coop.Actor, f AuditFilter) ([]AuditEvent, int, error) {
	if !coop.Can(actor, coop.PermAuditRead) {
		return nil, 0, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem nhật ký.")
	}
	return db.auditEvents(ctx, actor, f)
}

// OrganisationHistory lists the audit events of one organisation, for
// anyone who may see the organisation.
func (db *DB) OrganisationHistory(ctx context.Context, actor coop.Actor, id int64, page, perPage int) ([]AuditEvent, int, error) {
	o, err := scanOrganisation(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+orgColumns+` FROM organisations WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.Province})) {
		return nil, 0, coop.NotFound("tổ chức")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: organisation %d for its history: %w", id, err)
	}
	// The organisation's whole history is visible with it, including events
	// recorded while it belonged to another province.
	return db.auditEvents(ctx, coop.System, AuditFilter{Entity: "organisation", EntityID: id, Page: page, PerPage: perPage})
}

func (db *DB) auditEvents(ctx context.Context, actor coop.Actor, f AuditFilter) ([]AuditEvent, int, error) {
	where, args := auditListWhere(actor, f)
	page, per := pageBounds(f.Page, f.PerPage)
	var total int
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM audit_events WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit: %w", err)
	}
	page = lastPage(page, per, total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+auditReadColumns+` FROM audit_events WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`),
		append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit: %w", err)
	}
	out, err := collect(rows, nil, scanAuditEvent)
	return out, total, err
}

// auditReadColumns are the columns of an AuditEvent, in scanAuditEvent's order.
const auditReadColumns = `id, at, actor_id, actor_name, action, entity, entity_id, province, before_json, after_json, request_id`

func scanAuditEvent(s scanner) (AuditEvent, error) {
	var e AuditEvent
	var b, a string
	if err := s.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Province, &b, &a, &e.RequestID); err != nil {
		return e, err
	}
	if b != "" {
		e.Before = json.RawMessage(b)
	}
	if a != "" {
		e.After = json.RawMessage(a)
	}
	return e, nil
}

var vnZone = time.FixedZone("ICT", 7*3600)

// conds is the condition of a list's query, built clause by clause with
// its arguments; with no clause it is true.
type conds struct {
	clauses []string
	args    []any
}

// add adds a clause and its arguments.
func (c *conds) add(clause string, args ...any) {
	c.clauses = append(c.clauses, clause)
	c.args = append(c.args, args...)
}

// ownProvince limits a provincial actor to its province (col = ?).
func (c *conds) ownProvince(col string, actor coop.Actor) {
	if !actor.National() {
		c.add(col+" = ?", actor.Province)
	}
}

// eq adds "col = ?" when v, a string or an integer, is given (not empty,
// not zero).
func (c *conds) eq(col string, v any) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return
		}
	case int:
		if x == 0 {
			return
		}
	case int64:
		if x == 0 {
			return
		}
	}
	c.add(col+" = ?", v)
}

// where is the condition as SQL.
func (c *conds) where() string {
	if len(c.clauses) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.clauses, " AND ")
}

// Paging is where a page of a list stands: how many rows the filter
// matches, the page's number and its size.
type Paging struct {
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// Pages returns the number of pages.
func (p Paging) Pages() int {
	if p.PerPage == 0 {
		return 0
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// pageBounds clamps page and per-page values.
func pageBounds(page, per int) (int, int) {
	page = coop.ClampPage(page)
	if per <= 0 {
		per = 25
	}
	if per > 200 {
		per = 200
	}
	return page, per
}

// AuditPerson is someone who appears in the audit trail.
type AuditPerson struct {
	ID   int64
	Name string
}

// AuditPeople lists the people who made the changes the actor may read,
// by name, for the audit page's filter.
func (db *DB) AuditPeople(ctx context.Context, actor coop.Actor) ([]AuditPerson, error) {
	if !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResAudit}) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem nhật ký.")
	}
	where, args := "actor_id <> 0", []any{}
	if !actor.National() {
		where += " AND province = ?"
		args = append(args, actor.Province)
	}
	return queryAll(ctx, db, "audit people", `SELECT actor_id, MAX(actor_name) FROM audit_events WHERE `+where+` GROUP BY actor_id ORDER BY 2`, args,
		func(s scanner) (p AuditPerson, err error) { err = s.Scan(&p.ID, &p.Name); return })
}

// statusCounts counts a list's rows by status into by, from query (the
// status, a count and a third figure, grouped by status), and sums the
// count and the third figure over the status asked for (every status when
// it is "").
func (db *DB) statusCounts(ctx context.Context, query string, args []any, status string, by map[string]int) (n, third int, err error) {
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(query), args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var c, t int
		if err := rows.Scan(&s, &c, &t); err != nil {
			return 0, 0, err
		}
		by[s] = c
		if status == "" || status == s {
			n, third = n+c, third+t
		}
	}
	return n, third, rows.Err()
}

// withStatus adds to where the condition on status, when one is asked for.
func withStatus(where string, args []any, status string) (string, []any) {
	if status == "" {
		return where, args
	}
	return where + " AND status = ?", append(args, status)
}

// lastPage clamps a page past the end of a list to its last page, so
// "page 999 of 3" shows page 3.
func lastPage(page, per, total int) int {
	if last := (total + per - 1) / per; page > last && last > 0 {
		return last
	}
	return page
}
