package coop_test

import (
	"testing"

	"htxnu/internal/coop"
)

func rule(t *testing.T, id string) coop.Rule {
	t.Helper()
	r, ok := coop.RuleByID(id)
	if !ok {
		t.Fatalf("rule %s missing from coop.Rules", id)
	}
	return r
}

func TestRulesCatalogue(t *testing.T) {
	if len(coop.Rules) != 4 {
		t.Fatalf("%d rules; the tests below cover four", len(coop.Rules))
	}
	seen := map[string]bool{}
	for _, r := range coop.Rules {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.Name == "" || r.Description == "" || r.Version < 1 {
			t.Errorf("rule %s lacks a name, description or version", r.ID)
		}
	}
	for fam, want := range map[string]string{
		coop.FamilyWomenManaged:     coop.RuleWIMDefault,
		coop.FamilyHighFemaleLabour: coop.RuleHFLTiers,
	} {
		if got := coop.DefaultRule(fam).ID; got != want {
			t.Errorf("default rule of %s = %s, want %s", fam, got, want)
		}
	}
	for id, fam := range map[string]string{
		coop.RuleWIMDefault: coop.FamilyWomenManaged, coop.RuleWIMStrict: coop.FamilyWomenManaged,
		coop.RuleHFLTiers: coop.FamilyHighFemaleLabour, coop.RuleHFLShare50: coop.FamilyHighFemaleLabour,
	} {
		if r := rule(t, id); r.Family != fam {
			t.Errorf("rule %s is in family %s, want %s", id, r.Family, fam)
		}
	}
	if _, ok := coop.RuleByID("wim-default-v0"); ok {
		t.Error("unknown rule id found")
	}
}

func TestWomenInManagement(t *testing.T) {
	const day = "2026-06-14"
	female := func(role, from, to string) coop.Position {
		return coop.Position{Role: role, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale, From: from, To: to}
	}
	male := func(role string) coop.Position {
		return coop.Position{Role: role, Holder: "Lò Văn Sáng", Sex: coop.SexMale}
	}
	tests := []struct {
		name         string
		kind         string
		positions    []coop.Position
		def, strict  bool
		roleInReason string // the role label the reason names, when true
	}{
		{"female chair", coop.KindHTX, []coop.Position{female(coop.RoleChair, "", "")}, true, true, "Chủ tịch Hội đồng quản trị"},
		{"female director", coop.KindHTX, []coop.Position{female(coop.RoleDirector, "2020-01-01", "")}, true, true, "Giám đốc / Tổng giám đốc"},
		{"female deputy director", coop.KindHTX, []coop.Position{male(coop.RoleDirector), female(coop.RoleDeputyDirector, "", "")}, true, false, "Phó Giám đốc"},
		{"female board member", coop.KindHTX, []coop.Position{female(coop.RoleBoardMember, "", "")}, true, false, "Thành viên Hội đồng quản trị"},
		{"female supervisory head", coop.KindHTX, []coop.Position{female(coop.RoleSupervisoryHead, "", "")}, true, false, "Trưởng Ban kiểm soát"},
		{"female supervisory member", coop.KindLHHTX, []coop.Position{female(coop.RoleSupervisoryMember, "", "")}, true, false, "Thành viên Ban kiểm soát"},
		{"female controller", coop.KindHTX, []coop.Position{female(coop.RoleController, "", "")}, true, false, "Kiểm soát viên"},
		{"female chief accountant", coop.KindHTX, []coop.Position{female(coop.RoleChiefAccountant, "", "")}, true, false, "Kế toán trưởng / Kế toán"},
		{"chair ended yesterday", coop.KindHTX, []coop.Position{female(coop.RoleChair, "2020-01-01", "2026-06-13")}, false, false, ""},
		{"chair ending today", coop.KindHTX, []coop.Position{female(coop.RoleChair, "2020-01-01", day)}, true, true, "Chủ tịch Hội đồng quản trị"},
		{"chair starting tomorrow", coop.KindHTX, []coop.Position{female(coop.RoleChair, "2026-06-15", "")}, false, false, ""},
		{"chair starting today", coop.KindHTX, []coop.Position{female(coop.RoleChair, day, "")}, true, true, "Chủ tịch Hội đồng quản trị"},
		{"male chair and director", coop.KindHTX, []coop.Position{male(coop.RoleChair), male(coop.RoleDirector)}, false, false, ""},
		{"men in every role", coop.KindHTX, []coop.Position{male(coop.RoleChair), male(coop.RoleBoardMember), male(coop.RoleDirector),
			male(coop.RoleDeputyDirector), male(coop.RoleSupervisoryHead), male(coop.RoleSupervisoryMember), male(coop.RoleController),
			male(coop.RoleChiefAccountant)}, false, false, ""},
		{"no positions", coop.KindHTX, nil, false, false, ""},
		{"sex not recorded", coop.KindHTX, []coop.Position{{Role: coop.RoleChair, Holder: "Mai"}}, false, false, ""},
		{"THT female group leader", coop.KindTHT, []coop.Position{female(coop.RoleGroupLeader, "", "")}, true, true, "Tổ trưởng"},
		{"THT female representative", coop.KindTHT, []coop.Position{female(coop.RoleRepresentative, "", "")}, true, true, "Người đại diện"},
		{"THT male group leader", coop.KindTHT, []coop.Position{male(coop.RoleGroupLeader)}, false, false, ""},
		{"THT female accountant only", coop.KindTHT, []coop.Position{male(coop.RoleGroupLeader), female(coop.RoleChiefAccountant, "", "")}, false, false, ""},
		{"THT group leader who left", coop.KindTHT, []coop.Position{female(coop.RoleGroupLeader, "", "2025-12-31")}, false, false, ""},
		{"HTX with a female 'group leader'", coop.KindHTX, []coop.Position{female(coop.RoleGroupLeader, "", "")}, false, false, ""},
	}
	def, strict := rule(t, coop.RuleWIMDefault), rule(t, coop.RuleWIMStrict)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &coop.Organisation{Kind: tt.kind, Positions: tt.positions}
			for _, c := range []struct {
				r    coop.Rule
				want bool
			}{{def, tt.def}, {strict, tt.strict}} {
				got, reason := c.r.Evaluate(o, day)
				if got != c.want {
					t.Errorf("%s = %v, want %v (%s)", c.r.ID, got, c.want, reason)
				}
				if holds := c.r.Holds(o, day); holds != c.want {
					t.Errorf("%s holds = %v, want %v", c.r.ID, holds, c.want)
				}
				if got {
					want := "Phụ nữ tham gia quản lý: bà Hoàng Thị Mai – " + tt.roleInReason + "."
					if reason != want {
						t.Errorf("%s reason %q, want %q", c.r.ID, reason, want)
					}
				} else if reason != "Chưa có phụ nữ giữ chức danh quản lý theo quy tắc này." {
					t.Errorf("%s reason %q", c.r.ID, reason)
				}
			}
		})
	}
}

