package coop

import (
	"strings"
	"time"
)

// Obstacle statuses: a province logs an obstacle (received), takes it in
// hand (handling), answers it itself or escalates it to the centre
// (escalated); the answer (answered) is then acknowledged (closed).
const (
	ObstacleReceived  = "received"
	ObstacleHandling  = "handling"
	ObstacleEscalated = "escalated"
	ObstacleAnswered  = "answered"
	ObstacleClosed    = "closed"
)

// ObstacleStatuses lists the statuses in their order.
var ObstacleStatuses = CodeList{
	{ObstacleReceived, "Mới tiếp nhận"},
	{ObstacleHandling, "Đang xử lý"},
	{ObstacleEscalated, "Đã chuyển lên trung ương"},
	{ObstacleAnswered, "Đã trả lời"},
	{ObstacleClosed, "Đã đóng"},
}

// EscalationDays is the default time the centre has to answer.
const EscalationDays = 15

// Obstacle is a difficulty that cooperatives or female workers meet in
// accessing preferential policies, with the recommendation passed on.
type Obstacle struct {
	ID                    int64          `json:"id"`
	Province              string         `json:"province"`
	RaisedByOrgID         int64          `json:"raised_by_org_id,omitempty"`
	RaisedByOrgName       string         `json:"raised_by_org_name,omitempty"`
	Category              string         `json:"category"`
	Policy                string         `json:"policy"`
	Title                 string         `json:"title"`
	Description           string         `json:"description"`
	FemaleWorkersAffected int64          `json:"female_workers_affected"`
	Recommendation        string         `json:"recommendation"`
	Status                string         `json:"status"`
	DueOn                 string         `json:"due_on"`
	Answer                string         `json:"answer"`
	AnsweredBy            string         `json:"answered_by"`
	AnsweredAt            *time.Time     `json:"answered_at,omitempty"`
	Overdue               bool           `json:"overdue"`
	Organisations         []ObstacleOrg  `json:"organisations"`
	OrganisationIDs       []int64        `json:"organisation_ids,omitempty"`
	Steps                 []ObstacleStep `json:"steps,omitempty"`
	Version               int64          `json:"version"`
	CreatedBy             string         `json:"created_by"`
	CreatedAt             time.Time      `json:"created_at"`
	UpdatedAt             time.Time      `json:"updated_at"`
}

// ObstacleOrg is a cooperative affected by an obstacle.
type ObstacleOrg = OrgRef

// ObstacleStep is one move of an obstacle: the status it left and the one
// it reached.
type ObstacleStep struct {
	From string `json:"from_status"`
	To   string `json:"to_status"`
	WorkflowStep
}

// Normalize cleans the obstacle's text fields.
func (o *Obstacle) Normalize() {
	cleanFields(strings.TrimSpace, &o.Province, &o.Category, &o.DueOn)
	cleanFields(Clean, &o.Policy, &o.Title)
	cleanFields(paragraphs, &o.Description, &o.Recommendation)
	seen := map[int64]bool{}
	ids := o.OrganisationIDs[:0:0]
	for _, id := range o.OrganisationIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	o.OrganisationIDs = ids
}

// Validate checks the fields a province enters.
func (o *Obstacle) Validate() error {
	p := Problems{}
	if _, ok := ProvinceByCode(o.Province); !ok {
		p.Add("province", "Chọn tỉnh, thành phố.")
	}
	if !ObstacleCategories.Valid(o.Category) {
		p.Add("category", "Chọn nhóm vướng mắc.")
	}
	p.requireText("title", o.Title, "Nhập tóm tắt vướng mắc.", textRule{what: "Tóm tắt", min: 5, max: 255})
	p.maxText("policy", o.Policy, "Tên chính sách", 255)
	p.maxText("description", o.Description, "Mô tả", 5000)
	p.maxText("recommendation", o.Recommendation, "Kiến nghị", 5000)
	if o.FemaleWorkersAffected < 0 || o.FemaleWorkersAffected > 1_000_000 {
		p.Add("female_workers_affected", "Số lao động nữ bị ảnh hưởng phải từ 0 đến 1.000.000.")
	}
	p.optionalDate("due_on", o.DueOn, "Hạn xử lý", "Hạn xử lý không hợp lệ (định dạng ngày/tháng/năm).")
	if len(o.OrganisationIDs) > 200 {
		p.Add("organisation_ids", "Chọn tối đa 200 tổ chức.")
	}
	return p.Err()
}

