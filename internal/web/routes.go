package web

import (
	"net/http"
	"net/http/pprof"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// route is one entry of the routing table: the pattern, the permission it
// needs (checked before the handler runs) and the handler. Scope — which
// province's records — is applied by the store on every read and write.
type route struct {
	Pattern string
	Perm    coop.Permission
	Handler http.HandlerFunc
}

// routes lists every route of the application, module by module. A
// security review reads this one file: no other file registers a route
// (routes_test.go holds it so).
func (s *Server) routes() []route {
	var rs []route
	for _, module := range [][]route{
		s.coreRoutes(),         // the registry, accounts, audit and their API
		s.targetRoutes(),       // targets T1–T8 and their allocation
		s.planRoutes(),         // plans and tasks
		s.activityRoutes(),     // support activities and their reach
		s.pipelineRoutes(),     // the founding pipeline
		s.obstacleRoutes(),     // the obstacle log
		s.reportRoutes(),       // periodic reports, JSON API
		s.reportPageRoutes(),   // periodic reports, pages
		s.dashboardRoutes(),    // dashboards
		s.showcaseRoutes(),     // the public showcase
		s.targetSourceRoutes(), // attendance, Union staff, target rules
		s.exportRoutes(),       // list downloads
		s.importRoutes(),       // spreadsheet imports
		s.unionStaffRoutes(),   // Union staff records (T7, T8)
		s.debugRoutes(),        // profiles for administrators
	} {
		rs = append(rs, module...)
	}
	return rs
}

// register puts every route of the table on the server's mux, behind its
// permission check.
func (s *Server) register() {
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Pattern, s.provinces(s.guard(rt))) // provinces: old provinces → 2025 codes (province.go)
	}
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

// targetRoutes lists the routes of targets and allocations.
func (s *Server) targetRoutes() []route {
	return []route{
		{"GET /targets", coop.PermProgrammeRead, s.cached(s.targetsPage)},
		{"GET /targets/{code}", coop.PermProgrammeRead, s.cached(s.targetPage)},
		{"POST /targets/{code}", coop.PermTargetsManage, s.targetUpdate},
		{"POST /targets/{code}/allocations", coop.PermTargetsManage, s.targetAllocate},
		{"POST /targets/{code}/proposals", coop.PermTargetsPropose, s.targetPropose},
		{"POST /targets/{code}/decisions", coop.PermTargetsManage, s.targetDecide},

		{"GET /api/v1/targets", coop.PermProgrammeRead, s.cached(s.apiTargets)},
		{"GET /api/v1/targets/{code}/allocations", coop.PermProgrammeRead, s.apiAllocations},
		{"PUT /api/v1/targets/{code}", coop.PermTargetsManage, s.apiTargetUpdate},
		{"PUT /api/v1/targets/{code}/allocations", coop.PermTargetsManage, s.apiAllocate},
		{"POST /api/v1/targets/{code}/proposals", coop.PermTargetsPropose, s.apiPropose},
		{"POST /api/v1/targets/{code}/decisions", coop.PermTargetsManage, s.apiDecide},
	}
}

// planRoutes lists the routes of plans and tasks.
func (s *Server) planRoutes() []route {
	return []route{
		{"GET /plans", coop.PermProgrammeRead, s.plansPage},
		{"POST /plans", coop.PermPlanWrite, s.planCreate},
		{"GET /plans/{id}", coop.PermProgrammeRead, s.planPage},
		{"POST /plans/{id}", coop.PermPlanWrite, s.planUpdate},
		{"GET /plans/{id}/tasks/new", coop.PermPlanWrite, s.taskNew},
		{"POST /plans/{id}/tasks", coop.PermPlanWrite, s.taskCreate},
		{"GET /tasks/{id}/edit", coop.PermPlanWrite, s.taskEdit},
		{"POST /tasks/{id}", coop.PermPlanWrite, s.taskUpdate},

		{"GET /api/v1/plans", coop.PermProgrammeRead, s.apiPlans},
		{"POST /api/v1/plans", coop.PermPlanWrite, s.apiPlanCreate},
		{"GET /api/v1/plans/{id}", coop.PermProgrammeRead, s.apiPlanGet},
		{"PUT /api/v1/plans/{id}", coop.PermPlanWrite, s.apiPlanUpdate},
		{"POST /api/v1/plans/{id}/tasks", coop.PermPlanWrite, s.apiTaskCreate},
		{"GET /api/v1/tasks", coop.PermProgrammeRead, s.apiTasks},
		{"GET /api/v1/tasks/{id}", coop.PermProgrammeRead, s.apiTaskGet},
		{"PUT /api/v1/tasks/{id}", coop.PermPlanWrite, s.apiTaskUpdate},
	}
}

