package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// While one write transaction is open, the writes after it wait for their
// turn without taking the connections the reads need: every read is
// answered before the first write ends, and every write lands after it.
func TestWritersWaitingLeaveTheReadsTheirConnections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		drawn, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() { held <- db.HoldAuditEvent(ctx, "01", drawn, release) }()
		<-drawn
		const writers = 12 // twice the main pool's connections on SQLite
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Chờ lượt " + strings.Repeat("I", i+1), Sector: "agriculture",
					Governance: coop.GovernanceFull, Province: "01", Status: coop.StatusActive}
				errs <- db.CreateOrganisation(ctx, coop.System, o)
			}()
		}
		time.Sleep(200 * time.Millisecond) // the writers are waiting
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		for range 20 {
			var n int
			if err := db.SQL().QueryRowContext(rctx, `SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
				t.Fatalf("a read while %d writers wait behind an open write: %v", writers, err)
			}
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("a write after its turn: %v", err)
			}
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE name LIKE 'Hợp tác xã Chờ lượt %'`).Scan(&n); err != nil || n != writers {
			t.Fatalf("%d of %d writes landed (%v)", n, writers, err)
		}
	})
}

// A credential's use is recorded after the request: a request with a token
// is answered while a write is open, and the use is there once the store
// settles.
func TestATokensUseIsRecordedWithoutTheRequestWaiting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := acctUser(t, db, "luot@lmhtx.vn", "Lê Thị Lượt", coop.RoleProvincial, "08")
		token, _, err := db.CreateAPIToken(ctx, u.Actor(), "Đồng bộ")
		if err != nil {
			t.Fatal(err)
		}
		drawn, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() { held <- db.HoldAuditEvent(ctx, "08", drawn, release) }()
		<-drawn
		answered := make(chan error, 8)
		for range 8 {
			go func() {
				a, err := db.TokenActor(ctx, token)
				if err == nil && a.UserID != u.ID {
					err = coop.Errorf(coop.EINVALID, "actor %+v", a)
				}
				answered <- err
			}()
		}
		for range 8 {
			select {
			case err := <-answered:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a request with a token waited for an open write to record the token's use")
			}
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		db.Settle()
		list, err := db.APITokens(ctx, u.Actor())
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
			t.Fatalf("the token's use was not recorded: %+v %v", list, err)
		}
	})
}
