package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The rollups behind the dashboards must always equal the aggregate
// recomputed from the organisation rows. These tests drive the store with
// random writes, some of which must fail, and compare the two after every
// few steps. A failure prints the seed; rerun with HTXNU_TEST_SEED=<seed>.

// rollupSeed returns the seed of the random source: HTXNU_TEST_SEED when set,
// else a new one each run, logged so a failure can be reproduced.
func rollupSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("HTXNU_TEST_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HTXNU_TEST_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (rerun with HTXNU_TEST_SEED=%d)", seed, seed)
	return seed
}

// A few provinces, so that organisations share rollup rows.
var orgGenProvinces = []string{"01", "08", "19", "79", "96"}

// orgGen makes random organisations and random valid changes to them.
type orgGen struct {
	r      *rand.Rand
	today  time.Time
	prefix string // keeps registration numbers of concurrent generators apart
	n      int
}

func (g *orgGen) day(offset int) string { return g.today.AddDate(0, 0, offset).Format("2006-01-02") }

func pickFrom[T any](g *orgGen, l []T) T { return l[g.r.IntN(len(l))] }

func (g *orgGen) codes(l coop.CodeList) string { return pickFrom(g, l).Code }

func (g *orgGen) kind() string {
	switch n := g.r.IntN(10); {
	case n < 6:
		return coop.KindHTX
	case n < 7:
		return coop.KindLHHTX
	}
	return coop.KindTHT
}

func (g *orgGen) organisation() *coop.Organisation {
	g.n++
	o := &coop.Organisation{
		Name:      fmt.Sprintf("Hợp tác xã %s %d", pickFrom(g, []string{"Đồng Tâm", "Ấp Bắc", "Bản Lác", "Hoa Sen", "Ê Đê"}), g.n),
		Sector:    g.codes(coop.Sectors),
		Province:  pickFrom(g, orgGenProvinces),
		Status:    g.codes(coop.Statuses),
		FoundedOn: g.day(-g.r.IntN(5000)),
	}
	g.setKind(o, g.kind())
	if g.r.IntN(2) == 0 {
		o.RegistrationNo = fmt.Sprintf("%s%06d", g.prefix, g.n)
	}
	o.Snapshots = []coop.Snapshot{}
	for range g.r.IntN(4) {
		o.Snapshots = append(o.Snapshots, g.snapshot(g.unusedDate(o)))
	}
	return o
}

// setKind changes the kind and governance and gives the organisation
// positions valid for them.
func (g *orgGen) setKind(o *coop.Organisation, kind string) {
	o.Kind, o.Governance = kind, ""
	if kind != coop.KindTHT {
		o.Governance = pickFrom(g, []string{coop.GovernanceFull, coop.GovernanceSimplified})
	}
	o.Positions = []coop.Position{}
	for range g.r.IntN(5) {
		o.Positions = append(o.Positions, g.position(o))
	}
}

func (g *orgGen) position(o *coop.Organisation) coop.Position {
	p := coop.Position{
		Role:   pickFrom(g, coop.RolesFor(o.Kind, o.Governance)),
		Holder: pickFrom(g, []string{"Hoàng Thị Mai", "Lò Văn Sáng", "Vi Thị Hoa", "Nguyễn Văn An"}),
		Sex:    pickFrom(g, []string{coop.SexFemale, coop.SexFemale, coop.SexMale}),
	}
	if g.r.IntN(4) > 0 {
		p.From = g.day(20 - g.r.IntN(3000)) // sometimes starting in the future
	}
	switch g.r.IntN(5) {
	case 0:
		p.To = max(p.From, g.day(-g.r.IntN(400))) // ended, or ending today
	case 1:
		p.To = max(p.From, g.day(g.r.IntN(60)))
	}
	return p
}

