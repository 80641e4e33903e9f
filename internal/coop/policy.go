package coop

import "fmt"

// The one permission policy: whether an actor may take an action on a
// record. The store asks Authorize inside every write transaction; pages
// and the API ask Actions (or Allows) which buttons and links to offer, so
// the rules live here and nowhere else.

// Resource names the kind of record an action applies to.
type Resource string

// Resources.
const (
	ResOrganisation Resource = "organisation"
	ResPlan         Resource = "plan" // plans and their tasks
	ResActivity     Resource = "activity"
	ResFounding     Resource = "founding_case"
	ResObstacle     Resource = "obstacle"
	ResReport       Resource = "report"
	ResTarget       Resource = "target"
	ResShowcase     Resource = "showcase"
	ResUser         Resource = "user"
	ResAudit        Resource = "audit"
	ResRules        Resource = "rules"
)

// Action is something an actor does to a record.
type Action string

// Actions.
const (
	ActRead    Action = "read"
	ActCreate  Action = "create"
	ActEdit    Action = "edit"    // change the record's content (and its children)
	ActArchive Action = "archive" // archive an organisation or activity
	ActRestore Action = "restore"

	ActAnswer Action = "answer" // answer an obstacle escalated to the centre
	ActClose  Action = "close"  // close an obstacle

	ActAllocate Action = "allocate" // set national targets and provincial allocations
	ActPropose  Action = "propose"  // propose the province's allocation

	ActSubmit   Action = ActionSubmit
	ActResubmit Action = ActionResubmit
	ActReturn   Action = ActionReturn
	ActApprove  Action = ActionApprove
	ActReopen   Action = ActionReopen
	ActComment  Action = "comment" // comment on a submitted report
	ActReply    Action = "reply"   // answer a reviewer's comment on a returned report
	ActReview   Action = "review"  // see the national consolidation, review reports
)

// allActions lists every action, in the order Actions returns them.
var allActions = []Action{ActRead, ActCreate, ActEdit, ActArchive, ActRestore, ActAnswer, ActClose,
	ActAllocate, ActPropose, ActSubmit, ActResubmit, ActReturn, ActApprove, ActReopen, ActComment, ActReply, ActReview}

// Record is what the policy needs to know of a record: its kind, its
// province ("" for a central or national record), and its state.
type Record struct {
	Kind     Resource
	Province string
	Archived bool
	Status   string // reports and obstacles: the current status
}

// Authorize answers nil when the actor may take the action on the record,
// else an EFORBIDDEN error saying why in Vietnamese.
func Authorize(a Actor, act Action, r Record) error {
	if allowed(a, act, r) {
		return nil
	}
	e := &Error{Code: EFORBIDDEN, Message: forbiddenMessage(a, act, r)}
	if r.Kind == ResReport && r.Province != "" && a.Role != RoleCentral && Can(a, PermReportWrite) {
		e.Fields = map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}
	}
	return e
}

// Allows reports whether the actor may take the action on the record.
func Allows(a Actor, act Action, r Record) bool { return allowed(a, act, r) }

// Actions lists what the actor may do with the record now.
func Actions(a Actor, r Record) ActionSet {
	out := ActionSet{}
	for _, act := range allActions {
		if allowed(a, act, r) {
			out = append(out, act)
		}
	}
	return out
}

// ActionSet is the actions allowed on one record.
type ActionSet []Action

// Has reports whether the set holds the action. An action that does not
// exist is an error, so a misspelt check in a template fails loudly
// instead of hiding a button for ever.
func (s ActionSet) Has(act Action) (bool, error) {
	if !knownAction(act) {
		return false, fmt.Errorf("coop: no action %q", act)
	}
	for _, x := range s {
		if x == act {
			return true, nil
		}
	}
	return false, nil
}

// Strings lists the actions as strings, for JSON.
func (s ActionSet) Strings() []string {
	out := make([]string, len(s))
	for i, a := range s {
		out[i] = string(a)
	}
	return out
}

func knownAction(act Action) bool {
	for _, x := range allActions {
		if x == act {
			return true
		}
	}
	return false
}

