package web_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// BenchmarkDashboard serves the dashboard (page and API, national and a
// province's) and reports the 95th percentile as p95-ms. It runs on the
// database named by HTXNU_BENCH_DB, or else on the demo data (3,000
// organisations with plans, activities, founding cases and obstacles):
//
//	go test -run '^$' -bench Dashboard -benchtime 50x ./internal/web/
//	HTXNU_BENCH_DB=big.db go test -run '^$' -bench Dashboard -benchtime 20x ./internal/web/
func BenchmarkDashboard(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	if dsn := os.Getenv("HTXNU_BENCH_DB"); dsn != "" {
		var err error
		if db, err = store.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
	} else {
		db = storetest.SQLite(b)
		if _, err := demo.Demo(ctx, db); err != nil {
			b.Fatal(err)
		}
		for _, load := range []func(context.Context, *store.DB) error{demo.Plans, demo.Activities, demo.Founding, demo.Obstacles} {
			if err := load(ctx, db); err != nil {
				b.Fatal(err)
			}
		}
	}
	srv, err := web.New(db, web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	token := func(role, province string) string {
		u := &store.User{Email: role + province + "-" + hex.EncodeToString(suffix) + "@bench.test", Name: "Đo " + role, Role: role, Province: province}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đo-hiệu-năng"); err != nil {
			b.Fatal(err)
		}
		t, _, err := db.CreateAPIToken(ctx, u.Actor(), "bench")
		if err != nil {
			b.Fatal(err)
		}
		return t
	}
	centre, officer := token(coop.RoleCentral, ""), token(coop.RoleProvincial, "08")
	for _, c := range []struct{ name, token, path string }{
		{"national-page", centre, "/dashboard"},
		{"national-api", centre, "/api/v1/dashboard"},
		{"national-filtered", centre, "/dashboard?kind=HTX&period=2025&sort=wim&dir=desc"},
		{"province-page", officer, "/dashboard"},
		{"national-xlsx", centre, "/dashboard.xlsx"},
	} {
		b.Run(c.name, func(b *testing.B) {
			durs := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", c.path, nil)
				req.Header.Set("Authorization", "Bearer "+c.token)
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				durs = append(durs, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", c.path, rec.Code)
				}
			}
			b.StopTimer()
			sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
			b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
