package web

import (
	"net/http"

	"htxnu/internal/coop"
)

// route is one entry of the routing table: the pattern, the permission it
// needs (checked before the handler runs) and the handler. Scope — which
// province's records — is applied by the store on every read and write.
type route struct {
	Pattern string
	Perm    coop.Permission
	Handler http.HandlerFunc
}

// routes lists every route of the application. A security review reads
// this one table.
func (s *Server) routes() []route {
	var rs []route
	rs = append(rs, s.coreRoutes()...)
	for _, module := range [][]route{s.targetRoutes(), s.planRoutes(), s.activityRoutes(), s.pipelineRoutes(), s.obstacleRoutes(),
		s.reportRoutes(), s.reportPageRoutes(), s.dashboardRoutes(), s.showcaseRoutes(), s.targetSourceRoutes(), s.exportRoutes(), s.importRoutes(),
		s.unionStaffRoutes(), s.debugRoutes()} {
		rs = append(rs, module...)
	}
	return rs
}

// coreRoutes are the registry, accounts and audit.
func (s *Server) coreRoutes() []route {
	return []route{
		{"GET /healthz", coop.PermPublic, s.healthz},
		{"GET /static/", coop.PermPublic, s.static},
		{"GET /{$}", coop.PermPublic, s.home}, // signed out: the public home (showcase.go)

		// Accounts.
		{"GET /login", coop.PermPublic, s.loginPage},
		{"POST /login", coop.PermPublic, s.login},
		{"POST /logout", coop.PermSignedIn, s.logout},
		{"GET /password/forgot", coop.PermPublic, s.passwordForgotPage},
		{"POST /password/forgot", coop.PermPublic, s.passwordForgot},
		{"GET /password/reset", coop.PermPublic, s.passwordResetPage},
		{"POST /password/reset", coop.PermPublic, s.passwordReset},
		{"GET /account", coop.PermSignedIn, s.accountPage},
		{"POST /account/password", coop.PermSignedIn, s.changePassword},
		{"POST /account/signout-all", coop.PermSignedIn, s.signOutEverywhere},
		{"POST /account/tokens", coop.PermSignedIn, s.tokenCreate},
		{"POST /account/tokens/{id}/revoke", coop.PermSignedIn, s.tokenRevoke},
		{"GET /admin/users", coop.PermUsersManage, s.usersPage},
		{"GET /admin/users/new", coop.PermUsersManage, s.userNew},
		{"POST /admin/users", coop.PermUsersManage, s.userCreate},
		{"GET /admin/users/{id}", coop.PermUsersManage, s.userEdit},
		{"POST /admin/users/{id}", coop.PermUsersManage, s.userUpdate},
		{"POST /admin/users/{id}/password", coop.PermUsersManage, s.userResetPassword},
		{"GET /audit", coop.PermAuditRead, s.auditPage},
		{"GET /notices", coop.PermSignedIn, s.noticesPage},
		{"POST /notices/read", coop.PermSignedIn, s.noticesRead},
		{"POST /notices/open", coop.PermSignedIn, s.noticeOpen},
		{"GET /help", coop.PermSignedIn, s.helpIndex},
		{"GET /help/{topic}", coop.PermSignedIn, s.helpPage},

		// Registry pages.
		{"GET /organisations", coop.PermRegistryRead, s.orgList},
		{"GET /organisations/new", coop.PermRegistryWrite, s.orgNew},
		{"POST /organisations", coop.PermRegistryWrite, s.orgCreate},
		{"GET /organisations/{id}", coop.PermRegistryRead, s.orgShow},
		{"GET /organisations/{id}/edit", coop.PermRegistryWrite, s.orgEdit},
		{"GET /organisations/{id}/history", coop.PermRegistryRead, s.orgHistory},
		{"POST /organisations/{id}", coop.PermRegistryWrite, s.orgUpdate},
		{"POST /organisations/{id}/archive", coop.PermRegistryWrite, s.orgArchive},
		{"POST /organisations/{id}/restore", coop.PermRegistryWrite, s.orgRestore},
		{"POST /organisations/{id}/positions", coop.PermRegistryWrite, s.positionAdd},
		{"POST /organisations/{id}/positions/{pid}/end", coop.PermRegistryWrite, s.positionEnd},
		{"POST /organisations/{id}/positions/{pid}/delete", coop.PermRegistryWrite, s.positionDelete},
		{"POST /organisations/{id}/workforce", coop.PermRegistryWrite, s.snapshotAdd},
		{"POST /organisations/{id}/workforce/{sid}/delete", coop.PermRegistryWrite, s.snapshotDelete},
		{"POST /organisations/{id}/products", coop.PermRegistryWrite, s.productAdd},
		{"POST /organisations/{id}/products/{pid}/delete", coop.PermRegistryWrite, s.productDelete},
		{"GET /settings/rules", coop.PermRegistryRead, s.rulesPage},
		{"POST /settings/rules", coop.PermRulesManage, s.rulesUpdate},

		// JSON API.
		{"GET /api/v1/provinces", coop.PermPublic, s.apiProvinces},
		{"GET /api/v1/reference", coop.PermPublic, s.apiReference},
		{"GET /api/v1/rules", coop.PermRegistryRead, s.apiRules},
		{"PUT /api/v1/rules", coop.PermRulesManage, s.apiRulesUpdate},
		{"GET /api/v1/organisations", coop.PermRegistryRead, s.apiOrgList},
		{"POST /api/v1/organisations", coop.PermRegistryWrite, s.apiOrgCreate},
		{"GET /api/v1/organisations/{id}", coop.PermRegistryRead, s.apiOrgGet},
		{"PUT /api/v1/organisations/{id}", coop.PermRegistryWrite, s.apiOrgUpdate},
		{"POST /api/v1/organisations/{id}/archive", coop.PermRegistryWrite, s.apiOrgArchive},
		{"POST /api/v1/organisations/{id}/restore", coop.PermRegistryWrite, s.apiOrgRestore},
		{"GET /api/v1/counts", coop.PermRegistryRead, s.apiCounts},
		{"GET /api/v1/audit", coop.PermRegistryRead, s.apiAudit},
		{"GET /api/v1/me", coop.PermSignedIn, s.apiMe},
	}
}

// unionStaffRoutes are the Union staff records behind T7 and T8: read by
// whoever reads the programme, written by whoever records activities, each
// for the provinces of their scope (the store checks).
func (s *Server) unionStaffRoutes() []route {
	return []route{
		{"GET /union-staff", coop.PermProgrammeRead, s.unionStaffList},
		{"GET /union-staff/new", coop.PermActivityWrite, s.unionStaffNew},
		{"POST /union-staff", coop.PermActivityWrite, s.unionStaffCreate},
		{"GET /union-staff/{id}/edit", coop.PermActivityWrite, s.unionStaffEdit},
		{"POST /union-staff/{id}", coop.PermActivityWrite, s.unionStaffUpdate},
	}
}

// RouteInfo describes a route for reviews and tests.
type RouteInfo struct {
	Pattern string
	Perm    coop.Permission
}

// Routes lists every route with the permission it needs.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, r := range s.routes() {
		out = append(out, RouteInfo{Pattern: r.Pattern, Perm: r.Perm})
	}
	return out
}
