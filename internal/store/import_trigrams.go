package store

import (
	"context"
	"fmt"
)

// An import adds thousands of organisations at once. On SQLite the trigger
// that keeps org_trigrams (migration 0018) would then insert some twenty
// trigrams per organisation, one organisation at a time, all over the
// table's index. Instead the import drops the trigger
// inside its transaction, writes the trigrams of all its organisations
// with one sorted statement, and creates the trigger again from the text
// SQLite keeps of it, before the transaction ends. The transaction holds
// the database for writing, and a rollback brings the trigger back too.
// PostgreSQL keeps its trigger: disabling one there locks the table.

// trigramPause is a trigger of org_trigrams dropped for a bulk write.
type trigramPause struct {
	name, sql string
}

// pauseTrigramTrigger drops the named trigger on SQLite and returns what
// resume needs to create it again; on PostgreSQL it returns nil and the
// trigger keeps working.
func (tx *Tx) pauseTrigramTrigger(ctx context.Context, name string) (*trigramPause, error) {
	if tx.db.dialect != SQLite {
		return nil, nil
	}
	p := &trigramPause{name: name}
	if err := tx.queryRow(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&p.sql); err != nil {
		return nil, fmt.Errorf("store: trigger %s: %w", name, err)
	}
	if _, err := tx.exec(ctx, `DROP TRIGGER `+name); err != nil {
		return nil, fmt.Errorf("store: pause trigger %s: %w", name, err)
	}
	return p, nil
}

// resume creates the trigger again.
func (p *trigramPause) resume(ctx context.Context, tx *Tx) error {
	if p == nil {
		return nil
	}
	if _, err := tx.exec(ctx, p.sql); err != nil {
		return fmt.Errorf("store: resume trigger %s: %w", p.name, err)
	}
	return nil
}

// orgTrigrams selects the trigrams of the organisations whose ids lie
// between two bounds, as the triggers compute them, in index order.
const orgTrigrams = trigramsOfOrganisations + ` AND o.id BETWEEN ? AND ? ORDER BY 1, 2`

// addTrigrams writes the trigrams of the organisations from first to last
// (ids given by newIDs, contiguous on SQLite).
func (tx *Tx) addTrigrams(ctx context.Context, first, last int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO org_trigrams (trigram, organisation_id) `+orgTrigrams, first, last); err != nil {
		return fmt.Errorf("store: search trigrams: %w", err)
	}
	return nil
}
