package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
)

// Session limits. Sign-in throttling follows the policy in coop/limits.go.
const (
	SessionIdle     = 8 * time.Hour      // a session unused this long ends
	SessionLifetime = 7 * 24 * time.Hour // a session ends this long after sign-in, used or not
	touchEvery      = time.Minute        // last_seen_at and last_used_at are written at most this often
)

// Sign-in messages: the same for an unknown email, a wrong password and a
// disabled account, so that none of them discloses which it was.
const msgSignIn = "Email hoặc mật khẩu không đúng."

func errSignIn() error { return coop.Errorf(coop.EUNAUTH, msgSignIn) }

// errWait is the answer to an attempt made before its delay has passed.
func errWait(d time.Duration) error {
	return coop.Errorf(coop.EUNAUTH, "%s", msgWait(d))
}

func msgWait(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	return fmt.Sprintf("Đăng nhập sai nhiều lần. Vui lòng chờ %d giây rồi thử lại.", secs)
}

func errSession() error {
	return coop.Errorf(coop.EUNAUTH, "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.")
}
func errToken() error {
	return coop.Errorf(coop.EUNAUTH, "Khoá API không hợp lệ hoặc đã bị thu hồi.")
}

// Rows of signin_throttle, by key: failures of an account ("email:"), of
// an address ("addr:"), of an account from one address ("pair:"), of a
// signed-in user's current password ("pw:"); and the addresses an account
// has signed in from ("known:", failures 0, first_failure_at the last
// sign-in). locked_until is the earliest time of the next attempt.
func throttleKeyEmail(email string) string      { return "email:" + email }
func throttleKeyAddr(addr string) string        { return "addr:" + addr }
func throttleKeyPair(email, addr string) string { return "pair:" + email + "|" + addr }
func throttleKeyKnown(email, addr string) string {
	return "known:" + email + "|" + addr
}
func throttleKeyPassword(email string) string { return "pw:" + email }

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// throttleWait returns how long until the next attempt under all the keys
// may be made: 0 when it may be made now.
func (db *DB) throttleWait(ctx context.Context, keys []string) (time.Duration, error) {
	now := db.now().UTC()
	q := `SELECT locked_until FROM signin_throttle WHERE locked_until IS NOT NULL AND key IN (?` + strings.Repeat(", ?", len(keys)-1) + `)`
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return 0, fmt.Errorf("store: throttle: %w", err)
	}
	defer rows.Close()
	var wait time.Duration
	for rows.Next() {
		var until sql.NullTime
		if err := rows.Scan(&until); err != nil {
			return 0, err
		}
		if until.Valid && until.Time.Sub(now) > wait {
			wait = until.Time.Sub(now)
		}
	}
	return wait, rows.Err()
}

