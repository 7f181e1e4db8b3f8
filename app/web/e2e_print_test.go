package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// paginateJS lays the printed article out as A4 pages would be (print
// media, the GB/T 9704 type area of 156 × 225 mm as columns of a
// multi-column box, whose fragmentation obeys the same break rules as
// pages), then reports the number of pages and every heading whose next
// line falls on a later page: a heading left alone at a page foot.
const paginateJS = `(function(){
  var mm = 96 / 25.4, w = 156 * mm, h = 225 * mm;
  var art = document.querySelector("article.official");
  art.style.cssText += ";width:" + w + "px;height:" + h + "px;column-width:" + w + "px;column-gap:0;column-fill:auto;max-width:none;padding:0;margin:0;box-shadow:none";
  var x0 = art.getBoundingClientRect().left;
  var pageOf = function(r) { return Math.floor((r.left - x0 + 1) / w); };
  var pages = 0, orphans = [];
  art.querySelectorAll("*").forEach(function(el) {
    var rs = el.getClientRects();
    for (var i = 0; i < rs.length; i++) { if (rs[i].height > 0) pages = Math.max(pages, pageOf(rs[i]) + 1); }
  });
  art.querySelectorAll("h1, h2, h3").forEach(function(hd) {
    var next = hd.nextElementSibling;
    if (!next) return;
    var rs = next.getClientRects();
    if (rs.length && pageOf(rs[0]) !== pageOf(hd.getClientRects()[0])) orphans.push(hd.textContent.trim());
  });
  return JSON.stringify({pages: pages, orphans: orphans, print: !!document.querySelector("[data-print]")});
})()`

