package xlsx

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkTable writes 100,000 rows of the activities' shape (text,
// numbers, dates, money) and reports, besides time, the peak heap seen
// while writing: the measure of "streamed".
//
//	go test ./internal/xlsx -run '^$' -bench BenchmarkTable -benchtime 1x
func BenchmarkTable(b *testing.B) {
	for _, f := range []Format{XLSX, CSV} {
		b.Run(string(f), func(b *testing.B) {
			rows := benchRows
			for b.Loop() {
				peak := watchHeap()
				w, err := NewWriter(io.Discard, f, testCols, Options{Info: [][2]string{{"Danh sách", "Hoạt động hỗ trợ"}}})
				if err != nil {
					b.Fatal(err)
				}
				d := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
				for i := range rows {
					if err := w.Row("Lớp bồi dưỡng quản trị hợp tác xã cho cán bộ quản lý nữ", i, float64(i)/3, d, int64(i)*10_000); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(peak()>>20), "peak-heap-MB")
			}
		})
	}
}

// watchHeap samples the heap in use until the returned function is
// called, which returns the largest sample.
func watchHeap() func() uint64 {
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

var benchRows = 100_000
