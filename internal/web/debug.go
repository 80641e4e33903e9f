package web

import (
	"net/http/pprof"

	"htxnu/internal/coop"
)

// debugRoutes expose the Go runtime's profiles (net/http/pprof) to
// administrators only: a CPU profile of the server while a slow page is
// opened shows where the time goes, e.g.
//
//	curl -H "Authorization: Bearer $ADMIN_TOKEN" -o cpu.pprof 'http://127.0.0.1:8080/debug/pprof/profile?seconds=20'
//	go tool pprof -top cpu.pprof
func (s *Server) debugRoutes() []route {
	return []route{
		{"GET /debug/pprof/", coop.PermUsersManage, pprof.Index},
		{"GET /debug/pprof/cmdline", coop.PermUsersManage, pprof.Cmdline},
		{"GET /debug/pprof/profile", coop.PermUsersManage, pprof.Profile},
		{"GET /debug/pprof/symbol", coop.PermUsersManage, pprof.Symbol},
		{"GET /debug/pprof/trace", coop.PermUsersManage, pprof.Trace},
	}
}
