package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

// queryNumbers reads the whole numbers of a query string: a list's page,
// a year, an id to filter by. An empty value is no value (0); anything
// else that is not a whole number is a problem named by its parameter,
// never read as 0 (a malformed parent_id does not mean "no parent").
//
// What a malformed value gets: the API answers 400 with the problem under
// the parameter's name; a page answers 400 with its message above the page,
// which shows what it would show without the malformed values.
type queryNumbers struct {
	q url.Values
	p coop.Problems
}

func numbersOf(q url.Values) *queryNumbers { return &queryNumbers{q: q, p: coop.Problems{}} }

// thisYear is the year of today in Vietnam.
func thisYear() int {
	y, _ := strconv.Atoi(coop.Today()[:4])
	return y
}

// queryLabels name the number parameters of addresses.
var queryLabels = map[string]string{
	"page": "Số trang", "per_page": "Số dòng mỗi trang", "year": "Năm", "half": "Nửa năm",
	"task_id": "Nhiệm vụ", "organisation_id": "Tổ chức", "parent_id": "Tổ chức cấp trên", "plan_id": "Kế hoạch",
	"id": "Mã bản ghi", "actor": "Người thực hiện", "milestone": "Mốc chỉ tiêu",
	"n": "Phiên bản", "a": "Phiên bản thứ nhất", "b": "Phiên bản thứ hai",
}

func (n *queryNumbers) int64(key string) int64 {
	v := strings.TrimSpace(n.q.Get(key))
	if v == "" {
		return 0
	}
	x, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		label := queryLabels[key]
		if label == "" {
			label = "Tham số"
		}
		n.p.Add(key, fmt.Sprintf("%s (%s): “%s” không phải là một số nguyên.", label, key, clipText(v, 40)))
		return 0
	}
	return x
}

func (n *queryNumbers) int(key string) int { return int(n.int64(key)) }

// ints reads several parameters at once.
func (n *queryNumbers) ints(keys ...string) []int {
	out := make([]int, len(keys))
	for i, k := range keys {
		out[i] = n.int(k)
	}
	return out
}

// err is every problem met as one EMALFORMED error (400), each under its
// parameter's name; nil when there is none.
func (n *queryNumbers) err() error {
	if len(n.p) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(n.p))
	for _, k := range sortedKeys(n.p) {
		msgs = append(msgs, n.p[k])
	}
	return &coop.Error{Code: coop.EMALFORMED, Message: "Địa chỉ có tham số không hợp lệ. " + strings.Join(msgs, " "), Fields: n.p}
}

// queryInts reads the named whole-number parameters of a query string.
func queryInts(q url.Values, keys ...string) ([]int, error) {
	n := numbersOf(q)
	out := n.ints(keys...)
	return out, n.err()
}

// queryInt reads one whole-number parameter of a query string.
func queryInt(q url.Values, key string) (int, error) {
	n, err := queryInts(q, key)
	return n[0], err
}
