package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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

// trigramCandidates is how many organisations a trigram may be held by and
// still be used to find the candidates; a search whose every trigram is
// more common reads the names in order, which its words then fill quickly.
const trigramCandidates = 5000

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
	c, cargs, ok, err := db.trigramCondition(ctx, words)
	if ok {
		conds, args = append(conds, c), append(args, cargs...)
	}
	return strings.Join(conds, " AND "), args, err
}

// trigramCondition returns the condition (over organisations.id) naming the
// organisations that hold every trigram of the words held by at most
// trigramCandidates organisations, driven by the rarest, and false when
// there is none (short words, or only common trigrams).
func (db *DB) trigramCondition(ctx context.Context, words []string) (string, []any, bool, error) {
	ts := trigrams(words)
	if len(ts) == 0 {
		return "", nil, false, nil
	}
	// Each trigram's organisations counted up to the bound: a few index
	// entries for a rare one, trigramCandidates + 1 for a common one.
	parts := make([]string, len(ts))
	args := make([]any, 0, 2*len(ts))
	for i, t := range ts {
		parts[i] = `SELECT ` + strconv.Itoa(i) + `, (SELECT COUNT(*) FROM (SELECT 1 FROM org_trigrams WHERE trigram = ? LIMIT ?) s` + strconv.Itoa(i) + `)`
		args = append(args, t, trigramCandidates+1)
	}
	rows, err := db.sql.QueryContext(ctx, db.rebind(strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return "", nil, false, fmt.Errorf("store: search trigrams: %w", err)
	}
	defer rows.Close()
	counts := make([]int, len(ts))
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return "", nil, false, err
		}
		counts[i] = n
	}
	if err := rows.Err(); err != nil {
		return "", nil, false, err
	}
	rarest := -1
	for i, n := range counts {
		if n <= trigramCandidates && (rarest < 0 || n < counts[rarest]) {
			rarest = i
		}
	}
	if rarest < 0 {
		return "", nil, false, nil
	}
	cond, cargs := `organisations.id IN (SELECT t.organisation_id FROM org_trigrams t WHERE t.trigram = ?`, []any{ts[rarest]}
	for i, n := range counts {
		if i != rarest && n <= trigramCandidates {
			cond += ` AND EXISTS (SELECT 1 FROM org_trigrams u WHERE u.trigram = ? AND u.organisation_id = t.organisation_id)`
			cargs = append(cargs, ts[i])
		}
	}
	return cond + `)`, cargs, true, nil
}

// rebuildTrigrams recomputes org_trigrams from search_key in the
// transaction (RebuildRollups, and so htxnu check); migration 0018 fills it
// with the same statement, and triggers keep it.
func (tx *Tx) rebuildTrigrams(ctx context.Context) error {
	for _, q := range []string{`DELETE FROM org_trigrams`, `INSERT INTO org_trigrams (trigram, organisation_id)
		SELECT DISTINCT substr(o.search_key, p.i, 3), o.id FROM organisations o JOIN search_positions p ON p.i <= length(o.search_key) - 2
		WHERE substr(o.search_key, p.i, 3) NOT LIKE '% %'`} {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("store: rebuild search trigrams: %w", err)
		}
	}
	return nil
}
