package store

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
)

// commitOrganisations writes a previewed organisations import. When the
// preview's plan is kept and the registry is still the one it was planned
// against (takePlan), its rows are written as they are, and the file is
// not read again (16 MB at 100,000 rows, held for the whole commit);
// otherwise it is read and planned again inside the transaction. New
// organisations (newOrgImport) and changed ones (orgUpdates) are written
// in batches, in the file's order: a batch of one is written before a row
// of the other.
func (tx *Tx) commitOrganisations(ctx context.Context, imp *Import, validOnly bool, progress func(done, total int)) error {
	total := imp.Summary.New + imp.Summary.Updated
	done := 0
	news := tx.newOrgImport(imp.ID)
	defer news.close()
	ups := tx.orgUpdates("import", true)
	defer ups.close()
	write := func(r plannedOrg) error {
		switch r.action {
		case "error":
			if !validOnly {
				return coop.Errorf(coop.EINVALID, "Dòng %d có lỗi so với sổ đăng ký hiện nay: không ghi gì. Hãy tải tệp lên lại để xem bản xem trước mới.", r.num)
			}
			return nil
		case "new":
			if err := ups.flush(ctx); err != nil {
				return err
			}
			if err := news.add(ctx, r); err != nil {
				return err
			}
		case "update":
			if err := news.flush(ctx); err != nil {
				return err
			}
			if err := ups.add(ctx, orgChange{num: r.num, cur: r.cur, next: r.next, given: r.given}); err != nil {
				return err
			}
		default:
			return nil
		}
		done++
		if progress != nil && done%500 == 0 {
			progress(done, max(total, done))
		}
		return nil
	}
	if err := tx.lockOrganisations(ctx); err != nil {
		return err
	}
	idx, err := tx.db.loadRegistryIndex(ctx, tx.tx, tx.actor)
	if err != nil {
		return err
	}
	var s ImportSummary
	if kept := tx.db.takePlan(imp, tx.actor, tx.today, idx.print); kept != nil {
		if err := news.reserve(ctx, kept.rows); err != nil {
			return err
		}
		for i, r := range kept.rows {
			kept.rows[i] = plannedOrg{} // written: let it go
			if err := write(r); err != nil {
				return err
			}
		}
		s = kept.summary
	} else {
		data, err := tx.importFile(ctx, imp.ID)
		if err != nil {
			return err
		}
		plan, err := tx.db.planOrganisations(ctx, tx.tx, tx.actor, tx.today, imp.FileName, data, 0, nil, idx, false, write)
		if err != nil {
			return err
		}
		s = plan.summary
	}
	if err := news.finish(ctx); err != nil {
		return err
	}
	if err := ups.finish(ctx); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE imports SET status = ?, rows_total = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?, rows_error = ?,
		message = ?, committed_at = ?, updated_at = ? WHERE id = ?`,
		ImportCommitted, s.Rows, s.New, s.Updated, s.Unchanged, s.Errors, "", tx.now, tx.now, imp.ID)
	if err != nil {
		return fmt.Errorf("store: commit import: %w", err)
	}
	return tx.notifyImport(ctx, imp, "Đã ghi xong tệp nhập “"+imp.FileName+"” vào sổ đăng ký",
		fmt.Sprintf("Thêm mới %d, cập nhật %d, không đổi %d tổ chức; bỏ qua %d dòng lỗi.", s.New, s.Updated, s.Unchanged, s.Errors))
}
