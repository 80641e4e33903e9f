package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// Every page the permission matrix renders must be well-formed HTML a
// browser submits as its author meant: no form inside another (a browser
// drops the inner <form> tag, so its button submits the outer form and its
// </form> ends the outer one early), no id used twice, and no field
// without a label.

func init() {
	matrixPageChecks = append(matrixPageChecks, func(t *testing.T, name string, res *http.Response, body []byte) {
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			return
		}
		for _, p := range htmlProblems(body) {
			t.Errorf("%s: %s", name, p)
		}
	})
}

// htmlProblems lists what is wrong with a page's structure.
func htmlProblems(page []byte) []string {
	var out []string
	// Nesting is seen in the tokens: the parser would hide it.
	z := html.NewTokenizer(bytes.NewReader(page))
	depth, ids := 0, map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				out = append(out, "unreadable HTML: "+z.Err().Error())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range tok.Attr {
				if a.Key == "id" {
					ids[a.Val]++
					if ids[a.Val] == 2 {
						out = append(out, fmt.Sprintf("id %q is used more than once", a.Val))
					}
				}
			}
			if tok.DataAtom == atom.Form && tt == html.StartTagToken {
				if depth > 0 {
					out = append(out, "a form inside another form: "+describe(tok))
				}
				depth++
			}
		case html.EndTagToken:
			if tok.DataAtom == atom.Form && depth > 0 {
				depth--
			}
		}
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return append(out, "unparsable HTML: "+err.Error())
	}
	labelled := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if n.DataAtom == atom.Label {
			if f := attr(n, "for"); f != "" {
				labelled[f] = true
			}
		}
	})
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Input:
			switch strings.ToLower(attr(n, "type")) {
			case "hidden", "submit", "button", "reset", "image":
				return
			}
		case atom.Select, atom.Textarea:
		default:
			return
		}
		if attr(n, "aria-label") != "" || attr(n, "aria-labelledby") != "" || (attr(n, "id") != "" && labelled[attr(n, "id")]) {
			return
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Label {
				return
			}
		}
		out = append(out, "a field without a label: "+describeNode(n))
	})
	return out
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func describe(tok html.Token) string {
	var b strings.Builder
	b.WriteString("<" + tok.Data)
	for _, a := range tok.Attr {
		if a.Key == "id" || a.Key == "name" || a.Key == "action" || a.Key == "type" {
			fmt.Fprintf(&b, " %s=%q", a.Key, a.Val)
		}
	}
	return b.String() + ">"
}

func describeNode(n *html.Node) string {
	return describe(html.Token{Type: html.StartTagToken, Data: n.Data, Attr: n.Attr})
}