// snapshot returns a valid workforce snapshot on a scale that reaches every
// tier of the high-female-labour rule.
func (g *orgGen) snapshot(asOf string) coop.Snapshot {
	workers := g.r.Int64N(pickFrom(g, []int64{15, 150, 1500, 5000}))
	female := g.r.Int64N(workers + 1)
	if g.r.IntN(3) == 0 {
		// On a boundary of the rules: {women, workers}.
		b := pickFrom(g, [][2]int64{{9, 10}, {10, 20}, {10, 21}, {5, 10}, {4, 9}, {99, 198}, {100, 333}, {100, 334}, {999, 3330}, {999, 3331}, {1000, 4000}})
		female, workers = b[0], b[1]
	}
	regular := g.r.Int64N(workers + 1)
	members := g.r.Int64N(300)
	return coop.Snapshot{
		AsOf: asOf, MembersTotal: members, MembersFemale: g.r.Int64N(members + 1),
		WorkersTotal: workers, WorkersFemale: female,
		RegularTotal: regular, RegularFemale: g.r.Int64N(min(regular, female) + 1),
		FemaleMonthlyIncome: g.r.Int64N(12_000_000),
	}
}

// unusedDate returns a date up to today on which o has no snapshot.
func (g *orgGen) unusedDate(o *coop.Organisation) string {
	for {
		d := g.day(-g.r.IntN(2000))
		if !slices.ContainsFunc(o.Snapshots, func(s coop.Snapshot) bool { return s.AsOf == d }) {
			return d
		}
	}
}

// mutate makes one random valid change to o and says what it changed.
func (g *orgGen) mutate(o *coop.Organisation) string {
	ps, ss := o.Positions, o.Snapshots
	switch g.r.IntN(14) {
	case 0:
		o.Province = pickFrom(g, orgGenProvinces)
		return "province " + o.Province
	case 1:
		g.setKind(o, g.kind())
		return "kind " + o.Kind + "/" + o.Governance + " with new positions"
	case 2:
		o.Sector = g.codes(coop.Sectors)
		return "sector " + o.Sector
	case 3:
		o.Status = g.codes(coop.Statuses)
		return "status " + o.Status
	case 4:
		o.Positions = append(ps, g.position(o))
		return "position added"
	case 5:
		if i := slices.IndexFunc(ps, func(p coop.Position) bool { return p.To == "" }); i >= 0 {
			ps[i].To = max(ps[i].From, g.day(-g.r.IntN(3)))
			return "position ended"
		}
	case 6:
		if len(ps) > 0 {
			i := g.r.IntN(len(ps))
			ps[i].Sex = map[string]string{coop.SexFemale: coop.SexMale, coop.SexMale: coop.SexFemale}[ps[i].Sex]
			return "position holder's sex changed"
		}
	case 7:
		if len(ps) > 0 {
			i := g.r.IntN(len(ps))
			o.Positions = slices.Delete(ps, i, i+1)
			return "position removed"
		}
	case 8:
		o.Snapshots = append(ss, g.snapshot(g.unusedDate(o)))
		return "snapshot added"
	case 9:
		if len(ss) > 0 {
			i := g.r.IntN(len(ss))
			id := ss[i].ID
			ss[i] = g.snapshot(ss[i].AsOf)
			ss[i].ID = id
			return "snapshot figures edited"
		}
	case 10:
		if len(ss) > 0 {
			i := g.r.IntN(len(ss))
			o.Snapshots = slices.Delete(ss, i, i+1)
			return "snapshot removed"
		}
	case 11:
		if len(ss) > 0 {
			i := g.r.IntN(len(ss))
			ss[i].AsOf = g.unusedDate(o)
			return "snapshot moved to another date"
		}
	case 12:
		// Correcting two snapshots entered under each other's dates.
		if len(ss) >= 2 {
			ss[0].AsOf, ss[1].AsOf = ss[1].AsOf, ss[0].AsOf
			return "two snapshot dates swapped"
		}
	case 13:
		// An API client copies an existing entry, id included, to record
		// a new date.
		if len(ss) > 0 {
			c := ss[g.r.IntN(len(ss))]
			c.AsOf = g.unusedDate(o)
			o.Snapshots = append(ss, c)
			return "snapshot copied to a new date"
		}
	}
	o.Name = fmt.Sprintf("Hợp tác xã Đổi tên %d", g.r.IntN(1000))
	return "renamed"
}

