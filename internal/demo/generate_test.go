package demo

import (
	"reflect"
	"strings"
	"testing"

	"htxnu/internal/coop"
)

const testToday = "2026-06-01"

type stats struct {
	n, htx, lhhtx, tht, members  int
	wim, wimStrict, hfl, htxOCOP int
	stars                        map[int]int
	provinces                    map[string]int
	sectors                      map[string]int
	statuses                     map[string]int
}

func collect(t *testing.T, orgs []coop.Organisation, today string) stats {
	t.Helper()
	s := stats{stars: map[int]int{}, provinces: map[string]int{}, sectors: map[string]int{}, statuses: map[string]int{}}
	for i := range orgs {
		o := orgs[i]
		o.Normalize()
		if err := o.Validate(today); err != nil {
			t.Fatalf("organisation %d %q is invalid: %v\n%+v", i, o.Name, err, o)
		}
		if len(o.Snapshots) < 1 || len(o.Snapshots) > 3 {
			t.Fatalf("%q has %d snapshots", o.Name, len(o.Snapshots))
		}
		roles := coop.RolesFor(o.Kind, o.Governance)
		for _, p := range o.Positions {
			if !strings.Contains(" "+strings.Join(roles, " ")+" ", " "+p.Role+" ") {
				t.Fatalf("%q: role %s not valid for %s/%s", o.Name, p.Role, o.Kind, o.Governance)
			}
		}
		if o.Kind != coop.KindTHT && o.RegistrationNo == "" {
			t.Fatalf("%q has no registration number", o.Name)
		}
		if o.RegistrationNo != "" && len(o.RegistrationNo) != 10 {
			t.Fatalf("%q: registration number %q", o.Name, o.RegistrationNo)
		}
		o.Derive(today)
		s.n++
		switch o.Kind {
		case coop.KindHTX:
			s.htx++
			if len(o.Products) > 0 {
				s.htxOCOP++
			}
		case coop.KindLHHTX:
			s.lhhtx++
		default:
			s.tht++
		}
		if o.ParentID != 0 {
			s.members++
		}
		if o.Flags.WIMDefault {
			s.wim++
		}
		if o.Flags.WIMStrict {
			s.wimStrict++
		}
		if o.Flags.HFLTiers {
			s.hfl++
		}
		for _, p := range o.Products {
			s.stars[p.Stars]++
		}
		s.provinces[o.Province]++
		s.sectors[o.Sector]++
		s.statuses[o.Status]++
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("%d organisations: HTX %.1f%%, LHHTX %.1f%%, THT %.1f%%; members of unions %d", s.n, pct(s.htx, s.n), pct(s.lhhtx, s.n), pct(s.tht, s.n), s.members)
	t.Logf("women-managed default %.1f%%, strict %.1f%%; high female labour %.1f%%; HTX with OCOP %.1f%% (stars %v)",
		pct(s.wim, s.n), pct(s.wimStrict, s.n), pct(s.hfl, s.n), pct(s.htxOCOP, s.htx), s.stars)
	t.Logf("sectors %v; statuses %v; provinces %d", s.sectors, s.statuses, len(s.provinces))
	return s
}

func TestNationalMixIsValidAndBelievable(t *testing.T) {
	g := NewGenerator(7, Options{Today: testToday, FirstID: 1})
	s := collect(t, g.Batch(20000), testToday)
	if len(s.provinces) != 34 {
		t.Fatalf("%d provinces", len(s.provinces))
	}
	if share := float64(s.tht) / float64(s.n); share < 0.6 || share > 0.7 {
		t.Fatalf("THT share %.2f, want about 0.65", share)
	}
	if share := float64(s.wim) / float64(s.n); share < 0.10 || share > 0.20 {
		t.Fatalf("women-managed share %.3f", share)
	}
	if s.wimStrict >= s.wim {
		t.Fatalf("strict (%d) must find fewer than default (%d)", s.wimStrict, s.wim)
	}
	if share := float64(s.hfl) / float64(s.n); share < 0.22 || share > 0.45 {
		t.Fatalf("high female labour share %.3f, want about a third", share)
	}
	if share := float64(s.htxOCOP) / float64(s.htx); share < 0.06 || share > 0.15 {
		t.Fatalf("HTX with OCOP %.3f, want about 0.10", share)
	}
	if s.stars[5] >= s.stars[4] || s.stars[4] >= s.stars[3] {
		t.Fatalf("stars %v: 5 must be rare", s.stars)
	}
	if s.sectors["agriculture"] < s.sectors["industry_handicraft"]*4 {
		t.Fatalf("sectors %v", s.sectors)
	}
	if s.statuses[coop.StatusActive] < s.n*8/10 || s.statuses[coop.StatusDissolved] == 0 || s.statuses[coop.StatusSuspended] == 0 {
		t.Fatalf("statuses %v", s.statuses)
	}
	if s.members == 0 {
		t.Fatalf("no cooperative is a member of a union")
	}
}

func TestDemoMix(t *testing.T) {
	g := NewGenerator(DemoSeed, Options{Today: testToday, FirstID: 1, Mix: DemoMix, Showcase: true, UniqueNames: true})
	orgs := g.Batch(DemoSize)
	s := collect(t, orgs, testToday)
	if len(s.provinces) != 34 {
		t.Fatalf("%d provinces", len(s.provinces))
	}
	if share := float64(s.wim) / float64(s.n); share < 0.12 || share > 0.18 {
		t.Fatalf("women-managed share %.3f", share)
	}
	if s.members < 5 {
		t.Fatalf("only %d cooperatives belong to a union", s.members)
	}
	names := map[string]int{}
	for i, o := range orgs {
		names[o.Name]++
		f := coop.Fold(o.Name)
		if o.Name != BanLac && strings.Contains(f, "ban") && strings.Contains(f, "lac") {
			t.Fatalf("%q would also answer a search for ban lac", o.Name)
		}
		if o.Name == BanLac {
			if i != 0 || o.Province != "08" {
				t.Fatalf("Bản Lác at %d in %s", i, o.Province)
			}
			o.Derive(testToday)
			if o.Flags.WIMDefault || o.Workforce == nil {
				t.Fatalf("Bản Lác must start managed by men, with a workforce: %+v", o.Flags)
			}
		}
	}
	if dup := DemoSize - len(names); dup > DemoSize/100 {
		t.Fatalf("%d repeated names", dup)
	}
	weaving := 0
	for _, o := range orgs {
		o.Derive(testToday)
		if strings.Contains(coop.Fold(o.Name), "det tho cam") && o.Flags.WIMDefault && len(o.Products) > 0 {
			weaving++
		}
	}
	if weaving < 3 {
		t.Fatalf("%d women-run weaving cooperatives with OCOP products", weaving)
	}
}

func TestDeterministic(t *testing.T) {
	a := NewGenerator(42, Options{Today: testToday, FirstID: 10}).Batch(500)
	b := NewGenerator(42, Options{Today: testToday, FirstID: 10}).Batch(500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different organisations")
	}
	c := NewGenerator(43, Options{Today: testToday, FirstID: 10}).Batch(500)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same organisations")
	}
}

func TestNoDateAfterToday(t *testing.T) {
	for _, today := range []string{"2024-02-29", "2025-07-01", "2026-11-30"} {
		g := NewGenerator(1, Options{Today: today, Mix: DemoMix, Showcase: true})
		collect(t, g.Batch(3000), today)
	}
}

func BenchmarkGenerate(b *testing.B) {
	g := NewGenerator(1, Options{Today: testToday, FirstID: 1})
	for b.Loop() {
		g.Next()
	}
}
