package store

import (
	"context"

	"htxnu/internal/coop"
)

// ProposeAllocation records a province's proposal for its own allocation;
// the centre accepts it (AcceptProposal). Another province's allocation is
// not found.
func (db *DB) ProposeAllocation(ctx context.Context, actor coop.Actor, code string, milestone int, province string, value int64, note string) (*coop.Allocation, error) {
	if !coop.Can(actor, coop.PermTargetsPropose) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền đề xuất chỉ tiêu.")
	}
	if province == "" {
		province = actor.Province
	}
	if !coop.Allows(actor, coop.ActPropose, coop.Record{Kind: coop.ResTarget, Province: province}) {
		return nil, coop.NotFound("chỉ tiêu của tỉnh")
	}
	ind, err := db.Indicator(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	p := coop.Problems{}
	if _, ok := coop.ProvinceByCode(province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	if !coop.ValidMilestone(milestone) {
		p.Add("milestone", "Chọn mốc 2025 hoặc 2030.")
	}
	if m := coop.ValidateTargetValue(*ind, &value); m != "" {
		p.Add("value", m)
	}
	note = coop.Clean(note)
	if len([]rune(note)) > 500 {
		p.Add("note", "Ghi chú tối đa 500 ký tự.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out coop.Allocation
	err = db.write(ctx, actor, func(tx *Tx) error {
		cur, found, err := tx.allocation(ctx, code, province, milestone)
		if err != nil {
			return err
		}
		next := cur
		next.ProposedValue, next.Status, next.Note = &value, coop.AllocationProposed, note
		if err := tx.saveAllocation(ctx, &next, found); err != nil {
			return err
		}
		if err := tx.auditAllocation(ctx, "propose", province, &cur, &next, found); err != nil {
			return err
		}
		out = next
		return nil
	})
	return &out, err
}

// AcceptProposal makes a province's pending proposal its allocation.
// version is the allocation's version read (0: do not check).
func (db *DB) AcceptProposal(ctx context.Context, actor coop.Actor, code string, milestone int, province string, version int64) (*coop.Allocation, error) {
	return db.settleProposal(ctx, actor, code, milestone, province, version, true)
}

// RejectProposal drops a province's pending proposal and keeps the value
// the centre set.
func (db *DB) RejectProposal(ctx context.Context, actor coop.Actor, code string, milestone int, province string, version int64) (*coop.Allocation, error) {
	return db.settleProposal(ctx, actor, code, milestone, province, version, false)
}

func (db *DB) settleProposal(ctx context.Context, actor coop.Actor, code string, milestone int, province string, version int64, accept bool) (*coop.Allocation, error) {
	if !canManageTargets(actor) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ Trung ương mới được duyệt đề xuất chỉ tiêu.")
	}
	if _, err := db.Indicator(ctx, actor, code); err != nil {
		return nil, err
	}
	p := coop.Problems{}
	if !coop.ValidMilestone(milestone) {
		p.Add("milestone", "Chọn mốc 2025 hoặc 2030.")
	}
	if _, ok := coop.ProvinceByCode(province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out coop.Allocation
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, found, err := tx.allocation(ctx, code, province, milestone)
		if err != nil {
			return err
		}
		if !found || cur.Status != coop.AllocationProposed || cur.ProposedValue == nil {
			return coop.NotFound("đề xuất chỉ tiêu đang chờ duyệt")
		}
		if version != 0 && version != cur.Version {
			return conflict(version, cur.Version)
		}
		next := cur
		action := "reject_proposal"
		if accept {
			next.Value = cur.ProposedValue
			action = "accept_proposal"
		}
		next.ProposedValue, next.Status = nil, coop.AllocationApproved
		if err := tx.saveAllocation(ctx, &next, true); err != nil {
			return err
		}
		if err := tx.audit(ctx, action, "target_allocation", next.ID, province, allocationAudit(&cur), allocationAudit(&next)); err != nil {
			return err
		}
		out = next
		return nil
	})
	return &out, err
}