func TestWomenInManagementNamesEveryWoman(t *testing.T) {
	o := &coop.Organisation{Kind: coop.KindHTX, Positions: []coop.Position{
		{Role: coop.RoleChair, Holder: "Hoàng Thị Mai", Sex: coop.SexFemale},
		{Role: coop.RoleDirector, Holder: "Lò Văn Sáng", Sex: coop.SexMale},
		{Role: coop.RoleChiefAccountant, Holder: "Vi Thị Hoa", Sex: coop.SexFemale},
	}}
	ok, reason := rule(t, coop.RuleWIMDefault).Evaluate(o, "2026-06-14")
	want := "Phụ nữ tham gia quản lý: bà Hoàng Thị Mai – Chủ tịch Hội đồng quản trị; bà Vi Thị Hoa – Kế toán trưởng / Kế toán."
	if !ok || reason != want {
		t.Errorf("got %v %q\nwant %q", ok, reason, want)
	}
	ok, reason = rule(t, coop.RuleWIMStrict).Evaluate(o, "2026-06-14")
	if want := "Phụ nữ tham gia quản lý: bà Hoàng Thị Mai – Chủ tịch Hội đồng quản trị."; !ok || reason != want {
		t.Errorf("strict: got %v %q\nwant %q", ok, reason, want)
	}
}

