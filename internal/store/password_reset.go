package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
)

// PasswordResetLife is how long a password-reset link works.
const PasswordResetLife = time.Hour

// RequestPasswordReset makes a one-time reset token for the active account
// with the email, to be mailed to that address. An unknown or disabled
// address answers no token and no error, so the form tells nobody which
// addresses have accounts.
func (db *DB) RequestPasswordReset(ctx context.Context, email string) (string, *User, error) {
	email = normalizeEmail(email)
	if email == "" {
		return "", nil, &coop.Error{Code: coop.EINVALID, Message: "Nhập email của tài khoản.", Fields: map[string]string{"email": "Nhập email của tài khoản."}}
	}
	u, _, err := db.getUser(ctx, db.read(ctx), "u.email = ?", email)
	if coop.ErrorCode(err) == coop.ENOTFOUND || (err == nil && u.Disabled) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	token, hash, err := auth.NewToken("hr_")
	if err != nil {
		return "", nil, err
	}
	err = db.write(ctx, coop.System, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, u.ID, tx.now, tx.now.Add(PasswordResetLife)); err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		return tx.audit(ctx, "request_password_reset", "user", u.ID, u.Province, nil, map[string]any{"email": u.Email})
	})
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// ResetPasswordWithToken sets the password of the account a reset token was
// made for, once, within its life; it ends the account's sessions.
func (db *DB) ResetPasswordWithToken(ctx context.Context, token, newPassword string) error {
	newPassword = normalizePassword(newPassword)
	hash, err := newPasswordHash(newPassword)
	if err != nil {
		return err
	}
	return db.write(ctx, coop.System, func(tx *Tx) error {
		var userID int64
		var expires time.Time
		var used sql.NullTime
		err := tx.queryRow(ctx, `SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?`, auth.HashToken(token)).
			Scan(&userID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || !tx.now.Before(expires))) {
			return coop.Errorf(coop.EINVALID, "Đường dẫn đặt lại mật khẩu không còn hiệu lực. Hãy yêu cầu đường dẫn mới.")
		}
		if err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		u, _, err := db.getUser(ctx, tx.tx, "u.id = ?", userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return coop.Errorf(coop.EINVALID, "Tài khoản đã bị khoá.")
		}
		if _, err := tx.exec(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, tx.now, userID); err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		if err := tx.setPassword(ctx, u, hash); err != nil {
			return err
		}
		return tx.audit(ctx, "reset_password", "user", u.ID, u.Province, nil, map[string]any{"email": u.Email, "by": "email"})
	})
}
