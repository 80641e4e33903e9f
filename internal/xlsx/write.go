package xlsx

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbooks htxnu writes.
const (
	SheetData         = "Dữ liệu"
	SheetInstructions = "Hướng dẫn"
	SheetLists        = "Danh mục"
	SheetLookup       = "Tổ chức"
	ErrorHeader       = "Lỗi"
)

// Template is a workbook to fill in: the data sheet with its headers,
// drop-down lists and pre-filled rows, an instructions sheet and a hidden
// sheet holding the lists.
type Template struct {
	Fields       []Field
	Rows         [][]any // pre-filled rows, one value per field (dates as YYYY-MM-DD)
	Instructions []string
	ListRows     int // rows below the header that get the drop-down lists
	// Lookup, when set, is written on a sheet of its own (SheetLookup):
	// its first row the headers, then the values to copy from.
	Lookup [][]string
}

// WriteTemplate writes the template workbook to w.
func WriteTemplate(w io.Writer, t Template) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetData); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}}})
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "#9C0006"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	if err != nil {
		return err
	}
	for i, c := range t.Fields {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		h := c.Header
		if c.Required {
			h += " *"
		}
		f.SetCellStr(SheetData, cell, h)
		st := head
		if c.Required {
			st = required
		}
		f.SetCellStyle(SheetData, cell, cell, st)
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := c.Width
		if width == 0 {
			width = 18
		}
		f.SetColWidth(SheetData, col, col, width)
	}
	f.SetRowHeight(SheetData, 1, 45)
	f.SetPanes(SheetData, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for r, row := range t.Rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			switch x := v.(type) {
			case string:
				if i < len(t.Fields) && t.Fields[i].Kind == Date {
					if tm, err := time.Parse("2006-01-02", x); err == nil {
						f.SetCellValue(SheetData, cell, tm)
						f.SetCellStyle(SheetData, cell, cell, dateStyle)
					}
					continue
				}
				if x != "" {
					f.SetCellStr(SheetData, cell, Neutralise(x))
				}
			case nil:
			default:
				f.SetCellValue(SheetData, cell, x)
			}
		}
	}

	if err := writeLists(f, t); err != nil {
		return err
	}

	if err := writeLookup(f, t.Lookup, head); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetInstructions); err != nil {
		return err
	}
	f.SetColWidth(SheetInstructions, "A", "A", 120)
	r := 1
	for _, line := range t.Instructions {
		f.SetCellStr(SheetInstructions, fmt.Sprintf("A%d", r), line)
		r++
	}
	r++
	f.SetCellStr(SheetInstructions, fmt.Sprintf("A%d", r), "Các cột (* là bắt buộc):")
	f.SetCellStyle(SheetInstructions, fmt.Sprintf("A%d", r), fmt.Sprintf("A%d", r), head)
	r++
	for _, c := range t.Fields {
		line := "• " + c.Header
		if c.Required {
			line += " *"
		}
		if c.Help != "" {
			line += ": " + c.Help
		}
		f.SetCellStr(SheetInstructions, fmt.Sprintf("A%d", r), line)
		r++
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func ptr[T any](v T) *T { return &v }

// writeLists writes the template's lists on a hidden sheet, one column
// each, and the data sheet's drop-downs that point at them.
func writeLists(f *excelize.File, t Template) error {
	if _, err := f.NewSheet(SheetLists); err != nil {
		return err
	}
	last := t.ListRows
	if last < len(t.Rows)+1000 {
		last = len(t.Rows) + 1000
	}
	listCol := 0
	for i, c := range t.Fields {
		if len(c.List) == 0 {
			continue
		}
		listCol++
		lc, _ := excelize.ColumnNumberToName(listCol)
		f.SetCellStr(SheetLists, lc+"1", c.Header)
		for j, v := range c.List {
			f.SetCellStr(SheetLists, fmt.Sprintf("%s%d", lc, j+2), v)
		}
		dc, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", dc, dc, last+1))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetLists, lc, lc, len(c.List)+1))
		dv.SetError(excelize.DataValidationErrorStyleWarning, "Giá trị không có trong danh sách", "Hãy chọn một giá trị trong danh sách.")
		if err := f.AddDataValidation(SheetData, dv); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(SheetLists, false)
}

// writeLookup writes the lookup table of a template on its own sheet.
func writeLookup(f *excelize.File, rows [][]string, head int) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := f.NewSheet(SheetLookup); err != nil {
		return err
	}
	for r, row := range rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+1)
			f.SetCellStr(SheetLookup, cell, Neutralise(v))
			if r == 0 {
				f.SetCellStyle(SheetLookup, cell, cell, head)
			}
		}
	}
	return f.SetColWidth(SheetLookup, "A", "D", 30)
}

