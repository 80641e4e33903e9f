package store

import (
	"context"
	"fmt"
	"sync"

	"htxnu/internal/coop"
)

// The national T1–T8 of the dashboard from parts kept by scope.
//
// The national figures are the consolidation of each province's figures
// and of the centre's own (compiled.national): a province's figures read
// its own records and the centre's, never another province's (decision
// 0021), and the centre's read only the records of province "" (its
// activities, its union staff, the rules and national targets), which only
// the centre's writes move. So each part is kept at the generation of its
// scope — a province's at ScopeGeneration(province), the centre's at the
// newest event recorded for the whole country — and after a write in one
// province the national figures cost that province's compilation and the
// consolidation, not every province's.

// IndicatorParts keeps T1–T8 of each province and of the centre as of a
// day, each with the generation of its scope. The zero value is ready.
type IndicatorParts struct {
	mu   sync.Mutex
	kept map[string]indicatorPart // by day and province ("" the centre)
	// compiled counts the compilations: of one province, of every one.
	compiled struct{ provinces, all int }
}

type indicatorPart struct {
	gen     string
	figures []coop.Figure
	targets map[string]*int64 // the national targets, with the centre's part
}

// indicatorPartsMax bounds the parts kept (days times provinces).
const indicatorPartsMax = 4096

// partsFullAbove is how many provinces may be compiled one by one: beyond
// it, one compilation of every province costs less.
const partsFullAbove = 8

func (k *IndicatorParts) get(key, gen string) (indicatorPart, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.kept[key]
	return p, ok && p.gen == gen
}

func (k *IndicatorParts) count(provinces, all int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.compiled.provinces += provinces
	k.compiled.all += all
}

func (k *IndicatorParts) put(key string, p indicatorPart) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.kept == nil || len(k.kept) >= indicatorPartsMax {
		k.kept = map[string]indicatorPart{}
	}
	k.kept[key] = p
}

// DashboardTargets is TargetsAsOf for the dashboard's cards, from the
// parts kept in parts: a province's figures are its part, the national
// figures the consolidation of every part, each compiled again only when
// its scope has been written since it was kept. A province's dashboard
// and the national one share the parts. The figures are those of
// TargetsAsOf.
func (db *DB) DashboardTargets(ctx context.Context, actor coop.Actor, province, day string, parts *IndicatorParts) (*TargetOverview, error) {
	return db.targets(ctx, actor, province, func(province string) (*Actuals, error) {
		if !coop.Can(actor, coop.PermProgrammeRead) {
			return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
		}
		rules, err := db.indicatorRules(ctx, day)
		if err != nil {
			return nil, err
		}
		var figs []coop.Figure
		if province == "" {
			figs, err = db.nationalIndicators(ctx, day, parts)
		} else {
			figs, err = db.provinceIndicators(ctx, province, day, parts)
		}
		if err != nil {
			return nil, err
		}
		return actualsOf(province, rules[coop.FamilyWomenManaged], figs), nil
	})
}

// provinceIndicators is T1–T8 of one province as of day (indicatorFigures
// for the province), its part kept at ScopeGeneration(province).
func (db *DB) provinceIndicators(ctx context.Context, province, day string, parts *IndicatorParts) ([]coop.Figure, error) {
	gen, err := db.partGeneration(ctx, province)
	if err != nil {
		return nil, err
	}
	key := day + "|" + province
	if part, ok := parts.get(key, gen); ok {
		return part.figures, nil
	}
	c, err := db.indicatorCompiled(ctx, province, day)
	if err != nil {
		return nil, err
	}
	parts.count(1, 0)
	parts.put(key, indicatorPart{gen: gen, figures: c.figures[province]})
	return c.figures[province], nil
}

