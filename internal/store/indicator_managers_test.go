package store_test

import (
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// T5's managers read from manager_spans equal their recomputation from the
// positions, the organisations, their changes and the attendance, on every
// day around the changes, for the country and for each province, after
// each kind of write; and the figures are those the rules give.
func TestT5SpansEqualRecomputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		days := []string{"2019-06-01", "2020-12-31", "2021-01-01", "2022-02-28", "2022-03-01", "2023-06-01", "2023-12-31",
			"2024-01-01", "2025-01-09", "2025-01-10", "2025-05-31", "2025-06-01", "2026-01-31", "2026-02-01", "2026-03-02",
			"2026-03-03", "2026-06-14", "2026-06-19", "2026-06-20"}
		same := func(step string) {
			t.Helper()
			for _, only := range []string{"", "08", "01"} {
				for _, day := range days {
					kept, recomputed, err := db.T5Both(w.ctx, only, day)
					if err != nil {
						t.Fatal(err)
					}
					if len(kept) != len(recomputed) {
						t.Errorf("%s: T5 of %q on %s: kept %v, recomputed %v", step, only, day, kept, recomputed)
						continue
					}
					for p, v := range recomputed {
						if kept[p] != v {
							t.Errorf("%s: T5 of %q on %s: kept %v, recomputed %v", step, only, day, kept, recomputed)
							break
						}
					}
				}
			}
		}
		want := func(step, province, day string, num, den int64) {
			t.Helper()
			kept, _, err := db.T5Both(w.ctx, province, day)
			if err != nil {
				t.Fatal(err)
			}
			if got := kept[province]; got != (store.T5Figure{Num: num, Den: den}) {
				t.Errorf("%s: T5 of %s on %s = %d/%d, want %d/%d", step, province, day, got.Num, got.Den, num, den)
			}
		}
		// Two positions of the same woman at once count once; one ends.
		a := w.org("HTX Hai chức danh", coop.KindHTX, "2020-01-01",
			woman(coop.RoleChair, "Nguyễn Thị Hoa", "2021-01-01", "2023-12-31"),
			woman(coop.RoleDirector, "nguyễn thị  HOA", "2023-06-01", ""),
			woman(coop.RoleChiefAccountant, "Trần Thị Minh", "", "2025-05-31"),
			coop.Position{Role: coop.RoleDirector, Holder: "Phạm Văn Bình", Sex: coop.SexMale})
		// No founding day: counts from the day it was recorded (today).
		w.org("HTX Mới ghi nhận", coop.KindHTX, "", woman(coop.RoleChair, "Lò Thị Sen", "", ""))
		// A position from before the founding counts from the founding.
		c := w.org("HTX Chuyển tỉnh", coop.KindHTX, "2022-03-01", woman(coop.RoleBoardMember, "Lê Thị Lan", "2019-01-01", ""))
		w.org("Tổ hợp tác Nữ", coop.KindTHT, "2020-01-01", woman(coop.RoleGroupLeader, "Đỗ Thị Na", "", ""))
		same("created")
		want("created", "08", "2022-02-28", 0, 2)
		want("created", "08", "2023-06-01", 0, 3)
		want("created", "08", "2026-06-20", 0, 3)

		// Dissolved from 10/01/2025, active again in Hà Nội from 01/02/2026.
		cur, err := db.Organisation(w.ctx, coop.System, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Status, cur.EffectiveOn = coop.StatusDissolved, "2025-01-10"
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		cur.Status, cur.Province, cur.EffectiveOn = coop.StatusActive, "01", "2026-02-01"
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		same("dissolved, then active in another province")
		want("moved", "08", "2025-01-09", 0, 3)
		want("moved", "08", "2025-06-01", 0, 1)
		want("moved", "01", "2026-02-01", 0, 1)

		// Trained on 03/03/2026: from that day on.
		course := w.activity(coop.Activity{Type: coop.ActivityTraining, StartsOn: "2026-03-03", Beneficiaries: []int64{a.ID}})
		if _, err := db.AddAttendance(w.ctx, coop.System, course.ID, []coop.Attendee{
			{Name: "NGUYỄN THỊ HOA", Sex: coop.SexFemale, OrganisationID: a.ID},
			{Name: "Lê Thị Lan", Sex: coop.SexFemale, OrganisationID: c.ID},
			{Name: "Trần Thị Minh", Sex: coop.SexFemale, OrganisationID: a.ID},
		}); err != nil {
			t.Fatal(err)
		}
		same("trained")
		want("trained", "08", "2026-03-02", 0, 1)
		want("trained", "08", "2026-06-14", 1, 1)
		want("trained", "01", "2026-06-14", 1, 1)

		// Archived: gone on every day; restored: back.
		cur, err = db.Organisation(w.ctx, coop.System, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		archived, err := db.ArchiveOrganisation(w.ctx, coop.System, a.ID, cur.Version)
		if err != nil {
			t.Fatal(err)
		}
		same("archived")
		want("archived", "08", "2026-06-14", 0, 0)
		if _, err := db.RestoreOrganisation(w.ctx, coop.System, a.ID, archived.Version); err != nil {
			t.Fatal(err)
		}
		same("restored")

		// Its positions ended, and the organisation now a union of cooperatives.
		cur, err = db.Organisation(w.ctx, coop.System, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range cur.Positions {
			if p.Sex == coop.SexFemale && p.To == "" {
				cur.Positions[i].To = "2026-03-02"
			}
		}
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		same("position ended")
		want("position ended", "08", "2026-06-14", 0, 0)
		cur.Kind = coop.KindLHHTX
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		same("now a union")
		if diffs, err := db.CheckRollups(w.ctx, coop.System, false); err != nil || len(diffs) != 0 {
			t.Errorf("check after the writes: %v %v", diffs, err)
		}
	})
}