func allowed(a Actor, act Action, r Record) bool {
	switch r.Kind {
	case ResOrganisation:
		return orgAllowed(a, act, r)
	case ResPlan:
		return programmeAllowed(a, act, r, PermPlanWrite)
	case ResActivity:
		return programmeAllowed(a, act, r, PermActivityWrite)
	case ResFounding:
		return programmeAllowed(a, act, r, PermActivityWrite)
	case ResObstacle:
		return obstacleAllowed(a, act, r)
	case ResReport:
		return reportAllowed(a, act, r)
	case ResTarget:
		switch act {
		case ActRead:
			return Can(a, PermProgrammeRead)
		case ActAllocate:
			return Can(a, PermTargetsManage) && a.National()
		case ActPropose:
			return writesRecord(a, PermTargetsPropose, r.Province)
		}
	case ResShowcase:
		switch act {
		case ActRead:
			return Can(a, PermRegistryRead) && InScope(a, r.Province)
		case ActCreate, ActEdit:
			return Can(a, PermShowcaseManage) && InScope(a, r.Province)
		}
	case ResUser:
		switch act {
		case ActRead, ActCreate, ActEdit:
			return Can(a, PermUsersManage) && InScope(a, r.Province)
		}
	case ResAudit:
		return act == ActRead && Can(a, PermAuditRead)
	case ResRules:
		switch act {
		case ActRead:
			return Can(a, PermRegistryRead)
		case ActEdit:
			return Can(a, PermRulesManage)
		}
	}
	return false
}

// orgAllowed: registry records of the actor's scope, by accounts that
// write the registry; an archived organisation is only restored.
func orgAllowed(a Actor, act Action, r Record) bool {
	switch act {
	case ActRead:
		return Can(a, PermRegistryRead) && InScope(a, r.Province)
	case ActCreate:
		return Can(a, PermRegistryWrite) && InScope(a, r.Province)
	case ActEdit, ActArchive:
		return !r.Archived && Can(a, PermRegistryWrite) && InScope(a, r.Province)
	case ActRestore:
		return r.Archived && Can(a, PermRegistryWrite) && InScope(a, r.Province)
	}
	return false
}

// programmeAllowed: plans, tasks, activities and founding cases.
// Everyone who reads the programme sees central records and those of
// their scope; writes follow writesRecord.
func programmeAllowed(a Actor, act Action, r Record, p Permission) bool {
	switch act {
	case ActRead:
		return readsRecord(a, r.Province)
	case ActCreate:
		return writesRecord(a, p, r.Province)
	case ActEdit, ActArchive:
		return !r.Archived && writesRecord(a, p, r.Province)
	case ActRestore:
		return r.Archived && writesRecord(a, p, r.Province)
	}
	return false
}

// obstacleAllowed: the province logs and handles its obstacles; the centre
// answers those escalated to it and closes those it answered.
func obstacleAllowed(a Actor, act Action, r Record) bool {
	local := writesRecord(a, PermObstacleWrite, r.Province)
	switch act {
	case ActRead:
		return readsRecord(a, r.Province)
	case ActCreate:
		return local
	case ActEdit:
		return local && r.Status != ObstacleClosed
	case ActAnswer:
		return Can(a, PermObstacleAnswer) && r.Status == ObstacleEscalated
	case ActClose:
		return r.Status != ObstacleClosed && (local || Can(a, PermObstacleAnswer))
	}
	return false
}

// reportAllowed: a province writes its own report and its lead submits it;
// the centre reviews and writes the national report; administrators
// reopen. Transitions also need the report to be in the right status.
func reportAllowed(a Actor, act Action, r Record) bool {
	national := r.Province == ""
	scoped := func(p Permission) bool { return Can(a, p) && InScope(a, r.Province) }
	switch act {
	case ActRead:
		return scoped(PermReportRead)
	case ActCreate:
		return writesReport(a, r.Province)
	case ActEdit:
		return writesReport(a, r.Province) && (r.Status == "" || ReportEditable(r.Status))
	case ActReview:
		return Can(a, PermReportReview) && a.National()
	case ActComment:
		return !national && r.Status == ReportSubmitted && scoped(PermReportReview)
	case ActReply:
		return !national && r.Status == ReportReturned && writesReport(a, r.Province)
	case ActSubmit, ActResubmit, ActReturn, ActApprove, ActReopen:
		if r.Status != "" {
			if _, err := NextReportStatus(string(act), r.Status, national); err != nil {
				return false
			}
		}
		switch act {
		case ActSubmit, ActResubmit:
			return !national && writesRecord(a, PermReportSubmit, r.Province)
		case ActReturn, ActApprove:
			return Can(a, PermReportReview) && a.National()
		default:
			return scoped(PermReportReopen)
		}
	}
	return false
}

// writesReport: a province's report by its own accounts (and
// administrators), never by central staff; the national one by those who
// review reports.
func writesReport(a Actor, province string) bool {
	if province == "" {
		return Can(a, PermReportReview) && a.National()
	}
	return writesRecord(a, PermReportWrite, province)
}

// writesRecord: whether the actor may change a programme record of the
// province ("" for a central record) under the permission: administrators
// any; central staff central records only; provincial accounts their own
// province; national partners any province.
func writesRecord(a Actor, p Permission, province string) bool {
	if !Can(a, p) {
		return false
	}
	switch {
	case a.Role == RoleSystem || a.Role == RoleAdmin:
		return true
	case a.Role == RoleCentral:
		return province == ""
	case a.Province != "":
		return a.Province == province
	}
	return true
}

