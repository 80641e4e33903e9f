// Package mail sends plain-text email through an SMTP server: the notices
// and password-reset links of htxnu. No HTTP, no database.
package mail

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Sender sends mail through one SMTP server. Username and Password are
// used (PLAIN auth) only when set; the server must then offer TLS.
type Sender struct {
	Addr     string // host:port
	From     string // the From address
	Username string
	Password string
}

// Configured reports whether mail can be sent at all.
func (s *Sender) Configured() bool { return s != nil && s.Addr != "" && s.From != "" }

// Send sends one message in UTF-8.
func (s *Sender) Send(to, subject, body string) error {
	if !s.Configured() {
		return fmt.Errorf("mail: no SMTP server configured")
	}
	if strings.ContainsAny(to, "\r\n") {
		return fmt.Errorf("mail: bad address %q", to)
	}
	var auth smtp.Auth
	if s.Username != "" {
		host, _, _ := net.SplitHostPort(s.Addr)
		auth = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	return smtp.SendMail(s.Addr, auth, s.From, []string{to}, Message(s.From, to, subject, body, time.Now()))
}

// Message writes an RFC 5322 message with a UTF-8 subject and a base64
// body, so Vietnamese arrives intact through any relay.
func Message(from, to, subject, body string, at time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", from, to,
		mime.BEncoding.Encode("utf-8", subject), at.UTC().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