// knownAddress reports whether the account has signed in from address
// within coop.KnownAddressKept.
func (db *DB) knownAddress(ctx context.Context, email, address string) (bool, error) {
	if address == "" {
		return false, nil
	}
	var n int
	err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM signin_throttle WHERE key = ? AND first_failure_at > ?`),
		throttleKeyKnown(email, address), db.now().UTC().Add(-coop.KnownAddressKept)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: throttle: %w", err)
	}
	return n > 0, nil
}

// recordFailure counts a failed attempt against key and sets the earliest
// time of the next one to now + delay(failures within the window). The
// upsert is one statement, so concurrent failures all count.
func (tx *Tx) recordFailure(ctx context.Context, key string, delay func(failures int) time.Duration) error {
	windowStart := tx.now.Add(-coop.SignInWindow)
	var failures int
	err := tx.queryRow(ctx, `INSERT INTO signin_throttle (key, failures, first_failure_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN signin_throttle.first_failure_at > ? THEN signin_throttle.failures + 1 ELSE 1 END,
			first_failure_at = CASE WHEN signin_throttle.first_failure_at > ? THEN signin_throttle.first_failure_at ELSE excluded.first_failure_at END
		RETURNING failures`, key, tx.now, windowStart, windowStart).Scan(&failures)
	if err != nil {
		return fmt.Errorf("store: throttle: %w", err)
	}
	if d := delay(failures); d > 0 {
		if _, err := tx.exec(ctx, `UPDATE signin_throttle SET locked_until = ? WHERE key = ?`, tx.now.Add(d), key); err != nil {
			return fmt.Errorf("store: throttle: %w", err)
		}
	}
	return nil
}

func softDelay(limit int, wait time.Duration) func(int) time.Duration {
	return func(n int) time.Duration {
		if n >= limit {
			return wait
		}
		return 0
	}
}

// SignIn checks an email and password and starts a session. It returns the
// session token (shown to the client once; only its hash is stored) and the
// account. Unknown email, wrong password and disabled account answer the
// same EUNAUTH. Failures slow further attempts down (coop/limits.go) but
// never lock an account or an address: an attempt made too early is
// refused with the wait, without checking the password, and an address the
// account has signed in from before is not held back by failures from
// elsewhere. Every failure and every early attempt is audited.
func (db *DB) SignIn(ctx context.Context, email, password, address, userAgent string) (string, *User, error) {
	email = normalizeEmail(email)
	password = normalizePassword(password)
	address = truncate(coop.Clean(address), 100)
	userAgent = truncate(coop.Clean(userAgent), 300)
	pair := throttleKeyPair(email, address)
	known, err := db.knownAddress(ctx, email, address)
	if err != nil {
		return "", nil, err
	}
	keys := []string{pair}
	if !known {
		keys = append(keys, throttleKeyEmail(email))
		if address != "" {
			keys = append(keys, throttleKeyAddr(address))
		}
	}
	wait, err := db.throttleWait(ctx, keys)
	if err != nil {
		return "", nil, err
	}
	u, hash, err := db.getUser(ctx, db.read(ctx), "u.email = ?", email)
	if coop.ErrorCode(err) == coop.ENOTFOUND {
		u, err = nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	at := signInAttempt{email: email, address: address, pair: pair, known: known, wait: wait}
	switch {
	case wait > 0:
		return "", nil, db.signInFailed(ctx, at, u, "too_early")
	case u == nil:
		auth.DummyVerify(password)
		return "", nil, db.signInFailed(ctx, at, u, "unknown_email")
	case auth.VerifyPassword(hash, password) != nil:
		return "", nil, db.signInFailed(ctx, at, u, "wrong_password")
	case u.Disabled:
		return "", nil, db.signInFailed(ctx, at, u, "disabled")
	}
	token, err := db.startSession(ctx, at, u, userAgent)
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// signInAttempt is who tries to sign in from where, and how long the
// attempt had still to wait (0: none).
type signInAttempt struct {
	email, address, pair string
	known                bool
	wait                 time.Duration
}

// signInFailed records a failed attempt (but for one made too early) and
// audits it, then answers the error for the client.
func (db *DB) signInFailed(ctx context.Context, at signInAttempt, u *User, reason string) error {
	actor, id, province := coop.Anonymous, int64(0), ""
	if u != nil {
		actor, id, province = u.Actor(), u.ID, u.Province
	}
	err := db.write(ctx, actor, func(tx *Tx) error {
		if at.wait == 0 {
			if err := tx.recordFailure(ctx, at.pair, coop.SignInDelay); err != nil {
				return err
			}
			if err := tx.recordFailure(ctx, throttleKeyEmail(at.email), softDelay(coop.AccountSoftLimit, coop.AccountSoftWait)); err != nil {
				return err
			}
			if at.address != "" {
				if err := tx.recordFailure(ctx, throttleKeyAddr(at.address), softDelay(coop.AddressSoftLimit, coop.AddressSoftWait)); err != nil {
					return err
				}
			}
		}
		return tx.audit(ctx, "sign_in_failed", "user", id, province, nil,
			map[string]any{"email": at.email, "address": at.address, "reason": reason, "known_address": at.known})
	})
	if err != nil {
		return err
	}
	if at.wait > 0 {
		db.log.Warn("sign-in attempt before its delay", "email", at.email, "address", at.address, "wait_s", at.wait.Seconds())
		return errWait(at.wait)
	}
	return errSignIn()
}

// startSession clears the attempt's failures, remembers its address as
// known, and starts a session for u; it returns the session token.
func (db *DB) startSession(ctx context.Context, at signInAttempt, u *User, userAgent string) (string, error) {
	token, tokenHash, err := auth.NewToken("hs_")
	if err != nil {
		return "", fmt.Errorf("store: session token: %w", err)
	}
	err = db.write(ctx, u.Actor(), func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM signin_throttle WHERE key = ?`, at.pair); err != nil {
			return fmt.Errorf("store: throttle: %w", err)
		}
		if at.address != "" {
			if _, err := tx.exec(ctx, `INSERT INTO signin_throttle (key, failures, first_failure_at) VALUES (?, 0, ?)
				ON CONFLICT (key) DO UPDATE SET first_failure_at = excluded.first_failure_at`, throttleKeyKnown(at.email, at.address), tx.now); err != nil {
				return fmt.Errorf("store: throttle: %w", err)
			}
		}
		// Sweep the account's dead sessions while here.
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ? OR last_seen_at <= ?)`,
			u.ID, tx.now, tx.now.Add(-SessionIdle)); err != nil {
			return fmt.Errorf("store: sweep sessions: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash, u.ID, tx.now, tx.now, tx.now.Add(SessionLifetime), at.address, userAgent); err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		return tx.audit(ctx, "sign_in", "user", u.ID, u.Province, nil, map[string]string{"address": at.address})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// SessionActor returns the account behind a session token. An unknown or
// expired session (idle for 8 hours, or 7 days after sign-in) or a disabled
// account answers EUNAUTH with coop.Anonymous.
func (db *DB) SessionActor(ctx context.Context, token string) (coop.Actor, error) {
	c, err := db.credential(ctx, sessionCredential, token)
	if err != nil {
		return coop.Anonymous, err
	}
	lastSeen, expires := c.used.Time, c.ends.Time
	now := db.now().UTC()
	if c.disabled || !now.Before(expires) || now.Sub(lastSeen) >= SessionIdle {
		if _, err := db.execWrite(ctx, `DELETE FROM sessions WHERE id = ?`, c.id); err != nil {
			return coop.Anonymous, fmt.Errorf("store: end session: %w", err)
		}
		return coop.Anonymous, errSession()
	}
	db.touchCredential(ctx, sessionCredential, c, now)
	return c.actor, nil
}

// credentialKind is where a kind of bearer token is kept: its prefix, its
// table, its column of last use and its column of end (expiry or
// revocation), and the error an unusable one answers.
type credentialKind struct {
	prefix, table, used, ends string
	fail                      func() error
}

var (
	sessionCredential = credentialKind{"hs_", "sessions", "last_seen_at", "expires_at", errSession}
	tokenCredential   = credentialKind{"ht_", "api_tokens", "last_used_at", "revoked_at", errToken}
)

// credential is the row of a session or API token with its account.
type credential struct {
	id         int64
	used, ends sql.NullTime
	actor      coop.Actor
	disabled   bool
}

// credential reads the row of the token and its account; a token without
// the kind's prefix or not found answers the kind's error.
func (db *DB) credential(ctx context.Context, k credentialKind, token string) (credential, error) {
	var c credential
	if !strings.HasPrefix(token, k.prefix) {
		return c, k.fail()
	}
	err := db.lookup(ctx).QueryRowContext(ctx, db.rebind(`SELECT t.id, t.`+k.used+`, t.`+k.ends+`, u.id, u.name, u.role, u.province, u.disabled
		FROM `+k.table+` t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`), auth.HashToken(token)).
		Scan(&c.id, &c.used, &c.ends, &c.actor.UserID, &c.actor.Name, &c.actor.Role, &c.actor.Province, &c.disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return c, k.fail()
	}
	if err != nil {
		return c, fmt.Errorf("store: %s: %w", k.table, err)
	}
	return c, nil
}

// touchCredential records the use of the credential now, at most every
// touchEvery, after the request: the write waits for the writer's turn
// (on reporting day behind every save queued), and the request that uses
// the credential need not wait with it. One touch of a credential runs at
// a time; the requests that use it meanwhile leave it to that one. A touch
// never moves the time back. Settle waits for the touches under way.
func (db *DB) touchCredential(ctx context.Context, k credentialKind, c credential, now time.Time) {
	if c.used.Valid && now.Sub(c.used.Time) < touchEvery {
		return
	}
	key := k.table + ":" + strconv.FormatInt(c.id, 10)
	if _, busy := db.touching.LoadOrStore(key, struct{}{}); busy {
		return
	}
	db.upkeep.Add(1)
	go func() {
		defer db.upkeep.Done()
		defer db.touching.Delete(key)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if _, err := db.execWrite(ctx, `UPDATE `+k.table+` SET `+k.used+` = ? WHERE id = ? AND (`+k.used+` IS NULL OR `+k.used+` < ?)`,
			now, c.id, now); err != nil {
			db.log.Warn("store: record a credential's use", "table", k.table, "err", err)
		}
	}()
}

// Settle waits for what the store writes after a request or an import:
// the credentials' uses (touchCredential) and the statistics gathered
// after an import.
func (db *DB) Settle() { db.upkeep.Wait() }

// SignOut ends the session of the token; an unknown token is not an error.
func (db *DB) SignOut(ctx context.Context, token string) error {
	hash := auth.HashToken(token)
	return db.write(ctx, coop.Anonymous, func(tx *Tx) error {
		u, _, err := db.getUser(ctx, tx.tx, "u.id = (SELECT user_id FROM sessions WHERE token_hash = ?)", hash)
		if coop.ErrorCode(err) == coop.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
			return fmt.Errorf("store: sign out: %w", err)
		}
		tx.actor = u.Actor()
		return tx.audit(ctx, "sign_out", "user", u.ID, u.Province, nil, nil)
	})
}

// SignOutEverywhere ends every session of the actor's account and revokes
// its API tokens.
func (db *DB) SignOutEverywhere(ctx context.Context, actor coop.Actor) error {
	if actor.UserID == 0 || !coop.Can(actor, coop.PermSignedIn) {
		return errSession()
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		u, _, err := db.getUser(ctx, tx.tx, "u.id = ?", actor.UserID)
		if err != nil {
			return err
		}
		n, err := tx.deleteSessions(ctx, u.ID)
		if err != nil {
			return err
		}
		tokens, err := tx.revokeTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, "sign_out_everywhere", "user", u.ID, u.Province, nil, map[string]int64{"sessions": n, "api_tokens_revoked": tokens})
	})
}

// APIToken is a long-lived token for the JSON API, owned by one account.
// Its secret is shown once at creation; only its hash is stored.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

const apiTokenColumns = `id, user_id, name, created_at, last_used_at, revoked_at`

func scanAPIToken(s scanner) (*APIToken, error) {
	var t APIToken
	var used, revoked sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &used, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if used.Valid {
		u := used.Time.UTC()
		t.LastUsedAt = &u
	}
	if revoked.Valid {
		r := revoked.Time.UTC()
		t.RevokedAt = &r
	}
	return &t, nil
}

// CreateAPIToken makes a new API token for the actor's own account and
// returns its secret (shown once) with the stored record.
func (db *DB) CreateAPIToken(ctx context.Context, actor coop.Actor, name string) (string, *APIToken, error) {
	if !coop.Can(actor, coop.PermSignedIn) {
		return "", nil, errSession()
	}
	if actor.UserID == 0 {
		return "", nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ tài khoản người dùng mới tạo được khoá API.")
	}
	name = coop.Clean(name)
	p := coop.Problems{}
	switch {
	case name == "":
		p.Add("name", "Nhập tên để nhớ khoá API dùng vào việc gì.")
	case utf8.RuneCountInString(name) > 100:
		p.Add("name", "Tên khoá API dài tối đa 100 ký tự.")
	}
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	token, hash, err := auth.NewToken("ht_")
	if err != nil {
		return "", nil, fmt.Errorf("store: api token: %w", err)
	}
	var t *APIToken
	err = db.write(ctx, actor, func(tx *Tx) error {
		u, _, err := db.getUser(ctx, tx.tx, "u.id = ?", actor.UserID)
		if coop.ErrorCode(err) == coop.ENOTFOUND || (err == nil && u.Disabled) {
			return errSession()
		}
		if err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			u.ID, name, hash, tx.now)
		if err != nil {
			return fmt.Errorf("store: create api token: %w", err)
		}
		t = &APIToken{ID: id, UserID: u.ID, Name: name, CreatedAt: tx.now}
		return tx.audit(ctx, "create", "api_token", id, u.Province, nil, t)
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// APITokens lists the actor's own API tokens, newest first, revoked ones
// included.
func (db *DB) APITokens(ctx context.Context, actor coop.Actor) ([]APIToken, error) {
	if actor.UserID == 0 || !coop.Can(actor, coop.PermSignedIn) {
		return nil, errSession()
	}
	return queryAll(ctx, db, "api tokens", `SELECT `+apiTokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`,
		[]any{actor.UserID}, values(scanAPIToken))
}