var (
	countGroupings = []string{"province", "kind", "sector", "status"}
	wimRuleIDs     = []string{coop.RuleWIMDefault, coop.RuleWIMStrict}
	hflRuleIDs     = []string{coop.RuleHFLTiers, coop.RuleHFLShare50}
)

// assertRollupsRecomputed fails unless the rollups equal the recomputed aggregates for
// every grouping and every rule, and no rollup row is negative or counts
// figures without organisations.
func assertRollupsRecomputed(t *testing.T, db *store.DB, at string) {
	t.Helper()
	ctx := context.Background()
	for _, g := range countGroupings {
		for _, w := range wimRuleIDs {
			for _, h := range hflRuleIDs {
				f := store.CountsFilter{GroupBy: g, WIMRule: w, HFLRule: h}
				got, err := db.Counts(ctx, coop.System, f)
				if err != nil {
					t.Fatalf("%s: counts %+v: %v", at, f, err)
				}
				want, err := db.RecomputeCounts(ctx, coop.System, f)
				if err != nil {
					t.Fatalf("%s: recompute %+v: %v", at, f, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: rollups differ from recomputation for %+v:\n rollup     %+v\n recomputed %+v", at, f, got, want)
				}
			}
		}
	}
	// The registry as of days before and after the changes equals its
	// recomputation from the organisations' lives.
	for _, day := range []string{"2015-06-30", "2021-10-30", "2024-12-31", "2025-12-31", "2026-01-07", "2026-06-14", "2030-01-01"} {
		for _, g := range countGroupings {
			f := store.AsOfFilter{Day: day, GroupBy: g, WIMRule: wimRuleIDs[len(at)%2], HFLRule: hflRuleIDs[len(day)%2]}
			got, err := db.CountsAsOf(ctx, coop.System, f)
			if err != nil {
				t.Fatalf("%s: counts as of %+v: %v", at, f, err)
			}
			want, err := db.RecomputeCountsAsOf(ctx, coop.System, f)
			if err != nil {
				t.Fatalf("%s: recompute as of %+v: %v", at, f, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: registry as of differs from recomputation for %+v:\n rollup     %+v\n recomputed %+v", at, f, got, want)
			}
		}
	}
	// A provincial view, filtered, under the active rules.
	p := orgGenProvinces[len(at)%len(orgGenProvinces)]
	actor := coop.Actor{UserID: 2, Name: "Cán bộ tỉnh", Role: coop.RoleProvincial, Province: p}
	f := store.CountsFilter{GroupBy: "sector", Status: coop.StatusActive}
	got, err1 := db.Counts(ctx, actor, f)
	want, err2 := db.RecomputeCounts(ctx, actor, f)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: province %s view: %v %v\n rollup     %+v\n recomputed %+v", at, p, err1, err2, got, want)
	}
	// The workforce stored on each organisation row, which the rollups
	// add up, is its latest snapshot.
	var stale int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations o
		LEFT JOIN workforce_snapshots s ON s.organisation_id = o.id AND s.as_of = o.workforce_as_of
		WHERE o.workforce_as_of <> COALESCE((SELECT MAX(as_of) FROM workforce_snapshots l WHERE l.organisation_id = o.id), '')
		OR (o.workforce_as_of <> '' AND s.id IS NULL)
		OR o.members_total <> COALESCE(s.members_total, 0) OR o.members_female <> COALESCE(s.members_female, 0)
		OR o.workers_total <> COALESCE(s.workers_total, 0) OR o.workers_female <> COALESCE(s.workers_female, 0)
		OR o.regular_total <> COALESCE(s.regular_total, 0) OR o.regular_female <> COALESCE(s.regular_female, 0)`).Scan(&stale); err != nil || stale != 0 {
		t.Fatalf("%s: %d organisations whose stored workforce is not their latest snapshot (%v)", at, stale, err)
	}
	var bad int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM org_rollup WHERE
		orgs < 0 OR wim_default < 0 OR wim_strict < 0 OR hfl_tiers < 0 OR hfl_share50 < 0 OR members_total < 0 OR members_female < 0
		OR workers_total < 0 OR workers_female < 0 OR regular_total < 0 OR regular_female < 0
		OR (orgs = 0 AND (wim_default <> 0 OR wim_strict <> 0 OR hfl_tiers <> 0 OR hfl_share50 <> 0 OR members_total <> 0
		OR members_female <> 0 OR workers_total <> 0 OR workers_female <> 0 OR regular_total <> 0 OR regular_female <> 0))`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%s: %d inconsistent rollup rows (%v)", at, bad, err)
	}
}