func TestHighFemaleLabour(t *testing.T) {
	tests := []struct {
		women, workers int64
		tiers, share50 bool
	}{
		{9, 10, false, true},     // fewer than 10 women
		{10, 10, true, true},     // all women
		{10, 20, true, true},     // 10 women, exactly 50%
		{10, 21, false, false},   // below 50%
		{5, 10, false, true},     // 50% but fewer than 10 women
		{4, 9, false, false},     // 44.4%
		{50, 99, true, true},     // 50.5%
		{99, 198, true, true},    // top of the first tier, exactly 50%
		{99, 199, false, false},  // 49.7%
		{100, 200, true, true},   // second tier
		{100, 334, false, false}, // 29.9%
		{100, 333, true, false},  // 30.03%
		{300, 1000, true, false}, // exactly 30%
		{299, 1000, false, false},
		{999, 3330, true, false},    // exactly 30%
		{999, 3331, false, false},   // 29.99%
		{1000, 100000, true, false}, // 1,000 women is enough whatever the share
		{1000, 2000, true, true},
		{0, 10, false, false},
		{0, 0, false, false},
	}
	tiers, share50 := rule(t, coop.RuleHFLTiers), rule(t, coop.RuleHFLShare50)
	for _, tt := range tests {
		o := &coop.Organisation{Kind: coop.KindHTX, Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", WorkersTotal: tt.workers, WorkersFemale: tt.women}}}
		if got, reason := tiers.Evaluate(o, "2026-06-14"); got != tt.tiers {
			t.Errorf("tiers %d of %d = %v, want %v (%s)", tt.women, tt.workers, got, tt.tiers, reason)
		}
		if got, reason := share50.Evaluate(o, "2026-06-14"); got != tt.share50 {
			t.Errorf("share50 %d of %d = %v, want %v (%s)", tt.women, tt.workers, got, tt.share50, reason)
		}
		if tiers.Holds(o, "2026-06-14") != tt.tiers || share50.Holds(o, "2026-06-14") != tt.share50 {
			t.Errorf("%d of %d: holds tiers %v share50 %v, want %v %v", tt.women, tt.workers,
				tiers.Holds(o, "2026-06-14"), share50.Holds(o, "2026-06-14"), tt.tiers, tt.share50)
		}
	}
}

func TestHighFemaleLabourReasons(t *testing.T) {
	tiers, share50 := rule(t, coop.RuleHFLTiers), rule(t, coop.RuleHFLShare50)
	// The latest snapshot by as-of date decides, wherever it sits in the slice.
	o := &coop.Organisation{Kind: coop.KindHTX, Snapshots: []coop.Snapshot{
		{AsOf: "2024-12-31", WorkersTotal: 20, WorkersFemale: 1},
		{AsOf: "2026-05-31", WorkersTotal: 1280, WorkersFemale: 1080, MembersTotal: 7},
		{AsOf: "2025-12-31", WorkersTotal: 2000, WorkersFemale: 2},
	}}
	ok, reason := tiers.Evaluate(o, "2026-06-14")
	if want := "Tỷ lệ lao động nữ cao: 1.080/1.280 lao động là nữ (84,4%, số liệu ngày 31/05/2026)."; !ok || reason != want {
		t.Errorf("got %v %q\nwant %q", ok, reason, want)
	}
	if got := o.LatestSnapshot(); got == nil || got.AsOf != "2026-05-31" {
		t.Errorf("latest snapshot %+v", got)
	}
	// The latest says no even though an older one would say yes.
	o.Snapshots[1] = coop.Snapshot{AsOf: "2026-05-31", WorkersTotal: 21, WorkersFemale: 10}
	o.Snapshots[0] = coop.Snapshot{AsOf: "2024-12-31", WorkersTotal: 10, WorkersFemale: 10}
	ok, reason = tiers.Evaluate(o, "2026-06-14")
	if want := "Chưa đạt ngưỡng: 10/21 lao động là nữ (47,6%, số liệu ngày 31/05/2026)."; ok || reason != want {
		t.Errorf("got %v %q\nwant %q", ok, reason, want)
	}
	for _, r := range []coop.Rule{tiers, share50} {
		for name, o := range map[string]*coop.Organisation{
			"no snapshot":         {Kind: coop.KindHTX},
			"no workers recorded": {Kind: coop.KindHTX, Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 12, MembersFemale: 12}}},
		} {
			ok, reason := r.Evaluate(o, "2026-06-14")
			if ok || reason != "Chưa có số liệu lao động." {
				t.Errorf("%s, %s: got %v %q", r.ID, name, ok, reason)
			}
		}
	}
}

func TestDerive(t *testing.T) {
	o := validHTX() // female chair, female supervisory head, latest snapshot 27 of 32 women
	o.Derive(today)
	want := coop.Flags{WIMDefault: true, WIMStrict: true, HFLTiers: true, HFLShare50: true}
	if o.Flags != want {
		t.Errorf("flags %+v, want %+v", o.Flags, want)
	}
	if o.Workforce == nil || o.Workforce.AsOf != "2025-12-31" || o.Workforce.WorkersFemale != 27 {
		t.Errorf("workforce %+v", o.Workforce)
	}
	// The chair leaves; the supervisory head keeps the default rule true only.
	o.Positions[0].To = "2026-01-31"
	o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: "2026-05-31", WorkersTotal: 334, WorkersFemale: 167})
	o.Derive(today)
	want = coop.Flags{WIMDefault: true, WIMStrict: false, HFLTiers: true, HFLShare50: true}
	if o.Flags != want {
		t.Errorf("flags %+v, want %+v", o.Flags, want)
	}
	o.Snapshots[len(o.Snapshots)-1].WorkersFemale = 100 // 29.9%
	o.Derive(today)
	if o.Flags.HFLTiers || o.Flags.HFLShare50 {
		t.Errorf("flags %+v after 100 of 334", o.Flags)
	}
	o.Snapshots, o.Positions = nil, nil
	o.Derive(today)
	if o.Flags != (coop.Flags{}) || o.Workforce != nil {
		t.Errorf("empty organisation: flags %+v workforce %+v", o.Flags, o.Workforce)
	}
	for _, r := range coop.Rules {
		f := coop.Flags{WIMDefault: r.ID == coop.RuleWIMDefault, WIMStrict: r.ID == coop.RuleWIMStrict,
			HFLTiers: r.ID == coop.RuleHFLTiers, HFLShare50: r.ID == coop.RuleHFLShare50}
		for _, other := range coop.Rules {
			if got := f.Get(other.ID); got != (other.ID == r.ID) {
				t.Errorf("Flags{%s}.Get(%s) = %v", r.ID, other.ID, got)
			}
		}
	}
	if (coop.Flags{true, true, true, true}).Get("nope") {
		t.Error("unknown rule reads true")
	}
}
