package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Every audit event names the family of figures its write may change
// (migration 0025). The dashboards keep each section until an event of one
// of the section's families, or of FamilyAll, is newer than it: on
// reporting day a report's move recomputes the reporting section and
// leaves the registry's counts and the activities' reach as they were.
//
// A family is chosen by the record the write changed, and only a family
// that surely changes no other figure is told apart: anything not listed
// is FamilyAll, and so is every event written before the families were
// (and by the imports), which makes every section new.
const (
	FamilyNone     = "none"     // no figure: a cooperative's phone or address, sign-ins, tokens
	FamilyRegistry = "registry" // organisations: their kind, status, managers, workforce…
	FamilyActivity = "activity" // support activities, their beneficiaries, attendance
	FamilyReport   = "report"   // reports: their text, comments and moves
	FamilyObstacle = "obstacle" // obstacles
	FamilyAll      = "all"      // rules, targets, plans, imports and everything else
)

// families are the families a section may name, FamilyAll last.
var families = []string{FamilyNone, FamilyRegistry, FamilyActivity, FamilyReport, FamilyObstacle, FamilyAll}

// auditFamily is the family of an audit event of entity, given what it
// records before and after (as JSON; "" for nothing).
func auditFamily(entity, before, after string) string {
	switch entity {
	case "organisation":
		if before != "" && after != "" && withoutContact(before) == withoutContact(after) {
			return FamilyNone
		}
		return FamilyRegistry
	case "activity", "attendance":
		return FamilyActivity
	case "report":
		return FamilyReport
	case "obstacle":
		return FamilyObstacle
	case "user", "api_token":
		return FamilyNone
	}
	return FamilyAll
}

// contactFields are an organisation's fields that no figure reads, as
// its audit view names them (version: every save moves it).
var contactFields = []string{"phone", "address", "version"}

