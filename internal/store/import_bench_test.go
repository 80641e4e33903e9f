package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/cputime"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/xlsx"
)

// importBenchFile writes n organisation rows as an .xlsx workbook in the
// template's columns, spread over the 34 provinces, a third of them under
// an old province's name.
func importBenchFile(tb testing.TB, n int) []byte {
	tb.Helper()
	return importBenchFileWith(tb, n, nil)
}

// importBenchFileWith is importBenchFile with each organisation changed
// by change (nil: none) before it is written.
func importBenchFileWith(tb testing.TB, n int, change func(*coop.Organisation)) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, xlsx.XLSX, xlsx.OrganisationColumns(), xlsx.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	provinces, legacy := coop.Provinces(), coop.LegacyProvinces()
	for i := 0; i < n; i++ {
		o := &coop.Organisation{Kind: coop.KindHTX, Name: fmt.Sprintf("Hợp tác xã Nông nghiệp số %d", i), RegistrationNo: fmt.Sprintf("99%08d", i),
			Sector: "agriculture", Governance: coop.GovernanceFull, Province: provinces[i%len(provinces)].Code, Status: coop.StatusActive,
			FoundedOn: "2019-03-15", Commune: "Xã Bản Lác",
			Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Nguyễn Thị Hoa", Sex: coop.SexFemale}},
			Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 20, MembersFemale: 12, WorkersTotal: 30, WorkersFemale: 18}}}
		if change != nil {
			change(o)
		}
		v := xlsx.OrganisationValues(o, "2026-01-01")
		if i%3 == 0 {
			v[xlsx.OrgProvince] = legacy[i%len(legacy)].Name
		}
		if err := w.Row(v...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportOrganisations measures, on one file of HTXNU_IMPORT_ROWS
// organisation rows (default 10,000): excelize's streaming reader alone,
// the preview, the commit and its undo; then, the file imported again, the
// preview, commit and undo of the same file with the number of members
// changed in every row (update-…; with HTXNU_IMPORT_ONE_BY_ONE set, written
// one at a time as before they were batched); on SQLite and (with
// HTXNU_TEST_PG) on PostgreSQL, in wall time and in this process's CPU time (the machine may
// be shared; PostgreSQL's own CPU is not counted), and the peak heap. See
// docs/performance.md.
func BenchmarkImportOrganisations(b *testing.B) {
	n := 10000
	if s := os.Getenv("HTXNU_IMPORT_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	file := importBenchFile(b, n)
	b.Logf("%d rows, %.1f MB", n, float64(len(file))/1e6)
	ctx := context.Background()
	admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var db *store.DB
				if dialect == "sqlite" {
					db = storetest.SQLite(b)
				} else {
					db = storetest.Postgres(b)
				}
				runtime.GC()
				start, cpu := time.Now(), cputime.Process()
				f, err := excelize.OpenReader(bytes.NewReader(file))
				if err != nil {
					b.Fatal(err)
				}
				rows, _ := f.Rows(xlsx.SheetData)
				for rows.Next() {
					rows.Columns()
				}
				rows.Close()
				f.Close()
				raw, rawCPU := time.Since(start), cputime.Process()-cpu

				peak := watchHeap()
				start, cpu = time.Now(), cputime.Process()
				imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "bench.xlsx", file, store.ImportOptions{Wait: true})
				if err != nil {
					b.Fatal(err)
				}
				preview, previewCPU := time.Since(start), cputime.Process()-cpu
				heapProfile(b, "after-preview")
				if imp.Summary.New != n || imp.Summary.Errors != 0 {
					b.Fatalf("summary %+v %+v", imp.Summary, imp.Errors[:min(3, len(imp.Errors))])
				}
				start, cpu = time.Now(), cputime.Process()
				stop := profilePhase(b, "commit")
				_, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true})
				stop()
				if err != nil {
					b.Fatal(err)
				}
				commit, commitCPU := time.Since(start), cputime.Process()-cpu
				heap := peak()
				start, cpu = time.Now(), cputime.Process()
				if _, err := db.RevertImport(ctx, admin, imp.ID); err != nil {
					b.Fatal(err)
				}
				revert, revertCPU := time.Since(start), cputime.Process()-cpu
				benchImportUpdates(b, db, admin, file, n)
				b.ReportMetric(raw.Seconds(), "excelize-s")
				b.ReportMetric(preview.Seconds(), "preview-s")
				b.ReportMetric(commit.Seconds(), "commit-s")
				b.ReportMetric(preview.Seconds()/raw.Seconds(), "preview/excelize")
				b.ReportMetric(rawCPU.Seconds(), "excelize-cpu-s")
				b.ReportMetric(previewCPU.Seconds(), "preview-cpu-s")
				b.ReportMetric(commitCPU.Seconds(), "commit-cpu-s")
				b.ReportMetric(revert.Seconds(), "undo-s")
				b.ReportMetric(revertCPU.Seconds(), "undo-cpu-s")
				b.ReportMetric(float64(heap)/1e6, "peak-heap-MB")
			}
		})
	}
}

