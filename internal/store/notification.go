package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Notice is a message for one person about something that needs them.
type Notice struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body,omitempty"`
	Link      string     `json:"link,omitempty"`
	Entity    string     `json:"entity,omitempty"`
	EntityID  int64      `json:"entity_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	// OnceKey, when set, makes a reminder go to each person only once.
	OnceKey string `json:"-"`
}

// Kinds of notices.
const (
	NoticeReportReturned   = "report_returned"
	NoticeReportCommented  = "report_commented"
	NoticeReportApproved   = "report_approved"
	NoticeReportDue        = "report_due"
	NoticeReportOverdue    = "report_overdue"
	NoticeObstacleEscalate = "obstacle_escalated"
	NoticeObstacleAnswered = "obstacle_answered"
	NoticeObstacleOverdue  = "obstacle_overdue"
	NoticeImportFinished   = "import_finished"
)

// Audience is who receives a notice: the listed accounts, and every
// active account of the roles in the province ("" for national accounts).
// The person whose action caused the notice never receives it, unless
// Self says the notice is for that person (an import of theirs finished).
type Audience struct {
	UserIDs  []int64
	Roles    []string
	Province string
	Self     bool
}

// Notify writes the notice for its audience inside the transaction of the
// event it tells about, so either both happen or neither. Modules call it
// from their store methods (an import finishing, a report returned).
func (tx *Tx) Notify(ctx context.Context, n Notice, to Audience) error {
	var conds []string
	var args []any
	if len(to.UserIDs) > 0 {
		conds = append(conds, "id IN ("+placeholders(len(to.UserIDs))+")")
		for _, id := range to.UserIDs {
			args = append(args, id)
		}
	}
	if len(to.Roles) > 0 {
		conds = append(conds, "(role IN ("+placeholders(len(to.Roles))+") AND province = ?)")
		for _, r := range to.Roles {
			args = append(args, r)
		}
		args = append(args, to.Province)
	}
	if len(conds) == 0 {
		return nil
	}
	once := ""
	if n.OnceKey != "" {
		// A reminder already sent to someone is not sent again.
		once = " AND NOT EXISTS (SELECT 1 FROM notifications x WHERE x.user_id = users.id AND x.once_key = ?)"
	}
	notActor := tx.actor.UserID
	if to.Self {
		notActor = 0
	}
	q := `INSERT INTO notifications (user_id, kind, title, body, link, entity, entity_id, once_key, created_at)
		SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM users WHERE disabled = 0 AND id <> ? AND (` + strings.Join(conds, " OR ") + `)` + once
	all := append([]any{n.Kind, n.Title, n.Body, n.Link, n.Entity, n.EntityID, n.OnceKey, tx.now, notActor}, args...)
	if once != "" {
		all = append(all, n.OnceKey)
	}
	if _, err := tx.exec(ctx, q, all...); err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// provinceStaff are the accounts that act on a province's reports and
// obstacles.
var provinceStaff = []string{coop.RoleProvincial, coop.RoleProvincialLead}

// noticeFor writes the notices an audited event calls for. It runs from
// audit, so every write that is audited notifies in its own transaction
// and no module can forget to.
func (tx *Tx) noticeFor(ctx context.Context, action, entity string, id int64, province string) error {
	switch entity {
	case "report":
		if province == "" {
			return nil
		}
		n := Notice{Entity: "report", EntityID: id, Link: fmt.Sprintf("/reports/%d", id)}
		whose := coop.Whose(province)
		switch action {
		case coop.ActionReturn:
			n.Kind, n.Title = NoticeReportReturned, "Báo cáo của "+whose+" được trả lại để chỉnh sửa"
		case coop.ActionApprove:
			n.Kind, n.Title = NoticeReportApproved, "Báo cáo của "+whose+" đã được phê duyệt"
		case "comment":
			if coop.Can(tx.actor, coop.PermReportReview) && tx.actor.National() {
				n.Kind, n.Title = NoticeReportCommented, "Liên minh HTX Việt Nam góp ý báo cáo của "+whose
			} else {
				return nil
			}
		default:
			return nil
		}
		return tx.Notify(ctx, n, Audience{Roles: provinceStaff, Province: province})
	case "obstacle":
		if action != "move" {
			return nil
		}
		var title, status string
		if err := tx.queryRow(ctx, `SELECT title, status FROM obstacles WHERE id = ?`, id).Scan(&title, &status); err != nil {
			return fmt.Errorf("store: obstacle notice: %w", err)
		}
		n := Notice{Entity: "obstacle", EntityID: id, Link: fmt.Sprintf("/obstacles/%d", id), Body: title}
		switch status {
		case coop.ObstacleEscalated:
			n.Kind, n.Title = NoticeObstacleEscalate, "Vướng mắc của "+coop.ProvinceName(province)+" được chuyển lên trung ương"
			return tx.Notify(ctx, n, Audience{Roles: []string{coop.RoleCentral}})
		case coop.ObstacleAnswered:
			n.Kind, n.Title = NoticeObstacleAnswered, "Trung ương đã trả lời vướng mắc"
			return tx.Notify(ctx, n, Audience{Roles: provinceStaff, Province: province})
		}
	}
	return nil
}

// Notices lists the actor's own notices, newest first, and how many are
// unread.
func (db *DB) Notices(ctx context.Context, actor coop.Actor, page, perPage int) ([]Notice, int, int, error) {
	if actor.UserID == 0 {
		return nil, 0, 0, coop.Errorf(coop.EFORBIDDEN, "Hãy đăng nhập để xem thông báo.")
	}
	page, per := pageBounds(page, perPage)
	var total, unread int
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*), COUNT(read_at) FROM notifications WHERE user_id = ?`), actor.UserID).Scan(&total, &unread); err != nil {
		return nil, 0, 0, fmt.Errorf("store: count notices: %w", err)
	}
	unread = total - unread
	page = lastPage(page, per, total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT id, kind, title, body, link, entity, entity_id, created_at, read_at
		FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`), actor.UserID, per, (page-1)*per)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("store: notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.Entity, &n.EntityID, &n.CreatedAt, &read); err != nil {
			return nil, 0, 0, err
		}
		if read.Valid {
			n.ReadAt = &read.Time
		}
		out = append(out, n)
	}
	return out, total, unread, rows.Err()
}

// UnreadNotices counts the actor's unread notices, for the bell: a
// request's lookup (one partial index), read like a page's generation.
func (db *DB) UnreadNotices(ctx context.Context, actor coop.Actor) (int, error) {
	if actor.UserID == 0 {
		return 0, nil
	}
	var n int
	err := db.lookup(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`), actor.UserID).Scan(&n)
	return n, err
}