// rollupState returns the raw rollup table and the organisation versions,
// for checking that a failed write changed nothing.
func rollupState(t *testing.T, db *store.DB) string {
	t.Helper()
	r := queryStrings(t, db.SQL(), `SELECT province, kind, sector, status, orgs, wim_default, wim_strict, hfl_tiers, hfl_share50,
		members_total, members_female, workers_total, workers_female, regular_total, regular_female FROM org_rollup ORDER BY province, kind, sector, status`)
	o := queryStrings(t, db.SQL(), `SELECT id, version, archived FROM organisations ORDER BY id`)
	return fmt.Sprint(r, o)
}

// rollupWorld drives one database through random writes.
type rollupWorld struct {
	t       *testing.T
	db      *store.DB
	g       *orgGen
	ids     []int64
	regNo   map[string]int64 // registration number → organisation
	history []string
}

func (w *rollupWorld) logf(format string, args ...any) {
	w.history = append(w.history, fmt.Sprintf(format, args...))
}

func (w *rollupWorld) fatalf(format string, args ...any) {
	w.t.Helper()
	n := max(0, len(w.history)-15)
	w.t.Fatalf("%s\nlast steps:\n  %s", fmt.Sprintf(format, args...), strings.Join(w.history[n:], "\n  "))
}

func (w *rollupWorld) read(id int64) *coop.Organisation {
	w.t.Helper()
	o, err := w.db.Organisation(context.Background(), coop.System, id)
	if err != nil {
		w.fatalf("read %d: %v", id, err)
	}
	return o
}

func (w *rollupWorld) create(o *coop.Organisation) {
	w.t.Helper()
	if err := w.db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		w.fatalf("create %+v: %v", o, err)
	}
	w.ids = append(w.ids, o.ID)
	if o.RegistrationNo != "" {
		w.regNo[o.RegistrationNo] = o.ID
	}
	w.logf("create %d %s/%s in %s, %d positions, %d snapshots", o.ID, o.Kind, o.Governance, o.Province, len(o.Positions), len(o.Snapshots))
	w.assertStored(o, "create")
}

