package coop

import (
	"maps"
	"slices"
	"time"
)

// StatusChange is a change of an organisation's status or province, with
// the day it takes effect (which may be earlier than the day it was
// recorded: a dissolution learnt of in December can date from June). It
// keeps the state before and after.
type StatusChange struct {
	ID           int64     `json:"id"`
	EffectiveOn  string    `json:"effective_on"` // YYYY-MM-DD
	FromStatus   string    `json:"from_status"`
	ToStatus     string    `json:"to_status"`
	FromProvince string    `json:"from_province"`
	ToProvince   string    `json:"to_province"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// StartsOn is the first day an organisation exists in the registry: its
// founding day, else the day it was recorded (in Vietnam).
func (o *Organisation) StartsOn() string {
	if o.FoundedOn != "" {
		return o.FoundedOn
	}
	if o.CreatedAt.IsZero() {
		return ""
	}
	return o.CreatedAt.In(vnZone).Format("2006-01-02")
}

// StateOn returns the status and province of the organisation on day: the
// state before the first change effective after day, else the current one.
func (o *Organisation) StateOn(day string) (status, province string) {
	status, province = o.Status, o.Province
	first := ""
	for _, c := range o.Changes {
		if c.EffectiveOn > day && (first == "" || c.EffectiveOn < first) {
			first = c.EffectiveOn
			status, province = c.FromStatus, c.FromProvince
		}
	}
	return status, province
}

// AsOf returns the organisation as it stood on day (YYYY-MM-DD): status and
// province by their changes, the workforce snapshots dated on or before
// day, and the classifications derived from the positions held on day. It
// returns nil when the organisation did not exist yet on day. The copy
// shares the positions and products of o.
func (o *Organisation) AsOf(day string) *Organisation {
	if s := o.StartsOn(); s == "" || s > day {
		return nil
	}
	c := *o
	c.Status, c.Province = o.StateOn(day)
	c.Snapshots = nil
	for _, s := range o.Snapshots {
		if s.AsOf <= day {
			c.Snapshots = append(c.Snapshots, s)
		}
	}
	c.Derive(day)
	return &c
}

// Breakpoints lists the days, from the organisation's first day on, on
// which its state as of that day may differ from the day before: its first
// day, each status or province change, each position starting or ending
// (the day after its last day) and each workforce snapshot. The state is
// constant from one breakpoint to the day before the next.
func (o *Organisation) Breakpoints() []string {
	start := o.StartsOn()
	if start == "" {
		return nil
	}
	set := map[string]bool{start: true}
	add := func(d string) {
		if d > start {
			set[d] = true
		}
	}
	for _, c := range o.Changes {
		add(c.EffectiveOn)
	}
	for _, p := range o.Positions {
		if p.From != "" {
			add(p.From)
		}
		if p.To != "" {
			add(NextDay(p.To))
		}
	}
	for _, s := range o.Snapshots {
		add(s.AsOf)
	}
	return slices.Sorted(maps.Keys(set))
}

// NextDay returns the day after d (YYYY-MM-DD); d itself if it is not a
// date.
func NextDay(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format("2006-01-02")
}
