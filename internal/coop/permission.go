package coop

// Permission names what a route or an operation needs. Which records — the
// actor's province or the whole country — is the scope, checked with
// CanRead and CanWrite.
type Permission string

// Permissions.
const (
	PermPublic        Permission = "public"         // anyone, signed in or not
	PermSignedIn      Permission = "signed_in"      // any signed-in account (own account pages)
	PermRegistryRead  Permission = "registry.read"  // see organisations
	PermRegistryWrite Permission = "registry.write" // create, edit, archive organisations
	PermRulesManage   Permission = "rules.manage"   // switch classification rules
	PermUsersManage   Permission = "users.manage"   // create, edit, disable accounts
	PermAuditRead     Permission = "audit.read"     // read the audit trail

	PermProgrammeRead  Permission = "programme.read"  // see targets, plans, activities, cases, obstacles
	PermTargetsManage  Permission = "targets.manage"  // set national targets and provincial allocations
	PermTargetsPropose Permission = "targets.propose" // propose the province's allocation
	PermPlanWrite      Permission = "plan.write"      // plans and their tasks
	PermActivityWrite  Permission = "activity.write"  // support activities and founding cases
	PermObstacleWrite  Permission = "obstacle.write"  // log and handle obstacles
	PermObstacleAnswer Permission = "obstacle.answer" // answer obstacles escalated to the centre

	PermReportRead     Permission = "report.read"     // see periodic reports and the reporting calendar
	PermReportWrite    Permission = "report.write"    // open a draft, write the narrative, justify overrides, answer comments
	PermReportSubmit   Permission = "report.submit"   // submit and resubmit the province's report
	PermReportReview   Permission = "report.review"   // comment on, return and approve provincial reports; compile the national report
	PermReportReopen   Permission = "report.reopen"   // reopen an approved report, with a reason
	PermShowcaseManage Permission = "showcase.manage" // publish and unpublish model organisations on the public showcase
)

// Roles of accounts.
const (
	RoleAdmin          = "admin"
	RoleCentral        = "central"
	RoleProvincial     = "provincial"
	RoleProvincialLead = "provincial_lead"
	RolePartner        = "partner"
	RoleViewer         = "viewer"
	RoleAnonymous      = "anonymous"
)

// Roles lists the roles an account may hold, with their Vietnamese names.
var Roles = CodeList{
	{RoleAdmin, "Quản trị hệ thống"},
	{RoleCentral, "Cán bộ Liên minh HTX Việt Nam"},
	{RoleProvincial, "Cán bộ Liên minh HTX tỉnh"},
	{RoleProvincialLead, "Lãnh đạo Liên minh HTX tỉnh"},
	{RolePartner, "Đối tác (Hội LHPN, cơ quan phối hợp)"},
	{RoleViewer, "Chỉ xem"},
}

// Anonymous is the actor of a request without a valid session or token.
var Anonymous = Actor{Name: "Khách", Role: RoleAnonymous}

var grants = map[string][]Permission{
	RoleSystem: {PermSignedIn, PermRegistryRead, PermRegistryWrite, PermRulesManage, PermUsersManage, PermAuditRead,
		PermProgrammeRead, PermTargetsManage, PermTargetsPropose, PermPlanWrite, PermActivityWrite, PermObstacleWrite, PermObstacleAnswer,
		PermReportRead, PermReportWrite, PermReportSubmit, PermReportReview, PermReportReopen, PermShowcaseManage},
	RoleAdmin: {PermSignedIn, PermRegistryRead, PermRegistryWrite, PermRulesManage, PermUsersManage, PermAuditRead,
		PermProgrammeRead, PermTargetsManage, PermTargetsPropose, PermPlanWrite, PermActivityWrite, PermObstacleWrite, PermObstacleAnswer,
		PermReportRead, PermReportWrite, PermReportSubmit, PermReportReview, PermReportReopen, PermShowcaseManage},
	RoleCentral: {PermSignedIn, PermRegistryRead, PermAuditRead,
		PermProgrammeRead, PermTargetsManage, PermPlanWrite, PermActivityWrite, PermObstacleWrite, PermObstacleAnswer,
		PermReportRead, PermReportReview},
	RoleProvincialLead: {PermSignedIn, PermRegistryRead, PermRegistryWrite, PermAuditRead,
		PermProgrammeRead, PermTargetsPropose, PermPlanWrite, PermActivityWrite, PermObstacleWrite,
		PermReportRead, PermReportWrite, PermReportSubmit, PermShowcaseManage},
	RoleProvincial: {PermSignedIn, PermRegistryRead, PermRegistryWrite,
		PermProgrammeRead, PermTargetsPropose, PermPlanWrite, PermActivityWrite, PermObstacleWrite,
		PermReportRead, PermReportWrite, PermShowcaseManage},
	RolePartner: {PermSignedIn, PermRegistryRead, PermProgrammeRead, PermActivityWrite, PermObstacleWrite, PermReportRead},
	RoleViewer:  {PermSignedIn, PermRegistryRead, PermProgrammeRead, PermReportRead},
}

// Can reports whether the actor's role holds the permission.
func Can(a Actor, p Permission) bool {
	if p == PermPublic {
		return true
	}
	for _, g := range grants[a.Role] {
		if g == p {
			return true
		}
	}
	return false
}

// InScope reports whether a record of the given province is within the
// actor's scope (national actors see every province).
func InScope(a Actor, province string) bool {
	return a.National() || a.Province == province
}

// NationalOnly reports whether a role must have national scope.
func NationalOnly(role string) bool { return role == RoleAdmin || role == RoleCentral }

// ProvinceOnly reports whether a role must be scoped to one province.
func ProvinceOnly(role string) bool { return role == RoleProvincial || role == RoleProvincialLead }

// Operator is the actor of commands run by whoever operates the
// installation: a national administrator.
var Operator = Actor{Name: "Người vận hành", Role: RoleAdmin}
