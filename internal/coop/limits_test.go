package coop

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestImplausibleValuesAreRefused(t *testing.T) {
	org := func(edit func(o *Organisation)) error {
		o := &Organisation{Kind: KindHTX, Name: "Hợp tác xã Chè Tân Cương", Sector: "agriculture", Governance: GovernanceFull,
			Province: "08", Status: StatusActive, FoundedOn: "2020-01-15",
			Snapshots: []Snapshot{{AsOf: "2025-12-31", MembersTotal: 12, MembersFemale: 6, WorkersTotal: 20, WorkersFemale: 12}}}
		edit(o)
		o.Normalize()
		return o.Validate("2026-06-01")
	}
	act := func(edit func(a *Activity)) error {
		a := &Activity{Type: ActivityCapital, Title: "Cho vay vốn Quỹ HTX", Province: "08", StartsOn: "2025-03-01",
			LoanFund: "central", LoanAmount: 500_000_000, LoanTermMonths: 24, LoanStatus: "disbursed",
			ParticipantsTotal: 10, ParticipantsFemale: 5}
		edit(a)
		a.Normalize()
		return a.Validate()
	}
	for _, c := range []struct {
		name, field, says string
		err               error
	}{
		{"members 10^12", "workforce[0].members_total", "1.000.000", org(func(o *Organisation) { o.Snapshots[0].MembersTotal = 1e12 })},
		{"workers 10^12", "workforce[0].workers_total", "1.000.000", org(func(o *Organisation) { o.Snapshots[0].WorkersTotal = 1e12 })},
		{"founded in year 1", "founded_on", "01/01/1945", org(func(o *Organisation) { o.FoundedOn = "0001-01-01" })},
		{"as of 9999", "workforce[0].as_of", "31/12/2100", org(func(o *Organisation) { o.Snapshots[0].AsOf = "9999-12-31" })},
		{"three zero-width spaces", "name", "3 ký tự", org(func(o *Organisation) { o.Name = "\u200b\u200b\u200b" })},
		{"three BOMs", "name", "3 ký tự", org(func(o *Organisation) { o.Name = "\ufeff\ufeff\ufeff" })},
		{"invisible holder", "positions[0].holder", "nhìn thấy", org(func(o *Organisation) {
			o.Positions = []Position{{Role: RoleDirector, Holder: "\u200b\u200c\u200d", Sex: SexFemale}}
		})},
		{"participants 10^12", "participants_total", "1.000.000", act(func(a *Activity) { a.ParticipantsTotal = 1_000_000_001_038 })},
		{"loan 10^15", "loan_amount", "100.000.000.000", act(func(a *Activity) { a.LoanAmount = 1e15 })},
		{"activity in 9999", "ends_on", "31/12/2100", act(func(a *Activity) { a.EndsOn = "9999-01-01" })},
		{"cost 10^15", "costs.local_budget", "1.000.000.000.000", act(func(a *Activity) { a.Costs = []Cost{{Source: "local_budget", Amount: 1e15}} })},
	} {
		msg := ErrorFields(c.err)[c.field]
		if ErrorCode(c.err) != EINVALID || msg == "" || !strings.Contains(msg, c.says) {
			t.Errorf("%s: want %s refused saying %q, got %v", c.name, c.field, c.says, c.err)
		}
	}
	// At the bounds, accepted.
	if err := org(func(o *Organisation) { o.Snapshots[0].MembersTotal = MaxHeadcount }); err != nil {
		t.Errorf("members at the bound: %v", err)
	}
	if err := act(func(a *Activity) { a.LoanAmount = MaxLoanAmount }); err != nil {
		t.Errorf("loan at the bound: %v", err)
	}
}

