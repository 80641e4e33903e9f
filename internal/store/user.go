package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
)

// User is an account. The password hash never leaves the store.
type User struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	Name       string    `json:"name"`
	Role       string    `json:"role"`
	Province   string    `json:"province"` // empty for national scope
	AgencyID   int64     `json:"agency_id"`
	AgencyName string    `json:"agency_name"`
	Disabled   bool      `json:"disabled"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Actor returns the acting user for the account.
func (u *User) Actor() coop.Actor {
	return coop.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Province: u.Province}
}

// normalizeEmail trims, NFC-normalises and lower-cases an email address, the
// form in which it is stored and looked up.
func normalizeEmail(s string) string { return strings.ToLower(coop.Clean(s)) }

func (u *User) normalize() {
	u.Email = normalizeEmail(u.Email)
	u.Name = coop.Clean(u.Name)
	u.Role = strings.TrimSpace(u.Role)
	u.Province = strings.TrimSpace(u.Province)
	if u.AgencyID < 0 {
		u.AgencyID = 0
	}
}

// problems checks the fields an administrator sets.
func (u *User) problems() coop.Problems {
	p := coop.Problems{}
	switch {
	case u.Email == "":
		p.Add("email", "Nhập địa chỉ email.")
	case !validEmail(u.Email):
		p.Add("email", "Địa chỉ email không hợp lệ.")
	}
	switch {
	case u.Name == "":
		p.Add("name", "Nhập họ và tên.")
	case coop.VisibleLen(u.Name) < coop.MinNameVisible:
		p.Add("name", fmt.Sprintf("Họ và tên quá ngắn (tối thiểu %d ký tự nhìn thấy được).", coop.MinNameVisible))
	case utf8.RuneCountInString(u.Name) > 200:
		p.Add("name", "Họ và tên dài tối đa 200 ký tự.")
	}
	if !coop.Roles.Valid(u.Role) {
		p.Add("role", "Chọn vai trò trong danh sách.")
	}
	switch {
	case u.Province != "":
		if _, ok := coop.ProvinceByCode(u.Province); !ok {
			p.Add("province", "Chọn tỉnh, thành phố trong danh sách.")
		} else if coop.NationalOnly(u.Role) {
			p.Add("province", "Vai trò này thuộc cấp trung ương: không chọn tỉnh, thành phố.")
		}
	case coop.ProvinceOnly(u.Role):
		p.Add("province", "Vai trò này cần chọn tỉnh, thành phố.")
	}
	return p
}

// validEmail accepts one @ between a non-empty local part and a domain with
// at least one dot, without spaces or angle brackets.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t<>(),;:\"[]\\") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return false
	}
	return true
}

// normalizePassword puts a password in NFC, so that the same Vietnamese
// password typed on two devices hashes the same. Spaces are kept.
func normalizePassword(s string) string { return norm.NFC.String(s) }

// newPasswordHash checks a new password given without its account's
// email and name (a reset, which checks them again in its transaction)
// and hashes it.
func newPasswordHash(pw string) (string, error) {
	p := coop.Problems{}
	checkPassword(p, "password", pw, "", "")
	if err := p.Err(); err != nil {
		return "", err
	}
	return hashPassword(pw)
}

func hashPassword(pw string) (string, error) {
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return hash, nil
}

// checkPassword records what is wrong with a new password for the account
// of email and name under field (coop.PasswordProblem).
func checkPassword(p coop.Problems, field, pw, email, name string) {
	if m := coop.PasswordProblem(pw, email, name); m != "" {
		p.Add(field, m)
	}
}

func errUsersForbidden() error {
	return coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền quản lý tài khoản.")
}

func errUserConflict() error {
	return &coop.Error{Code: coop.ECONFLICT, Message: "Email này đã được dùng cho một tài khoản khác.",
		Fields: map[string]string{"email": "Email này đã có trong hệ thống."}}
}

const userSelect = `SELECT u.id, u.email, u.name, u.role, u.province, COALESCE(u.agency_id, 0), COALESCE(a.name, ''),
	u.disabled, u.version, u.created_at, u.updated_at, u.password_hash
	FROM users u LEFT JOIN agencies a ON a.id = u.agency_id`

// getUser reads one account and its password hash; a missing account is
// ENOTFOUND.
func (db *DB) getUser(ctx context.Context, q queryer, where string, args ...any) (*User, string, error) {
	var u User
	var hash string
	err := q.QueryRowContext(ctx, db.rebind(userSelect+` WHERE `+where), args...).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Province,
		&u.AgencyID, &u.AgencyName, &u.Disabled, &u.Version, &u.CreatedAt, &u.UpdatedAt, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", coop.NotFound("tài khoản")
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: user: %w", err)
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, hash, nil
}

// checkAgency verifies the account's agency exists and, for a provincial
// agency, belongs to the account's province; it fills AgencyName.
func (tx *Tx) checkAgency(ctx context.Context, u *User) error {
	u.AgencyName = ""
	if u.AgencyID == 0 {
		return nil
	}
	var name, province string
	err := tx.queryRow(ctx, `SELECT name, province FROM agencies WHERE id = ?`, u.AgencyID).Scan(&name, &province)
	if errors.Is(err, sql.ErrNoRows) {
		return &coop.Error{Code: coop.EINVALID, Message: "Cơ quan, đơn vị không tồn tại.",
			Fields: map[string]string{"agency_id": "Chọn cơ quan, đơn vị trong danh sách."}}
	}
	if err != nil {
		return fmt.Errorf("store: agency: %w", err)
	}
	if province != "" && province != u.Province {
		return &coop.Error{Code: coop.EINVALID, Message: "Cơ quan, đơn vị thuộc tỉnh, thành phố khác với phạm vi của tài khoản.",
			Fields: map[string]string{"agency_id": "Chọn cơ quan, đơn vị thuộc tỉnh, thành phố của tài khoản."}}
	}
	u.AgencyName = name
	return nil
}

// CreateUser validates and saves a new account with the given password. It
// needs the users.manage permission; on success u carries its id, version
// and times.
func (db *DB) CreateUser(ctx context.Context, actor coop.Actor, u *User, password string) error {
	if !coop.Can(actor, coop.PermUsersManage) {
		return errUsersForbidden()
	}
	u.normalize()
	password = normalizePassword(password)
	p := u.problems()
	checkPassword(p, "password", password, u.Email, u.Name)
	if err := p.Err(); err != nil {
		return err
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResUser, Province: u.Province}) {
		return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được tạo tài khoản thuộc tỉnh, thành phố của mình.",
			Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
	}
	// Hash before the transaction: it is slow and must not hold the lock.
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkAgency(ctx, u); err != nil {
			return err
		}
		u.Disabled = false
		u.Version, u.CreatedAt, u.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO users (email, name, role, province, agency_id, password_hash, disabled, version,
			created_at, updated_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?)`,
			u.Email, u.Name, u.Role, u.Province, nullID(u.AgencyID), hash, tx.now, tx.now, tx.now)
		if isUnique(err) {
			return errUserConflict()
		}
		if err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		u.ID = id
		return tx.audit(ctx, "create", "user", u.ID, u.Province, nil, u)
	})
}

