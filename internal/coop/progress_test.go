package coop

import (
	"math"
	"strings"
	"testing"
)

func indicator(code string) Indicator {
	for _, i := range DefaultIndicators {
		if i.Code == code {
			return i
		}
	}
	panic(code)
}

func fp(v float64) *float64 { return &v }

func TestPhaseOf(t *testing.T) {
	for _, c := range []struct {
		date      string
		milestone int
	}{
		{"2022-06-01", 2025}, // before the Decision: the first phase
		{"2023-01-03", 2025},
		{"2025-12-31", 2025},
		{"2026-01-01", 2030},
		{"2030-12-31", 2030},
		{"2031-05-01", 2030}, // after the Scheme: the last phase
	} {
		if got := PhaseOf(c.date).Milestone; got != c.milestone {
			t.Errorf("PhaseOf(%s) milestone = %d, want %d", c.date, got, c.milestone)
		}
	}
}

func TestElapsed(t *testing.T) {
	p2 := SchemePhases[1]
	for _, c := range []struct {
		date string
		want float64
	}{
		{"2025-12-31", 0},
		{"2026-01-01", 1.0 / 1826},
		{"2028-07-01", 913.0 / 1826}, // 2026: 365, 2027: 365, 2028 to 1 July: 183
		{"2030-12-31", 1},
		{"2032-01-01", 1},
		{"not a date", 0},
	} {
		if got := p2.Elapsed(c.date); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Elapsed(%s) = %v, want %v", c.date, got, c.want)
		}
	}
}

func TestAssessProgress(t *testing.T) {
	// Counts run from 03/01/2023: on 01/01/2027, 1,460 of the 2,920 days
	// to the end of 2030 have passed (50 %), while only 20 % of phase 2 has.
	const mid = "2027-01-01"
	t1, t5 := indicator("T1"), indicator("T5")
	target := func(n int64) *int64 { return &n }
	for _, c := range []struct {
		name   string
		ind    Indicator
		actual *float64
		target *int64
		date   string
		want   string
		reason string
	}{
		{"count ahead of time", t1, fp(800), target(1500), mid, ProgressOnTrack, "Đã đạt 53,3% chỉ tiêu mốc 2030, 50% thời gian từ 03/01/2023 đến 31/12/2030 đã trôi qua."},
		{"a count since 2023 is not measured against phase 2's time", t1, fp(400), target(1500), mid, ProgressBehind, "50% thời gian từ 03/01/2023"},
		{"count exactly on time", t1, fp(750), target(1500), mid, ProgressOnTrack, ""},
		{"count at 80 % of expected", t1, fp(600), target(1500), mid, ProgressAtRisk, ""},
		{"count below 80 % of expected", t1, fp(599), target(1500), mid, ProgressBehind, ""},
		{"nothing yet on the first day", t1, fp(0), target(1500), "2026-01-01", ProgressBehind, ""},
		{"phase 1 compares with the 2025 target", t1, fp(750), target(750), "2025-12-31", ProgressOnTrack, "mốc 2025"},
		{"target met early", t1, fp(1600), target(1500), "2026-03-01", ProgressOnTrack, "106,7%"},
		{"share at target", t5, fp(100), target(100), "2026-03-01", ProgressOnTrack, "Tỷ lệ hiện đạt 100%, chỉ tiêu mốc 2030 là 100%."},
		{"share ignores time", t5, fp(85), target(100), "2026-01-02", ProgressAtRisk, ""},
		{"share at 80 %", t5, fp(80), target(100), mid, ProgressAtRisk, ""},
		{"share below 80 %", t5, fp(79.9), target(100), mid, ProgressBehind, ""},
		{"share of a lower target", indicator("T8"), fp(81), target(90), mid, ProgressAtRisk, ""},
		{"no target", indicator("T6"), fp(3), nil, "2025-06-01", ProgressNoData, "Chưa có chỉ tiêu cho mốc 2025."},
		{"zero target", t1, fp(3), target(0), mid, ProgressNoData, "bằng 0"},
		{"no data", indicator("T7"), nil, target(100), mid, ProgressNoData, "Chưa có nguồn số liệu"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := AssessProgress(c.ind, c.actual, c.target, c.date)
			if !c.ind.Percent() && c.actual != nil && !strings.Contains(p.Basis, "Số luỹ kế từ ") {
				t.Errorf("a count's progress does not say what it is measured over: %q", p.Basis)
			}
			if p.Status != c.want {
				t.Errorf("status %s, want %s (%+v)", p.Status, c.want, p)
			}
			if p.Label != ProgressStatuses.Label(c.want) || p.Icon == "" {
				t.Errorf("label %q icon %q: a status needs words and an icon", p.Label, p.Icon)
			}
			if !strings.Contains(p.Reason, c.reason) {
				t.Errorf("reason %q lacks %q", p.Reason, c.reason)
			}
		})
	}
}

func TestPercentText(t *testing.T) {
	for share, want := range map[float64]string{0: "0", 0.38: "38", 0.1799: "18", 0.384: "38,4", 1.0667: "106,7", 12.5: "1.250"} {
		if got := percentText(share); got != want {
			t.Errorf("percentText(%v) = %q, want %q", share, got, want)
		}
	}
}

// A count that runs from the start of phase 2 is measured against phase
// 2's time: on 01/07/2028, 913/1826 ≈ 50 % of it has passed.
func TestAssessPhaseCount(t *testing.T) {
	t1 := indicator("T1")
	target := int64(1500)
	for actual, want := range map[float64]string{750: ProgressOnTrack, 600: ProgressAtRisk, 599: ProgressBehind} {
		p := AssessProgressFrom(t1, fp(actual), &target, "2028-07-01", "2026-01-01")
		if p.Status != want || !strings.Contains(p.Reason, "50% thời gian của giai đoạn 2026–2030") ||
			p.Basis != "Số luỹ kế từ 01/01/2026, so với thời gian từ 01/01/2026 đến 31/12/2030." {
			t.Errorf("%v since the phase began: %s, %q, %q; want %s", actual, p.Status, p.Reason, p.Basis, want)
		}
	}
	if p := AssessProgress(indicator("T5"), fp(90), &target, "2028-07-01"); p.Basis != "" || p.From != "" {
		t.Errorf("a share has no counting basis: %+v", p)
	}
}
