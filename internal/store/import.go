package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// Import kinds.
const (
	ImportOrganisations = "organisations"
	ImportActivities    = "activities"
	ImportAttendance    = "attendance"
	ImportAllocations   = "allocations"
)

// ImportKinds lists the kinds of data a spreadsheet can bring in, with
// their Vietnamese names.
var ImportKinds = coop.CodeList{
	{Code: ImportOrganisations, Label: "Sổ đăng ký tổ chức (HTX, liên hiệp HTX, tổ hợp tác)"},
	{Code: ImportActivities, Label: "Hoạt động hỗ trợ"},
	{Code: ImportAttendance, Label: "Danh sách học viên tập huấn"},
	{Code: ImportAllocations, Label: "Phân bổ chỉ tiêu cho các tỉnh"},
}

// Import states.
const (
	ImportProcessing = "processing" // reading the file and preparing the preview
	ImportReady      = "ready"      // preview ready: nothing written yet
	ImportFailed     = "failed"     // the file could not be read: see Message
	ImportCommitting = "committing" // being written
	ImportCommitted  = "committed"
	ImportReverted   = "reverted"
)

// ImportStatuses names the states for people.
var ImportStatuses = coop.CodeList{
	{Code: ImportProcessing, Label: "Đang đọc tệp"},
	{Code: ImportReady, Label: "Chờ xác nhận"},
	{Code: ImportFailed, Label: "Không đọc được tệp"},
	{Code: ImportCommitting, Label: "Đang ghi dữ liệu"},
	{Code: ImportCommitted, Label: "Đã nhập"},
	{Code: ImportReverted, Label: "Đã hoàn tác"},
}

// ImportSummary counts the rows of an import by what they do.
type ImportSummary struct {
	Rows      int `json:"rows"`
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Errors    int `json:"errors"`
}

// FieldChange is one field of a record before and after an import.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// ImportChange is what an import does to one record.
type ImportChange struct {
	Row            int           `json:"row"`
	Action         string        `json:"action"` // "new" or "update"
	ID             int64         `json:"id,omitempty"`
	Name           string        `json:"name"`
	RegistrationNo string        `json:"registration_no,omitempty"`
	Fields         []FieldChange `json:"fields,omitempty"`
	Note           string        `json:"note,omitempty"`
}