// UpdateUser saves what an administrator may change on an account: name,
// role, province, agency and whether it is disabled (the email stays).
// u.Version must be the version the caller read, else ECONFLICT. Disabling
// the account or changing its role or province ends its sessions; its API
// tokens stay but answer with the new role, and not at all while disabled.
// On success u holds the saved account.
func (db *DB) UpdateUser(ctx context.Context, actor coop.Actor, u *User) error {
	if !coop.Can(actor, coop.PermUsersManage) {
		return errUsersForbidden()
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		cur, _, err := db.getUser(ctx, tx.tx, "u.id = ?", u.ID)
		if err != nil {
			return err
		}
		if !coop.InScope(actor, cur.Province) {
			return coop.NotFound("tài khoản")
		}
		if err := missingVersion("tài khoản", u.Version); err != nil {
			return err
		}
		if u.Version != cur.Version {
			return coop.Errorf(coop.ECONFLICT, "Tài khoản đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", u.Version, cur.Version)
		}
		next := *cur
		next.Name, next.Role, next.Province, next.AgencyID, next.Disabled = u.Name, u.Role, u.Province, u.AgencyID, u.Disabled
		next.normalize()
		if err := next.problems().Err(); err != nil {
			return err
		}
		if actor.UserID == cur.ID {
			self := coop.Problems{}
			if next.Disabled {
				self.Add("disabled", "Bạn không thể tự khoá tài khoản của mình.")
			}
			if next.Role != cur.Role {
				self.Add("role", "Bạn không thể tự đổi vai trò của mình.")
			}
			if next.Province != cur.Province {
				self.Add("province", "Bạn không thể tự đổi phạm vi của mình.")
			}
			if err := self.Err(); err != nil {
				return err
			}
		}
		if !coop.InScope(actor, next.Province) {
			return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn không được chuyển tài khoản sang tỉnh, thành phố khác.",
				Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
		}
		if err := tx.checkAgency(ctx, &next); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE users SET name = ?, role = ?, province = ?, agency_id = ?, disabled = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Name, next.Role, next.Province, nullID(next.AgencyID), b2i(next.Disabled), tx.now, cur.ID, cur.Version)
		if err != nil {
			return fmt.Errorf("store: update user: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return coop.Errorf(coop.ECONFLICT, "Tài khoản đã được người khác cập nhật sau khi bạn mở. Vui lòng tải lại trang.")
		}
		next.Version, next.UpdatedAt = cur.Version+1, tx.now
		if (next.Disabled && !cur.Disabled) || next.Role != cur.Role || next.Province != cur.Province {
			if _, err := tx.deleteSessions(ctx, cur.ID); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, "update", "user", next.ID, next.Province, cur, &next); err != nil {
			return err
		}
		if cur.Province != next.Province {
			// Visible to both provinces' audit views.
			if err := tx.audit(ctx, "update", "user", next.ID, cur.Province, cur, &next); err != nil {
				return err
			}
		}
		*u = next
		return nil
	})
}

