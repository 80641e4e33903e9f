package xlsx

import (
	"fmt"

	"htxnu/internal/coop"
)

// Cells reads the cells of one row by column, in the Vietnamese forms the
// Parse… functions accept, and collects a CellError for each cell that
// cannot be read. A decoder of a kind of sheet is built on it.
type Cells struct {
	Row    Row
	Errors []CellError
}

// Text returns the cell's cleaned text.
func (c *Cells) Text(col int) string { return c.Row.Get(col) }

// Given reports whether the cell is not empty.
func (c *Cells) Given(col int) bool { return c.Row.Get(col) != "" }

// Fail records a problem with a cell (col -1: the row as a whole).
func (c *Cells) Fail(col int, msg string) {
	c.Errors = append(c.Errors, CellError{Row: c.Row.Num, Col: col, Message: msg})
}

// Code reads a coded cell by its code or label; what names the column in
// the message.
func (c *Cells) Code(col int, list coop.CodeList, extra map[string]string, what string) string {
	v, ok := ParseCode(list, c.Text(col), extra)
	if !ok {
		c.Fail(col, fmt.Sprintf("%s “%s” không có trong danh sách.", what, c.Text(col)))
	}
	return v
}

// Date reads a date cell as YYYY-MM-DD ("" when empty).
func (c *Cells) Date(col int) string {
	d, ok := ParseDate(c.Text(col))
	if !ok {
		c.Fail(col, fmt.Sprintf("Ngày “%s” không hợp lệ (nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 15/03/2019).", c.Text(col)))
	}
	return d
}

// Count reads a whole number that may not be negative (0 when empty).
func (c *Cells) Count(col int) int64 {
	n, msg := parseCount(c.Text(col))
	if msg != "" {
		c.Fail(col, msg)
	}
	return n
}

// parseCount reads a whole number that may not be negative, with the
// message for a cell that does not hold one ("" when it does).
func parseCount(s string) (int64, string) {
	n, ok := ParseInt(s)
	switch {
	case !ok:
		return n, fmt.Sprintf("“%s” không phải là một số nguyên (ví dụ 1.234).", s)
	case n < 0:
		return n, "Số không được âm."
	}
	return n, ""
}

// Province reads a province by name or code, an old (pre-2025) one being
// resolved to its 2025 province. An empty cell is a zero resolution, and
// an error when required.
func (c *Cells) Province(col int, required bool) coop.ProvinceResolution {
	v := c.Text(col)
	if v == "" {
		if required {
			c.Fail(col, "Nhập tỉnh, thành phố.")
		}
		return coop.ProvinceResolution{}
	}
	res, err := coop.ResolveProvince(v)
	if err != nil {
		c.Fail(col, fmt.Sprintf("Không có tỉnh, thành phố “%s”.", v))
		return coop.ProvinceResolution{}
	}
	return res
}
