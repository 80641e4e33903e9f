package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"htxnu/internal/coop"
)

// A registry search ("each word of the query appears in the folded name or
// registration number") is a LIKE over search_key, which no index serves:
// a word that few names contain read every folded name. org_trigrams holds
// the trigrams of each search_key within its words (kept by triggers on
// organisations, migration 0018), so the organisations that can match a
// word of three letters or more are among those holding each of its
// trigrams. The LIKE conditions still decide: the trigrams only narrow the
// rows they are tested on, so the answer is exactly the same.

// trigramCandidates is how many organisations a trigram (or the
// intersection of two) may be held by and still be used to find the
// candidates; a search whose every trigram is more common, and whose two
// rarest trigrams are together in more names, reads the names in order,
// which its words then fill quickly.
const trigramCandidates = 5000

// trigramIntersect is how many records a trigram may be held by and still
// be intersected with another: both lists are read in the order of their
// ids and merged, about 4 ms for two lists of 24,000 and 36,000 at
// 1,000,000 organisations ("det may", which no name holds: the names in
// order took 430 ms to find that). Counts are taken up to this bound.
const trigramIntersect = 100000

// maxSearchTrigrams bounds the trigrams of a query that are looked up.
const maxSearchTrigrams = 16

// trigrams returns the distinct trigrams of the words (of three runes or
// more), in order of appearance, at most maxSearchTrigrams.
func trigrams(words []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+3 <= len(r) && len(out) < maxSearchTrigrams; i++ {
			if t := string(r[i : i+3]); !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// searchCondition returns the condition of a registry search ("" for
// none): each word in search_key, among the organisations holding the
// words' rare trigrams when there are some.
func (db *DB) searchCondition(ctx context.Context, q string) (string, []any, error) {
	words := coop.SearchWords(q)
	var conds []string
	var args []any
	for _, w := range words {
		conds, args = append(conds, `search_key LIKE ? ESCAPE '\'`), append(args, likePattern(w))
	}
	c, cargs, ok, err := db.trigramCondition(ctx, orgTrigramIndex, words)
	if ok {
		conds, args = append(conds, c), append(args, cargs...)
	}
	return strings.Join(conds, " AND "), args, err
}

// trigramIndex is a table of the trigrams of a search_key (org_trigrams,
// activity_trigrams): its name, its column of the record's id, and the
// record's id in the search's query.
type trigramIndex struct {
	table, id, outer string
}

var (
	orgTrigramIndex      = trigramIndex{"org_trigrams", "organisation_id", "organisations.id"}
	activityTrigramIndex = trigramIndex{"activity_trigrams", "activity_id", "a.id"}
)

// trigramCondition returns the condition (over the index's outer id)
// naming the candidates of the words, and false when there is none (short
// words, or only common trigrams whose two rarest are held together by
// more than trigramCandidates records):
//   - when a trigram is held by at most trigramCandidates records, those
//     holding every such trigram, driven by the rarest;
//   - otherwise, when two trigrams are each held by at most
//     trigramIntersect records, the records holding both, read now (at most
//     trigramCandidates of them): a pair of common words that few names
//     hold together is then found without testing every name.
func (db *DB) trigramCondition(ctx context.Context, ix trigramIndex, words []string) (string, []any, bool, error) {
	ts := trigrams(words)
	if len(ts) == 0 {
		return "", nil, false, nil
	}
	b := db.trigramCounts.limits()
	counts, err := db.trigramCounts.get(ctx, db, ix.table, ts, b.candidates)
	if err == nil && len(ts) > 1 && slices.Min(counts) > b.candidates {
		// Only common trigrams: counted further (once, then remembered)
		// to find the two rarest.
		counts, err = db.trigramCounts.get(ctx, db, ix.table, ts, b.intersect)
	}
	if err != nil {
		return "", nil, false, err
	}
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] < counts[order[j]] })
	rarest := order[0]
	if counts[rarest] > b.candidates {
		if len(order) < 2 || counts[order[1]] > b.intersect {
			return "", nil, false, nil
		}
		return db.trigramIntersection(ctx, ix, ts[order[0]], ts[order[1]], b.candidates)
	}
	sub, cargs := `SELECT t.`+ix.id+` FROM `+ix.table+` t WHERE t.trigram = ?`, []any{ts[rarest]}
	for i, n := range counts {
		if i != rarest && n <= b.candidates {
			sub += ` AND EXISTS (SELECT 1 FROM ` + ix.table + ` u WHERE u.trigram = ? AND u.` + ix.id + ` = t.` + ix.id + `)`
			cargs = append(cargs, ts[i])
		}
	}
	if db.dialect == Postgres {
		// The candidates first, then their rows by id: PostgreSQL takes
		// the LIKE conditions for selective and would otherwise read every
		// row and look each one up among the candidates.
		return ix.outer + ` = ANY(ARRAY(` + sub + `))`, cargs, true, nil
	}
	return ix.outer + ` IN (` + sub + `)`, cargs, true, nil
}