// UserFilter selects accounts. Q matches name or email without regard to
// accents or case.
type UserFilter struct {
	Q        string
	Role     string
	Province string
	Page     int
	PerPage  int
}

// Users lists accounts in Vietnamese name order with the total that match.
// It needs the users.manage permission.
func (db *DB) Users(ctx context.Context, actor coop.Actor, f UserFilter) ([]User, int, error) {
	if !coop.Can(actor, coop.PermUsersManage) {
		return nil, 0, errUsersForbidden()
	}
	var w conds
	w.ownProvince("u.province", actor)
	w.eq("u.role", f.Role)
	w.eq("u.province", f.Province)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(userSelect+` WHERE `+w.where()), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	q := coop.Fold(f.Q)
	keys := coop.NewSortKeyer()
	type keyed struct {
		u   User
		key []byte
	}
	var all []keyed
	for rows.Next() {
		var u User
		var hash string
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Province, &u.AgencyID, &u.AgencyName,
			&u.Disabled, &u.Version, &u.CreatedAt, &u.UpdatedAt, &hash); err != nil {
			return nil, 0, err
		}
		if q != "" && !strings.Contains(coop.Fold(u.Name+" "+u.Email), q) {
			continue
		}
		u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
		all = append(all, keyed{u, keys.Key(u.Name)})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	sort.Slice(all, func(i, j int) bool {
		if c := bytes.Compare(all[i].key, all[j].key); c != 0 {
			return c < 0
		}
		return all[i].u.ID < all[j].u.ID
	})
	page, per := pageBounds(f.Page, f.PerPage)
	page = lastPage(page, per, len(all))
	out := []User{}
	for i := (page - 1) * per; i < len(all) && i < page*per; i++ {
		out = append(out, all[i].u)
	}
	return out, len(all), nil
}

// User returns an account: administrators may read any in their scope,
// everyone else only their own.
func (db *DB) User(ctx context.Context, actor coop.Actor, id int64) (*User, error) {
	u, _, err := db.getUser(ctx, db.read(ctx), "u.id = ?", id)
	if err != nil {
		return nil, err
	}
	if (actor.UserID != 0 && actor.UserID == u.ID) || coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResUser, Province: u.Province}) {
		return u, nil
	}
	return nil, coop.NotFound("tài khoản")
}

// UserByEmail returns the account with the email (any case); it needs the
// users.manage permission.
func (db *DB) UserByEmail(ctx context.Context, actor coop.Actor, email string) (*User, error) {
	if !coop.Can(actor, coop.PermUsersManage) {
		return nil, errUsersForbidden()
	}
	u, _, err := db.getUser(ctx, db.read(ctx), "u.email = ?", normalizeEmail(email))
	if err != nil {
		return nil, err
	}
	if !coop.InScope(actor, u.Province) {
		return nil, coop.NotFound("tài khoản")
	}
	return u, nil
}