// withoutContact is an organisation's audit view (a JSON object) without
// its contact fields: the object's members are copied as they are, but
// for those.
func withoutContact(js string) string {
	var b strings.Builder
	b.Grow(len(js))
	depth, i := 0, 0
	inString := func(j int) int { // the index after the string starting at j
		for j++; j < len(js); j++ {
			switch js[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return j
	}
	for i < len(js) {
		c := js[i]
		switch {
		case c == '"' && depth == 1 && (b.Len() == 0 || strings.HasSuffix(b.String(), "{") || strings.HasSuffix(b.String(), ",")):
			// A member's name at the top level.
			end := inString(i)
			name := js[i+1 : end-1]
			if slices.Contains(contactFields, name) {
				// Skip ":" and the value (a string or a number), and the
				// comma after it.
				j := end + 1
				if j < len(js) && js[j] == '"' {
					j = inString(j)
				} else {
					for j < len(js) && js[j] != ',' && js[j] != '}' {
						j++
					}
				}
				if j < len(js) && js[j] == ',' {
					j++
				}
				i = j
				continue
			}
			b.WriteString(js[i:end])
			i = end
		case c == '"':
			end := inString(i)
			b.WriteString(js[i:end])
			i = end
		default:
			switch c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// FamilyGens are the generations of each family of figures of one scope
// (a province, with the centre's events; or the whole country), read at
// once.
type FamilyGens struct {
	day, province string
	newest        map[string]int64
	recent        map[string]int64 // PostgreSQL: events of the family among the last thousand
}

// Of is the generation of the figures that read the given families: it
// moves with an event of any of them or of FamilyAll, and with the day.
func (g FamilyGens) Of(fams ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s", g.day, g.province)
	for _, f := range append(fams, FamilyAll) {
		fmt.Fprintf(&b, ".%s:%d:%d", f, g.newest[f], g.recent[f])
	}
	return b.String()
}

// FamilyGenerations reads the newest audit event of each family in the
// scope of province ("" the whole country), one index lookup each
// (audit_events_family_id, audit_events_province_family_id). On
// PostgreSQL the count of each family's events among the last thousand
// ids is part of it, as in ScopeGeneration.
func (db *DB) FamilyGenerations(ctx context.Context, province string) (FamilyGens, error) {
	return db.familyGenerations(ctx, db.lookup(ctx), province)
}

// familyGenerations is FamilyGenerations read in q (a transaction's, to
// see what the transaction sees).
func (db *DB) familyGenerations(ctx context.Context, q queryer, province string) (FamilyGens, error) {
	g := FamilyGens{day: db.today(), province: province, newest: map[string]int64{}, recent: map[string]int64{}}
	scopes := []string{province, ""}
	if province == "" {
		scopes = nil // every province's events
	}
	fm, err := db.familyMaximaIn(ctx, q, scopes, families, true)
	if err != nil {
		return g, err
	}
	for k, n := range fm.newest {
		g.newest[k.family] = max(g.newest[k.family], n)
	}
	for k, n := range fm.recent {
		if province == "" || k.province == province || k.province == "" {
			g.recent[k.family] += n
		}
	}
	return g, nil
}

// scopeFamily names the events of one province ("" the centre's, or every
// province's when familyMaxima is given no province) and one family.
type scopeFamily struct{ province, family string }

// familyMaxima are the newest event of each province and family and, on
// PostgreSQL, the count of its events among the thousand ids below it.
type familyMaxima struct {
	newest, recent map[scopeFamily]int64
}

// familyMaxima reads the newest audit event of each of the provinces
// (every province's together when provinces is nil) and families, in one
// statement of index lookups. With counts, on PostgreSQL, each also counts
// its events among the thousand ids below its newest: a late commit lands
// there (ScopeGeneration) and changes the count.
func (db *DB) familyMaxima(ctx context.Context, provinces, fams []string, counts bool) (familyMaxima, error) {
	return db.familyMaximaIn(ctx, db.read(ctx), provinces, fams, counts)
}

// familyMaximaIn is familyMaxima read in q.
func (db *DB) familyMaximaIn(ctx context.Context, q queryer, provinces, fams []string, counts bool) (familyMaxima, error) {
	counts = counts && db.dialect == Postgres
	fm := familyMaxima{newest: map[scopeFamily]int64{}, recent: map[scopeFamily]int64{}}
	var parts []string
	var args []any
	familyScopes(provinces, fams, func(label, family, scope string, sargs []any) {
		parts = append(parts, familyLookup(db.dialect, counts, scope))
		args = append(args, label, family)
		args = append(args, sargs...)
		if counts {
			args = append(args, sargs...)
		}
	})
	rows, err := q.QueryContext(ctx, db.rebind(strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return fm, fmt.Errorf("store: family generations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k scopeFamily
		var n, r int64
		if err := rows.Scan(&k.province, &k.family, &n, &r); err != nil {
			return fm, err
		}
		fm.newest[k], fm.recent[k] = n, r
	}
	return fm, rows.Err()
}

// familyScopes calls fn for each family in each of provinces (every
// province's events together, labelled "*", when provinces is nil) with
// the scope's condition, to go before the family's in a WHERE clause
// ("" or "province = ? AND "), and the arguments of both.
func familyScopes(provinces, fams []string, fn func(label, family, scope string, args []any)) {
	for _, f := range fams {
		if provinces == nil {
			fn("*", f, ``, []any{f})
			continue
		}
		for _, p := range provinces {
			fn(p, f, `province = ? AND `, []any{p, f})
		}
	}
}

// familyNewest is the newest event of one family in a scope (an index
// lookup: audit_events_family_id, audit_events_province_family_id); its
// arguments are those of familyScopes.
func familyNewest(scope string) string {
	return `(SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE ` + scope + `family = ?)`
}

// familyLookup is one lookup of familyMaxima: its arguments are the
// province and family it answers with, then those of scope (which ends
// with the family's condition) once, or with counts twice.
func familyLookup(d Dialect, counts bool, scope string) string {
	if counts {
		return `SELECT CAST(? AS TEXT), CAST(? AS TEXT), t.m, (SELECT COUNT(*) FROM audit_events WHERE ` + scope + `family = ? AND id > t.m - 1000)
			FROM (SELECT COALESCE(MAX(id), 0) AS m FROM audit_events WHERE ` + scope + `family = ?) t`
	}
	if d == Postgres {
		return `SELECT CAST(? AS TEXT), CAST(? AS TEXT), ` + familyNewest(scope) + `, 0`
	}
	return `SELECT ?, ?, ` + familyNewest(scope) + `, 0`
}