// trigramIntersection returns the condition naming the records that hold
// both trigrams, listed by id, and false when more than limit records do.
// The two lists are merged in id order (SQLite merges a compound SELECT
// ordered by its column); on PostgreSQL the ids of the first (the rarer)
// are looked up in the second. Either stops at the limit.
func (db *DB) trigramIntersection(ctx context.Context, ix trigramIndex, a, b string, limit int) (string, []any, bool, error) {
	if db.trigramCounts.overflows(ix.table, a, b, limit) {
		// Found too many lately ("hop tac xa": every name): reading the
		// first limit + 1 again would only say so again.
		return "", nil, false, nil
	}
	q := `SELECT ` + ix.id + ` FROM ` + ix.table + ` WHERE trigram = ? INTERSECT SELECT ` + ix.id + ` FROM ` + ix.table + ` WHERE trigram = ?
		ORDER BY 1 LIMIT ?`
	if db.dialect == Postgres {
		// PostgreSQL would hash both lists whole before the limit (60 ms
		// for "hop tac xa" at 100,000 organisations, where every name
		// holds both); the rarer list's ids looked up in the other stop at
		// the limit.
		q = `SELECT t.` + ix.id + ` FROM ` + ix.table + ` t WHERE t.trigram = ? AND EXISTS (SELECT 1 FROM ` + ix.table + ` u
			WHERE u.trigram = ? AND u.` + ix.id + ` = t.` + ix.id + `) ORDER BY t.` + ix.id + ` LIMIT ?`
	}
	ids, err := queryAll(ctx, db, "search trigrams", q, []any{a, b, limit + 1}, func(s scanner) (id int64, err error) {
		err = s.Scan(&id)
		return
	})
	if err != nil {
		return "", nil, false, err
	}
	if len(ids) > limit {
		db.trigramCounts.overflow(ix.table, a, b, limit)
		return "", nil, false, nil
	}
	if len(ids) == 0 {
		return "1 = 0", nil, true, nil
	}
	list, args := idList(ids)
	return ix.outer + ` IN (` + list + `)`, args, true, nil
}

// trigramCountsTTL is how long a trigram's count is used before it is
// counted again, and trigramCountsMax how many counts are kept at most.
const (
	trigramCountsTTL = 10 * time.Minute
	trigramCountsMax = 20000
)

// trigramCounts remembers how many records of a trigram index hold each
// trigram (counted up to trigramCandidates + 1, and further, up to
// trigramIntersect + 1, when a search has only common trigrams). Counting
// reads up to that many index entries per common trigram: about 25 ms on PostgreSQL at 100,000
// organisations for "hop tac xa", more than the rest of the search. The
// counts only choose how a search finds its candidates: the candidates are
// read from org_trigrams as it is and the LIKE conditions decide, so a
// count some minutes old may change the speed of a search, never its rows.
type trigramCounts struct {
	mu sync.Mutex
	m  map[string]trigramCount
	// bounds replaces trigramCandidates and trigramIntersect when set
	// (tests, to take each way on a few records).
	bounds *trigramBounds
}

// trigramBounds are the bounds a search chooses its candidates by.
type trigramBounds struct{ candidates, intersect int }

// limits returns the bounds in force.
func (c *trigramCounts) limits() trigramBounds {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bounds != nil {
		return *c.bounds
	}
	return trigramBounds{trigramCandidates, trigramIntersect}
}

