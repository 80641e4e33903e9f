package store

import (
	"reflect"
	"testing"
)

func TestDeltasRows(t *testing.T) {
	type change struct {
		k    managerKey
		v    managerVec
		sign int64
	}
	for _, c := range []struct {
		name    string
		changes []change
		want    [][]any
	}{
		{"nothing", nil, [][]any{}},
		{"one row", []change{{managerKey{"d", "2025-03-01", "HN"}, managerVec{1, 0}, 1}},
			[][]any{{"d", "2025-03-01", "HN", int64(1), int64(0)}}},
		{"a change taken away again leaves no row", []change{
			{managerKey{"y", "2025", "HN"}, managerVec{2, 1}, 1},
			{managerKey{"y", "2025", "HN"}, managerVec{2, 1}, -1},
		}, [][]any{}},
		{"sums by key, times the sign", []change{
			{managerKey{"y", "2025", "HN"}, managerVec{2, 0}, 1},
			{managerKey{"y", "2025", "HN"}, managerVec{1, 3}, -1},
		}, [][]any{{"y", "2025", "HN", int64(1), int64(-3)}}},
		{"rows in the primary key's order", []change{
			{managerKey{"y", "2025", "SG"}, managerVec{1, 0}, 1},
			{managerKey{"m", "2025-01", "SG"}, managerVec{1, 0}, 1},
			{managerKey{"y", "2024", "SG"}, managerVec{1, 0}, 1},
			{managerKey{"y", "2025", "HN"}, managerVec{0, 1}, 1},
		}, [][]any{
			{"m", "2025-01", "SG", int64(1), int64(0)},
			{"y", "2024", "SG", int64(1), int64(0)},
			{"y", "2025", "HN", int64(0), int64(1)},
			{"y", "2025", "SG", int64(1), int64(0)},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d deltas[managerKey, managerVec]
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