func TestTextChecks(t *testing.T) {
	for _, s := range []string{"a\x00b", "a\x07", "\x1b[31m", "a\u0085", "\u202eabc", "a\u2066b", "\xff\xfe", "a\x7f"} {
		if TextProblem(s) == "" {
			t.Errorf("%q accepted", s)
		}
	}
	for _, s := range []string{"", "Hợp tác xã Đồng Tâm", "dòng một\ndòng hai\r\n\tthụt lề", "tiếng Việt ‎có dấu", "emoji 🌾"} {
		if m := TextProblem(s); m != "" {
			t.Errorf("%q refused: %s", s, m)
		}
	}
	if m := SearchProblem(strings.Repeat("ab ", 13)); !strings.Contains(m, "12 từ") {
		t.Errorf("13 words: %q", m)
	}
	if m := SearchProblem(strings.Repeat("ab ", 1000)); m == "" {
		t.Error("1,000 words accepted")
	}
	if m := SearchProblem(strings.Repeat("a", 201)); !strings.Contains(m, "200 ký tự") {
		t.Errorf("201 characters: %q", m)
	}
	if w := SearchWords(strings.Repeat("ab ", 1000) + "\x00"); len(w) != MaxSearchWords {
		t.Errorf("SearchWords kept %d words", len(w))
	}
	if w := SearchWords("Hợp  tác XÃ đồng"); strings.Join(w, " ") != "hop tac xa dong" {
		t.Errorf("SearchWords folds: %q", w)
	}
	for s, want := range map[string]int{"\u200b\u200b\u200b": 0, "\ufeff\ufeff\ufeff": 0, "Lan": 3, " Hà ": 2, "Nguyễn": 6} {
		if got := VisibleLen(s); got != want {
			t.Errorf("VisibleLen(%q) = %d, want %d", s, got, want)
		}
	}
	if ClampPage(9223372036854775807) != MaxPage || ClampPage(-5) != 1 {
		t.Error("ClampPage")
	}
}

func TestWeakPasswords(t *testing.T) {
	const email, name = "nguyen.thi.lan@tuyenquang.lmhtx.vn", "Nguyễn Thị Lan"
	for _, c := range []struct{ pw, says string }{
		{email, "email"},
		{"NGUYEN.THI.LAN-2026", "email"},
		{"Nguyễn Thị Lan 2026", "họ và tên"},
		{"nguyenthilan!!", "họ và tên"},
		{"1234567890", "phổ biến"},
		{"Mật khẩu 123", "phổ biến"},
		{"Password123", "phổ biến"},
		{"qwertyuiop", "phổ biến"},
		{"ngắn", "10 ký tự"},
		{"aaaaaaaaaaaa", "lặp lại"},
	} {
		if m := PasswordProblem(c.pw, email, name); !strings.Contains(m, c.says) {
			t.Errorf("%q: %q, want a message with %q", c.pw, m, c.says)
		}
	}
	for _, pw := range []string{"Rừng thông 2026 xanh", "mật-khẩu-thử-nghiệm", "Lanh lảnh tiếng chim"} {
		if m := PasswordProblem(pw, email, name); m != "" {
			t.Errorf("%q refused: %s", pw, m)
		}
	}
	if len(commonPasswords) < 100 {
		t.Errorf("%d common passwords loaded", len(commonPasswords))
	}
}

func TestDateProblemNamesValueAndForm(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2026-06-14", ""},
		{"2026-02-31", "Ngày xem số liệu “2026-02-31” không phải một ngày có thật: nhập theo dạng YYYY-MM-DD (ví dụ 2026-06-14)."},
		{"14/06/2026", "Ngày xem số liệu “14/06/2026” không phải một ngày có thật: nhập theo dạng YYYY-MM-DD (ví dụ 2026-06-14)."},
		{"", "Ngày xem số liệu còn trống: nhập theo dạng YYYY-MM-DD (ví dụ 2026-06-14)."},
		{"1800-01-01", dateBoundsMessage("Ngày xem số liệu")},
	}
	for _, c := range cases {
		if got := DateProblem(c.in, "Ngày xem số liệu"); got != c.want {
			t.Errorf("DateProblem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := DateProblem(strings.Repeat("9", 5000), "Ngày")
	if utf8.RuneCountInString(long) > 120 {
		t.Errorf("a long value is shown whole: %d characters", utf8.RuneCountInString(long))
	}
}
