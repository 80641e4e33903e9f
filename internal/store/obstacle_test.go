package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

var (
	officer08 = coop.Actor{UserID: 801, Name: "Cán bộ Tuyên Quang", Role: coop.RoleProvincial, Province: "08"}
	officer01 = coop.Actor{UserID: 101, Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
	centre    = coop.Actor{UserID: 2, Name: "Cán bộ trung ương", Role: coop.RoleCentral}
	viewerAll = coop.Actor{UserID: 3, Name: "Người xem", Role: coop.RoleViewer}
	partner08 = coop.Actor{UserID: 802, Name: "Hội LHPN tỉnh", Role: coop.RolePartner, Province: "08"}
)

func sampleObstacle(province string, orgs ...int64) *coop.Obstacle {
	return &coop.Obstacle{
		Province: province, Category: "social_insurance", Policy: "Luật Bảo hiểm xã hội 2024",
		Title:       "Lao động nữ không được hỗ trợ đóng bảo hiểm xã hội",
		Description: "Xã không công nhận hợp đồng lao động của hợp tác xã.", FemaleWorkersAffected: 42,
		Recommendation: "Đề nghị hướng dẫn xã công nhận hợp đồng.", OrganisationIDs: orgs,
	}
}

func TestObstacleFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		db.SetClock(func() time.Time { return now })
		var orgs []int64
		for _, n := range []string{"Hợp tác xã Dệt thổ cẩm Bản Lác", "Hợp tác xã Chè Na Hang", "Hợp tác xã Mây tre Lâm Bình"} {
			o := sampleOrg(n, "08")
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, o.ID)
		}
		hanoi := sampleOrg("Hợp tác xã Vạn Phúc", "01")
		if err := db.CreateOrganisation(ctx, coop.System, hanoi); err != nil {
			t.Fatal(err)
		}

		// Creating: scope, validation, other province's organisations.
		for _, tc := range []struct {
			name  string
			actor coop.Actor
			o     *coop.Obstacle
			code  string
			field string
		}{
			{"another province", officer08, sampleObstacle("01"), coop.EFORBIDDEN, "province"},
			{"no title", officer08, &coop.Obstacle{Province: "08", Category: "credit"}, coop.EINVALID, "title"},
			{"bad category", officer08, &coop.Obstacle{Province: "08", Category: "x", Title: "Vướng mắc tín dụng"}, coop.EINVALID, "category"},
			{"organisation of another province", officer08, sampleObstacle("08", hanoi.ID), coop.EINVALID, "organisation_ids"},
			{"centre logs for a province", centre, sampleObstacle("08"), coop.EFORBIDDEN, ""},
			{"viewer", viewerAll, sampleObstacle("08"), coop.EFORBIDDEN, ""},
		} {
			err := db.CreateObstacle(ctx, tc.actor, tc.o)
			if coop.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
			if tc.field != "" && coop.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: no message for %s: %v", tc.name, tc.field, err)
			}
		}

		ob := sampleObstacle("08", orgs...)
		if err := db.CreateObstacle(ctx, officer08, ob); err != nil {
			t.Fatal(err)
		}
		if ob.Status != coop.ObstacleReceived || ob.Version != 1 {
			t.Fatalf("new obstacle: %s v%d", ob.Status, ob.Version)
		}
		other := sampleObstacle("01", hanoi.ID)
		other.Title = "Vướng mắc của Hà Nội"
		if err := db.CreateObstacle(ctx, officer01, other); err != nil {
			t.Fatal(err)
		}

		// Scope: another province's obstacle is not found, for reading and writing.
		if _, err := db.Obstacle(ctx, officer08, other.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 read 01's obstacle: %v", err)
		}
		if _, err := db.MoveObstacle(ctx, officer08, other.ID, 0, coop.ObstacleMove{To: coop.ObstacleHandling}); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 moved 01's obstacle: %v", err)
		}
		if _, err := db.Obstacle(ctx, partner08, ob.ID); err != nil {
			t.Errorf("provincial partner cannot read own province: %v", err)
		}
		page, err := db.Obstacles(ctx, officer08, store.ObstacleFilter{})
		if err != nil || page.Total != 1 || page.Items[0].ID != ob.ID {
			t.Fatalf("08's list: %+v %v", page, err)
		}
		page, _ = db.Obstacles(ctx, officer08, store.ObstacleFilter{Province: "01"})
		if page.Total != 0 {
			t.Errorf("08 asking for 01 saw %d", page.Total)
		}
		page, _ = db.Obstacles(ctx, officer08, store.ObstacleFilter{Q: "bao hiem xa hoi"})
		if page.Total != 1 {
			t.Errorf("accent-insensitive search found %d", page.Total)
		}

		move := func(a coop.Actor, m coop.ObstacleMove) (*coop.Obstacle, error) {
			return db.MoveObstacle(ctx, a, ob.ID, 0, m)
		}
		// Invalid and forbidden moves, then the journey.
		for _, tc := range []struct {
			name  string
			actor coop.Actor
			m     coop.ObstacleMove
			code  string
		}{
			{"received to closed", officer08, coop.ObstacleMove{To: coop.ObstacleClosed}, coop.EINVALID},
			{"unknown status", officer08, coop.ObstacleMove{To: "lost"}, coop.EINVALID},
			{"escalate without comment", officer08, coop.ObstacleMove{To: coop.ObstacleEscalated}, coop.EINVALID},
			{"escalate with a past due date", officer08, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "x", DueOn: "2026-01-01"}, coop.EINVALID},
			{"centre handles a province's obstacle", centre, coop.ObstacleMove{To: coop.ObstacleHandling}, coop.EINVALID},
			{"viewer", viewerAll, coop.ObstacleMove{To: coop.ObstacleHandling}, coop.EFORBIDDEN},
		} {
			if _, err := move(tc.actor, tc.m); coop.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		if _, err := move(officer08, coop.ObstacleMove{To: coop.ObstacleHandling, Comment: "Đã làm việc với xã"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveObstacle(ctx, officer08, ob.ID, 1, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "x"}); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		got, err := db.MoveObstacle(ctx, officer08, ob.ID, 2, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "Vượt thẩm quyền của tỉnh"})
		if err != nil {
			t.Fatal(err)
		}
		if got.DueOn != "2026-05-19" {
			t.Errorf("default due date %s, want 15 days later", got.DueOn)
		}
		// The centre sees escalated obstacles of every province.
		page, err = db.Obstacles(ctx, centre, store.ObstacleFilter{Status: coop.ObstacleEscalated})
		if err != nil || page.Total != 1 || page.Items[0].ID != ob.ID || page.ByStatus[coop.ObstacleReceived] != 1 {
			t.Fatalf("centre's escalated list: %+v %v", page, err)
		}
		if _, err := move(officer08, coop.ObstacleMove{To: coop.ObstacleAnswered, Answer: "Tự trả lời"}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a provincial officer answered an escalated obstacle: %v", err)
		}
		if _, err := move(centre, coop.ObstacleMove{To: coop.ObstacleAnswered}); coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["answer"] == "" {
			t.Errorf("answer without text: %v", err)
		}

		// Overdue, with the clock moved past the due date.
		now = time.Date(2026, 5, 20, 3, 0, 0, 0, time.UTC)
		got, _ = db.Obstacle(ctx, officer08, ob.ID)
		if !got.Overdue {
			t.Errorf("not overdue on 20/05 with due date %s", got.DueOn)
		}
		page, _ = db.Obstacles(ctx, centre, store.ObstacleFilter{OverdueOnly: true})
		if page.Total != 1 {
			t.Errorf("overdue list has %d", page.Total)
		}
		raised, answered, open, overdue, err := db.ObstacleCounts(ctx, centre, "", "2026-01-01", "2026-06-30")
		if err != nil || raised != 2 || answered != 0 || open != 2 || overdue != 1 {
			t.Errorf("counts before the answer: %d %d %d %d %v", raised, answered, open, overdue, err)
		}

		got, err = move(centre, coop.ObstacleMove{To: coop.ObstacleAnswered, Answer: "Áp dụng Điều 2 Luật Bảo hiểm xã hội 2024."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Overdue || got.AnsweredBy != centre.Name || got.AnsweredAt == nil {
			t.Errorf("answered: %+v", got)
		}
		if _, err := move(officer08, coop.ObstacleMove{To: coop.ObstacleClosed, Comment: "Đã nhận trả lời"}); err != nil {
			t.Fatal(err)
		}
		raised, answered, open, overdue, _ = db.ObstacleCounts(ctx, officer08, "08", "", "")
		if raised != 1 || answered != 1 || open != 0 || overdue != 0 {
			t.Errorf("08's counts after closing: %d %d %d %d", raised, answered, open, overdue)
		}
		if _, _, _, _, err := db.ObstacleCounts(ctx, officer08, "01", "", ""); err != nil {
			t.Fatal(err)
		} else if r, _, _, _, _ := db.ObstacleCounts(ctx, officer08, "01", "", ""); r != 0 {
			t.Errorf("08 counted 01's obstacles: %d", r)
		}

		got, _ = db.Obstacle(ctx, officer08, ob.ID)
		want := []string{"received", "handling", "escalated", "answered", "closed"}
		if len(got.Steps) != len(want) || len(got.Organisations) != 3 {
			t.Fatalf("steps %+v, organisations %d", got.Steps, len(got.Organisations))
		}
		for i, s := range got.Steps {
			if s.To != want[i] {
				t.Errorf("step %d: %s, want %s", i, s.To, want[i])
			}
		}
		if got.Steps[3].ActorName != centre.Name || got.Steps[2].Comment != "Vượt thẩm quyền của tỉnh" {
			t.Errorf("steps lack who or why: %+v", got.Steps)
		}
		// A closed obstacle is kept as it was.
		got.Title = "Sửa sau khi đóng"
		if err := db.UpdateObstacle(ctx, officer08, got); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("edit after closing: %v", err)
		}

		// Every step is audited with before and after.
		events, _, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "obstacle", EntityID: ob.ID})
		if err != nil || len(events) != 5 {
			t.Fatalf("%d audit events, want 5 (create and four moves): %v", len(events), err)
		}
		for _, e := range events[:4] {
			var before, after map[string]any
			json.Unmarshal(e.Before, &before)
			json.Unmarshal(e.After, &after)
			if e.Action != "move" || before["status"] == after["status"] || e.Province != "08" {
				t.Errorf("audit event %s: %v → %v", e.Action, before["status"], after["status"])
			}
		}
	})
}

func TestObstacleUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := sampleOrg("Hợp tác xã Một", "08")
		b := sampleOrg("Hợp tác xã Hai", "08")
		for _, o := range []*coop.Organisation{a, b} {
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		ob := sampleObstacle("08", a.ID)
		if err := db.CreateObstacle(ctx, partner08, ob); err != nil {
			t.Fatalf("a provincial partner logs in its scope: %v", err)
		}
		ob.OrganisationIDs = []int64{b.ID, a.ID, b.ID}
		ob.Recommendation = "Kiến nghị mới"
		if err := db.UpdateObstacle(ctx, officer08, ob); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Obstacle(ctx, officer08, ob.ID)
		if len(got.Organisations) != 2 || got.Recommendation != "Kiến nghị mới" || got.Version != 2 {
			t.Errorf("after update: %+v", got)
		}
		ob.Version = 1
		if err := db.UpdateObstacle(ctx, officer08, ob); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		got.Province = "01"
		if err := db.UpdateObstacle(ctx, officer08, got); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("moved to another province: %v", err)
		}
		got.Province = "08"
		if err := db.UpdateObstacle(ctx, centre, got); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("centre edited a province's obstacle: %v", err)
		}
		if err := db.UpdateObstacle(ctx, officer01, got); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("01 edited 08's obstacle: %v", err)
		}
	})
}
