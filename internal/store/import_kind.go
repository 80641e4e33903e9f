package store

import (
	"context"
	"encoding/json"
	"fmt"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// importKind is what a kind of spreadsheet plugs into the import
// machinery (upload, preview, background job, commit, revert, error file).
type importKind interface {
	// fields are the columns of its sheet and template.
	fields() []xlsx.Field
	// allowed reports whether the actor may import the kind at all; each
	// row is then checked against the actor's scope.
	allowed(actor coop.Actor) bool
	// noun names what one row brings, for messages: "tổ chức".
	noun() string
	// plan reads the file and works out what each row would do, reading
	// the database through q; nothing is written.
	plan(ctx context.Context, db *DB, q queryer, actor coop.Actor, today, name string, data []byte, total int, progress func(done, total int)) (*importPlan, error)
	// commit plans the file again in tx (reading it with tx.importFile)
	// and writes it, recording what it does in import_records, and marks
	// the import committed.
	commit(ctx context.Context, tx *Tx, imp *Import, validOnly bool, progress func(done, total int)) error
	// revert undoes what commit recorded.
	revert(ctx context.Context, tx *Tx, imp *Import) error
}

var importKinds = map[string]importKind{
	ImportOrganisations: orgKind{kindInfo{xlsx.OrganisationFields, "tổ chức", permitted(coop.PermRegistryWrite)}},
	ImportActivities:    activityKind{kindInfo{xlsx.ActivityFields, "hoạt động", permitted(coop.PermActivityWrite)}},
	ImportAttendance:    attendanceKind{kindInfo{xlsx.AttendanceFields, "học viên", permitted(coop.PermActivityWrite)}},
	ImportAllocations:   allocationKind{kindInfo{xlsx.AllocationFields, "chỉ tiêu của tỉnh", canManageTargets}},
}

// kindInfo is what a kind says of itself: the columns of its sheet, the
// noun of one row and who may import it.
type kindInfo struct {
	cols func() []xlsx.Field
	what string
	may  func(coop.Actor) bool
}

func (k kindInfo) fields() []xlsx.Field          { return k.cols() }
func (k kindInfo) noun() string                  { return k.what }
func (k kindInfo) allowed(actor coop.Actor) bool { return k.may(actor) }

// permitted is a kind's check of a permission.
func permitted(p coop.Permission) func(coop.Actor) bool {
	return func(actor coop.Actor) bool { return coop.Can(actor, p) }
}

// CanImport reports whether the actor may import the kind.
func CanImport(actor coop.Actor, kind string) bool {
	k, ok := importKinds[kind]
	return ok && k.allowed(actor)
}

// ImportableKinds lists the kinds the actor may import.
func ImportableKinds(actor coop.Actor) coop.CodeList {
	var out coop.CodeList
	for _, c := range ImportKinds {
		if CanImport(actor, c.Code) {
			out = append(out, c)
		}
	}
	return out
}

// ImportFields returns the columns of a kind's sheet (nil for an unknown
// kind).
func ImportFields(kind string) []xlsx.Field {
	if k, ok := importKinds[kind]; ok {
		return k.fields()
	}
	return nil
}

// importPlan is what a file would do: the preview and its counts.
type importPlan struct {
	preview importPreviewJSON
	summary ImportSummary
	kept    *keptPlan // what the commit may write without planning the file again (keepPlan), if the kind keeps it
}

// planBuilder collects a plan row by row for the kinds planned whole.
type planBuilder struct {
	cols  []xlsx.Field
	plan  importPlan
	notes map[string]bool
}

func newPlanBuilder(cols []xlsx.Field) *planBuilder {
	return &planBuilder{cols: cols, notes: map[string]bool{}}
}

// note adds a note (an old province mapped) once.
func (b *planBuilder) note(n string) {
	if n != "" && !b.notes[n] {
		b.notes[n] = true
		b.plan.preview.Notes = append(b.plan.preview.Notes, n)
	}
}

// rows counts n rows read.
func (b *planBuilder) rows(n int) { b.plan.summary.Rows += n }

// fail records a row in error with its cell errors.
func (b *planBuilder) fail(errs []xlsx.CellError) {
	b.plan.summary.Errors++
	sortCellErrors(errs)
	for _, e := range errs {
		e.Column = ""
		if e.Col >= 0 && e.Col < len(b.cols) {
			e.Column = b.cols[e.Col].Header
		}
		b.plan.preview.Errors = append(b.plan.preview.Errors, e)
	}
}

// add records what a valid row (or group of rows) does: "new", "update"
// or "unchanged", with the change shown in the preview.
func (b *planBuilder) add(action string, ch *ImportChange) {
	s := &b.plan.summary
	switch action {
	case "new":
		s.New++
	case "update":
		s.Updated++
	default:
		s.Unchanged++
		return
	}
	ch.Action = action
	if len(b.plan.preview.Changes) < maxPreviewChanges {
		b.plan.preview.Changes = append(b.plan.preview.Changes, *ch)
	} else {
		b.plan.preview.MoreChanges++
	}
}

// readRows reads every row of a file with decode: the kinds whose rows
// depend on one another (grouped activities, summed allocations) are
// planned once the file is read.
func readRows[T any](name string, data []byte, cols []xlsx.Field, decode func(xlsx.Row) T) ([]T, error) {
	var out []T
	_, err := xlsx.Read(name, data, cols, func(r xlsx.Row) error {
		out = append(out, decode(r))
		return nil
	})
	return out, err
}

// finishCommit marks an import committed with the counts written and tells
// the person who started it.
func (tx *Tx) finishCommit(ctx context.Context, imp *Import, s ImportSummary, what string) error {
	_, err := tx.exec(ctx, `UPDATE imports SET status = ?, rows_total = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?, rows_error = ?,
		message = ?, committed_at = ?, updated_at = ? WHERE id = ?`,
		ImportCommitted, s.Rows, s.New, s.Updated, s.Unchanged, s.Errors, "", tx.now, tx.now, imp.ID)
	if err != nil {
		return fmt.Errorf("store: commit import: %w", err)
	}
	return tx.notifyImport(ctx, imp, "Đã ghi xong tệp nhập “"+imp.FileName+"”",
		fmt.Sprintf("Thêm mới %d, cập nhật %d, không đổi %d %s; bỏ qua %d dòng lỗi.", s.New, s.Updated, s.Unchanged, what, s.Errors))
}

// importWrite writes one record of an import through write and records
// it for RevertImport: created when before is nil, else updated from
// before (kept as JSON). A refusal is reported with the file's row.
func (tx *Tx) importWrite(ctx context.Context, importID int64, entity string, row int, before any, write func() (id, version int64, err error)) error {
	action, state := "create", ""
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		action, state = "update", string(b)
	}
	id, version, err := write()
	if err != nil {
		return rowError(row, err)
	}
	return tx.recordImportOf(ctx, importID, entity, id, action, version, state)
}