// step makes one random write that must succeed.
func (w *rollupWorld) step() {
	w.t.Helper()
	ctx := context.Background()
	g := w.g
	if len(w.ids) < 3 || g.r.IntN(5) == 0 {
		w.create(g.organisation())
		return
	}
	id := pickFrom(g, w.ids)
	cur := w.read(id)
	var saved *coop.Organisation
	var err error
	var what string
	switch n := g.r.IntN(10); {
	case n < 4:
		what = "update: " + g.mutate(cur)
		if g.r.IntN(3) == 0 {
			what += "; " + g.mutate(cur)
		}
		// A nil collection is left as it is.
		if !strings.Contains(what, "position") && g.r.IntN(2) == 0 {
			cur.Positions = nil
		}
		if !strings.Contains(what, "snapshot") && g.r.IntN(2) == 0 {
			cur.Snapshots = nil
		}
		err = w.db.UpdateOrganisation(ctx, coop.System, cur)
		saved = cur
	case n < 8:
		saved, err = w.db.ChangeOrganisation(ctx, coop.System, id, cur.Version, "update", func(o *coop.Organisation) error {
			what = "change: " + g.mutate(o)
			return nil
		})
	case cur.Archived:
		what = "restore"
		saved, err = w.db.RestoreOrganisation(ctx, coop.System, id, cur.Version)
	default:
		what = "archive"
		saved, err = w.db.ArchiveOrganisation(ctx, coop.System, id, cur.Version)
	}
	w.logf("%d v%d %s", id, cur.Version, what)
	if err != nil {
		w.fatalf("organisation %d, %s: %v", id, what, err)
	}
	w.assertStored(saved, what)
}

// assertStored checks that what a write answered is what a read returns:
// fields, derived flags and workforce, and every child row.
func (w *rollupWorld) assertStored(want *coop.Organisation, what string) {
	w.t.Helper()
	got := w.read(want.ID)
	norm := func(o *coop.Organisation) coop.Organisation {
		c := *o
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		c.Positions = slices.Clone(o.Positions)
		c.Snapshots = slices.Clone(o.Snapshots)
		c.Products = slices.Clone(o.Products)
		slices.SortFunc(c.Positions, func(a, b coop.Position) int { return int(a.ID - b.ID) })
		slices.SortFunc(c.Snapshots, func(a, b coop.Snapshot) int { return int(a.ID - b.ID) })
		slices.SortFunc(c.Products, func(a, b coop.Product) int { return int(a.ID - b.ID) })
		if o.Workforce != nil {
			wf := *o.Workforce
			wf.ID, wf.FemaleMonthlyIncome = 0, 0 // the row keeps the figures only
			c.Workforce = &wf
		}
		return c
	}
	g, e := norm(got), norm(want)
	if !reflect.DeepEqual(g, e) {
		w.fatalf("organisation %d after %s:\n stored   %+v %+v\n answered %+v %+v", want.ID, what, g, g.Workforce, e, e.Workforce)
	}
}