// readsRecord: national actors see all programme records; provincial ones
// their province and central records.
func readsRecord(a Actor, province string) bool {
	return Can(a, PermProgrammeRead) && (a.National() || province == "" || a.Province == province)
}

func forbiddenMessage(a Actor, act Action, r Record) string {
	switch r.Kind {
	case ResReport:
		switch {
		case act == ActSubmit || act == ActResubmit:
			return "Chỉ lãnh đạo Liên minh HTX tỉnh mới gửi được báo cáo của tỉnh."
		case act == ActReturn || act == ActApprove || act == ActComment || act == ActReview:
			return "Chỉ Liên minh HTX Việt Nam mới xem xét, phê duyệt báo cáo."
		case act == ActReopen:
			return "Chỉ quản trị hệ thống mới mở lại được báo cáo đã phê duyệt."
		case r.Province == "":
			return "Báo cáo toàn quốc do Liên minh HTX Việt Nam lập."
		case a.Role == RoleCentral:
			return "Cán bộ Liên minh HTX Việt Nam không sửa nội dung, số liệu báo cáo của tỉnh; hãy góp ý hoặc trả lại báo cáo để tỉnh chỉnh sửa."
		case !Can(a, PermReportWrite):
			return "Bạn không có quyền lập, sửa báo cáo."
		}
		return "Bạn chỉ được lập, sửa báo cáo của tỉnh, thành phố mình."
	case ResObstacle:
		if act == ActAnswer {
			return "Vướng mắc đã chuyển lên trung ương: chỉ Liên minh HTX Việt Nam trả lời."
		}
		return "Vướng mắc do Liên minh HTX tỉnh, thành phố ghi nhận; trung ương trả lời các vướng mắc được chuyển lên."
	case ResFounding:
		return "Hồ sơ hỗ trợ thành lập do Liên minh HTX tỉnh, thành phố quản lý."
	case ResOrganisation:
		if r.Archived && act == ActEdit {
			return "Tổ chức đã lưu trữ; hãy khôi phục trước khi sửa."
		}
		return "Bạn không có quyền sửa hồ sơ của tổ chức này."
	case ResPlan:
		return "Kế hoạch do đơn vị lập kế hoạch cập nhật."
	case ResActivity:
		return "Hoạt động do đơn vị thực hiện cập nhật."
	}
	return "Bạn không có quyền thực hiện thao tác này."
}

// Capabilities are what the actor may do regardless of any one record: the
// menu and the "add" buttons of list pages read them. Each is a question
// to the policy.
type Capabilities struct {
	ReadRegistry, WriteRegistry, ManageRules       bool
	ReadProgramme, WritePlans, WriteActivities     bool
	WriteFounding, WriteObstacles, AnswerObstacles bool
	AllocateTargets, ProposeTargets                bool
	ReadReports, WriteReports, ReviewReports       bool
	ManageShowcase, ManageUsers, ReadAudit         bool
}

// CapabilitiesOf asks the policy what the actor may do on records of its
// own scope.
func CapabilitiesOf(a Actor) Capabilities {
	own := func(k Resource) Record { return Record{Kind: k, Province: a.Province} }
	// Founding cases and obstacles always belong to a province: a national
	// actor may add them if it may for some province.
	local := func(k Resource) bool {
		if a.Province != "" {
			return Allows(a, ActCreate, own(k))
		}
		for _, p := range provinces {
			if Allows(a, ActCreate, Record{Kind: k, Province: p.Code}) {
				return true
			}
		}
		return false
	}
	return Capabilities{
		ReadRegistry:    Allows(a, ActRead, own(ResOrganisation)),
		WriteRegistry:   Allows(a, ActCreate, own(ResOrganisation)),
		ManageRules:     Allows(a, ActEdit, own(ResRules)),
		ReadProgramme:   Allows(a, ActRead, own(ResPlan)),
		WritePlans:      Allows(a, ActCreate, own(ResPlan)),
		WriteActivities: Allows(a, ActCreate, own(ResActivity)),
		WriteFounding:   local(ResFounding),
		WriteObstacles:  local(ResObstacle),
		AnswerObstacles: Can(a, PermObstacleAnswer),
		AllocateTargets: Allows(a, ActAllocate, own(ResTarget)),
		ProposeTargets:  Allows(a, ActPropose, own(ResTarget)),
		ReadReports:     Allows(a, ActRead, own(ResReport)),
		WriteReports:    local(ResReport),
		ReviewReports:   Allows(a, ActReview, own(ResReport)),
		ManageShowcase:  Allows(a, ActEdit, own(ResShowcase)),
		ManageUsers:     Allows(a, ActEdit, own(ResUser)),
		ReadAudit:       Allows(a, ActRead, own(ResAudit)),
	}
}
