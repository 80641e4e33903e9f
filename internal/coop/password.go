package coop

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Password rules (docs/decisions/0008-input-limits.md).
const (
	MinPasswordRunes = 10
	MaxPasswordRunes = 256
)

//go:embed data/common-passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[passwordKey(line)] = true
		}
	}
	return m
}()

// passwordKey folds a password for comparison: lower case, marks and
// spaces removed, so "Mật Khẩu 123" and "matkhau123" are one.
func passwordKey(s string) string { return strings.ReplaceAll(Fold(s), " ", "") }

// PasswordProblem returns what makes pw a poor password for the account
// with this email and name, or "": too short or too long, one character
// repeated, containing the email's local part or the person's name, or on
// the list of common passwords carried in the binary.
func PasswordProblem(pw, email, name string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return "Nhập mật khẩu."
	case n < MinPasswordRunes:
		return fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", MinPasswordRunes)
	case n > MaxPasswordRunes:
		return fmt.Sprintf("Mật khẩu dài tối đa %d ký tự.", MaxPasswordRunes)
	case strings.Count(pw, string([]rune(pw)[0])) == n:
		return "Mật khẩu không được chỉ lặp lại một ký tự."
	}
	key := passwordKey(pw)
	if local, _, _ := strings.Cut(email, "@"); len(local) >= 3 {
		if l := passwordKey(local); len(l) >= 3 && strings.Contains(key, l) {
			return "Mật khẩu không được chứa tên trong địa chỉ email."
		}
	}
	if nm := passwordKey(name); utf8.RuneCountInString(nm) >= 3 && strings.Contains(key, nm) {
		return "Mật khẩu không được chứa họ và tên của người dùng."
	}
	if commonPasswords[key] {
		return "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."
	}
	return ""
}
