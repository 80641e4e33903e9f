package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"htxnu/internal/coop"
)

func ruleSettingKey(family string) string { return "rule." + family }

// ActiveRules returns the classification rule chosen for each family
// (defaults when never set).
func (db *DB) ActiveRules(ctx context.Context) (map[string]string, error) {
	return db.activeRules(ctx, db.read(ctx))
}

func (db *DB) activeRules(ctx context.Context, q queryer) (map[string]string, error) {
	out := map[string]string{
		coop.FamilyWomenManaged:     coop.DefaultRule(coop.FamilyWomenManaged).ID,
		coop.FamilyHighFemaleLabour: coop.DefaultRule(coop.FamilyHighFemaleLabour).ID,
	}
	err := scanPairs(ctx, q, `SELECT key, value FROM settings WHERE key LIKE 'rule.%'`, nil, func(k, v string) {
		for fam := range out {
			if k == ruleSettingKey(fam) {
				if r, ok := coop.RuleByID(v); ok && r.Family == fam {
					out[fam] = v
				}
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	return out, nil
}

// SetActiveRule switches the classification rule of a family. Only national
// administrators (and the system) may do it; the change is audited.
func (db *DB) SetActiveRule(ctx context.Context, actor coop.Actor, ruleID string) error {
	r, ok := coop.RuleByID(ruleID)
	if !ok {
		return &coop.Error{Code: coop.EINVALID, Message: "Quy tắc phân loại không tồn tại.", Fields: map[string]string{"rule": "Chọn một quy tắc trong danh sách."}}
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResRules}) {
		return coop.Errorf(coop.EFORBIDDEN, "Chỉ quản trị viên mới được đổi quy tắc phân loại.")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		rules, err := db.ActiveRules(ctx)
		if err != nil {
			return err
		}
		before := rules[r.Family]
		if before == r.ID {
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			ruleSettingKey(r.Family), r.ID, tx.now, actor.Name); err != nil {
			return fmt.Errorf("store: set rule: %w", err)
		}
		return tx.audit(ctx, "rule_change", "classification_rule", 0, "",
			map[string]string{"family": r.Family, "rule": before}, map[string]string{"family": r.Family, "rule": r.ID})
	})
}

// jobsRuleKey is the setting holding the rule T3 and T4 are counted by.
const jobsRuleKey = "target.jobs_rule"

// JobsRule returns the rule T3 and T4 are counted by (coop.JobsRules; the
// first when never set).
func (db *DB) JobsRule(ctx context.Context) (string, error) {
	return db.jobsRule(ctx, db.read(ctx))
}

func (db *DB) jobsRule(ctx context.Context, q queryer) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT value FROM settings WHERE key = ?`), jobsRuleKey).Scan(&v)
	if err != nil || !slices.Contains(coop.JobsRules, v) {
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: settings: %w", err)
		}
		return coop.JobsRules[0], nil
	}
	return v, nil
}

// SetJobsRule picks the rule T3 and T4 are counted by. Only administrators
// may; the change is audited.
func (db *DB) SetJobsRule(ctx context.Context, actor coop.Actor, ruleID string) error {
	if !slices.Contains(coop.JobsRules, ruleID) {
		return &coop.Error{Code: coop.EINVALID, Message: "Cách tính việc làm không tồn tại.", Fields: map[string]string{"rule": "Chọn một cách tính trong danh sách."}}
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResRules}) {
		return coop.Errorf(coop.EFORBIDDEN, "Chỉ quản trị viên mới được đổi cách tính chỉ tiêu.")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		before, err := db.jobsRule(ctx, tx.tx)
		if err != nil {
			return err
		}
		if before == ruleID {
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			jobsRuleKey, ruleID, tx.now, actor.Name); err != nil {
			return fmt.Errorf("store: set jobs rule: %w", err)
		}
		return tx.audit(ctx, "rule_change", "target_rule", 0, "", map[string]string{"indicator": "T3/T4", "rule": before},
			map[string]string{"indicator": "T3/T4", "rule": ruleID})
	})
}