// reportProgress tells how far a preview or a commit has gone, before its
// row or record done (0-based) of total, every 100: the import's page
// shows it while the work runs as a job.
func reportProgress(progress func(done, total int), done, total int) {
	if progress != nil && done%100 == 0 {
		progress(done, total)
	}
}

// stale is the error of a commit that finds a row in error that the
// preview did not have.
func stale(row int) error {
	return coop.Errorf(coop.EINVALID, "Dòng %d có lỗi so với dữ liệu hiện nay: không ghi gì. Hãy tải tệp lên lại để xem bản xem trước mới.", row)
}

// orgKind is the organisations import (import_organisation.go).
type orgKind struct{ kindInfo }

func (orgKind) plan(ctx context.Context, db *DB, q queryer, actor coop.Actor, today, name string, data []byte, total int, progress func(done, total int)) (*importPlan, error) {
	p, err := db.planOrganisations(ctx, q, actor, today, name, data, total, progress, nil, true, nil)
	if err != nil {
		return nil, err
	}
	return &importPlan{preview: p.previewJSON(), summary: p.summary,
		kept: &keptPlan{actor: actor, today: today, print: p.print, rows: p.rows, summary: p.summary}}, nil
}

func (orgKind) commit(ctx context.Context, tx *Tx, imp *Import, validOnly bool, progress func(done, total int)) error {
	return tx.commitOrganisations(ctx, imp, validOnly, progress)
}

func (orgKind) revert(ctx context.Context, tx *Tx, imp *Import) error {
	return tx.revertOrganisations(ctx, imp)
}

// ImportNoun names what the rows of a kind bring, for the pages:
// "tổ chức", "hoạt động"…
func ImportNoun(kind string) string {
	if k, ok := importKinds[kind]; ok {
		return k.noun()
	}
	return "bản ghi"
}