// ResetPassword sets a new password chosen by an administrator, ends the
// account's sessions and lifts a sign-in lock on it.
func (db *DB) ResetPassword(ctx context.Context, actor coop.Actor, userID int64, newPassword string) error {
	if !coop.Can(actor, coop.PermUsersManage) {
		return errUsersForbidden()
	}
	newPassword = normalizePassword(newPassword)
	hash, err := newPasswordHash(newPassword)
	if err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		u, _, err := db.getUser(ctx, tx.tx, "u.id = ?", userID)
		if err != nil {
			return err
		}
		if !coop.InScope(actor, u.Province) {
			return coop.NotFound("tài khoản")
		}
		p := coop.Problems{}
		if checkPassword(p, "password", newPassword, u.Email, u.Name); len(p) > 0 {
			return p.Err()
		}
		if err := tx.setPassword(ctx, u, hash); err != nil {
			return err
		}
		return tx.audit(ctx, "reset_password", "user", u.ID, u.Province, nil, map[string]any{"email": u.Email})
	})
}

// ChangePassword changes the actor's own password after checking the
// current one, and ends all the actor's sessions (the caller signs in
// again). A wrong current password is EINVALID on "current_password" and
// slows further attempts down (coop.SignInDelay); problems with the new one
// are on "password".
func (db *DB) ChangePassword(ctx context.Context, actor coop.Actor, current, newPassword string) error {
	if actor.UserID == 0 || !coop.Can(actor, coop.PermSignedIn) {
		return errSession()
	}
	current, newPassword = normalizePassword(current), normalizePassword(newPassword)
	u, hash, err := db.getUser(ctx, db.read(ctx), "u.id = ?", actor.UserID)
	if coop.ErrorCode(err) == coop.ENOTFOUND || (err == nil && u.Disabled) {
		return errSession()
	}
	if err != nil {
		return err
	}
	key := throttleKeyPassword(u.Email)
	wait, err := db.throttleWait(ctx, []string{key})
	if err != nil {
		return err
	}
	if wait > 0 {
		return &coop.Error{Code: coop.EINVALID, Message: msgWait(wait), Fields: map[string]string{"current_password": msgWait(wait)}}
	}
	p := coop.Problems{}
	wrong := auth.VerifyPassword(hash, current) != nil
	if wrong {
		p.Add("current_password", "Mật khẩu hiện tại không đúng.")
	}
	checkPassword(p, "password", newPassword, u.Email, u.Name)
	if !wrong && newPassword == current {
		p.Add("password", "Mật khẩu mới phải khác mật khẩu hiện tại.")
	}
	if wrong {
		err := db.write(ctx, u.Actor(), func(tx *Tx) error {
			if err := tx.recordFailure(ctx, key, coop.SignInDelay); err != nil {
				return err
			}
			return tx.audit(ctx, "change_password_failed", "user", u.ID, u.Province, nil, nil)
		})
		if err != nil {
			return err
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	newHash, err := hashPassword(newPassword)
	if err != nil {
		return err
	}
	return db.write(ctx, u.Actor(), func(tx *Tx) error {
		// Only if nobody changed the password since it was checked.
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ? AND password_hash = ?`,
			newHash, tx.now, tx.now, u.ID, hash)
		if err != nil {
			return fmt.Errorf("store: change password: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return coop.Errorf(coop.ECONFLICT, "Mật khẩu vừa được đổi ở nơi khác. Vui lòng đăng nhập lại.")
		}
		if _, err := tx.deleteSessions(ctx, u.ID); err != nil {
			return err
		}
		tokens, err := tx.revokeTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM signin_throttle WHERE key = ?`, key); err != nil {
			return fmt.Errorf("store: throttle: %w", err)
		}
		return tx.audit(ctx, "change_password", "user", u.ID, u.Province, nil, map[string]int64{"api_tokens_revoked": tokens})
	})
}

// setPassword stores a new hash, ends the account's sessions, revokes its
// API tokens and clears its sign-in lock.
func (tx *Tx) setPassword(ctx context.Context, u *User, hash string) error {
	if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`,
		hash, tx.now, tx.now, u.ID); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if _, err := tx.deleteSessions(ctx, u.ID); err != nil {
		return err
	}
	if _, err := tx.revokeTokens(ctx, u.ID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM signin_throttle WHERE key IN (?, ?)`, throttleKeyEmail(u.Email), throttleKeyPassword(u.Email)); err != nil {
		return fmt.Errorf("store: throttle: %w", err)
	}
	return nil
}

// deleteSessions ends every session of the account and returns how many.
func (tx *Tx) deleteSessions(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("store: delete sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// revokeTokens revokes every API token of the account still in use and
// returns how many: whoever stole the password may have made one.
func (tx *Tx) revokeTokens(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, tx.now, userID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke tokens: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
