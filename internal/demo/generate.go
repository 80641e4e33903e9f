package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Mix is how many organisations of each kind to make, in parts.
type Mix struct{ HTX, LHHTX, THT int }

// Mixes of kinds.
var (
	// NationalMix is VCA's 2024 count: 33,557 HTX, 152 LHHTX, 63,650 THT.
	NationalMix = Mix{HTX: 33557, LHHTX: 152, THT: 63650}
	// DemoMix keeps enough cooperatives for a demonstration to be
	// interesting.
	DemoMix = Mix{HTX: 60, LHHTX: 2, THT: 38}
)

// Options tune a Generator.
type Options struct {
	// Today is the date (YYYY-MM-DD) no generated date may pass; empty means
	// today in Vietnam.
	Today string
	// FirstID is the id the first organisation made will get when loaded
	// in order (store.BulkLoader.NextID). When set, registration numbers
	// derive from ids (unique in the database) and some cooperatives become
	// members of unions made before them. Zero: no parent links.
	FirstID int64
	// Mix of kinds; zero means NationalMix.
	Mix Mix
	// Showcase starts with the demonstration's named organisations (the
	// weaving cooperative of Bản Lác and others).
	Showcase bool
	// UniqueNames avoids repeating a name (it keeps every name in memory:
	// for demo sizes).
	UniqueNames bool
}

// Generator makes believable collective economic organisations. The same
// seed and options make the same organisations. It is not safe for
// concurrent use.
type Generator struct {
	r         *rand.Rand
	opt       Options
	today     time.Time
	made      int64
	kinds     *chooser[string]
	sectors   map[string]*chooser[string] // by kind
	acts      map[string]map[string]*chooser[activity]
	rural     *chooser[int] // province indexes weighted for farming
	urban     *chooser[int] // … for trade, transport and services
	family    *chooser[string]
	mountain  *chooser[string]
	maleMid   *chooser[string]
	femaleMid *chooser[string]
	stars     *chooser[int]
	unions    map[string][]int64 // LHHTX ids made so far, by province
	names     map[string]bool
	snapDates []string
	shown     int // showcase organisations made
}

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seed uint64, opt Options) *Generator {
	if opt.Today == "" {
		opt.Today = coop.Today()
	}
	if opt.Mix == (Mix{}) {
		opt.Mix = NationalMix
	}
	today, err := time.Parse("2006-01-02", opt.Today)
	if err != nil {
		panic("demo: bad Options.Today " + opt.Today)
	}
	g := &Generator{
		r:         rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		opt:       opt,
		today:     today,
		kinds:     newChooser([]weighted[string]{{coop.KindHTX, opt.Mix.HTX}, {coop.KindLHHTX, opt.Mix.LHHTX}, {coop.KindTHT, opt.Mix.THT}}),
		sectors:   map[string]*chooser[string]{coop.KindHTX: newChooser(htxSectors), coop.KindLHHTX: newChooser(unionSectors), coop.KindTHT: newChooser(thtSectors)},
		acts:      map[string]map[string]*chooser[activity]{},
		family:    newChooser(familyNames),
		mountain:  newChooser(mountainFamilyNames),
		maleMid:   newChooser(maleMiddle),
		femaleMid: newChooser(femaleMiddle),
		stars:     newChooser([]weighted[int]{{3, 70}, {4, 27}, {5, 3}}),
		unions:    map[string][]int64{},
	}
	var rural, urban []weighted[int]
	for i, p := range provinceInfo {
		rw, uw := p.weight*2, p.weight*2
		if p.city {
			rw, uw = p.weight, p.weight*3
		}
		rural = append(rural, weighted[int]{i, rw})
		urban = append(urban, weighted[int]{i, uw})
	}
	g.rural, g.urban = newChooser(rural), newChooser(urban)
	for kind, bySector := range map[string]map[string][]activity{coop.KindHTX: htxActivities, coop.KindTHT: thtActivities, coop.KindLHHTX: unionActivities} {
		g.acts[kind] = map[string]*chooser[activity]{}
		for sector, list := range bySector {
			ws := make([]weighted[activity], len(list))
			for i, a := range list {
				ws[i] = weighted[activity]{a, a.weight}
			}
			g.acts[kind][sector] = newChooser(ws)
		}
	}
	if opt.UniqueNames {
		g.names = map[string]bool{}
	}
	// Workforce is reported at the end of each half-year.
	for y := 2023; y <= today.Year(); y++ {
		for _, md := range []string{"-06-30", "-12-31"} {
			if d := fmt.Sprint(y) + md; d <= opt.Today {
				g.snapDates = append(g.snapDates, d)
			}
		}
	}
	return g
}

