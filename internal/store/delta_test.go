package store

import (
	"cmp"
	"reflect"
	"testing"
)

// testKey and testVec are a rollup row's key (grain, period, province) and
// its two sums, as a table keyed like registry_asof's periods would be.
type testKey struct{ Grain, Period, Province string }

func (k testKey) cols() []any { return []any{k.Grain, k.Period, k.Province} }

func (k testKey) compare(o testKey) int {
	return cmp.Or(cmp.Compare(k.Grain, o.Grain), cmp.Compare(k.Period, o.Period), cmp.Compare(k.Province, o.Province))
}

type testVec struct{ Starts, Ends int64 }

func (v testVec) plus(o testVec, sign int64) testVec {
	return testVec{v.Starts + sign*o.Starts, v.Ends + sign*o.Ends}
}

func (v testVec) vals() []any { return []any{v.Starts, v.Ends} }

func TestDeltasRows(t *testing.T) {
	type change struct {
		k    testKey
		v    testVec
		sign int64
	}
	for _, c := range []struct {
		name    string
		changes []change
		want    [][]any
	}{
		{"nothing", nil, [][]any{}},
		{"one row", []change{{testKey{"d", "2025-03-01", "HN"}, testVec{1, 0}, 1}},
			[][]any{{"d", "2025-03-01", "HN", int64(1), int64(0)}}},
		{"a change taken away again leaves no row", []change{
			{testKey{"y", "2025", "HN"}, testVec{2, 1}, 1},
			{testKey{"y", "2025", "HN"}, testVec{2, 1}, -1},
		}, [][]any{}},
		{"sums by key, times the sign", []change{
			{testKey{"y", "2025", "HN"}, testVec{2, 0}, 1},
			{testKey{"y", "2025", "HN"}, testVec{1, 3}, -1},
		}, [][]any{{"y", "2025", "HN", int64(1), int64(-3)}}},
		{"rows in the primary key's order", []change{
			{testKey{"y", "2025", "SG"}, testVec{1, 0}, 1},
			{testKey{"m", "2025-01", "SG"}, testVec{1, 0}, 1},
			{testKey{"y", "2024", "SG"}, testVec{1, 0}, 1},
			{testKey{"y", "2025", "HN"}, testVec{0, 1}, 1},
		}, [][]any{
			{"m", "2025-01", "SG", int64(1), int64(0)},
			{"y", "2024", "SG", int64(1), int64(0)},
			{"y", "2025", "HN", int64(0), int64(1)},
			{"y", "2025", "SG", int64(1), int64(0)},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d deltas[testKey, testVec]
			for _, ch := range c.changes {
				d.add(ch.k, ch.v, ch.sign)
			}
			if got := d.rows(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows = %v, want %v", got, c.want)
			}
		})
	}
}

// The registry as of a day orders its rows by (province, kind, sector,
// grain, period, status), not by its columns' order.
func TestAsOfDeltasOrder(t *testing.T) {
	var d deltas[asofKey, rollupVec]
	one := rollupVec{Orgs: 1}
	d.add(asofKey{"HN", "HTX", "agri", "active", "y", "2025"}, one, 1)
	d.add(asofKey{"HN", "HTX", "agri", "dissolved", "m", "2025-01"}, one, 1)
	d.add(asofKey{"HN", "HTX", "agri", "active", "m", "2025-01"}, one, -1)
	var got [][]any
	for _, r := range d.rows() {
		got = append(got, r[:7])
	}
	want := [][]any{
		{"HN", "HTX", "agri", "active", "m", "2025-01", int64(-1)},
		{"HN", "HTX", "agri", "dissolved", "m", "2025-01", int64(1)},
		{"HN", "HTX", "agri", "active", "y", "2025", int64(1)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
}

func TestTallyRows(t *testing.T) {
	var d deltas[distinctKey, tally]
	d.add(distinctKey{"*", "*", "2025-02", "2025-01"}, 1, 1)
	d.add(distinctKey{"HN", "*", "2025-02", ""}, 1, -1)
	d.add(distinctKey{"*", "*", "2025-02", "2025-01"}, 1, 1)
	d.add(distinctKey{"HN", "train", "2025-02", ""}, 1, 1)
	d.add(distinctKey{"HN", "train", "2025-02", ""}, 1, -1)
	want := [][]any{{"*", "*", "2025-02", "2025-01", int64(2)}, {"HN", "*", "2025-02", "", int64(-1)}}
	if got := d.rows(); !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
}
