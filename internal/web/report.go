package web

import "htxnu/internal/coop"

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