// failingStep makes one random write that must fail, and checks that it
// left the rollups and every organisation as they were.
func (w *rollupWorld) failingStep() {
	w.t.Helper()
	ctx := context.Background()
	g := w.g
	before := rollupState(w.t, w.db)
	cur := w.read(pickFrom(g, w.ids))
	other := pickFrom(g, orgGenProvinces)
	for other == cur.Province {
		other = pickFrom(g, orgGenProvinces)
	}
	boom := errors.New("change refused")
	var err error
	var what, want string
	switch g.r.IntN(11) {
	case 0:
		what, want = "female workers above total", coop.EINVALID
		g.mutate(cur)
		cur.Snapshots = append(cur.Snapshots, coop.Snapshot{AsOf: g.unusedDate(cur), WorkersTotal: 10, WorkersFemale: 11})
		err = w.db.UpdateOrganisation(ctx, coop.System, cur)
	case 1:
		what, want = "stale version", coop.ECONFLICT
		what += ", " + g.mutate(cur)
		if cur.Version > 1 && g.r.IntN(2) == 0 {
			cur.Version--
		} else {
			cur.Version++
		}
		err = w.db.UpdateOrganisation(ctx, coop.System, cur)
	case 2:
		what, want = "stale archive or restore", coop.ECONFLICT
		if cur.Archived {
			_, err = w.db.RestoreOrganisation(ctx, coop.System, cur.ID, cur.Version+1)
		} else {
			_, err = w.db.ArchiveOrganisation(ctx, coop.System, cur.ID, cur.Version+1)
		}
	case 3:
		what, want = "change refused by its function", coop.EINTERNAL
		_, err = w.db.ChangeOrganisation(ctx, coop.System, cur.ID, cur.Version, "update", func(o *coop.Organisation) error {
			what += " after " + g.mutate(o)
			return boom
		})
		if !errors.Is(err, boom) {
			w.fatalf("%d %s: want the function's error, got %v", cur.ID, what, err)
		}
	case 4:
		what, want = "role not valid for the model", coop.EINVALID
		_, err = w.db.ChangeOrganisation(ctx, coop.System, cur.ID, cur.Version, "update", func(o *coop.Organisation) error {
			g.mutate(o)
			role := map[string]string{coop.GovernanceFull: coop.RoleController, coop.GovernanceSimplified: coop.RoleChair, "": coop.RoleDirector}[o.Governance]
			o.Positions = append(o.Positions, coop.Position{Role: role, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale})
			return nil
		})
	case 5:
		what, want = "create in an unknown province", coop.EINVALID
		o := g.organisation()
		o.Province = "99"
		err = w.db.CreateOrganisation(ctx, coop.System, o)
	case 6:
		what, want = "create with a founding date tomorrow", coop.EINVALID
		o := g.organisation()
		o.FoundedOn = g.day(1)
		err = w.db.CreateOrganisation(ctx, coop.System, o)
	case 7:
		what, want = "registration number already used", coop.ECONFLICT
		var used string
		for no, owner := range w.regNo {
			if owner != cur.ID {
				used = no
				break
			}
		}
		if used == "" {
			return
		}
		if g.r.IntN(2) == 0 {
			o := g.organisation()
			o.RegistrationNo = used
			what = "create: " + what
			err = w.db.CreateOrganisation(ctx, coop.System, o)
		} else {
			what = "update: " + what
			cur.RegistrationNo = used
			err = w.db.UpdateOrganisation(ctx, coop.System, cur)
		}
	case 8:
		what, want = "provincial user moves it to another province", coop.EFORBIDDEN
		actor := coop.Actor{UserID: 2, Name: "Cán bộ tỉnh", Role: coop.RoleProvincial, Province: cur.Province}
		cur.Province = other
		err = w.db.UpdateOrganisation(ctx, actor, cur)
	case 9:
		what, want = "provincial user of another province", coop.ENOTFOUND
		actor := coop.Actor{UserID: 3, Name: "Cán bộ tỉnh khác", Role: coop.RoleProvincial, Province: other}
		_, err = w.db.ChangeOrganisation(ctx, actor, cur.ID, cur.Version, "update", func(o *coop.Organisation) error {
			g.mutate(o)
			return nil
		})
	case 10:
		what, want = "archive an archived one or restore a current one", coop.ECONFLICT
		if cur.Archived {
			_, err = w.db.ArchiveOrganisation(ctx, coop.System, cur.ID, cur.Version)
		} else {
			_, err = w.db.RestoreOrganisation(ctx, coop.System, cur.ID, cur.Version)
		}
	}
	w.logf("%d v%d must fail: %s", cur.ID, cur.Version, what)
	if got := coop.ErrorCode(err); got != want {
		w.fatalf("%d %s: want %s, got %v", cur.ID, what, want, err)
	}
	if after := rollupState(w.t, w.db); after != before {
		w.fatalf("%d %s: a failed write changed the data:\n before %s\n after  %s", cur.ID, what, before, after)
	}
}

