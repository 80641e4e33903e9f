package store

import (
	"context"
	"strings"

	"htxnu/internal/coop"
)

// SetTrigramBounds replaces the bounds a search chooses its candidates by
// (trigramCandidates, trigramIntersect) and forgets the counts, so that a
// few records take each way.
func (db *DB) SetTrigramBounds(candidates, intersect int) {
	c := db.trigramCounts
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bounds, c.m = &trigramBounds{candidates, intersect}, nil
}

// OrgSearchWay says how a registry search finds its candidates: "rare"
// (from its rarest trigrams), "intersection" (the records holding its two
// rarest common trigrams) or "names" (every name in order).
func (db *DB) OrgSearchWay(ctx context.Context, q string) (string, error) {
	c, _, ok, err := db.trigramCondition(ctx, orgTrigramIndex, coop.SearchWords(q))
	switch {
	case err != nil:
		return "", err
	case !ok:
		return "names", nil
	case strings.Contains(c, "SELECT"):
		return "rare", nil
	}
	return "intersection", nil
}
