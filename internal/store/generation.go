package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"htxnu/internal/coop"
)

// Generation names the state of the data as the pages see it: it changes
// with every write (each write records its audit event inside its own
// transaction, so the newest audit event moves when the write commits) and
// with the day (figures such as "overdue" depend on it). A page computed
// after reading generation G shows at least the data of G; a page cached
// under G may be served for as long as the generation is still G, and a
// saved record is visible on the very next request, which reads a new
// generation.
//
// On PostgreSQL identities are drawn before commit, so a transaction with a
// smaller id may commit after one with a larger: the count of the most
// recent audit events is part of the generation, and changes when such a
// late commit lands. Bulk loads (gen) write no audit event: restart the
// server after one.
func (db *DB) Generation(ctx context.Context) (string, error) {
	var top, recent int64
	err := db.sql.QueryRowContext(ctx, `SELECT t.m, (SELECT COUNT(*) FROM audit_events WHERE id > t.m - 1000)
		FROM (SELECT COALESCE(MAX(id), 0) AS m FROM audit_events) t`).Scan(&top, &recent)
	if err != nil {
		return "", fmt.Errorf("store: generation: %w", err)
	}
	return fmt.Sprintf("%s.%d.%d", db.today(), top, recent), nil
}

// consolidations remembers the national consolidation of a period for the
// generation it was computed at: reading it again costs nothing until the
// next write. Every reader (national, or a province's column) shares it.
type consolidations struct {
	mu       sync.Mutex
	gen      string
	byID     map[string]*coop.Consolidation
	compiled map[string]*Compilation // CompileReport's, by province and window
}

func (c *consolidations) get(gen, key string) *coop.Consolidation {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil
	}
	return c.byID[key]
}

func (c *consolidations) put(gen, key string, v *coop.Consolidation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(gen)
	if len(c.byID) < 64 {
		c.byID[key] = v
	}
}

// reset forgets what was kept for another generation.
func (c *consolidations) reset(gen string) {
	if c.gen != gen {
		c.gen, c.byID, c.compiled = gen, map[string]*coop.Consolidation{}, map[string]*Compilation{}
	}
}

// compilation is the compilation kept under key for the generation, if
// any: a copy, so that a reader may change it.
func (c *consolidations) compilation(gen, key string) *Compilation {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.compiled[key]
	if c.gen != gen || v == nil {
		return nil
	}
	out := *v
	out.Figures = slices.Clone(v.Figures)
	return &out
}

// keepCompilation keeps a copy of the compilation under key for the
// generation.
func (c *consolidations) keepCompilation(gen, key string, v *Compilation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(gen)
	if len(c.compiled) < 64 {
		kept := *v
		kept.Figures = slices.Clone(v.Figures)
		c.compiled[key] = &kept
	}
}
