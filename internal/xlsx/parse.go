package xlsx

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
)

// The spaces a number may be written with between its thousands: built
// once, not for every cell.
var (
	numberSpaces  = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")
	decimalSpaces = strings.NewReplacer(" ", "", "\u00a0", "")
)

// ParseInt reads a whole number written the Vietnamese way ("1.234.567"),
// plainly ("1234567"), with spaces between thousands, or as Excel stores a
// number ("1234567", "1.234567E6"). Empty is 0 with ok. A negative number is
// returned as such, for the caller to refuse with its own words.
func ParseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if !allDigits(s) {
		s = numberSpaces.Replace(s)
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	var n int64
	var err error
	switch {
	case allDigits(s):
		n, err = strconv.ParseInt(s, 10, 64)
	case groupedBy(s, '.'):
		n, err = strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
	case groupedBy(s, ','):
		n, err = strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	default:
		// Excel's own form of a number: "12.0", "1.2E5".
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
			return 0, false
		}
		n = int64(f)
	}
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// ParseDecimal reads a number that may have a decimal part: "1.234,5"
// (Vietnamese), "1234,5", "1234.5" (as Excel stores it) and every form
// ParseInt reads.
func ParseDecimal(s string) (float64, bool) {
	if n, ok := ParseInt(s); ok {
		return float64(n), true
	}
	s = decimalSpaces.Replace(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		intPart := s[:i]
		if allDigits(strings.TrimPrefix(intPart, "-")) || groupedBy(strings.TrimPrefix(intPart, "-"), '.') {
			s = strings.ReplaceAll(intPart, ".", "") + "." + s[i+1:]
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// groupedBy reports whether s is digits grouped by threes with sep:
// "1.234.567".
func groupedBy(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || !allDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !allDigits(p) {
			return false
		}
	}
	return true
}

// ParseDate reads a date as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy,
// dd.mm.yyyy), yyyy-mm-dd or an Excel serial date, and returns it as
// YYYY-MM-DD. Empty is "" with ok; a date that does not exist (31/02/2026)
// is not ok.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if coop.ValidDate(s) {
		return s, true
	}
	for _, layout := range []string{"2/1/2006", "02/01/2006", "2-1-2006", "02-01-2006", "2.1.2006", "02.01.2006", "2006/01/02", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	// An Excel serial date, possibly with a time of day.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && !strings.ContainsAny(s, "/-") {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// ParseCode reads a coded value given by its code or its label, without
// regard to case, accents or spacing. Empty is "" with ok.
func ParseCode(list coop.CodeList, s string, extra map[string]string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	k := HeaderKey(s)
	if code, ok := codeIndex(list)[k]; ok {
		return code, true
	}
	if code, ok := extra[k]; ok {
		return code, true
	}
	return "", false
}

// Keys builds the extra map of ParseCode from label → code pairs.
func Keys(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[HeaderKey(pairs[i])] = pairs[i+1]
	}
	return m
}

// FormatInt writes n the Vietnamese way: 1.234.567.
func FormatInt(n int64) string { return coop.FormatInt(n) }

// codeIndexes caches, for each reference list, its codes and labels by
// HeaderKey: folding every label for every cell read would cost more than
// reading the cell.
var codeIndexes sync.Map // *coop.Code (the list's first entry) → map[string]string

func codeIndex(list coop.CodeList) map[string]string {
	if len(list) == 0 {
		return nil
	}
	if m, ok := codeIndexes.Load(&list[0]); ok {
		return m.(map[string]string)
	}
	m := map[string]string{}
	for i := len(list) - 1; i >= 0; i-- {
		c := list[i]
		m[HeaderKey(c.Label)] = c.Code
		m[HeaderKey(c.Code)] = c.Code
	}
	codeIndexes.Store(&list[0], m)
	return m
}
