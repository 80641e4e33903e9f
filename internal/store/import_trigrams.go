package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// An import adds thousands of organisations at once. The trigger that
// keeps org_trigrams (migration 0018) would then insert some twenty
// trigrams per organisation, one organisation at a time, all over the
// table's index. Instead the import pauses the trigger inside its
// transaction, writes the trigrams of all its organisations in the index's
// order at its end, and puts the trigger back before the transaction ends;
// a rollback brings it back too.
//
// On SQLite the trigger is dropped and created again from the text SQLite
// keeps of it: the transaction holds the database for writing. On
// PostgreSQL it is disabled (ALTER TABLE … DISABLE TRIGGER), which needs
// the table's SHARE ROW EXCLUSIVE lock: lockOrganisations takes it at the
// start of the import's transaction, before any row is locked, so that
// taking it later cannot deadlock with another writer (decision 0025).
// Without a connection to COPY on (Tx.conn), PostgreSQL keeps its trigger.

// trigramPause is a trigger of org_trigrams paused for a bulk write.
type trigramPause struct {
	name, sql string
	pg        bool // disabled on PostgreSQL, rather than dropped
}

// lockOrganisations takes, on PostgreSQL, the lock that pausing a trigger
// of organisations needs, for the rest of the transaction: other writers
// of organisations wait for the import to end, readers do not. It is a
// no-op on SQLite, whose write transaction holds the whole database.
func (tx *Tx) lockOrganisations(ctx context.Context) error {
	if !tx.canCopy() {
		return nil
	}
	if _, err := tx.exec(ctx, `LOCK TABLE organisations IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("store: lock organisations: %w", err)
	}
	return nil
}

// pauseTrigramTrigger pauses the named trigger of organisations and
// returns what resume needs to put it back; it returns nil, and the
// trigger keeps working, on PostgreSQL without a connection to COPY on.
func (tx *Tx) pauseTrigramTrigger(ctx context.Context, name string) (*trigramPause, error) {
	if tx.db.dialect != SQLite {
		if !tx.canCopy() {
			return nil, nil
		}
		if _, err := tx.exec(ctx, `ALTER TABLE organisations DISABLE TRIGGER `+name); err != nil {
			return nil, fmt.Errorf("store: pause trigger %s: %w", name, err)
		}
		return &trigramPause{name: name, pg: true}, nil
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

// resume puts the trigger back.
func (p *trigramPause) resume(ctx context.Context, tx *Tx) error {
	if p == nil {
		return nil
	}
	q := p.sql
	if p.pg {
		q = `ALTER TABLE organisations ENABLE TRIGGER ` + p.name
	}
	if _, err := tx.exec(ctx, q); err != nil {
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

// write inserts the trigrams, sorted and each once: with one COPY when
// the transaction can, else in multi-row INSERTs.
func (g *trigramRows) write(ctx context.Context, tx *Tx) error {
	slices.Sort(g.packed)
	g.packed = slices.Compact(g.packed)
	slices.SortFunc(g.other, func(a, b otherTrigram) int {
		return cmp.Or(strings.Compare(a.trigram, b.trigram), cmp.Compare(a.id, b.id))
	})
	g.other = slices.Compact(g.other)
	defer func() { g.packed, g.other = nil, nil }()
	if tx.canCopy() {
		return g.copy(ctx, tx)
	}
	ins := newMultiInsert(tx, "org_trigrams", []string{"trigram", "organisation_id"}, 4000)
	defer ins.close()
	for _, p := range g.packed {
		t, id := unpackTrigram(p)
		if err := ins.add(ctx, t, id); err != nil {
			return fmt.Errorf("store: search trigrams: %w", err)
		}
	}
	for _, o := range g.other {
		if err := ins.add(ctx, o.trigram, o.id); err != nil {
			return fmt.Errorf("store: search trigrams: %w", err)
		}
	}
	if err := ins.flush(ctx); err != nil {
		return fmt.Errorf("store: search trigrams: %w", err)
	}
	return nil
}

func unpackTrigram(p uint64) (string, int64) {
	b := [3]byte{byte(p >> 56), byte(p >> 48), byte(p >> 40)}
	return string(b[:]), int64(p & (1<<trigramIDBits - 1))
}

// copy writes the sorted trigrams with one COPY (PostgreSQL).
func (g *trigramRows) copy(ctx context.Context, tx *Tx) error {
	n := len(g.packed) + len(g.other)
	if n == 0 {
		return nil
	}
	i := -1
	row := make([]any, 2)
	err := tx.copyFunc(ctx, "org_trigrams", []string{"trigram", "organisation_id"}, n, func() ([]any, error) {
		i++
		if i < len(g.packed) {
			row[0], row[1] = unpackTrigram(g.packed[i])
		} else {
			o := g.other[i-len(g.packed)]
			row[0], row[1] = o.trigram, o.id
		}
		return row, nil
	})
	if err != nil {
		return fmt.Errorf("store: search trigrams: %w", err)
	}
	return nil
}