// ImportProgress is how far a running import has got.
type ImportProgress struct {
	Phase string `json:"phase"` // "preview" or "commit"
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Import is one spreadsheet brought in: the file, who brought it, what the
// preview found and its state.
type Import struct {
	ID          int64            `json:"id"`
	Kind        string           `json:"kind"`
	Status      string           `json:"status"`
	Summary     ImportSummary    `json:"summary"`
	Province    string           `json:"province"`
	ActorID     int64            `json:"actor_id"`
	ActorName   string           `json:"actor_name"`
	FileName    string           `json:"file_name"`
	FileSHA256  string           `json:"file_sha256"`
	FileSize    int64            `json:"file_size"`
	Message     string           `json:"message,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
	CommittedAt *time.Time       `json:"committed_at,omitempty"`
	RevertedAt  *time.Time       `json:"reverted_at,omitempty"`
	Errors      []xlsx.CellError `json:"errors"`
	Changes     []ImportChange   `json:"changes"`
	Notes       []string         `json:"notes,omitempty"` // old provinces mapped
	MoreChanges int              `json:"more_changes,omitempty"`
	Progress    *ImportProgress  `json:"progress,omitempty"`
	data        []byte
	preview     *importPreviewJSON // nil until read
}

// importPreviewJSON is what imports.preview_json holds.
type importPreviewJSON struct {
	Errors      []xlsx.CellError `json:"errors"`
	Changes     []ImportChange   `json:"changes"`
	Notes       []string         `json:"notes,omitempty"`
	MoreChanges int              `json:"more_changes,omitempty"`
}

// maxPreviewChanges bounds the changes kept for the preview page; the
// counts always cover every row.
const maxPreviewChanges = 2000

// BackgroundRows is the number of rows above which an import is read and
// committed as a job on its own goroutine, its progress polled by the page.
var BackgroundRows = 2000

// BackgroundBytes is the file size above which an upload is read as a job.
var BackgroundBytes = 256 << 10

// errHeaderRead stops the first look at a large file after its header.
var errHeaderRead = errors.New("header read")

// importJobs holds the progress of the imports running in this process.
var importJobs sync.Map // importJobKey → *ImportProgress

type importJobKey struct {
	db *DB
	id int64
}

func (db *DB) setProgress(id int64, p *ImportProgress) {
	if p == nil {
		importJobs.Delete(importJobKey{db, id})
		return
	}
	importJobs.Store(importJobKey{db, id}, p)
}

func (db *DB) progress(id int64) *ImportProgress {
	if v, ok := importJobs.Load(importJobKey{db, id}); ok {
		p := *v.(*ImportProgress)
		return &p
	}
	return nil
}

// NewImport stores an uploaded file and prepares its preview: nothing it
// brings is written yet. A large file is read on a goroutine of its own:
// the import is then returned in state ImportProcessing and its progress
// is read with Import. A file that cannot be read at all (not a
// spreadsheet, too large, missing headers) is an EINVALID error, and
// nothing is stored.
func (db *DB) NewImport(ctx context.Context, actor coop.Actor, kind, fileName string, data []byte) (*Import, error) {
	return db.NewImportWith(ctx, actor, kind, fileName, data, ImportOptions{})
}

// ImportOptions change how NewImportWith and CommitImportWith run.
type ImportOptions struct {
	Wait     bool                 // run in the caller's goroutine, however large the file
	Progress func(ImportProgress) // called as rows are read and written
}

func (o ImportOptions) background(rows int) bool { return !o.Wait && rows > BackgroundRows }

// NewImportWith is NewImport with options.
func (db *DB) NewImportWith(ctx context.Context, actor coop.Actor, kind, fileName string, data []byte, opt ImportOptions) (*Import, error) {
	if len(ImportableKinds(actor)) == 0 {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền nhập dữ liệu.")
	}
	k, ok := importKinds[kind]
	if !ok {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Chọn loại dữ liệu cần nhập.", Fields: map[string]string{"kind": "Chọn loại dữ liệu cần nhập."}}
	}
	if !k.allowed(actor) {
		return nil, &coop.Error{Code: coop.EFORBIDDEN, Message: fmt.Sprintf("Bạn không có quyền nhập “%s”.", ImportKinds.Label(kind)),
			Fields: map[string]string{"kind": "Chọn loại dữ liệu bạn được nhập."}}
	}
	if len(data) > xlsx.MaxFileSize {
		return nil, xlsx.ErrTooLarge
	}
	fileName = coop.Clean(fileName)
	if fileName == "" {
		fileName = "tep-nhap.xlsx"
	}
	if utf8.RuneCountInString(fileName) > 200 {
		fileName = string([]rune(fileName)[:200])
	}
	// Check the file and its header first, so that a file that is not a
	// spreadsheet or lacks a required column is refused at once and
	// nothing is stored. A small file is read whole (its row count and
	// limits checked); a large one is read by the job.
	cols := k.fields()
	large := len(data) > BackgroundBytes
	h, err := xlsx.Read(fileName, data, cols, func(xlsx.Row) error {
		if large {
			return errHeaderRead
		}
		return nil
	})
	if err != nil && err != errHeaderRead {
		return nil, err
	}
	sum := sha256.Sum256(data)
	now := db.now().UTC()
	imp := &Import{Kind: kind, Status: ImportProcessing, Province: actor.Province, ActorID: actor.UserID, ActorName: actor.Name,
		FileName: fileName, FileSHA256: hex.EncodeToString(sum[:]), FileSize: int64(len(data)), CreatedAt: now, data: data}
	if !large {
		imp.Summary.Rows = h.Rows
	}
	err = db.write(ctx, actor, func(tx *Tx) error {
		id, err := tx.insert(ctx, `INSERT INTO imports (kind, province, actor_id, actor_name, file_name, file_sha256, file_size, file_data,
			status, rows_total, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			kind, imp.Province, actor.UserID, actor.Name, imp.FileName, imp.FileSHA256, imp.FileSize, data, ImportProcessing, imp.Summary.Rows, now, now)
		imp.ID = id
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: new import: %w", err)
	}
	if large && !opt.Wait {
		db.setProgress(imp.ID, &ImportProgress{Phase: "preview"})
		go func() {
			ctx := context.WithoutCancel(ctx)
			if err := db.runPreview(ctx, actor, imp, true, opt.Progress); err != nil {
				db.failImport(ctx, imp, err, true)
			}
			db.setProgress(imp.ID, nil)
		}()
		return imp, nil
	}
	if err := db.runPreview(ctx, actor, imp, false, opt.Progress); err != nil {
		db.failImport(ctx, imp, err, false)
		return nil, err
	}
	return db.Import(ctx, actor, imp.ID)
}