// pdfPageRE counts the page objects of a PDF.
var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestPrint_OfficialLayout prints a 会议纪要, a 会商意见, a 专项监督报告, a
// 督办单 and a 会议通知 in headless Chromium (page.PrintToPDF, A4 from the stylesheet's
// @page), checks each page count against the paginated layout and that no
// heading is the last line of a page, and that every printable page has
// its print button. The PDFs are kept under the artifacts directory.
func TestPrint_OfficialLayout(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	bin := requireChromium(t)
	e := webtest.New(t)
	d := e.District()
	sec, admin, leader := e.API(d.OfficeSec), e.API(d.Admin), e.API(d.Leader)
	var unit struct{ Version int }
	admin.Get(fmt.Sprintf("/api/v1/units/%d", d.Office.ID)).Decode(t, &unit)
	wantStatus(t, admin.Do("PATCH", fmt.Sprintf("/api/v1/units/%d", d.Office.ID), map[string]any{"office_code": "奎依法办", "version": unit.Version}), 200)

	// long enough to run over a page, so that page feet are tested
	para := strings.Repeat("会议听取了区检察院关于行政检察监督案件的通报和区司法局关于行政执法监督工作的情况汇报，", 3)
	body := strings.Repeat(para+"\n\n", 5)
	decisions := func(inspect bool) []map[string]any {
		var out []map[string]any
		for i := range 6 {
			dm := map[string]any{"text": fmt.Sprintf("第%d项：%s", i+1, para), "action_items": []map[string]any{
				{"title": fmt.Sprintf("整改事项%d", i+1), "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)}}}
			if inspect {
				dm["unit_id"] = []int64{d.AgencyA.ID, d.AgencyB.ID}[i%2]
				dm["action_items"] = []map[string]any{{"title": fmt.Sprintf("整改要求%d", i+1), "due_on": dueIn(60)}}
			}
			out = append(out, dm)
		}
		return out
	}
	mk := func(kind, title string, start, end string, sections map[string]any) map[string]any {
		b := webtest.MeetingBody(kind, d.Office.ID, title, start, end)
		b["attendee_user_ids"] = []int64{d.ProcSec.ID, d.JusticeSec.ID, d.AgencyAMember.ID}
		if kind == "joint_inspection" {
			b["inspected_unit_ids"] = []int64{d.AgencyA.ID, d.AgencyB.ID}
		}
		m := e.CreateMeeting(sec, b)
		sections["body"] = body
		holdDay(t, e, mDate(1))
		wantStatus(t, sec.Do("PUT", webtest.MeetingPath(m, "/minutes"), sections), 200)
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), 200)
		var got struct {
			Minutes struct {
				Version int
				Actions []struct{ ID int64 } `json:"action_items_created"`
			}
		}
		sec.Get(webtest.MeetingPath(m, "")).Decode(t, &got)
		r := leader.Post(webtest.MeetingPath(m, "/minutes/issue"), map[string]any{"version": got.Minutes.Version})
		wantStatus(t, r, 200)
		m["action"] = got.Minutes.Actions[0].ID
		return m
	}
	joint := mk("joint_meeting", "2026年第四季度联席会议", mStart, mEnd, map[string]any{"decisions": decisions(false)})
	opinion := mk("consultation", "工伤认定案件会商研判", mAt(0, 14, 0), mAt(0, 16, 0), map[string]any{"decisions": decisions(false),
		"analysis": strings.Repeat(para, 3), "opinion": strings.Repeat(para, 2)})
	report := mk("joint_inspection", "行政处罚案卷联合专项监督", mAt(1, 9, 0), mAt(1, 11, 0), map[string]any{"decisions": decisions(true),
		"scope": "2026年度区人社局、区市场监管局办结的行政处罚案卷。"})

	dir := filepath.Join(artifactsDir(t), "print")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bctx, cancelB := newBrowser(t, ctx, bin, 1280)
	defer cancelB()
	tab := &browserTab{t: t, ctx: bctx, base: e.URL, dir: dir, up: clock.StartStopwatch()}
	tab.signIn(d.OfficeSec)

	id := func(m map[string]any) string { return fmt.Sprint(m["id"]) }
	for _, p := range []struct{ name, path, want string }{
		{"minutes", "/meetings/" + id(joint) + "/minutes/print", "奎依法办纪〔"},
		{"opinion", "/meetings/" + id(opinion) + "/minutes/print", "奎依法办意〔"},
		{"inspection-report", "/meetings/" + id(report) + "/minutes/print", "奎依法办报〔"},
		{"duban", fmt.Sprintf("/actions/%v/print", report["action"]), "督办单"},
		{"notice", "/meetings/" + id(joint) + "/notice", "奎依法办会〔"}, // the 会议通知, numbered at 发布
	} {
		if r := e.Browser(d.OfficeSec).Get(p.path); r.Status != 200 {
			t.Fatalf("%s: %d\n%s", p.name, r.Status, r.Body)
		}
		tab.do("open "+p.name, chromedp.Navigate(e.URL+p.path), chromedp.WaitVisible(chromedp.CSS("article.official")))
		if txt := tab.eval(`document.querySelector("article.official").innerText`); !strings.Contains(txt, p.want) {
			t.Errorf("%s: the page lacks %q", p.name, p.want)
		}
		pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(func(q *page.PrintToPDFParams) {
			yes := true
			q.PreferCSSPageSize = &yes
		}))
		if err != nil {
			t.Fatalf("%s: print to PDF: %v", p.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Pages   int
			Orphans []string
			Print   bool
		}
		if err := json.Unmarshal([]byte(tab.eval(paginateJS)), &got); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		n := len(pdfPageRE.FindAll(pdf, -1))
		t.Logf("%s: %d PDF pages, %d laid out, %d bytes", p.name, n, got.Pages, len(pdf))
		if n < 1 || got.Pages < 1 || n != got.Pages {
			t.Errorf("%s: the PDF has %d pages, the paginated layout %d", p.name, n, got.Pages)
		}
		if p.name != "duban" && p.name != "notice" && n < 2 {
			t.Errorf("%s: %d page; the long text should run over", p.name, n)
		}
		if len(got.Orphans) > 0 {
			t.Errorf("%s: headings alone at a page foot: %v", p.name, got.Orphans)
		}
		if !got.Print {
			t.Errorf("%s: no print button", p.name)
		}
	}
}