// CellError is a problem in one cell (Column is the index into the columns
// read; -1 for the row as a whole).
type CellError struct {
	Row     int    `json:"row"`
	Col     int    `json:"-"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ErrorFile returns the file the user uploaded as a workbook with each bad
// cell highlighted and commented with its message, and a "Lỗi" column
// after the last one that sums up each row's problems. A CSV file comes
// back as a workbook holding its rows.
func ErrorFile(name string, data []byte, cols []Field, errs []CellError) ([]byte, error) {
	var f *excelize.File
	var sheet string
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUncompressed})
		if err != nil {
			return nil, invalid("Không mở lại được tệp đã tải lên.")
		}
		sheet = f.GetSheetName(f.GetActiveSheetIndex())
		if sheet == "" || isAuxSheet(sheet) {
			sheet = f.GetSheetName(0)
		}
	} else {
		f, sheet, err = csvWorkbook(data, cols)
		if err != nil {
			return nil, err
		}
	}
	defer f.Close()
	// Locate the header row and the columns again, as Read did.
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	headerRow, width := 0, 0
	var h *Header
	for i, r := range rows {
		if !blank(r) {
			headerRow, width = i+1, len(r)
			h, _ = matchHeader(r, cols)
			break
		}
	}
	if h == nil {
		return nil, invalid("Trang tính trống.")
	}
	bad, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#FFC7CE"}},
		Font: &excelize.Font{Color: "#9C0006"}})
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "#9C0006"}})
	if err != nil {
		return nil, err
	}
	errCol, _ := excelize.ColumnNumberToName(width + 1)
	f.SetCellStr(sheet, fmt.Sprintf("%s%d", errCol, headerRow), ErrorHeader)
	f.SetCellStyle(sheet, fmt.Sprintf("%s%d", errCol, headerRow), fmt.Sprintf("%s%d", errCol, headerRow), head)
	f.SetColWidth(sheet, errCol, errCol, 60)
	byRow := map[int][]CellError{}
	for _, e := range errs {
		byRow[e.Row] = append(byRow[e.Row], e)
	}
	nums := make([]int, 0, len(byRow))
	for n := range byRow {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		var msgs []string
		comments := map[string][]string{}
		var order []string
		for _, e := range byRow[n] {
			label := e.Message
			if e.Column != "" {
				label = e.Column + ": " + e.Message
			}
			msgs = append(msgs, label)
			if e.Col < 0 || e.Col >= len(h.Source) || h.Source[e.Col] < 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(h.Source[e.Col]+1, n)
			if _, ok := comments[cell]; !ok {
				order = append(order, cell)
			}
			comments[cell] = append(comments[cell], e.Message)
		}
		for _, cell := range order {
			f.SetCellStyle(sheet, cell, cell, bad)
			f.AddComment(sheet, excelize.Comment{Author: "htxnu", Cell: cell, Text: strings.Join(comments[cell], "\n")})
		}
		cell := fmt.Sprintf("%s%d", errCol, n)
		f.SetCellStr(sheet, cell, strings.Join(msgs, "; "))
		f.SetCellStyle(sheet, cell, cell, bad)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// csvWorkbook puts the rows of a CSV file in a new workbook, as text.
func csvWorkbook(data []byte, cols []Field) (*excelize.File, string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = csvSeparator(data, cols), -1, true
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetData); err != nil {
		return nil, "", err
	}
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			return nil, "", invalid("Không đọc được tệp CSV.")
		}
		n++
		vals := make([]any, len(rec))
		for i, v := range rec {
			vals[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		f.SetSheetRow(SheetData, cell, &vals)
	}
	return f, SheetData, nil
}