// failImport records that an import could not be read or written. When
// the work ran as a job (tell), the person who started the import is told,
// in the same transaction.
func (db *DB) failImport(ctx context.Context, imp *Import, err error, tell bool) {
	msg := coop.ErrorMessage(err)
	if coop.ErrorCode(err) == coop.EINTERNAL || coop.ErrorCode(err) == "" {
		db.logger().Error("import failed", "import", imp.ID, "err", err)
		msg = "Đã có lỗi hệ thống khi xử lý tệp."
	}
	werr := db.write(ctx, coop.System, func(tx *Tx) error {
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM imports WHERE id = ?`, imp.ID).Scan(&status); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE imports SET status = CASE WHEN status = ? THEN ? ELSE ? END, message = ?, updated_at = ? WHERE id = ?`,
			ImportCommitting, ImportReady, ImportFailed, msg, tx.now, imp.ID)
		if err != nil || !tell {
			return err
		}
		title := "Không đọc được tệp nhập “" + imp.FileName + "”"
		if status == ImportCommitting {
			title = "Chưa ghi được tệp nhập “" + imp.FileName + "”: không có gì thay đổi"
		}
		return tx.notifyImport(ctx, imp, title, msg)
	})
	if werr != nil {
		db.logger().Error("import failure not recorded", "import", imp.ID, "err", werr)
	}
}

func (db *DB) logger() *slog.Logger {
	if db.log != nil {
		return db.log
	}
	return slog.Default()
}