// activityRoutes lists the routes of support activities.
func (s *Server) activityRoutes() []route {
	api := s.activityAPI()
	return []route{
		{"GET /activities", coop.PermProgrammeRead, s.activityList},
		{"GET /activities/new", coop.PermActivityWrite, s.activityNew},
		{"POST /activities", coop.PermActivityWrite, s.activityCreate},
		{"GET /activities/{id}", coop.PermProgrammeRead, s.activityShow},
		{"GET /activities/{id}/edit", coop.PermActivityWrite, s.activityEdit},
		{"POST /activities/{id}", coop.PermActivityWrite, s.activityUpdate},
		{"POST /activities/{id}/archive", coop.PermActivityWrite, s.activityArchive},
		{"GET /activities/form.js", coop.PermPublic, s.activityScript},

		{"GET /api/v1/activities", coop.PermProgrammeRead, api.List},
		{"POST /api/v1/activities", coop.PermActivityWrite, api.Create},
		{"GET /api/v1/activities/{id}", coop.PermProgrammeRead, api.Get},
		{"PUT /api/v1/activities/{id}", coop.PermActivityWrite, api.Update},
		{"POST /api/v1/activities/{id}/archive", coop.PermActivityWrite, s.apiActivityArchive},
		{"GET /api/v1/reach", coop.PermProgrammeRead, s.apiReach},
	}
}

// pipelineRoutes lists the routes of the founding pipeline.
func (s *Server) pipelineRoutes() []route {
	api := s.foundingAPI()
	return []route{
		{"GET /pipeline", coop.PermProgrammeRead, s.pipelineBoard},
		{"GET /pipeline/new", coop.PermActivityWrite, s.pipelineNew},
		{"POST /pipeline", coop.PermActivityWrite, s.pipelineCreate},
		{"GET /pipeline/{id}", coop.PermProgrammeRead, s.pipelineShow},
		{"GET /pipeline/{id}/edit", coop.PermActivityWrite, s.pipelineEdit},
		{"POST /pipeline/{id}", coop.PermActivityWrite, s.pipelineUpdate},
		{"POST /pipeline/{id}/moves", coop.PermActivityWrite, s.pipelineMove},

		{"GET /api/v1/founding-cases", coop.PermProgrammeRead, api.List},
		{"POST /api/v1/founding-cases", coop.PermActivityWrite, api.Create},
		{"GET /api/v1/founding-cases/{id}", coop.PermProgrammeRead, api.Get},
		{"PUT /api/v1/founding-cases/{id}", coop.PermActivityWrite, api.Update},
		{"POST /api/v1/founding-cases/{id}/moves", coop.PermActivityWrite, s.apiFoundingMove},
	}
}

// obstacleRoutes lists the routes of the obstacle log.
func (s *Server) obstacleRoutes() []route {
	api := s.obstacleAPI()
	return []route{
		{"GET /obstacles", coop.PermProgrammeRead, s.obstacleList},
		{"GET /obstacles/new", coop.PermObstacleWrite, s.obstacleNew},
		{"POST /obstacles", coop.PermObstacleWrite, s.obstacleCreate},
		{"GET /obstacles/{id}", coop.PermProgrammeRead, s.obstacleShow},
		{"GET /obstacles/{id}/edit", coop.PermObstacleWrite, s.obstacleEdit},
		{"POST /obstacles/{id}", coop.PermObstacleWrite, s.obstacleUpdate},
		{"POST /obstacles/{id}/transitions", coop.PermObstacleWrite, s.obstacleMove},

		{"GET /api/v1/obstacles", coop.PermProgrammeRead, api.List},
		{"POST /api/v1/obstacles", coop.PermObstacleWrite, api.Create},
		{"GET /api/v1/obstacles/{id}", coop.PermProgrammeRead, api.Get},
		{"PUT /api/v1/obstacles/{id}", coop.PermObstacleWrite, api.Update},
		{"POST /api/v1/obstacles/{id}/transitions", coop.PermObstacleWrite, s.apiObstacleMove},
	}
}

