package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
// late commit lands. SQLite writes one transaction at a time (IMMEDIATE),
// so its ids commit in order and the newest id alone names the
// generation. Bulk loads (gen) write no audit event: restart the server
// after one.
func (db *DB) Generation(ctx context.Context) (string, error) {
	return db.ScopeGeneration(ctx, "")
}

// ScopeGeneration is the generation of the pages of one province: the
// province's figures move with the writes recorded in the province and
// with those recorded for the whole country (province "": the centre's
// activities, the rules, the national targets), never with another
// province's. A write that moves a record from one province to another
// records an event in both. Province "" is Generation: a national page
// reads every province.
//
// The count of recent events plays the part it plays in Generation, over
// the scope's events: a late commit on PostgreSQL with an id below the
// scope's newest was drawn while that newest one's transaction was open,
// so within the last thousand ids, and it changes the count when it lands.
func (db *DB) ScopeGeneration(ctx context.Context, province string) (string, error) {
	return db.familiesGeneration(ctx, province, families, 0)
}

// PageGeneration is ScopeGeneration over the events that may change a
// figure (every family but FamilyNone): the generation of the cached
// pages, which show no phone number and no account.
func (db *DB) PageGeneration(ctx context.Context, province string) (string, error) {
	return db.familiesGeneration(ctx, province, families[1:], 0) // families[0] is FamilyNone
}

// ReaderPageGeneration is PageGeneration of the pages shown to reader:
// with the count of the reader's unread notices, which a page's bell
// shows (notices come, and are read, without an event of any family), in
// the same statement.
func (db *DB) ReaderPageGeneration(ctx context.Context, province string, reader coop.Actor) (string, error) {
	return db.familiesGeneration(ctx, province, families[1:], reader.UserID)
}

// familiesGeneration is the generation of the scope's events of the
// families: the newest of them, one index lookup per family and scope,
// and on PostgreSQL the count of the scope's events among the thousand
// ids up to it, in one statement; with reader's count of unread notices
// when reader is not 0.
func (db *DB) familiesGeneration(ctx context.Context, province string, fams []string, reader int64) (string, error) {
	var lookups []string
	var largs []any
	var scopes []string // nil: every province's events
	if province != "" {
		scopes = []string{province, ""}
	}
	familyScopes(scopes, fams, func(_, _, scope string, sargs []any) {
		lookups = append(lookups, `SELECT `+familyNewest(scope)+` AS x`)
		largs = append(largs, sargs...)
	})
	top := `(SELECT MAX(x) AS m FROM (` + strings.Join(lookups, " UNION ALL ") + `) u) t`
	unread, uargs := "0", []any{}
	if reader != 0 {
		unread, uargs = `(SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL)`, []any{reader}
	}
	q, args := `SELECT t.m, 0, `+unread+` FROM `+top, append(uargs, largs...)
	if db.dialect == Postgres {
		// Every family's events up to the newest: a late commit lands
		// there and changes the count; the events after the newest are
		// of no family counted, and leave it. The count reads an index
		// alone (the primary key, or audit_events_province_id).
		count, cargs := `SELECT COUNT(*) FROM audit_events WHERE id > t.m - 1000 AND id <= t.m`, []any{}
		if province != "" {
			count, cargs = count+` AND province IN (?, '')`, append(cargs, province)
		}
		q, args = `SELECT t.m, (`+count+`), `+unread+` FROM `+top, append(append(cargs, uargs...), largs...)
	}
	var newest, recent, unreadN int64
	if err := db.lookup(ctx).QueryRowContext(ctx, db.rebind(q), args...).Scan(&newest, &recent, &unreadN); err != nil {
		return "", fmt.Errorf("store: generation: %w", err)
	}
	gen := fmt.Sprintf("%s.%s.%d.%d", db.today(), province, newest, recent)
	if reader != 0 {
		gen += fmt.Sprintf(".u%d", unreadN)
	}
	return gen, nil
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

// nationalKept is the live national consolidation of each period, and the
// compilation of every province it is made of, each kept at the
// generation of the figures it reads (NationalReport).
type nationalKept struct {
	cons     keyedKept[*coop.Consolidation]
	compiled keyedKept[*compiled]
}

// keyedKept keeps one value for each key, with the generation it was
// computed at: read back only under that generation. It keeps at most
// keyedKeptMax keys.
type keyedKept[T any] struct {
	mu sync.Mutex
	m  map[string]keyedValue[T]
}

type keyedValue[T any] struct {
	gen string
	v   T
}

const keyedKeptMax = 1024

func (k *keyedKept[T]) get(key, gen string) (T, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[key]
	return v.v, ok && v.gen == gen
}

func (k *keyedKept[T]) put(key, gen string, v T) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil || len(k.m) >= keyedKeptMax {
		k.m = map[string]keyedValue[T]{}
	}
	k.m[key] = keyedValue[T]{gen, v}
}