// runPreview reads the file, plans every row against the database and
// stores the preview. When it ran as a job, the person who uploaded the
// file is told the preview is ready.
func (db *DB) runPreview(ctx context.Context, actor coop.Actor, imp *Import, background bool, report func(ImportProgress)) (err error) {
	k := importKinds[imp.Kind]
	plan, err := k.plan(ctx, db, db.sql, actor, db.today(), imp.FileName, imp.data, imp.Summary.Rows, func(done, total int) {
		p := ImportProgress{Phase: "preview", Done: done, Total: total}
		db.setProgress(imp.ID, &p)
		if report != nil {
			report(p)
		}
	})
	if err != nil {
		return err
	}
	b, err := json.Marshal(plan.preview)
	if err != nil {
		return err
	}
	s := plan.summary
	if plan.kept != nil {
		defer func() {
			if err == nil {
				plan.kept.file = imp.FileSHA256
				db.keepPlan(imp.ID, plan.kept)
			}
		}()
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE imports SET status = ?, rows_total = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?,
		rows_error = ?, preview_json = ?, updated_at = ? WHERE id = ?`,
			ImportReady, s.Rows, s.New, s.Updated, s.Unchanged, s.Errors, string(b), tx.now, imp.ID)
		if err != nil {
			return fmt.Errorf("store: save preview: %w", err)
		}
		if !background {
			// The person waited for the preview and reads it at once.
			return nil
		}
		return tx.notifyImport(ctx, imp, "Đã đọc xong tệp nhập “"+imp.FileName+"”: bản xem trước đã sẵn sàng",
			fmt.Sprintf("%d dòng: %d %s mới, %d cập nhật, %d không đổi, %d dòng lỗi. Hãy xem lại rồi xác nhận ghi.", s.Rows, s.New, k.noun(), s.Updated, s.Unchanged, s.Errors))
	})
}

const importColumns = `id, kind, status, province, actor_id, actor_name, file_name, file_sha256, file_size, message,
	rows_total, rows_new, rows_updated, rows_unchanged, rows_error, created_at, committed_at, reverted_at`

func scanImport(s scanner) (*Import, error) {
	var imp Import
	var committed, reverted sql.NullTime
	err := s.Scan(&imp.ID, &imp.Kind, &imp.Status, &imp.Province, &imp.ActorID, &imp.ActorName, &imp.FileName, &imp.FileSHA256, &imp.FileSize,
		&imp.Message, &imp.Summary.Rows, &imp.Summary.New, &imp.Summary.Updated, &imp.Summary.Unchanged, &imp.Summary.Errors,
		&imp.CreatedAt, &committed, &reverted)
	if err != nil {
		return nil, err
	}
	if committed.Valid {
		t := committed.Time
		imp.CommittedAt = &t
	}
	if reverted.Valid {
		t := reverted.Time
		imp.RevertedAt = &t
	}
	return &imp, nil
}

// canSeeImport: an import of a kind the actor may import; the national
// scope sees every such import, a province its own province's.
func canSeeImport(actor coop.Actor, imp *Import) bool {
	if !CanImport(actor, imp.Kind) {
		return false
	}
	return actor.National() || actor.Province == imp.Province
}

// Import returns an import with its preview (errors, changes) and, while it
// runs, its progress. Another province's import is not found.
func (db *DB) Import(ctx context.Context, actor coop.Actor, id int64) (*Import, error) {
	imp, err := scanImport(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+importColumns+` FROM imports WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !canSeeImport(actor, imp)) {
		return nil, coop.NotFound("lần nhập dữ liệu")
	}
	if err != nil {
		return nil, fmt.Errorf("store: import %d: %w", id, err)
	}
	var doc string
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT preview_json FROM imports WHERE id = ?`), id).Scan(&doc); err != nil {
		return nil, fmt.Errorf("store: import %d: %w", id, err)
	}
	imp.Errors, imp.Changes = []xlsx.CellError{}, []ImportChange{}
	if doc != "" {
		var p importPreviewJSON
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return nil, fmt.Errorf("store: import %d preview: %w", id, err)
		}
		if p.Errors != nil {
			imp.Errors = p.Errors
		}
		if p.Changes != nil {
			imp.Changes = p.Changes
		}
		imp.Notes, imp.MoreChanges = p.Notes, p.MoreChanges
	}
	imp.Progress = db.progress(id)
	return imp, nil
}

// Imports lists the imports the actor may see, newest first.
func (db *DB) Imports(ctx context.Context, actor coop.Actor, limit int) ([]*Import, error) {
	kinds := ImportableKinds(actor)
	if len(kinds) == 0 {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền nhập dữ liệu.")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	marks, args := make([]string, len(kinds)), []any{}
	for i, k := range kinds {
		marks[i] = "?"
		args = append(args, k.Code)
	}
	q := `SELECT ` + importColumns + ` FROM imports WHERE kind IN (` + strings.Join(marks, ", ") + `)`
	if !actor.National() {
		q += ` AND province = ?`
		args = append(args, actor.Province)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	defer rows.Close()
	var out []*Import
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		imp.Progress = db.progress(imp.ID)
		out = append(out, imp)
	}
	return out, rows.Err()
}

// importFile reads the file of an import in the transaction: a commit
// reads it only when it plans the file again.
func (tx *Tx) importFile(ctx context.Context, id int64) ([]byte, error) {
	return tx.db.importFile(ctx, tx.tx, id)
}

func (db *DB) importFile(ctx context.Context, q queryer, id int64) ([]byte, error) {
	var data []byte
	if err := q.QueryRowContext(ctx, db.rebind(`SELECT file_data FROM imports WHERE id = ?`), id).Scan(&data); err != nil {
		return nil, fmt.Errorf("store: import file %d: %w", id, err)
	}
	return data, nil
}

// ImportErrorFile returns the uploaded file with its bad cells highlighted
// and commented, and a "Lỗi" column, as an .xlsx workbook.
func (db *DB) ImportErrorFile(ctx context.Context, actor coop.Actor, id int64) ([]byte, string, error) {
	imp, err := db.Import(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	data, err := db.importFile(ctx, db.read(ctx), id)
	if err != nil {
		return nil, "", err
	}
	cols := importKinds[imp.Kind].fields()
	byHeader := map[string]int{}
	for i, c := range cols {
		byHeader[c.Header] = i
	}
	errs := make([]xlsx.CellError, len(imp.Errors))
	for i, e := range imp.Errors {
		e.Col = -1
		if c, ok := byHeader[e.Column]; ok {
			e.Col = c
		}
		errs[i] = e
	}
	out, err := xlsx.ErrorFile(imp.FileName, data, cols, errs)
	if err != nil {
		return nil, "", err
	}
	name := strings.TrimSuffix(strings.TrimSuffix(imp.FileName, ".xlsx"), ".csv") + "-loi.xlsx"
	return out, name, nil
}

// CommitImport writes the import: every row, in one transaction, through
// the kind's write path (validation, rollups, an audit event carrying
// the import's id). While the preview has errors it is refused, unless
// validOnly asks to write the valid rows only. The file is planned again
// against the database as it is at commit time. A large import is written
// on a goroutine of its own and the import returned in state
// ImportCommitting.
func (db *DB) CommitImport(ctx context.Context, actor coop.Actor, id int64, validOnly bool) (*Import, error) {
	return db.CommitImportWith(ctx, actor, id, validOnly, ImportOptions{})
}

// CommitImportWith is CommitImport with options.
func (db *DB) CommitImportWith(ctx context.Context, actor coop.Actor, id int64, validOnly bool, opt ImportOptions) (*Import, error) {
	imp, err := db.Import(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if imp.Status != ImportReady {
		return nil, coop.Errorf(coop.ECONFLICT, "Lần nhập này đang ở trạng thái “%s”: không ghi được nữa.", ImportStatuses.Label(imp.Status))
	}
	if imp.Summary.Errors > 0 && !validOnly {
		return nil, coop.Errorf(coop.EINVALID, "Bản xem trước còn %d dòng lỗi. Hãy sửa tệp và tải lên lại, hoặc chọn chỉ nhập các dòng hợp lệ.", imp.Summary.Errors)
	}
	res, err := db.execWrite(ctx, `UPDATE imports SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
		ImportCommitting, db.now().UTC(), id, ImportReady)
	if err != nil {
		return nil, fmt.Errorf("store: commit import: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, coop.Errorf(coop.ECONFLICT, "Lần nhập này đang được ghi.")
	}
	run := func(ctx context.Context) error {
		err := db.writeImport(ctx, actor, func(tx *Tx) error {
			tx.importID = id
			return importKinds[imp.Kind].commit(ctx, tx, imp, validOnly, func(done, total int) {
				p := ImportProgress{Phase: "commit", Done: done, Total: total}
				db.setProgress(id, &p)
				if opt.Progress != nil {
					opt.Progress(p)
				}
			})
		})
		if err == nil {
			db.statsAfterImport(ctx, imp)
		}
		return err
	}
	if opt.background(imp.Summary.Rows) {
		db.setProgress(id, &ImportProgress{Phase: "commit", Total: imp.Summary.Rows})
		go func() {
			ctx := context.WithoutCancel(ctx)
			if err := run(ctx); err != nil {
				db.failImport(ctx, imp, err, true)
			}
			db.setProgress(id, nil)
		}()
		imp.Status = ImportCommitting
		return imp, nil
	}
	if err := run(ctx); err != nil {
		db.failImport(ctx, imp, err, false)
		return nil, err
	}
	return db.Import(ctx, actor, id)
}

