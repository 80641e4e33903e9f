package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// Every update of a versioned record refuses a change sent without the
// version it was made on, whichever path calls the store: a field error in
// Vietnamese, and nothing saved.
func TestUpdateWithoutVersionIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := coop.System
		org := sampleOrg("Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		if err := db.CreateOrganisation(ctx, sys, org); err != nil {
			t.Fatal(err)
		}
		act := actTraining("08", org.ID)
		if err := db.CreateActivity(ctx, sys, act); err != nil {
			t.Fatal(err)
		}
		plan := &coop.Plan{Province: "08", Phase: "2026-2030"}
		if err := db.CreatePlan(ctx, sys, plan); err != nil {
			t.Fatal(err)
		}
		task := actTask(t, db, "01", "2026-2030", coop.TaskGroups[0].Code, "Tập huấn cán bộ quản lý nữ")
		ob := sampleObstacle("08", org.ID)
		if err := db.CreateObstacle(ctx, sys, ob); err != nil {
			t.Fatal(err)
		}
		fc := sampleCase("08", coop.KindHTX)
		if err := db.CreateFoundingCase(ctx, sys, fc); err != nil {
			t.Fatal(err)
		}
		user := acctUser(t, db, "can.bo@tuyenquang.test", "Cán bộ tỉnh", coop.RoleProvincial, "08")

		for name, update := range map[string]func() error{
			"organisation": func() error { o := *org; o.Version = 0; return db.UpdateOrganisation(ctx, sys, &o) },
			"activity":     func() error { a := *act; a.Version = 0; return db.UpdateActivity(ctx, sys, &a) },
			"plan":         func() error { return db.UpdatePlan(ctx, sys, &coop.Plan{ID: plan.ID, Title: "Kế hoạch mới"}) },
			"task":         func() error { return db.UpdateTask(ctx, sys, &coop.Task{ID: task, Title: "Nhiệm vụ mới"}) },
			"obstacle":     func() error { o := *ob; o.Version = 0; return db.UpdateObstacle(ctx, sys, &o) },
			"founding case": func() error {
				c := *fc
				c.Version = 0
				return db.UpdateFoundingCase(ctx, sys, &c)
			},
			"user": func() error { u := *user; u.Version = 0; return db.UpdateUser(ctx, sys, &u) },
		} {
			err := update()
			if coop.ErrorCode(err) != coop.EINVALID || coop.ErrorFields(err)["version"] == "" {
				t.Errorf("%s without a version: %v, want EINVALID naming the version", name, err)
			}
		}
		if got, err := db.Organisation(ctx, sys, org.ID); err != nil || got.Version != org.Version {
			t.Errorf("the organisation changed: %v %v", got, err)
		}
	})
}