// Batch makes the next n organisations.
func (g *Generator) Batch(n int) []coop.Organisation {
	out := make([]coop.Organisation, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Next makes the next organisation.
func (g *Generator) Next() coop.Organisation {
	id := int64(0)
	if g.opt.FirstID > 0 {
		id = g.opt.FirstID + g.made
	}
	g.made++
	if g.opt.Showcase && g.shown < len(showcase) {
		o := showcase[g.shown](g)
		g.shown++
		g.trimFuture(&o)
		g.finish(&o, id)
		return o
	}
	o := g.organisation()
	g.finish(&o, id)
	return o
}

// trimFuture drops what a fixed organisation dates after today (when the
// clock is set back).
func (g *Generator) trimFuture(o *coop.Organisation) {
	t := g.opt.Today
	pos := o.Positions[:0]
	for _, p := range o.Positions {
		if p.From <= t {
			if p.To > t {
				p.To = ""
			}
			pos = append(pos, p)
		}
	}
	o.Positions = pos
	snaps := []coop.Snapshot{}
	for _, s := range o.Snapshots {
		if s.AsOf <= t {
			snaps = append(snaps, s)
		}
	}
	if len(snaps) == 0 && len(o.Snapshots) > 0 {
		s := o.Snapshots[0]
		s.AsOf = t
		snaps = append(snaps, s)
	}
	o.Snapshots = snaps
	prods := o.Products[:0]
	for _, p := range o.Products {
		if p.CertifiedOn <= t {
			prods = append(prods, p)
		}
	}
	o.Products = prods
}

// finish gives the organisation its registration number and remembers the
// unions for later members.
func (g *Generator) finish(o *coop.Organisation, id int64) {
	seq := id
	if seq == 0 {
		seq = g.made
	}
	if o.RegistrationNo == "" && (o.Kind != coop.KindTHT || g.r.IntN(10) < 3) {
		o.RegistrationNo = fmt.Sprintf("%s%08d", o.Province, seq%100_000_000)
	}
	if o.Kind == coop.KindLHHTX && id != 0 {
		g.unions[o.Province] = append(g.unions[o.Province], id)
	}
}

func (g *Generator) organisation() coop.Organisation {
	r := g.r
	kind := g.kinds.pick(r)
	sector := g.sectors[kind].pick(r)
	var pi int
	switch sector {
	case "agriculture", "industry_handicraft", "environment":
		pi = g.rural.pick(r)
	default:
		pi = g.urban.pick(r)
	}
	prov := provinceInfo[pi]
	o := coop.Organisation{Kind: kind, Sector: sector, Province: prov.code, Status: g.status(kind)}
	commune := g.place(prov.region)
	ward := prov.city && r.IntN(100) < 45 || !prov.city && r.IntN(100) < 8
	if ward {
		o.Commune = "Phường " + commune
		o.Address = fmt.Sprintf("Số %d đường %s, %s, %s", 1+r.IntN(250), streets[r.IntN(len(streets))], o.Commune, coop.ProvinceName(prov.code))
	} else {
		o.Commune = "Xã " + commune
		o.Address = g.village(prov.region) + ", " + o.Commune + ", " + coop.ProvinceName(prov.code)
	}
	var act activity
	for try := 0; ; try++ {
		place := commune
		if try > 0 || r.IntN(100) < 35 {
			place = g.place(prov.region)
		}
		act = g.activity(kind, sector)
		o.Name = g.name(kind, sector, act.name, place, prov.code)
		if g.names == nil || !g.names[o.Name] || try >= 12 {
			break
		}
	}
	if g.names != nil {
		g.names[o.Name] = true
	}
	o.FoundedOn = g.founded(kind)
	if kind != coop.KindTHT {
		o.Governance = coop.GovernanceFull
		// Micro cooperatives choose the simplified model; people's credit
		// funds keep a board and a supervisory board.
		simplified := 35
		switch {
		case kind == coop.KindLHHTX:
			simplified = 15
		case sector == "credit_fund":
			simplified = 5
		}
		if r.IntN(100) < simplified {
			o.Governance = coop.GovernanceSimplified
		}
		if r.IntN(100) < 85 {
			o.Phone = g.phone(prov.area)
		}
	} else if r.IntN(100) < 55 {
		o.Phone = g.mobile()
	}
	if kind == coop.KindHTX {
		if list := g.unions[o.Province]; len(list) > 0 && r.IntN(100) < 6 {
			o.ParentID = list[r.IntN(len(list))]
		}
	}
	prof := sectorProfiles[sector]
	wimChance := prof.wim
	switch kind {
	case coop.KindLHHTX:
		wimChance = 0.12
	case coop.KindTHT:
		wimChance = 0.15
	}
	// A group named for women is led by one.
	wim := r.Float64() < wimChance || strings.HasPrefix(act.name, "Phụ nữ")
	o.Positions = g.positions(kind, o.Governance, o.FoundedOn, prov.region, wim)
	o.Snapshots = g.snapshots(kind, sector, o.FoundedOn, wim)
	if kind == coop.KindHTX && len(act.products) > 0 && r.Float64() < prof.ocop {
		o.Products = g.products(act, commune, o.FoundedOn)
	}
	return o
}

func (g *Generator) status(kind string) string {
	n := g.r.IntN(100)
	switch {
	case kind == coop.KindTHT && n < 86, kind != coop.KindTHT && n < 88:
		return coop.StatusActive
	case n < 95:
		return coop.StatusSuspended
	}
	return coop.StatusDissolved
}

func (g *Generator) activity(kind, sector string) activity {
	if c, ok := g.acts[kind][sector]; ok {
		return c.pick(g.r)
	}
	return activity{}
}

func (g *Generator) name(kind, sector, act, place, province string) string {
	switch {
	case kind == coop.KindHTX && sector == "credit_fund":
		return "Quỹ tín dụng nhân dân " + place
	case kind == coop.KindHTX:
		return "Hợp tác xã " + act + " " + place
	case kind == coop.KindLHHTX:
		if g.r.IntN(2) == 0 {
			place = shortProvince(province)
		}
		return "Liên hiệp hợp tác xã " + act + " " + place
	}
	return "Tổ hợp tác " + act + " " + place
}

func shortProvince(code string) string {
	n := coop.ProvinceName(code)
	n = strings.TrimPrefix(n, "Tỉnh ")
	return strings.TrimPrefix(n, "Thành phố ")
}

// place returns a commune or village name of the region.
func (g *Generator) place(reg region) string {
	if g.r.IntN(100) < 30 {
		return commonPlaces[g.r.IntN(len(commonPlaces))]
	}
	list := regionPlaces[reg]
	return list[g.r.IntN(len(list))]
}

func (g *Generator) village(reg region) string {
	prefixes := villagePrefix[reg]
	p := prefixes[g.r.IntN(len(prefixes))]
	if p == "Ấp" || p == "Thôn" && g.r.IntN(2) == 0 || p == "Xóm" && g.r.IntN(2) == 0 {
		return fmt.Sprintf("%s %d", p, 1+g.r.IntN(12))
	}
	return p + " " + g.place(reg)
}

func (g *Generator) founded(kind string) string {
	r := g.r
	var y int
	switch kind {
	case coop.KindTHT:
		y = 2008 + r.IntN(18)
	case coop.KindLHHTX:
		y = 2003 + r.IntN(22)
	default:
		switch n := r.IntN(100); {
		case n < 25:
			y = 1997 + r.IntN(7)
		case n < 45:
			y = 2004 + r.IntN(9)
		default:
			y = 2013 + r.IntN(13)
		}
	}
	d := time.Date(y, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	if limit := g.today.AddDate(0, 0, -30); d.After(limit) {
		d = limit
	}
	return d.Format("2006-01-02")
}

// Phone numbers: a landline of the province (area code, then eight digits
// in all) or a mobile.
func (g *Generator) phone(area string) string {
	if g.r.IntN(100) < 40 {
		if len(area) == 3 {
			return area + " " + g.digits(4) + " " + g.digits(4)
		}
		return area + " " + g.digits(4) + " " + g.digits(3)
	}
	return g.mobile()
}

var mobilePrefixes = []string{"091", "094", "088", "083", "084", "085", "081", "082", "096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038", "039", "090", "093", "089", "070", "076", "077", "078", "079", "056", "058"}

func (g *Generator) mobile() string {
	return mobilePrefixes[g.r.IntN(len(mobilePrefixes))] + g.digits(1) + " " + g.digits(3) + " " + g.digits(3)
}

func (g *Generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

func (g *Generator) person(female bool, reg region) string {
	r := g.r
	var fam, mid, given string
	if reg == regionNorthMountain && r.IntN(100) < 60 {
		fam = g.mountain.pick(r)
	} else {
		fam = g.family.pick(r)
	}
	if female {
		mid, given = g.femaleMid.pick(r), femaleGiven[r.IntN(len(femaleGiven))]
	} else {
		mid, given = g.maleMid.pick(r), maleGiven[r.IntN(len(maleGiven))]
	}
	if mid == given {
		mid = "Văn"
		if female {
			mid = "Thị"
		}
	}
	return fam + " " + mid + " " + given
}

// dateBetween returns a random date in [from, to] (both YYYY-MM-DD).
func (g *Generator) dateBetween(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, g.r.IntN(days+1))
}

// lognormal returns a count around median, at least lo.
func (g *Generator) lognormal(median int, spread float64, lo int64) int64 {
	v := int64(math.Round(float64(median) * math.Exp(g.r.NormFloat64()*spread)))
	return max(v, lo)
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// snapshots makes one to three workforce snapshots, the latest last.
func (g *Generator) snapshots(kind, sector, founded string, wim bool) []coop.Snapshot {
	r := g.r
	var dates []string
	for _, d := range g.snapDates {
		if d >= founded {
			dates = append(dates, d)
		}
	}
	if len(dates) == 0 {
		dates = []string{g.opt.Today}
	}
	k := min(len(dates), 1+r.IntN(3))
	// Mostly the latest reports; sometimes older ones only.
	pick := dates[len(dates)-k:]
	if r.IntN(100) < 20 {
		perm := r.Perm(len(dates))[:k]
		sort.Ints(perm)
		pick = make([]string, k)
		for i, p := range perm {
			pick[i] = dates[p]
		}
	}
	prof := sectorProfiles[sector]
	var members, workers int64
	share := prof.female
	switch kind {
	case coop.KindTHT:
		members, workers = g.lognormal(10, 0.5, 2), g.lognormal(14, 0.55, 2)
		share += 0.05
	case coop.KindLHHTX:
		members, workers = g.lognormal(6, 0.4, 3), g.lognormal(15, 0.6, 3)
	default:
		lo := int64(7)
		if sector == "credit_fund" {
			lo = 300
		}
		members, workers = g.lognormal(prof.members, 0.6, lo), g.lognormal(prof.workers, 0.6, 2)
	}
	if wim {
		share += 0.12
	}
	share = clamp01(share + r.NormFloat64()*0.15)
	income := int64(0)
	if kind == coop.KindTHT && r.IntN(100) >= 20 {
		income = 3_500_000 + int64(r.IntN(71))*50_000
	} else if kind != coop.KindTHT && r.IntN(100) >= 8 {
		income = 4_500_000 + int64(r.IntN(91))*50_000
	}
	out := make([]coop.Snapshot, len(pick))
	for i, d := range pick {
		if i > 0 {
			members = max(2, int64(math.Round(float64(members)*(0.94+0.2*r.Float64()))))
			workers = max(2, int64(math.Round(float64(workers)*(0.92+0.24*r.Float64()))))
			share = clamp01(share + r.NormFloat64()*0.03)
			if income > 0 {
				income += int64(r.IntN(9)) * 50_000
			}
		}
		s := coop.Snapshot{AsOf: d, MembersTotal: members, WorkersTotal: workers, FemaleMonthlyIncome: income}
		s.MembersFemale = int64(math.Round(float64(members) * clamp01(share+r.NormFloat64()*0.08)))
		s.WorkersFemale = int64(math.Round(float64(workers) * share))
		s.RegularTotal = int64(math.Round(float64(workers) * (0.4 + 0.55*r.Float64())))
		s.RegularFemale = min(s.RegularTotal, int64(math.Round(float64(s.WorkersFemale)*(0.4+0.55*r.Float64()))))
		out[i] = s
	}
	return out
}

// products makes one or two OCOP products, certified for 36 months.
func (g *Generator) products(act activity, place, founded string) []coop.Product {
	r := g.r
	n := 1
	if len(act.products) > 1 && r.IntN(100) < 25 {
		n = 2
	}
	start, _ := time.Parse("2006-01-02", max(founded, "2019-01-01"))
	end := g.today.AddDate(0, 0, -30)
	out := make([]coop.Product, 0, n)
	for _, i := range r.Perm(len(act.products))[:n] {
		p := act.products[i]
		cert := g.dateBetween(start, end)
		out = append(out, coop.Product{Name: fmt.Sprintf(p.name, place), Group: p.group, Stars: g.stars.pick(r),
			CertifiedOn: cert.Format("2006-01-02"), ExpiresOn: cert.AddDate(0, 36, 0).Format("2006-01-02")})
	}
	return out
}

// weighted is a value with its weight.
type weighted[T any] struct {
	v T
	w int
}

// chooser picks values at random in proportion to their weights.
type chooser[T any] struct {
	items []T
	cum   []int
}

func newChooser[T any](ws []weighted[T]) *chooser[T] {
	c := &chooser[T]{}
	total := 0
	for _, w := range ws {
		if w.w <= 0 {
			continue
		}
		total += w.w
		c.items = append(c.items, w.v)
		c.cum = append(c.cum, total)
	}
	return c
}

func (c *chooser[T]) pick(r *rand.Rand) T {
	n := r.IntN(c.cum[len(c.cum)-1])
	return c.items[sort.SearchInts(c.cum, n+1)]
}
