package auth

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	fast := Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}
	h, err := hashWith("mật khẩu đúng", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("encoded hash %q", h)
	}
	if err := VerifyPassword(h, "mật khẩu đúng"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := VerifyPassword(h, "mật khẩu sai"); err != ErrMismatch {
		t.Fatalf("wrong password: %v", err)
	}
	h2, _ := hashWith("mật khẩu đúng", fast)
	if h == h2 {
		t.Fatal("two hashes of one password must differ (salt)")
	}
	for _, bad := range []string{"", "$bcrypt$x", "$argon2id$v=19$m=x$a$b", "$argon2id$v=18$m=1,t=1,p=1$AAAA$AAAA"} {
		if VerifyPassword(bad, "x") == nil {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}

func TestDefaultParamsRoundTrip(t *testing.T) {
	h, err := HashPassword("abc")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("%v %q", err, h)
	}
	if VerifyPassword(h, "abc") != nil {
		t.Fatal("default params do not round-trip")
	}
}

func TestTokens(t *testing.T) {
	tok, hash, err := NewToken("ht_")
	if err != nil || !strings.HasPrefix(tok, "ht_") || len(tok) < 40 {
		t.Fatalf("token %q %v", tok, err)
	}
	if HashToken(tok) != hash || strings.Contains(hash, tok) {
		t.Fatal("hash must be derived from, and not contain, the token")
	}
	tok2, _, _ := NewToken("ht_")
	if tok == tok2 {
		t.Fatal("tokens must be random")
	}
	p, _ := NewPassword()
	if len(p) != 16 || strings.ContainsAny(p, "0O1lI") {
		t.Fatalf("password %q", p)
	}
}