// statsAfterImport gathers the planner's statistics after an import's
// commit or undo wrote many rows (afterImport), on a goroutine of its own:
// the import is written and its result shown at once; the statistics
// (0.5 to 1.3 s after 100,000 organisations on PostgreSQL) follow. A
// failure only costs speed: it is logged. Close waits for it.
func (db *DB) statsAfterImport(ctx context.Context, imp *Import) {
	written := imp.Summary.New + imp.Summary.Updated
	if written < afterImportRows {
		return
	}
	db.upkeep.Add(1)
	go func() {
		defer db.upkeep.Done()
		if err := db.afterImport(context.WithoutCancel(ctx), imp.Kind, written); err != nil {
			db.log.Warn("store: statistics after an import", "import", imp.ID, "err", err)
		}
	}()
}

// writeImport is db.write for the commit and the undo of an import. On
// SQLite it writes through a connection whose statement journals (kept by
// its multi-row statements) are in memory rather than in a temporary file.
// A larger page cache, as the bulk loader takes, was slower: freeing it
// when the connection goes back to the pool costs more than it saves.
//
// On PostgreSQL the transaction is begun on a connection of its own, kept
// with it (Tx.conn), so that the import can write its rows with COPY.
func (db *DB) writeImport(ctx context.Context, actor coop.Actor, fn func(*Tx) error) error {
	defer db.writeTurn(ctx)()
	var conn *sql.Conn
	if db.dialect == SQLite {
		c, release, err := db.sqliteBulkConn(ctx, `PRAGMA temp_store = MEMORY`)
		if err != nil {
			return fmt.Errorf("store: begin: %w", err)
		}
		defer release()
		conn = c
	} else {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: begin: %w", err)
		}
		defer c.Close()
		conn = c
	}
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return db.run(ctx, stx, actor, func(tx *Tx) error {
		if db.dialect == Postgres {
			tx.conn = conn
		}
		return fn(tx)
	})
}

// notifyImport tells the person who started an import that it finished,
// in the transaction that finishes it.
func (tx *Tx) notifyImport(ctx context.Context, imp *Import, title, body string) error {
	if imp.ActorID == 0 {
		return nil
	}
	return tx.Notify(ctx, Notice{Kind: NoticeImportFinished, Title: title, Body: body,
		Link: fmt.Sprintf("/imports/%d", imp.ID), Entity: "import", EntityID: imp.ID}, Audience{UserIDs: []int64{imp.ActorID}, Self: true})
}

func rowError(row int, err error) error {
	var ce *coop.Error
	if errors.As(err, &ce) {
		return &coop.Error{Code: ce.Code, Message: fmt.Sprintf("Dòng %d: %s", row, ce.Message), Fields: ce.Fields}
	}
	return fmt.Errorf("row %d: %w", row, err)
}