// benchImportUpdates imports file (n new organisations) again, then
// previews, commits and undoes a file changing the number of members of
// every one of them, and reports the times of the three.
func benchImportUpdates(b *testing.B, db *store.DB, admin coop.Actor, file []byte, n int) {
	ctx := context.Background()
	imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "bench.xlsx", file, store.ImportOptions{Wait: true})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("HTXNU_IMPORT_ONE_BY_ONE") != "" {
		// The changes written one at a time, as before they were batched.
		store.SetImportUpdatesOneByOne(true)
		defer store.SetImportUpdatesOneByOne(false)
	}
	changed := importBenchFileWith(b, n, func(o *coop.Organisation) { o.Snapshots[0].MembersTotal = 25 })
	runtime.GC()
	start, cpu := time.Now(), cputime.Process()
	stop := profilePhase(b, "update-preview")
	imp, err = db.NewImportWith(ctx, admin, store.ImportOrganisations, "sua.xlsx", changed, store.ImportOptions{Wait: true})
	stop()
	if err != nil {
		b.Fatal(err)
	}
	if imp.Summary.Updated != n || imp.Summary.Errors != 0 {
		b.Fatalf("update summary %+v", imp.Summary)
	}
	b.ReportMetric(time.Since(start).Seconds(), "update-preview-s")
	b.ReportMetric((cputime.Process() - cpu).Seconds(), "update-preview-cpu-s")
	start, cpu = time.Now(), cputime.Process()
	stop = profilePhase(b, "update-commit")
	_, err = db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true})
	stop()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "update-commit-s")
	b.ReportMetric((cputime.Process() - cpu).Seconds(), "update-commit-cpu-s")
	start, cpu = time.Now(), cputime.Process()
	if _, err := db.RevertImport(ctx, admin, imp.ID); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "update-undo-s")
	b.ReportMetric((cputime.Process() - cpu).Seconds(), "update-undo-cpu-s")
}

// profilePhase writes, when HTXNU_IMPORT_CPUPROFILE names a prefix, the CPU
// profile of one phase of the benchmark to PREFIX-PHASE.prof, until the
// function it returns is called. (A whole run's -cpuprofile mixes the
// phases.)
func profilePhase(b *testing.B, phase string) func() {
	prefix := os.Getenv("HTXNU_IMPORT_CPUPROFILE")
	if prefix == "" {
		return func() {}
	}
	f, err := os.Create(prefix + "-" + phase + ".prof")
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// heapProfile writes, when HTXNU_IMPORT_HEAPPROFILE names a prefix, the
// heap in use after a collection to PREFIX-AT.prof: what the import holds
// at that point.
func heapProfile(b *testing.B, at string) {
	prefix := os.Getenv("HTXNU_IMPORT_HEAPPROFILE")
	if prefix == "" {
		return
	}
	runtime.GC()
	f, err := os.Create(prefix + "-" + at + ".prof")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// watchHeap samples the heap until the returned function is called, which
// returns the largest heap in use seen.
func watchHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak {
				peak = m.HeapInuse
			}
			select {
			case <-stop:
				done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
