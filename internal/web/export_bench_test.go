package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// BenchmarkListExport downloads the national list of activities and of
// their beneficiary organisations as .xlsx and .csv, and reports the rows,
// the time and the peak heap while serving. It runs on the database named
// by HTXNU_BENCH_DB, or else on the demo registry with 20,000 generated
// activities:
//
//	go test -run '^$' -bench ListExport -benchtime 1x ./internal/web/
func BenchmarkListExport(b *testing.B) {
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
		if err := demo.GenerateActivities(ctx, db, 20_000, 60_000, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := web.New(db, web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	u := &store.User{Email: "export-bench@bench.test", Name: "Đo tải danh sách", Role: coop.RoleCentral}
	if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đo-hiệu-năng"); err != nil {
		b.Fatal(err)
	}
	token, _, err := db.CreateAPIToken(ctx, u.Actor(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/activities/export.xlsx", "/activities/export.csv", "/activities/beneficiaries/export.xlsx",
		"/activities/beneficiaries/export.csv"} {
		b.Run(path[1:], func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
				peak := sampleHeap()
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				w := &countingWriter{header: http.Header{}}
				h.ServeHTTP(w, req)
				b.ReportMetric(float64(peak()>>20), "peak-heap-MB")
				b.ReportMetric(float64(w.n>>10), "KB")
				if w.code != 0 && w.code != http.StatusOK {
					b.Fatalf("%s: status %d", path, w.code)
				}
			}
		})
	}
}

// countingWriter is a response writer that keeps nothing of the body.
type countingWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *countingWriter) Header() http.Header  { return w.header }
func (w *countingWriter) WriteHeader(code int) { w.code = code }
func (w *countingWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return io.Discard.Write(b)
}

func sampleHeap() func() uint64 {
	var max atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max.Load() {
				max.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return max.Load()
	}
}