// reportRoutes: Periodic reports: the calendar, provincial reports as a conversation, the national report, documents.
func (s *Server) reportRoutes() []route {
	return []route{
		// JSON API. The store checks scope and the report's status again on
		// every call: another province's report is not found, and central
		// staff, who review, never write a province's narrative or figures.
		{"GET /api/v1/reports", coop.PermReportRead, s.apiReportList},
		{"POST /api/v1/reports", coop.PermReportWrite, s.apiReportCreate},
		{"GET /api/v1/reports/calendar", coop.PermReportRead, s.apiReportCalendar},
		{"GET /api/v1/reports/rates", coop.PermReportRead, s.apiReportRates},
		{"GET /api/v1/reports/national", coop.PermReportRead, s.cached(s.apiNationalReport)},
		{"POST /api/v1/reports/national", coop.PermReportReview, s.apiNationalCreate},
		{"PUT /api/v1/reports/national/{id}", coop.PermReportReview, s.apiNationalUpdate},
		{"GET /api/v1/reports/templates", coop.PermReportRead, s.apiReportTemplates},
		{"PUT /api/v1/reports/templates", coop.PermRulesManage, s.apiReportTemplateUpdate},
		{"GET /api/v1/reports/{id}", coop.PermReportRead, s.apiReportGet},
		{"PUT /api/v1/reports/{id}", coop.PermReportWrite, s.apiReportUpdate},
		{"POST /api/v1/reports/{id}/submit", coop.PermReportSubmit, s.apiReportSubmit},
		{"POST /api/v1/reports/{id}/resubmit", coop.PermReportSubmit, s.apiReportResubmit},
		{"POST /api/v1/reports/{id}/return", coop.PermReportReview, s.apiReportReturn},
		{"POST /api/v1/reports/{id}/approve", coop.PermReportReview, s.apiReportApprove},
		{"POST /api/v1/reports/{id}/reopen", coop.PermReportReopen, s.apiReportReopen},
		{"POST /api/v1/reports/{id}/comments", coop.PermReportReview, s.apiReportComment},
		{"POST /api/v1/reports/{id}/replies", coop.PermReportWrite, s.apiReportReply},
		{"GET /api/v1/reports/{id}/versions", coop.PermReportRead, s.apiReportVersions},
		{"GET /api/v1/reports/{id}/compare", coop.PermReportRead, s.apiReportCompare},
		{"GET /api/v1/reports/{id}/download", coop.PermReportRead, s.apiReportDownload},
	}
}

// reportPageRoutes are the pages of reports: each action a POST form that
// calls the same store method as the API.
func (s *Server) reportPageRoutes() []route {
	return []route{
		{"GET /reports", coop.PermReportRead, s.reportList},
		{"GET /reports/new", coop.PermReportWrite, s.reportNew},
		{"GET /reports/calendar", coop.PermReportRead, s.reportCalendar},
		{"GET /reports/rates", coop.PermReportRead, s.reportRates},
		{"GET /reports/national", coop.PermReportReview, s.cached(s.reportNational)},
		{"POST /reports/national", coop.PermReportReview, s.reportNationalCreate},
		// VCA's national report is written by reviewers; its form cannot sit at
		// /reports/national/{id}, which the mux would find ambiguous with
		// /reports/{id}/submit and its siblings.
		{"POST /reports/national/{id}/save", coop.PermReportReview, s.reportSave},
		{"POST /reports", coop.PermReportWrite, s.reportCreate},
		{"GET /reports/{id}", coop.PermReportRead, s.reportShow},
		{"POST /reports/{id}", coop.PermReportWrite, s.reportSave},
		{"POST /reports/{id}/submit", coop.PermReportSubmit, s.reportSubmitPage},
		{"POST /reports/{id}/resubmit", coop.PermReportSubmit, s.reportResubmitPage},
		{"POST /reports/{id}/comments", coop.PermReportReview, s.reportCommentPage},
		{"POST /reports/{id}/replies", coop.PermReportWrite, s.reportReplyPage},
		{"POST /reports/{id}/return", coop.PermReportReview, s.reportReturnPage},
		{"POST /reports/{id}/approve", coop.PermReportReview, s.reportApprovePage},
		{"POST /reports/{id}/reopen", coop.PermReportReopen, s.reportReopenPage},
		{"GET /reports/{id}/compare", coop.PermReportRead, s.reportCompare},
		{"GET /reports/{id}/print", coop.PermReportRead, s.reportPrint},
		{"GET /reports/{id}/document.pdf", coop.PermReportRead, s.reportPDF},
		{"GET /reports/{id}/figures.xlsx", coop.PermReportRead, s.reportXLSX},
	}
}

// dashboardRoutes: Dashboards against the targets, with drill-down to the records.
func (s *Server) dashboardRoutes() []route {
	return []route{
		{"GET /dashboard", coop.PermProgrammeRead, s.cachedScope(s.dashboardPage)},
		{"GET /dashboard.xlsx", coop.PermProgrammeRead, s.cachedScope(s.dashboardXLSX)},
		{"GET /api/v1/dashboard", coop.PermProgrammeRead, s.cachedScope(s.apiDashboard)},
	}
}

