package web

import (
	"context"
	"net/url"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// Warm computes what the first readers after a start would otherwise
// compute together: the dashboard's figures of the whole country as the
// centre sees them and of each province as its officers see them, and the
// national report's consolidation of the current period. On reporting
// day two hundred readers arriving at a server just started each waited
// for the first national dashboard, computed cold while their own
// requests took the processors: the slowest 1 % of the day's dashboards
// were these (docs/performance.md). The figures are kept at their
// generation like any reader's (the render cache, store.NationalReport), so
// a reader after a write is served figures as live as ever; what was
// computed here only spares the parts the write left.
//
// serve runs it beside the first requests; a request for a page Warm is
// computing waits for that computation instead of starting its own
// (shared.get). It stops at ctx's end and returns the first failure,
// after trying the rest; a failure only costs speed.
func (s *Server) Warm(ctx context.Context) error {
	start := time.Now()
	today := coop.Today()
	centre := coop.Actor{Name: "Khởi động", Role: coop.RoleCentral}
	var first error
	try := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	_, err := s.dashboard(ctx, centre, url.Values{}, today)
	try(err)
	if p, err := periodOf(url.Values{}); err == nil {
		_, err = s.db.NationalReport(store.SharedLane(ctx), centre, p)
		try(err)
	}
	for _, p := range coop.Provinces() {
		if ctx.Err() != nil {
			break
		}
		_, err := s.dashboard(ctx, coop.Actor{Name: "Khởi động", Role: coop.RoleProvincial, Province: p.Code}, url.Values{}, today)
		try(err)
	}
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		s.log.Warn("warm: the first pages will be computed on request", "err", first, "ms", time.Since(start).Milliseconds())
		return first
	}
	s.log.Info("warm: dashboards and the national report computed", "ms", time.Since(start).Milliseconds())
	return nil
}