// overflow remembers that more than limit records of the table hold both
// trigrams a and b (trigramIntersection), for trigramCountsTTL; as the
// counts, it only chooses how a search finds its candidates.
func (c *trigramCounts) overflow(table, a, b string, limit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= trigramCountsMax {
		c.m = map[string]trigramCount{}
	}
	c.m[table+" "+a+"&"+b] = trigramCount{limit + 1, limit, time.Now()}
}

// overflows reports whether more than limit records of the table held
// both trigrams when last read, within trigramCountsTTL.
func (c *trigramCounts) overflows(table, a, b string, limit int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[table+" "+a+"&"+b]
	return ok && time.Since(e.at) < trigramCountsTTL && e.limit == limit
}

// trigramCount is a trigram's count up to limit + 1: n > limit says
// "more than limit".
type trigramCount struct {
	n, limit int
	at       time.Time
}

// get returns the counts of the trigrams in the table up to limit + 1,
// counting those it does not hold (exactly, or past limit) or holds for
// longer than trigramCountsTTL.
func (c *trigramCounts) get(ctx context.Context, db *DB, table string, ts []string, limit int) ([]int, error) {
	now := time.Now()
	counts := make([]int, len(ts))
	var missing []int
	c.mu.Lock()
	for i, t := range ts {
		if e, ok := c.m[table+" "+t]; ok && now.Sub(e.at) < trigramCountsTTL && (e.n <= e.limit || e.limit >= limit) {
			counts[i] = min(e.n, limit+1)
		} else {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return counts, nil
	}
	// Each trigram's records counted up to the bound: a few index
	// entries for a rare one, limit + 1 for a common one.
	parts := make([]string, len(missing))
	args := make([]any, 0, 2*len(missing))
	for j, i := range missing {
		parts[j] = `SELECT ` + strconv.Itoa(i) + `, (SELECT COUNT(*) FROM (SELECT 1 FROM ` + table + ` WHERE trigram = ? LIMIT ?) s` + strconv.Itoa(i) + `)`
		args = append(args, ts[i], limit+1)
	}
	err := scanPairs(ctx, db.read(ctx), db.rebind(strings.Join(parts, " UNION ALL ")), args, func(i, n int) { counts[i] = n })
	if err != nil {
		return nil, fmt.Errorf("store: search trigrams: %w", err)
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= trigramCountsMax {
		c.m = map[string]trigramCount{}
	}
	for _, i := range missing {
		c.m[table+" "+ts[i]] = trigramCount{counts[i], limit, now}
	}
	c.mu.Unlock()
	return counts, nil
}

// trigramsOfOrganisations selects (trigram, organisation id) for every
// organisation, as the triggers of migration 0018 compute them; callers may
// add conditions with AND.
const trigramsOfOrganisations = `SELECT DISTINCT substr(o.search_key, p.i, 3), o.id
	FROM organisations o JOIN search_positions p ON p.i <= length(o.search_key) - 2
	WHERE substr(o.search_key, p.i, 3) NOT LIKE '% %'`

// trigramsOfActivities selects (trigram, activity id) for every activity, as
// the triggers of migration 0022 compute them.
const trigramsOfActivities = `SELECT DISTINCT substr(a.search_key, p.i, 3), a.id
	FROM activities a JOIN search_positions p ON p.i <= length(a.search_key) - 2
	WHERE substr(a.search_key, p.i, 3) NOT LIKE '% %'`

// rebuildTrigrams recomputes org_trigrams and activity_trigrams from
// search_key in the transaction (RebuildRollups, and so htxnu check);
// migrations 0018 and 0022 fill them with the same statements, and
// triggers keep them.
func (tx *Tx) rebuildTrigrams(ctx context.Context) error {
	for _, q := range []string{`DELETE FROM org_trigrams`, `INSERT INTO org_trigrams (trigram, organisation_id) ` + trigramsOfOrganisations,
		`DELETE FROM activity_trigrams`, `INSERT INTO activity_trigrams (trigram, activity_id) ` + trigramsOfActivities} {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("store: rebuild search trigrams: %w", err)
		}
	}
	return nil
}