func TestRollupsEqualRecomputation(t *testing.T) {
	seed := rollupSeed(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const steps, every = 300, 10
		now := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return now })
		r := rand.New(rand.NewPCG(seed, 0x68747875))
		w := &rollupWorld{t: t, db: db, g: &orgGen{r: r, today: now, prefix: "R"}, regNo: map[string]int64{}}
		failures := 0
		for i := 1; i <= steps; i++ {
			if i > 10 && r.IntN(4) == 0 {
				w.failingStep()
				failures++
			} else {
				w.step()
			}
			if i%7 == 0 {
				// Time passes: positions start and end without a write,
				// and the next write of each organisation re-derives it.
				now = now.AddDate(0, 0, 1)
				w.g.today = now
			}
			if i%every == 0 {
				assertRollupsRecomputed(t, db, fmt.Sprintf("seed %d step %d", seed, i))
			}
		}
		assertRollupsRecomputed(t, db, fmt.Sprintf("seed %d end", seed))

		// The data must have told the rules of each family apart, or the
		// comparison above proved little.
		var current, wimDiffer, hflDiffer int
		if err := db.SQL().QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN wim_default <> wim_strict THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN hfl_tiers <> hfl_share50 THEN 1 ELSE 0 END), 0) FROM organisations WHERE archived = 0`).Scan(&current, &wimDiffer, &hflDiffer); err != nil {
			t.Fatal(err)
		}
		if current == 0 || wimDiffer == 0 || hflDiffer == 0 {
			t.Errorf("seed %d: data too uniform to tell the rules apart: %d current, %d differ on women in management, %d on female labour",
				seed, current, wimDiffer, hflDiffer)
		}
		t.Logf("%d organisations (%d current, rules differ on %d and %d), %d failing writes", len(w.ids), current, wimDiffer, hflDiffer, failures)
	})
}

// TestRollupsUnderConcurrentWrites has several writers change the same
// organisations at once: each write succeeds or answers ECONFLICT (never
// "database is locked"), and the rollups still equal recomputation.
func TestRollupsUnderConcurrentWrites(t *testing.T) {
	seed := rollupSeed(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const writers, steps = 6, 25
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return now })
		setup := &rollupWorld{t: t, db: db, g: &orgGen{r: rand.New(rand.NewPCG(seed, 0)), today: now, prefix: "S"}, regNo: map[string]int64{}}
		for range 8 {
			setup.create(setup.g.organisation())
		}
		ids := setup.ids

		var mu sync.Mutex
		outcomes := map[string]int{}
		var wg sync.WaitGroup
		for wr := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g := &orgGen{r: rand.New(rand.NewPCG(seed, uint64(wr+1))), today: now, prefix: fmt.Sprintf("W%d-", wr)}
				for range steps {
					var err error
					var what string
					id := pickFrom(g, ids)
					cur, rerr := db.Organisation(ctx, coop.System, id)
					if rerr != nil {
						t.Errorf("read %d: %v", id, rerr)
						return
					}
					switch n := g.r.IntN(10); {
					case n < 2:
						what = "create"
						err = db.CreateOrganisation(ctx, coop.System, g.organisation())
					case n < 5:
						what = "update"
						g.mutate(cur)
						err = db.UpdateOrganisation(ctx, coop.System, cur)
					case n < 8:
						what = "change"
						_, err = db.ChangeOrganisation(ctx, coop.System, id, cur.Version, "update", func(o *coop.Organisation) error {
							g.mutate(o)
							return nil
						})
					case cur.Archived:
						what = "restore"
						_, err = db.RestoreOrganisation(ctx, coop.System, id, cur.Version)
					default:
						what = "archive"
						_, err = db.ArchiveOrganisation(ctx, coop.System, id, cur.Version)
					}
					outcome := "ok"
					if err != nil {
						outcome = coop.ErrorCode(err)
						if outcome != coop.ECONFLICT {
							t.Errorf("writer %d, %s %d: %v", wr, what, id, err)
						}
					}
					mu.Lock()
					outcomes[what+" "+outcome]++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		t.Logf("outcomes: %v", outcomes)
		ok := 0
		for k, n := range outcomes {
			if strings.HasSuffix(k, " ok") {
				ok += n
			}
		}
		if ok < writers*steps/4 {
			t.Errorf("only %d of %d writes succeeded: %v", ok, writers*steps, outcomes)
		}
		assertRollupsRecomputed(t, db, fmt.Sprintf("seed %d after concurrent writes", seed))
	})
}