// The checker itself: it must see what it is meant to see.
func TestHTMLProblemsFindsWhatBreaksForms(t *testing.T) {
	for _, c := range []struct {
		name, page string
		want       string
	}{
		{"nested form", `<form id="a"><textarea name="x" aria-label="x"></textarea><form id="b"><button>Gửi</button></form></form>`, "a form inside another form"},
		{"duplicate id", `<p id="x"></p><p id="x"></p>`, `id "x" is used more than once`},
		{"bare input", `<form><input name="q"></form>`, "a field without a label"},
		{"bare select", `<select name="s"><option>1</option></select>`, "a field without a label"},
	} {
		got := strings.Join(htmlProblems([]byte(c.page)), "; ")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	fine := `<form id="f"><label>Tên <input name="n"></label><label for="d">Ngày</label><input id="d" type="date">
		<input type="hidden" name="v"><select aria-label="Tỉnh"></select><button type="submit">Lưu</button></form>
		<form id="g"></form><textarea form="g" aria-labelledby="h" name="b"></textarea><h2 id="h">Trả lời</h2>`
	if p := htmlProblems([]byte(fine)); len(p) != 0 {
		t.Errorf("a well-formed page is flagged: %q", p)
	}
}

// The report's page in each state its conversation goes through, for each
// role that reads it, with the forms drawn on demand and after refused
// saves: the matrix's records carry no conversation, these do.
func TestReportPagesStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newServer(t, db)
		id := seedReport(t, db, "08", "Báo cáo cấu trúc", coop.ReportSubmitted)
		section := &coop.ReportComment{AnchorKind: coop.AnchorSection, AnchorKey: coop.SectionResults, Body: "Đề nghị nêu rõ số HTX"}
		figure := &coop.ReportComment{AnchorKind: coop.AnchorFigure, AnchorKey: "jobs.htx", Body: "Số việc làm có vẻ trùng"}
		general := &coop.ReportComment{AnchorKind: coop.AnchorReport, Body: "Góp ý chung về báo cáo"}
		for _, c := range []*coop.ReportComment{section, figure, general} {
			if err := db.CommentReport(ctx, coop.System, id, c); err != nil {
				t.Fatal(err)
			}
		}
		central := roleClient(t, db, ts, "central@structure.test", coop.RoleCentral, "")
		lead := roleClient(t, db, ts, "lead@structure.test", coop.RoleProvincialLead, "08")
		officer := roleClient(t, db, ts, "officer@structure.test", coop.RoleProvincial, "08")
		viewer := roleClient(t, db, ts, "viewer@structure.test", coop.RoleViewer, "")
		u := fmt.Sprintf("%s/reports/%d", ts.URL, id)
		check := func(what string, c *http.Client, path string) {
			t.Helper()
			code, page := getPage(t, c, path)
			if code != 200 {
				t.Fatalf("%s: %d", what, code)
			}
			for _, p := range htmlProblems([]byte(page)) {
				t.Errorf("%s: %s", what, p)
			}
		}
		check("submitted, as the centre", central, u)
		check("submitted, the figure's comment box open", central, u+"?open=comment:figure:jobs.htx")
		check("submitted, as the lead", lead, u)
		check("submitted, as a viewer", viewer, u)
		if _, err := db.ReturnReport(ctx, coop.System, id, 0, "Đề nghị rà soát"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplyReport(ctx, coop.System, id, figure.ID, "Đã rà soát"); err != nil {
			t.Fatal(err)
		}
		check("returned, as the lead", lead, u)
		check("returned, as an officer", officer, u)
		check("returned, an override form open", lead, u+"?open=override:jobs.htx")
		check("returned, as the centre", central, u)
		check("returned, as a viewer", viewer, u)

		// Refused saves show the page again with the forms as typed.
		post := func(what string, c *http.Client, path string, form url.Values, want int) {
			t.Helper()
			res, err := c.PostForm(path, form)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != want {
				t.Fatalf("%s: %d, want %d: %.300s", what, res.StatusCode, want, b)
			}
			for _, p := range htmlProblems(b) {
				t.Errorf("%s: %s", what, p)
			}
		}
		post("an empty reply", lead, u+"/replies", url.Values{"comment_id": {fmt.Sprint(section.ID)}, "body": {""}}, 422)
		d, err := db.Report(ctx, coop.System, id)
		if err != nil {
			t.Fatal(err)
		}
		post("an override without a reason", lead, u, url.Values{"row_version": {fmt.Sprint(d.RowVersion)}, "action": {"override"}, "key": {"jobs.htx"}, "value": {"12"}}, 422)
		post("a stale save", lead, u, url.Values{"row_version": {"1"}, "action": {"save"}, "narrative.results": {"Văn bản mới"}}, 409)

		if _, err := db.ResubmitReport(ctx, coop.System, id, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveReport(ctx, coop.System, id, 0); err != nil {
			t.Fatal(err)
		}
		check("approved, as the lead", lead, u)
		check("approved, as the centre", central, u)
		check("the comparison", central, u+"/compare?a=1&b=2")
		check("the print view", lead, u+"/print")
	})
}
