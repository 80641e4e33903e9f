package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// An import adds thousands of organisations at once. On SQLite the trigger
// that keeps org_trigrams (migration 0018) would then insert some twenty
// trigrams per organisation, one organisation at a time, all over the
// table's index. Instead the import drops the trigger
// inside its transaction, writes the trigrams of all its organisations
// in the index's order at its end, and creates the trigger again from the text
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

// trigramRows are the search trigrams of organisations an import writes,
// worked out in Go as the trigger computes them — each distinct piece of
// three characters of search_key, among its first 1,002 characters, that
// holds no space — while the organisations are inserted, so that SQLite
// is left only the insert, in the index's order. A trigram of three ASCII
// bytes is packed with the organisation's id in one number (the trigram's
// bytes in the high 24 bits, so numbers sort as the rows do); the others
// are kept apart.
type trigramRows struct {
	packed []uint64
	other  []otherTrigram
}

type otherTrigram struct {
	trigram string
	id      int64
}

const trigramIDBits = 40

// add adds the trigrams of an organisation's search key.
func (g *trigramRows) add(id int64, key string) {
	r := []rune(key)
	for i := 0; i+3 <= len(r) && i < searchPositions; i++ {
		t := r[i : i+3]
		if t[0] == ' ' || t[1] == ' ' || t[2] == ' ' {
			continue
		}
		if t[0] < 0x80 && t[1] < 0x80 && t[2] < 0x80 && id < 1<<trigramIDBits {
			g.packed = append(g.packed, uint64(t[0])<<56|uint64(t[1])<<48|uint64(t[2])<<40|uint64(id))
			continue
		}
		g.other = append(g.other, otherTrigram{string(t), id})
	}
}

// searchPositions is how many rows search_positions holds (migration
// 0018): the positions 1 to 1,000 a trigram may start at.
const searchPositions = 1000

// write inserts the trigrams, sorted and each once.
func (g *trigramRows) write(ctx context.Context, tx *Tx) error {
	ins := newMultiInsert(tx, "org_trigrams", []string{"trigram", "organisation_id"}, 4000)
	defer ins.close()
	slices.Sort(g.packed)
	g.packed = slices.Compact(g.packed)
	for _, p := range g.packed {
		b := [3]byte{byte(p >> 56), byte(p >> 48), byte(p >> 40)}
		if err := ins.add(ctx, string(b[:]), int64(p&(1<<trigramIDBits-1))); err != nil {
			return fmt.Errorf("store: search trigrams: %w", err)
		}
	}
	slices.SortFunc(g.other, func(a, b otherTrigram) int {
		return cmp.Or(strings.Compare(a.trigram, b.trigram), cmp.Compare(a.id, b.id))
	})
	g.other = slices.Compact(g.other)
	for _, o := range g.other {
		if err := ins.add(ctx, o.trigram, o.id); err != nil {
			return fmt.Errorf("store: search trigrams: %w", err)
		}
	}
	if err := ins.flush(ctx); err != nil {
		return fmt.Errorf("store: search trigrams: %w", err)
	}
	g.packed, g.other = nil, nil
	return nil
}