// IsOverdue reports whether the obstacle is past its due date on day
// (YYYY-MM-DD) without an answer.
func (o *Obstacle) IsOverdue(day string) bool {
	return ObstacleOpen(o.Status) && o.DueOn != "" && o.DueOn < day
}

// ObstacleOpen reports whether an obstacle in the status still waits for
// an answer.
func ObstacleOpen(status string) bool {
	return status != ObstacleAnswered && status != ObstacleClosed
}

// ObstacleMove is a requested transition.
type ObstacleMove struct {
	To      string `json:"to"`
	Comment string `json:"comment"`
	Answer  string `json:"answer"`
	DueOn   string `json:"due_on"`
}

// ObstacleTransition checks a move of an obstacle of the province from its
// status by the actor, and returns the Vietnamese reason it is refused. The
// province side (obstacle.write within the province) logs, handles,
// escalates, answers it itself and closes; the centre (obstacle.answer)
// answers what was escalated and may close what was answered.
func ObstacleTransition(a Actor, province, from string, m *ObstacleMove, today string) error {
	cleanFields(paragraphs, &m.Comment, &m.Answer)
	m.DueOn = ParseDateVN(m.DueOn)
	if err := moveTo(&m.To, ObstacleStatuses, "Trạng thái mới không hợp lệ.", "Chọn bước xử lý."); err != nil {
		return err
	}
	allowed := map[string][]string{
		ObstacleReceived:  {ObstacleHandling, ObstacleEscalated, ObstacleAnswered},
		ObstacleHandling:  {ObstacleEscalated, ObstacleAnswered},
		ObstacleEscalated: {ObstacleAnswered},
		ObstacleAnswered:  {ObstacleClosed},
	}
	if !contains(allowed[from], m.To) {
		return Errorf(EINVALID, "Không thể chuyển vướng mắc từ “%s” sang “%s”.", ObstacleStatuses.Label(from), ObstacleStatuses.Label(m.To))
	}
	local := writesRecord(a, PermObstacleWrite, province)
	centre := Can(a, PermObstacleAnswer)
	switch {
	case from == ObstacleEscalated && m.To == ObstacleAnswered:
		if !centre {
			return Errorf(EFORBIDDEN, "Vướng mắc đã chuyển lên trung ương: chỉ Liên minh HTX Việt Nam trả lời.")
		}
	case m.To == ObstacleClosed:
		if !local && !centre {
			return Errorf(EFORBIDDEN, "Bạn không có quyền đóng vướng mắc này.")
		}
	default:
		if !local {
			if centre {
				return Errorf(EINVALID, "Trung ương chỉ trả lời vướng mắc đã được chuyển lên và đóng vướng mắc đã trả lời.")
			}
			return Errorf(EFORBIDDEN, "Bạn không có quyền xử lý vướng mắc này.")
		}
	}
	p := Problems{}
	switch m.To {
	case ObstacleEscalated:
		if m.Comment == "" {
			p.Add("comment", "Nêu lý do chuyển lên trung ương.")
		}
		if m.DueOn == "" {
			t, _ := time.Parse("2006-01-02", today)
			m.DueOn = t.AddDate(0, 0, EscalationDays).Format("2006-01-02")
		} else if outOfBoundsDate(m.DueOn) {
			p.Add("due_on", dateBoundsMessage("Hạn trả lời"))
		} else if !ValidDate(m.DueOn) {
			p.Add("due_on", "Hạn trả lời không hợp lệ (định dạng ngày/tháng/năm).")
		} else if m.DueOn < today {
			p.Add("due_on", "Hạn trả lời không được trước ngày hôm nay.")
		}
	case ObstacleAnswered:
		if m.Answer == "" {
			p.Add("answer", "Nhập nội dung trả lời (ví dụ văn bản, quy định áp dụng).")
		}
	}
	p.maxText("comment", m.Comment, "Ý kiến", 2000)
	p.maxText("answer", m.Answer, "Nội dung trả lời", 5000)
	return p.Err()
}

// paragraphs NFC-normalises a multi-line text: each line cleaned, blank
// runs collapsed to one empty line, the whole trimmed.
func paragraphs(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, l := range lines {
		l = Clean(l)
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
