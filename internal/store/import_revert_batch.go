package store

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
)

// revertChunk is how many organisations an undo removes per statement.
const revertChunk = 500

// removeImportedOrgs deletes organisations an import created, moving them
// out of every rollup as if they had never been added: what removeImported
// does for one, with a few statements for every revertChunk organisations
// and the rollup deltas summed and applied once. The trigger that deletes
// each organisation's search trigrams keeps working: deleting a chunk's
// trigrams in one statement was no faster on SQLite, and on PostgreSQL
// its join read the whole of org_trigrams for each chunk at 100,000
// organisations (decision 0025).
func (tx *Tx) removeImportedOrgs(ctx context.Context, orgs []*coop.Organisation) error {
	d := makeNewOrgDeltas(tx.today)
	audit := newRowWriter(tx, "audit_events", importAuditColumns, revertChunk)
	defer audit.close()
	for len(orgs) > 0 {
		chunk := orgs[:min(len(orgs), revertChunk)]
		orgs = orgs[len(chunk):]
		ids := make([]int64, len(chunk))
		for i, o := range chunk {
			if !coop.Allows(tx.actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
				return coop.NotFound("tổ chức")
			}
			ids[i] = o.ID
		}
		for _, o := range chunk {
			d.remove(o)
			vals, err := tx.auditValues(ctx, "delete", "organisation", o.ID, o.Province, orgAuditOf(o), nil)
			if err != nil {
				return err
			}
			if err := audit.add(ctx, vals...); err != nil {
				return fmt.Errorf("store: audit: %w", err)
			}
			if err := tx.noticeFor(ctx, "delete", "organisation", o.ID, o.Province); err != nil {
				return err
			}
		}
		if err := tx.deleteOrgs(ctx, chunk, ids); err != nil {
			return err
		}
	}
	if err := audit.flush(ctx); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return tx.addNewOrgDeltas(ctx, d.rows())
}

// removeOrgStatements delete an organisation's rows, children first.
var removeOrgStatements = []string{`DELETE FROM org_status_changes WHERE organisation_id IN `, `DELETE FROM positions WHERE organisation_id IN `,
	`DELETE FROM workforce_snapshots WHERE organisation_id IN `, `DELETE FROM ocop_products WHERE organisation_id IN `,
	`DELETE FROM indicator_since WHERE organisation_id IN `, `DELETE FROM manager_spans WHERE organisation_id IN `, `DELETE FROM organisations WHERE id IN `}

// deleteOrgs deletes the rows of organisations. When one of them is still
// used elsewhere (an activity, a dossier, an obstacle), the refusal names
// it: the batch is undone to a savepoint and deleted one by one up to it.
func (tx *Tx) deleteOrgs(ctx context.Context, orgs []*coop.Organisation, ids []int64) error {
	if _, err := tx.exec(ctx, `SAVEPOINT remove_imported`); err != nil {
		return fmt.Errorf("store: remove imported organisations: %w", err)
	}
	in, args := idList(ids)
	for _, q := range removeOrgStatements {
		_, err := tx.exec(ctx, q+"("+in+")", args...)
		if err == nil {
			continue
		}
		if !isForeignKey(err) {
			return fmt.Errorf("store: remove imported organisations: %w", err)
		}
		if _, err := tx.exec(ctx, `ROLLBACK TO SAVEPOINT remove_imported`); err != nil {
			return fmt.Errorf("store: remove imported organisations: %w", err)
		}
		for _, o := range orgs {
			for _, q := range removeOrgStatements {
				if _, err := tx.exec(ctx, q+"(?)", o.ID); err != nil {
					if isForeignKey(err) {
						return coop.Errorf(coop.ECONFLICT, "Không thể hoàn tác: tổ chức “%s” đã được dùng trong hoạt động, hồ sơ hoặc khó khăn vướng mắc.", o.Name)
					}
					return fmt.Errorf("store: remove imported organisation: %w", err)
				}
			}
		}
		return fmt.Errorf("store: remove imported organisations: %w", err)
	}
	if _, err := tx.exec(ctx, `RELEASE SAVEPOINT remove_imported`); err != nil {
		return fmt.Errorf("store: remove imported organisations: %w", err)
	}
	return nil
}