// nationalIndicators is the national T1–T8 as of day (indicatorFigures
// for province ""), consolidated from the parts, each compiled again when
// its scope has been written since it was kept. The generations are read
// before anything is compiled, so a part kept is at least as new as its
// generation.
func (db *DB) nationalIndicators(ctx context.Context, day string, parts *IndicatorParts) ([]coop.Figure, error) {
	gens, err := db.partGenerations(ctx)
	if err != nil {
		return nil, err
	}
	key := func(p string) string { return day + "|" + p }
	provinces := compiledProvinces("")
	c := &compiled{to: day, provinces: provinces, figures: map[string][]coop.Figure{}}
	var stale []string
	centreStale := false
	for _, p := range provinces {
		if part, ok := parts.get(key(p), gens[p]); ok {
			c.figures[p] = part.figures
			if p == "" {
				c.nationalTargets = part.targets
			}
		} else {
			stale = append(stale, p)
			centreStale = centreStale || p == ""
		}
	}
	if centreStale || len(stale) > partsFullAbove {
		// The centre's part, or most provinces: one compilation of all.
		all, err := db.indicatorCompiled(ctx, "", day)
		if err != nil {
			return nil, err
		}
		parts.count(0, 1)
		for _, p := range provinces {
			parts.put(key(p), indicatorPart{gen: gens[p], figures: all.figures[p], targets: all.nationalTargets})
		}
		return totalsOf(all.national(nil)), nil
	}
	// The provinces written since, side by side.
	got := make([]*compiled, len(stale))
	errs := make([]error, len(stale))
	var wg sync.WaitGroup
	for i, p := range stale {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = db.indicatorCompiled(ctx, p, day)
		}()
	}
	wg.Wait()
	parts.count(len(stale), 0)
	for i, p := range stale {
		if errs[i] != nil {
			return nil, errs[i]
		}
		c.figures[p] = got[i].figures[p]
		parts.put(key(p), indicatorPart{gen: gens[p], figures: c.figures[p]})
	}
	return totalsOf(c.national(nil)), nil
}

// partFamilies are the families of figures T1–T8 read: the organisations
// and the activities (FamilyAll besides: the rules, the targets).
var partFamilies = []string{FamilyRegistry, FamilyActivity, FamilyAll}

// partGenerations reads the generation of every province's part — the
// newest event of T1–T8's families recorded in the province or for the
// whole country — and of the centre's own (those recorded for the whole
// country), in one statement of index lookups (familyMaxima); on
// PostgreSQL with the count of the scope's recent events of those
// families (late commits, as in ScopeGeneration).
func (db *DB) partGenerations(ctx context.Context) (map[string]string, error) {
	return db.partGenerationsOf(ctx, provinceCodes())
}

// partGeneration is partGenerations' generation of one province's part.
func (db *DB) partGeneration(ctx context.Context, province string) (string, error) {
	gens, err := db.partGenerationsOf(ctx, []string{province})
	return gens[province], err
}

// partGenerationsOf is partGenerations for the centre and the provinces
// given.
func (db *DB) partGenerationsOf(ctx context.Context, codes []string) (map[string]string, error) {
	fm, err := db.familyMaxima(ctx, append([]string{""}, codes...), partFamilies, true)
	if err != nil {
		return nil, err
	}
	scope := func(p string) (newest, recent int64) {
		for _, f := range partFamilies {
			newest = max(newest, fm.newest[scopeFamily{p, f}], fm.newest[scopeFamily{"", f}])
			recent += fm.recent[scopeFamily{p, f}]
			if p != "" {
				recent += fm.recent[scopeFamily{"", f}]
			}
		}
		return newest, recent
	}
	today := db.today()
	out := make(map[string]string, len(codes)+1)
	newest, recent := scope("")
	out[""] = fmt.Sprintf("%s.centre.%d.%d", today, newest, recent)
	for _, p := range codes {
		newest, recent := scope(p)
		out[p] = fmt.Sprintf("%s.%s.%d.%d", today, p, newest, recent)
	}
	return out, nil
}