// showcaseRoutes: the public showcase of model organisations run by women,
// and its management by the provinces.
//
// The public routes come first: the permission matrix asks the routes in
// this order, and the management routes below publish its test records.
func (s *Server) showcaseRoutes() []route {
	return []route{
		{"GET /showcase", coop.PermPublic, s.showcaseList},
		{"GET /showcase/{id}", coop.PermPublic, s.showcaseModel},
		{"GET /api/v1/showcase", coop.PermPublic, s.apiShowcaseList},
		{"GET /api/v1/showcase/{id}", coop.PermPublic, s.apiShowcaseModel},

		{"GET /showcase/manage", coop.PermShowcaseManage, s.showcaseManage},
		{"GET /organisations/{id}/showcase", coop.PermShowcaseManage, s.showcaseEdit},
		{"POST /organisations/{id}/showcase", coop.PermShowcaseManage, s.showcaseSave},
		{"POST /organisations/{id}/showcase/publish", coop.PermShowcaseManage, s.showcasePublish},
		{"POST /organisations/{id}/showcase/unpublish", coop.PermShowcaseManage, s.showcaseUnpublish},
		{"GET /api/v1/organisations/{id}/showcase", coop.PermRegistryRead, s.apiShowcaseGet},
		{"PUT /api/v1/organisations/{id}/showcase", coop.PermShowcaseManage, s.apiShowcaseSave},
		{"POST /api/v1/organisations/{id}/showcase/publish", coop.PermShowcaseManage, s.apiShowcasePublish},
		{"POST /api/v1/organisations/{id}/showcase/unpublish", coop.PermShowcaseManage, s.apiShowcaseUnpublish},
	}
}

// targetSourceRoutes are the sources and definitions of T1–T8 that have
// no page of their own: training attendance person by person (T5), the
// Union staff records (T7, T8) and the target rules with the rule chosen
// for T3 and T4.
func (s *Server) targetSourceRoutes() []route {
	return []route{
		{"GET /api/v1/activities/{id}/attendance", coop.PermProgrammeRead, s.apiAttendance},
		{"POST /api/v1/activities/{id}/attendance", coop.PermActivityWrite, s.apiAttendanceAdd},
		{"GET /api/v1/union-staff", coop.PermProgrammeRead, s.apiUnionStaff},
		{"POST /api/v1/union-staff", coop.PermActivityWrite, s.apiUnionStaffRecord},
		{"GET /api/v1/target-rules", coop.PermProgrammeRead, s.apiTargetRules},
		{"PUT /api/v1/target-rules", coop.PermRulesManage, s.apiTargetRulesUpdate},
	}
}

// exportRoutes are the downloads of the lists: for each list, its page and
// API paths with /export.xlsx and /export.csv, needing the list's own
// permission.
func (s *Server) exportRoutes() []route {
	var rs []route
	for _, l := range exportLists {
		for _, f := range []xlsx.Format{xlsx.XLSX, xlsx.CSV} {
			h := s.exportHandler(l, f)
			rs = append(rs, route{"GET " + l.page + "/export" + f.Ext(), l.perm, h}, route{"GET " + l.api + "/export" + f.Ext(), l.perm, h})
		}
	}
	return rs
}

// importRoutes are the spreadsheet imports and the registry export.
func (s *Server) importRoutes() []route {
	return []route{
		{"GET /imports", importPerm, s.importList},
		{"POST /imports", importPerm, s.importUpload},
		{"GET /imports/template", importPerm, s.importTemplate},
		{"GET /imports/{id}", importPerm, s.importShow},
		{"POST /imports/{id}/commit", importPerm, s.importCommit},
		{"POST /imports/{id}/revert", importPerm, s.importRevert},
		{"GET /imports/{id}/errors.xlsx", importPerm, s.importErrorFile},
		{"GET /organisations/export.xlsx", coop.PermRegistryRead, s.orgExport},
		{"GET /organisations/export.csv", coop.PermRegistryRead, s.orgExport},
		{"GET /api/v1/organisations/export.xlsx", coop.PermRegistryRead, s.orgExport},
		{"GET /api/v1/organisations/export.csv", coop.PermRegistryRead, s.orgExport},

		{"GET /api/v1/imports", importPerm, s.apiImportList},
		{"GET /api/v1/imports/template", importPerm, s.importTemplate},
		{"POST /api/v1/imports", importPerm, s.apiImportUpload},
		{"GET /api/v1/imports/{id}", importPerm, s.apiImportGet},
		{"POST /api/v1/imports/{id}/commit", importPerm, s.apiImportCommit},
		{"POST /api/v1/imports/{id}/revert", importPerm, s.apiImportRevert},
		{"GET /api/v1/imports/{id}/errors.xlsx", importPerm, s.importErrorFile},
	}
}

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
