package xlsx

import (
	"fmt"
	"strconv"

	"htxnu/internal/coop"
)

// Columns of the allocations sheet: one row per indicator, milestone and
// province.
const (
	AllocIndicator = iota
	AllocIndicatorName
	AllocMilestone
	AllocProvince
	AllocValue
	allocColumnCount
)

// AllocationFields returns the columns of the allocations sheet.
func AllocationFields() []Field {
	codes := coop.IndicatorCodes()
	cols := make([]Field, allocColumnCount)
	cols[AllocIndicator] = Field{Key: "indicator", Header: "Mã chỉ tiêu", Aliases: []string{"Chỉ tiêu"}, Required: true, List: codes,
		Help: "T1 đến T8 (xem tên chỉ tiêu ở cột bên)."}
	cols[AllocIndicatorName] = Field{Key: "indicator_name", Header: "Tên chỉ tiêu", Width: 50, Help: "chỉ để đọc, không được nhập."}
	cols[AllocMilestone] = Field{Key: "milestone", Header: "Mốc", Aliases: []string{"Năm", "Mốc năm"}, Required: true, List: []string{"2025", "2030"},
		Help: "2025 hoặc 2030."}
	cols[AllocProvince] = Field{Key: "province", Header: "Tỉnh, thành phố", Aliases: []string{"Tỉnh"}, Required: true, List: provinceNames(),
		Help: "tên hoặc mã tỉnh; chỉ tiêu của tỉnh cũ trước 1/7/2025 được cộng vào tỉnh mới."}
	cols[AllocValue] = Field{Kind: Integer, Key: "value", Header: "Chỉ tiêu giao", Aliases: []string{"Giá trị", "Chỉ tiêu"}, Required: true,
		Help: "số nguyên (với chỉ tiêu tỷ lệ: phần trăm từ 0 đến 100)."}
	return cols
}

// AllocationRow is one row of an allocations sheet, decoded.
type AllocationRow struct {
	Num       int
	Indicator string
	Milestone int
	Province  coop.ProvinceResolution
	Value     int64
	Errors    []CellError
}

// DecodeAllocation reads one row of an allocations sheet.
func DecodeAllocation(row Row) AllocationRow {
	c := &Cells{Row: row}
	r := AllocationRow{Num: row.Num}
	code := HeaderKey(c.Text(AllocIndicator))
	for _, k := range coop.IndicatorCodes() {
		if HeaderKey(k) == code {
			r.Indicator = k
		}
	}
	if r.Indicator == "" {
		if c.Given(AllocIndicator) {
			c.Fail(AllocIndicator, fmt.Sprintf("Không có chỉ tiêu “%s”: nhập mã từ T1 đến T8.", c.Text(AllocIndicator)))
		} else {
			c.Fail(AllocIndicator, "Nhập mã chỉ tiêu (T1 đến T8).")
		}
	}
	m, ok := ParseInt(c.Text(AllocMilestone))
	if !ok || !coop.ValidMilestone(int(m)) {
		c.Fail(AllocMilestone, fmt.Sprintf("Mốc “%s” không hợp lệ: nhập 2025 hoặc 2030.", c.Text(AllocMilestone)))
	}
	r.Milestone = int(m)
	r.Province = c.Province(AllocProvince, true)
	if !c.Given(AllocValue) {
		c.Fail(AllocValue, "Nhập chỉ tiêu giao cho tỉnh.")
	} else if n, ok := ParseInt(c.Text(AllocValue)); !ok {
		c.Fail(AllocValue, fmt.Sprintf("“%s” không phải là một số nguyên (ví dụ 1.234).", c.Text(AllocValue)))
	} else {
		r.Value = n
	}
	r.Errors = c.Errors
	return r
}

// AllocationValues returns an allocation as a row of the allocations sheet.
func AllocationValues(ind coop.Indicator, milestone int, province string, value *int64) []any {
	v := []any{ind.Code, ind.Name, strconv.Itoa(milestone), coop.ProvinceName(province), nil}
	if value != nil {
		v[AllocValue] = *value
	}
	return v
}
