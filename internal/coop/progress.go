package coop

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// SchemePhase is one phase of the Scheme with its dates (inclusive) and the
// milestone whose targets it works towards.
type SchemePhase struct {
	Code      string `json:"code"`
	Label     string `json:"label"`
	Start     string `json:"start"` // YYYY-MM-DD
	End       string `json:"end"`
	Milestone int    `json:"milestone"`
}

// SchemePhases are the two phases of Decision 01: from the Decision's date
// to the end of 2025, then 2026–2030.
var SchemePhases = []SchemePhase{
	{Code: "2023-2025", Label: "Giai đoạn 2023–2025", Start: "2023-01-03", End: "2025-12-31", Milestone: 2025},
	{Code: "2026-2030", Label: "Giai đoạn 2026–2030", Start: "2026-01-01", End: "2030-12-31", Milestone: 2030},
}

// PhaseOf returns the phase a date (YYYY-MM-DD) falls in: the first phase
// before the Scheme began, the last one after it ended.
func PhaseOf(date string) SchemePhase {
	for _, p := range SchemePhases {
		if date <= p.End {
			return p
		}
	}
	return SchemePhases[len(SchemePhases)-1]
}

// Elapsed returns the share (0..1) of the phase's days that have passed by
// the end of date: 0 before the phase starts, 1 after it ends.
func (p SchemePhase) Elapsed(date string) float64 {
	return ElapsedBetween(p.Start, p.End, date)
}

// ElapsedBetween returns the share (0..1) of the days from start to end
// (inclusive, YYYY-MM-DD) that have passed by the end of date.
func ElapsedBetween(startDay, endDay, date string) float64 {
	start, err1 := time.Parse(time.DateOnly, startDay)
	end, err2 := time.Parse(time.DateOnly, endDay)
	day, err3 := time.Parse(time.DateOnly, date)
	if err1 != nil || err2 != nil || err3 != nil {
		return 0
	}
	total := end.Sub(start).Hours()/24 + 1
	done := day.Sub(start).Hours()/24 + 1
	switch {
	case done <= 0:
		return 0
	case done >= total:
		return 1
	}
	return done / total
}

// Progress statuses of an indicator against its next milestone.
const (
	ProgressOnTrack = "on_track"
	ProgressAtRisk  = "at_risk"
	ProgressBehind  = "behind"
	ProgressNoData  = "no_data"
)

// ProgressStatuses lists the statuses with the words users read; the
// status is always shown in words (and an icon), never by colour alone.
var ProgressStatuses = CodeList{
	{ProgressOnTrack, "Đúng tiến độ"},
	{ProgressAtRisk, "Cần chú ý"},
	{ProgressBehind, "Chậm tiến độ"},
	{ProgressNoData, "Chưa có số liệu"},
}

// progressIcons are the text symbols shown beside each status.
var progressIcons = map[string]string{
	ProgressOnTrack: "✓",
	ProgressAtRisk:  "!",
	ProgressBehind:  "✗",
	ProgressNoData:  "–",
}

// AtRiskFloor is the share of the expected progress above which an
// indicator that is not on track is "at risk" rather than "behind".
const AtRiskFloor = 0.8

// Progress is the traffic light of one indicator: how far the actual
// figure is towards the next milestone's target, against how far it should
// be by now, with the reason in words.
type Progress struct {
	Status    string  `json:"status"`
	Label     string  `json:"label"`
	Icon      string  `json:"icon"`
	Phase     string  `json:"phase"`
	Milestone int     `json:"milestone"`
	Achieved  float64 `json:"achieved"` // actual ÷ target (may exceed 1)
	Expected  float64 `json:"expected"` // share expected by now: time elapsed, or 1 for shares
	// From is the day a count runs from, and Basis says in words what its
	// time elapsed is measured over ("" for shares).
	From   string `json:"counted_from,omitempty"`
	Basis  string `json:"basis,omitempty"`
	Reason string `json:"reason"`
}

// AssessProgress compares an indicator's actual figure, counted (for a
// count) from CountingStart like every count of the Scheme, with its target
// for the milestone of the phase that date falls in.
func AssessProgress(ind Indicator, actual *float64, target *int64, date string) Progress {
	return AssessProgressFrom(ind, actual, target, date, CountingStart)
}

// AssessProgressFrom compares like with like: for a count running from the
// day from, the expected share is the share of the time from that day to
// the milestone's end that has passed (a count since 2023 against the time
// since 2023; a count since the phase began against the phase's time): on
// track when actual ÷ target reaches it, at risk from 80 % of it, behind
// below. For a share (percent) indicator the share itself is compared with
// the target with the same thresholds. Without a target or an actual
// figure the status is "no data", with the reason.
func AssessProgressFrom(ind Indicator, actual *float64, target *int64, date, from string) Progress {
	phase := PhaseOf(date)
	p := Progress{Phase: phase.Code, Milestone: phase.Milestone}
	if !ind.Percent() {
		if from == "" || from > phase.End {
			from = phase.Start
		}
		p.From = from
		p.Basis = fmt.Sprintf("Số luỹ kế từ %s, so với thời gian từ %s đến %s.", FormatDateVN(from), FormatDateVN(from), FormatDateVN(phase.End))
	}
	switch {
	case actual == nil:
		return p.with(ProgressNoData, "Chưa có nguồn số liệu cho chỉ tiêu này.")
	case target == nil:
		return p.with(ProgressNoData, fmt.Sprintf("Chưa có chỉ tiêu cho mốc %d.", phase.Milestone))
	case *target <= 0:
		return p.with(ProgressNoData, fmt.Sprintf("Chỉ tiêu mốc %d bằng 0: không đánh giá tiến độ.", phase.Milestone))
	}
	p.Achieved = *actual / float64(*target)
	var reason string
	if ind.Percent() {
		p.Expected = 1
		reason = fmt.Sprintf("Tỷ lệ hiện đạt %s%%, chỉ tiêu mốc %d là %s%%.", percentText(*actual/100), phase.Milestone, FormatInt(*target))
	} else {
		p.Expected = ElapsedBetween(p.From, phase.End, date)
		span := strings.ToLower(phase.Label[:1]) + phase.Label[1:]
		if p.From != phase.Start {
			span = "thời gian từ " + FormatDateVN(p.From) + " đến " + FormatDateVN(phase.End)
		} else {
			span = "thời gian của " + span
		}
		reason = fmt.Sprintf("Đã đạt %s%% chỉ tiêu mốc %d, %s%% %s đã trôi qua.",
			percentText(p.Achieved), phase.Milestone, percentText(p.Expected), span)
	}
	switch {
	case p.Achieved >= p.Expected:
		return p.with(ProgressOnTrack, reason)
	case p.Achieved >= AtRiskFloor*p.Expected:
		return p.with(ProgressAtRisk, reason)
	}
	return p.with(ProgressBehind, reason)
}

func (p Progress) with(status, reason string) Progress {
	p.Status, p.Label, p.Icon, p.Reason = status, ProgressStatuses.Label(status), progressIcons[status], reason
	return p
}

// percentText renders a share (0..1) as a whole percent when it is one
// ("38"), with one decimal otherwise ("38,4"), and "0" for nothing.
func percentText(share float64) string {
	v := share * 100
	if math.Abs(v-math.Round(v)) < 0.05 {
		return FormatInt(int64(math.Round(v)))
	}
	return FormatPercent(share)
}