// RevokeAPIToken revokes one of the actor's API tokens (administrators: any
// in their scope). Revoking a revoked token changes nothing.
func (db *DB) RevokeAPIToken(ctx context.Context, actor coop.Actor, id int64) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		t, err := scanAPIToken(tx.queryRow(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return coop.NotFound("khoá API")
		}
		if err != nil {
			return fmt.Errorf("store: api token: %w", err)
		}
		owner, _, err := db.getUser(ctx, tx.tx, "u.id = ?", t.UserID)
		if err != nil {
			return err
		}
		own := actor.UserID != 0 && actor.UserID == t.UserID && coop.Can(actor, coop.PermSignedIn)
		if !own && !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResUser, Province: owner.Province}) {
			return coop.NotFound("khoá API")
		}
		if t.RevokedAt != nil {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return fmt.Errorf("store: revoke api token: %w", err)
		}
		before := *t
		now := tx.now
		t.RevokedAt = &now
		return tx.audit(ctx, "revoke", "api_token", id, owner.Province, &before, t)
	})
}

// TokenActor returns the account behind an API token. An unknown or revoked
// token, or a disabled account, answers EUNAUTH with coop.Anonymous.
func (db *DB) TokenActor(ctx context.Context, token string) (coop.Actor, error) {
	c, err := db.credential(ctx, tokenCredential, token)
	if err != nil {
		return coop.Anonymous, err
	}
	if c.ends.Valid || c.disabled {
		return coop.Anonymous, errToken()
	}
	db.touchCredential(ctx, tokenCredential, c, db.now().UTC())
	return c.actor, nil
}

// Sweep deletes what can no longer be used: sessions past their lifetime or
// idle too long, and sign-in throttle rows whose window and lock have both
// passed. It returns how many rows went. serve runs it every hour; nothing
// depends on it for correctness (expired sessions are refused when used).
func (db *DB) Sweep(ctx context.Context) (sessions, throttles int64, err error) {
	now := db.now().UTC()
	res, err := db.execWrite(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`,
		now, now.Add(-SessionIdle))
	if err != nil {
		return 0, 0, fmt.Errorf("store: sweep sessions: %w", err)
	}
	sessions, _ = res.RowsAffected()
	res, err = db.execWrite(ctx, `DELETE FROM signin_throttle
		WHERE key NOT LIKE 'known:%' AND first_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
		   OR key LIKE 'known:%' AND first_failure_at <= ?`, now.Add(-coop.SignInWindow), now, now.Add(-coop.KnownAddressKept))
	if err != nil {
		return sessions, 0, fmt.Errorf("store: sweep throttle: %w", err)
	}
	throttles, _ = res.RowsAffected()
	return sessions, throttles, nil
}
