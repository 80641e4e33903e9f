package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
)

// acceptDialogs answers OK to every confirmation the page asks for (the
// data-confirm forms), as a person who means it does.
func (a *browserApp) acceptDialogs() {
	dialogs := chromedp.Events(a.Ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			go chromedp.Call(a.Ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
}

// Journey 7: a woman in a mountain commune who wants to start a weaving
// group opens the public showcase, searches "det tho cam", finds the three
// model cooperatives run by women and opens one: its story, its OCOP
// products with their stars, its results and the contact of the provincial
// alliance that helped it. She never signs in.
func TestJourneyVisitorFindsModel(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	ids := map[string]int64{}
	for _, m := range []struct{ province, name string }{
		{"15", "Hợp tác xã Dệt thổ cẩm Mường Lò"}, {"25", "Hợp tác xã Dệt thổ cẩm Chiềng Châu"}, {"56", "Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp"},
	} {
		ids[m.name] = seedModel(t, a.DB, m.province, m.name, true)
	}
	seedModel(t, a.DB, "08", "Hợp tác xã Dệt thổ cẩm Nà Hang", false) // a draft: never public
	seedModelOf(t, a.DB, "08", "Hợp tác xã Chè Shan tuyết Bản Phố", "agriculture",
		"Các hộ người Dao hái chè Shan tuyết cổ thụ, chế biến chè xanh và hồng trà theo tiêu chuẩn OCOP để bán khắp nơi.", "Chè Shan tuyết Bản Phố", true)

	a.open("/")
	if a.count(`header nav.public-nav a[href="/login"]`) != 1 || a.count(`a[href="/organisations"]`) != 0 {
		t.Fatalf("the public home's header: %s", a.text(`header`))
	}
	if got := a.text(`#hl-models .num`); got != "4" {
		t.Errorf("published models on the home page = %q, want 4", got)
	}
	a.screenshot("journey7-home")
	if got := a.submit("search from the home page", chromedp.SendKeys(chromedp.ID("home-q"), "det tho cam\n")); got != 200 {
		t.Fatalf("search: status %d", got)
	}
	if loc := a.location(); !strings.HasSuffix(loc, "/showcase?q=det+tho+cam") {
		t.Fatalf("the search opened %s", loc)
	}
	if n := a.count(`#models .model-card`); n != 3 {
		t.Fatalf("det tho cam: %d models, want 3 (%s)", n, a.text(`#total`))
	}
	for name := range ids {
		if a.count(`#models a[href="/showcase/`+strconv.FormatInt(ids[name], 10)+`"]`) != 1 {
			t.Errorf("%s is not among the results", name)
		}
	}
	if got := a.value(`#showcase-search input[name=q]`); got != "det tho cam" {
		t.Errorf("search box after the search = %q", got)
	}
	a.screenshot("journey7-results")

	name := "Hợp tác xã Dệt thổ cẩm Mường Lò"
	if got := a.submit("open a model", chromedp.Click(chromedp.Search(`//a[normalize-space()="`+name+`"]`))); got != 200 {
		t.Fatalf("model page: status %d", got)
	}
	if loc := a.location(); loc != a.URL+"/showcase/"+strconv.FormatInt(ids[name], 10) {
		t.Fatalf("the link opened %s", loc)
	}
	if got := a.text(`h1`); got != name {
		t.Fatalf("model page h1 = %q", got)
	}
	if got := a.text(`#story`); !strings.Contains(got, "sợi lanh nhuộm chàm") || !strings.Contains(got, "Điều gì đã giúp") {
		t.Errorf("story = %q", got)
	}
	if got := a.text(`#products`); !strings.Contains(got, "Khăn piêu Hợp tác xã Dệt thổ cẩm Mường Lò") || !strings.Contains(got, "OCOP 4 sao") {
		t.Errorf("products = %q", got)
	}
	if got := a.text(`#products .stars`); got != "★★★★" {
		t.Errorf("stars = %q", got)
	}
	if got := a.text(`#res-jobs`); got != "47" {
		t.Errorf("jobs for women = %q", got)
	}
	if got := a.text(`#fig-managers`); !strings.Contains(got, "2/3") {
		t.Errorf("women in management = %q", got)
	}
	contact := a.text(`#contact`)
	for _, want := range []string{"Liên minh Hợp tác xã Lào Cai", "0207 3822 123", "lienminhhtx@tuyenquang.gov.vn"} {
		if !strings.Contains(contact, want) {
			t.Errorf("contact %q lacks %q", contact, want)
		}
	}
	if body := a.text(`main`); strings.Contains(body, "Lò Thị Xuân") || strings.Contains(body, "Lường Văn Thành") {
		t.Errorf("the public page names a position holder")
	}
	a.screenshot("journey7-model")
}

// A provincial officer writes the profile of a cooperative run by women,
// is told what is missing to publish it, publishes it — it appears on the
// public showcase — and unpublishes it: it disappears at once.
func TestShowcaseOfficerPublishesAndUnpublishes(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	a.acceptDialogs()
	o := seedOrg(t, a.DB, "Hợp tác xã Mây tre đan Phú Vinh", "08", true)
	id := strconv.FormatInt(o.ID, 10)
	a.signInAs(coop.RoleProvincial, "08")

	a.open("/organisations/" + id)
	if got := a.text(`#showcase-state`); !strings.Contains(got, "Chưa có hồ sơ giới thiệu") {
		t.Fatalf("showcase section = %q", got)
	}
	a.screenshot("showcase-org-page")
	if got := a.submit("write a profile", chromedp.Click(chromedp.ID("showcase-edit"))); got != 200 {
		t.Fatalf("profile form: status %d", got)
	}
	if got := a.value(`#showcase-form input[name=contact_name]`); got != "Liên minh Hợp tác xã Tuyên Quang" {
		t.Errorf("default contact = %q", got)
	}

	// A first draft: saved, but not enough to publish.
	a.do("type a short story", chromedp.SendKeys(chromedp.CSS(`#showcase-form textarea[name=story]`), "Đan rổ rá, làn mây."))
	if got := a.submit("save the draft", chromedp.Click(chromedp.CSS(`#showcase-form button[type=submit]`))); got != 200 {
		t.Fatalf("save: status %d: %s", got, a.text(`main`))
	}
	if got := a.text(`.flash`); got != "Đã lưu hồ sơ giới thiệu." {
		t.Errorf("flash = %q", got)
	}
	if got := a.submit("publish the draft", chromedp.Click(chromedp.CSS(`#publish-form button`))); got != 422 {
		t.Fatalf("publishing a short story: status %d", got)
	}
	story := a.text(`//*[@id="showcase-form"]//label[textarea[@name="story"]]//*[contains(@class,"field-error")]`)
	if !strings.Contains(story, "ít nhất 80 ký tự") {
		t.Errorf("story message = %q", story)
	}
	if got := a.text(`p.error[role=alert]`); !strings.Contains(got, "chưa đủ để công khai") {
		t.Errorf("page message = %q", got)
	}
	a.screenshot("showcase-missing")

	// Complete it and publish.
	full := "Hơn ba mươi chị em trong thôn đan làn, giỏ, khay bằng mây và tre theo đơn hàng xuất khẩu, nhận nguyên liệu và hướng dẫn kỹ thuật từ hợp tác xã, làm tại nhà lúc nông nhàn."
	a.do("complete the profile",
		chromedp.SetValue(chromedp.CSS(`#showcase-form textarea[name=story]`), full),
		chromedp.SendKeys(chromedp.CSS(`#showcase-form input[name=contact_phone]`), "0207 3822 123"))
	if got := a.submit("save", chromedp.Click(chromedp.CSS(`#showcase-form button[type=submit]`))); got != 200 {
		t.Fatalf("save: status %d: %s", got, a.text(`main`))
	}
	if got := a.submit("publish", chromedp.Click(chromedp.CSS(`#publish-form button`))); got != 200 {
		t.Fatalf("publish: status %d: %s", got, a.text(`main`))
	}
	if got := a.text(`#showcase-state`); !strings.Contains(got, "Đang công khai từ") || !strings.Contains(got, "Cán bộ provincial") {
		t.Errorf("state after publishing = %q", got)
	}
	a.screenshot("showcase-published")

	a.open("/showcase")
	if a.count(`#models a[href="/showcase/`+id+`"]`) != 1 {
		t.Fatalf("the published model is not on the public list: %s", a.text(`main`))
	}
	a.open("/showcase/" + id)
	if got := a.text(`#story`); !strings.Contains(got, "nông nhàn") {
		t.Errorf("public story = %q", got)
	}

	// Unpublish: gone at once.
	a.open("/organisations/" + id)
	if got := a.submit("unpublish", chromedp.Click(chromedp.CSS(`#unpublish-form button`))); got != 200 {
		t.Fatalf("unpublish: status %d", got)
	}
	if got := a.text(`.flash`); !strings.Contains(got, "Đã ngừng công khai") {
		t.Errorf("flash = %q", got)
	}
	a.open("/showcase/manage")
	if got := a.text(`table.showcase-profiles tbody`); !strings.Contains(got, "Hợp tác xã Mây tre đan Phú Vinh") || !strings.Contains(got, "Chưa công khai") {
		t.Errorf("management list = %q", got)
	}
	a.screenshot("showcase-manage")
	a.open("/showcase")
	if a.count(`#models a[href="/showcase/`+id+`"]`) != 0 {
		t.Fatalf("the unpublished model is still on the public list")
	}
	if status := a.openStatus("/showcase/" + id); status != 404 {
		t.Fatalf("the unpublished model's page answered %d", status)
	}
}