// MarkNoticesRead marks the actor's notices read: the one given, or all
// when id is 0. Another person's notice is not found.
func (db *DB) MarkNoticesRead(ctx context.Context, actor coop.Actor, id int64) error {
	if actor.UserID == 0 {
		return coop.Errorf(coop.EFORBIDDEN, "Hãy đăng nhập để xem thông báo.")
	}
	q, args := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, []any{db.now().UTC(), actor.UserID}
	if id != 0 {
		q += ` AND id = ?`
		args = append(args, id)
	}
	res, err := db.execWrite(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: read notices: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 && id != 0 {
		var owner int64
		err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT user_id FROM notifications WHERE id = ?`), id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || owner != actor.UserID {
			return coop.NotFound("thông báo")
		}
	}
	return nil
}

// Mail is a notice to send by email.
type Mail struct {
	NoticeID int64
	To, Name string
	Subject  string
	Body     string
	Link     string
}

// PendingMail lists notices not yet emailed, oldest first, for the mailer.
func (db *DB) PendingMail(ctx context.Context, limit int) ([]Mail, error) {
	return queryAll(ctx, db, "pending mail", `SELECT n.id, u.email, u.name, n.title, n.body, n.link
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.emailed_at IS NULL AND u.disabled = 0 ORDER BY n.id LIMIT ?`, []any{limit},
		func(s scanner) (m Mail, err error) {
			err = s.Scan(&m.NoticeID, &m.To, &m.Name, &m.Subject, &m.Body, &m.Link)
			return
		})
}

// MarkMailed records that a notice was emailed.
func (db *DB) MarkMailed(ctx context.Context, noticeID int64) error {
	_, err := db.execWrite(ctx, `UPDATE notifications SET emailed_at = ? WHERE id = ?`, db.now().UTC(), noticeID)
	return err
}

// Remind writes the reminders due today: a province's report due within
// three working days or overdue (while it is a draft or returned, or when
// a six-monthly or annual report was never opened), and an
// obstacle past its due date before it is answered. Each goes to each
// person once; it answers how many reminders it wrote.
func (db *DB) Remind(ctx context.Context) (int, error) {
	today := db.today()
	soon := coop.Deadline(today, 3)
	var dues []dueNotice
	for _, find := range []func(ctx context.Context, today, soon string) ([]dueNotice, error){
		db.unopenedReportsDue, db.reportsDue, db.obstaclesOverdue} {
		d, err := find(ctx, today, soon)
		if err != nil {
			return 0, err
		}
		dues = append(dues, d...)
	}
	if len(dues) == 0 {
		return 0, nil
	}
	before, err := db.countNotices(ctx)
	if err != nil {
		return 0, err
	}
	err = db.write(ctx, coop.System, func(tx *Tx) error {
		for _, d := range dues {
			if err := tx.Notify(ctx, d.n, Audience{Roles: provinceStaff, Province: d.province}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	after, err := db.countNotices(ctx)
	return after - before, err
}

// dueNotice is a reminder for the staff of a province.
type dueNotice struct {
	n        Notice
	province string
}

// dueTitle is the title of a reminder of a report due on date, or overdue.
func dueTitle(today, date, overdue, due string) (kind, title string) {
	if date < today {
		return NoticeReportOverdue, overdue + " (" + coop.FormatDateVN(date) + ")"
	}
	return NoticeReportDue, due + " ngày " + coop.FormatDateVN(date)
}

// unopenedReportsDue are the six-monthly and annual reports nobody has
// opened yet, as the reporting calendar expects them, of this year and the
// last (whose annual report falls due early this year). The reminder's
// link opens the form that makes the report.
func (db *DB) unopenedReportsDue(ctx context.Context, today, soon string) ([]dueNotice, error) {
	var dues []dueNotice
	year, _ := strconv.Atoi(today[:4])
	for _, y := range []int{year - 1, year} {
		if y < coop.FirstReportYear || y > coop.LastReportYear {
			continue
		}
		entries, _, _, err := db.expectedReports(ctx, coop.System, y, "", false)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Status != ReportNotStarted || e.Province == "" || e.Deadline == "" || e.Deadline > soon ||
				(e.Kind != coop.ReportSixMonthly && e.Kind != coop.ReportAnnual) {
				continue
			}
			what := e.Name + " của " + coop.Whose(e.Province)
			n := Notice{Link: fmt.Sprintf("/reports/new?kind=%s&year=%d", e.Kind, e.Year)}
			n.Kind, n.Title = dueTitle(today, e.Deadline, what+" chưa được lập và đã quá hạn gửi", what+" chưa được lập, hạn gửi")
			n.OnceKey = fmt.Sprintf("%s:%s:%s:%s:%s", n.Kind, e.Province, e.Kind, e.Period.Key(""), e.Deadline)
			dues = append(dues, dueNotice{n, e.Province})
		}
	}
	return dues, nil
}

// reportsDue are the reports in draft or returned due within three
// working days or overdue.
func (db *DB) reportsDue(ctx context.Context, today, soon string) ([]dueNotice, error) {
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT id, province, deadline FROM reports
		WHERE province <> '' AND status IN ('draft', 'returned') AND deadline <> '' AND deadline <= ?`), soon)
	if err != nil {
		return nil, fmt.Errorf("store: reports due: %w", err)
	}
	return collect(rows, nil, func(r scanner) (d dueNotice, err error) {
		var date string
		if err := r.Scan(&d.n.EntityID, &d.province, &date); err != nil {
			return d, err
		}
		whose := coop.Whose(d.province)
		d.n.Kind, d.n.Title = dueTitle(today, date, "Báo cáo của "+whose+" đã quá hạn gửi", "Báo cáo của "+whose+" đến hạn gửi")
		d.n.Entity, d.n.Link = "report", fmt.Sprintf("/reports/%d", d.n.EntityID)
		d.n.OnceKey = fmt.Sprintf("%s:%d:%s", d.n.Kind, d.n.EntityID, date)
		return d, nil
	})
}

// obstaclesOverdue are the obstacles past their due date before they are
// answered.
func (db *DB) obstaclesOverdue(ctx context.Context, today, _ string) ([]dueNotice, error) {
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT id, province, due_on, title FROM obstacles
		WHERE status NOT IN ('answered', 'closed') AND due_on <> '' AND due_on < ?`), today)
	if err != nil {
		return nil, fmt.Errorf("store: obstacles overdue: %w", err)
	}
	return collect(rows, nil, func(r scanner) (d dueNotice, err error) {
		var date string
		if err := r.Scan(&d.n.EntityID, &d.province, &date, &d.n.Body); err != nil {
			return d, err
		}
		d.n.Kind, d.n.Entity, d.n.Link = NoticeObstacleOverdue, "obstacle", fmt.Sprintf("/obstacles/%d", d.n.EntityID)
		d.n.Title = "Vướng mắc quá hạn xử lý (" + coop.FormatDateVN(date) + ")"
		d.n.OnceKey = fmt.Sprintf("%s:%d:%s", d.n.Kind, d.n.EntityID, date)
		return d, nil
	})
}

func (db *DB) countNotices(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&n)
	return n, err
}
