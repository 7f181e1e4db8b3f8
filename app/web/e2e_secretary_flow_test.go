package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// e2ePDF is a small PDF, sniffed as one by content.
var e2ePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// draftMeeting opens /meetings/new as the signed-in secretary, applies the
// template named tpl (套用模板, which fills the standing agenda), fills the
// rest and saves a joint meeting as 草稿 (保存草稿), inviting the users
// attendees; it returns the meeting page's path.
func draftMeeting(b *browserTab, tpl, firstItem, title, day string, attendees ...string) string {
	b.t.Helper()
	b.do("open the form",
		chromedp.Navigate(b.base+"/meetings/new?kind=joint_meeting"),
		chromedp.WaitVisible(chromedp.ID("m-template")))
	if got := b.eval(fmt.Sprintf(`(function(){var s=document.getElementById("m-template");
		for(var i=0;i<s.options.length;i++){if(s.options[i].textContent.trim()===%q){s.value=s.options[i].value}}return s.value})()`, tpl)); got == "" {
		b.t.Fatalf("the form offers no template named %s", tpl)
	}
	b.do("套用模板", chromedp.Click(chromedp.CSS(`#prefill button[type=submit]`)))
	b.waitFor("the template's standing items", fmt.Sprintf(`(document.getElementById("ag0-title")||{}).value===%q ? "y" : ""`, firstItem))
	b.do("fill the rest",
		chromedp.SetValue(chromedp.ID("m-title"), title),
		chromedp.SetValue(chromedp.ID("m-start"), day+"T09:00"),
		chromedp.SetValue(chromedp.ID("m-end"), day+"T11:00"),
		chromedp.SetValue(chromedp.ID("m-loc"), "区委依法治区办二楼会议室"),
	)
	b.selectValues("#m-att", attendees...)
	b.shot("01-draft-form")
	b.do("save the draft", chromedp.Click(chromedp.CSS(`#meeting-form button[name=status][value=draft]`)))
	return b.waitPath(`^/meetings/\d+$`)
}

// TestE2E_SecretaryMeeting is issue 20's Done-when in headless Chromium: a
// secretary drafts a joint meeting from her unit's 季度联席会议 template
// (its standing items become the agenda) inviting people of two agencies,
// attaches a PDF on the meeting page, issues it with 发布 and opens the
// 回执 table; one agency's liaison answers for herself (我的答复), the
// other's answers for his unit's people in 本单位回执 on a 390 px phone
// (委托 naming who attends, then that person's 参加); the secretary's
// table shows the answers and counts. 1366 px, and 390 px for the
// liaisons, without sideways scrolling.
func TestE2E_SecretaryMeeting(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	bin := requireChromium(t)
	e := webtest.New(t)
	d := e.District()
	b2 := e.User("agency.b2", d.AgencyB, "member")
	b3 := e.User("agency.b3", d.AgencyB, "member")
	dir := t.TempDir()
	if a := os.Getenv("LIAISON_ARTIFACTS_DIR"); a != "" {
		dir = filepath.Join(a, "e2e-secretary")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	pdf := filepath.Join(t.TempDir(), "汇报材料.pdf")
	if err := os.WriteFile(pdf, e2ePDF, 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	secCtx, cancelSec := newBrowser(t, ctx, bin, 1366)
	defer cancelSec()
	sec := &browserTab{t: t, ctx: secCtx, base: e.URL, dir: dir, up: clock.StartStopwatch()}
	fits := func(b *browserTab, where string) {
		t.Helper()
		if got := b.eval(`document.documentElement.scrollWidth <= document.documentElement.clientWidth ? "fits" : String(document.documentElement.scrollWidth)`); got != "fits" {
			t.Errorf("%s scrolls sideways: %s px wide", where, got)
		}
	}

	// 1. 草稿: nothing is sent, and only the organisers see it
	sec.signIn(d.OfficeSec)
	tpl := quarterlyTemplate(d)
	createTemplate(t, e.API(d.OfficeSec), tpl)
	items := tpl["items"].([]map[string]any)
	path := draftMeeting(sec, tpl["name"].(string), items[0]["title"].(string), "2026年第四季度行政执法监督联席会议", mDay.String(),
		id64(d.AgencyAMember.ID), id64(d.AgencyBMember.ID), id64(b2.ID))
	sec.waitText(".mtg-badges", "草稿")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/meetings/"), 10, 64)
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE meeting_id = ?`, id); n != 0 {
		t.Errorf("a draft sent %d messages", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?`, id); n != int64(len(items)) {
		t.Errorf("the draft has %d agenda items, the template %d", n, len(items))
	}
	sec.waitText("#agenda", items[1]["title"].(string))

	// 2. 材料: a PDF on the meeting page
	sec.do("attach the material", chromedp.SetUploadFiles(`#mf-file`, []string{pdf}),
		chromedp.Click(chromedp.CSS(`form[action$="/files"] button[type=submit]`)))
	sec.waitText("#files", "汇报材料.pdf")
	sec.shot("02-draft-with-material")

	// 3. 发布: the notice goes out, the 回执 table appears
	sec.eval(`window.confirm = function(){ return true }; ""`)
	sec.do("发布", chromedp.Click(chromedp.CSS(`form[action$="/publish"] button[type=submit]`)))
	sec.waitText(".mtg-badges", "已通知")
	sec.do("open the 回执 table", chromedp.Navigate(e.URL+path+"#receipts"), chromedp.WaitVisible(chromedp.ID("receipts")))
	unitLine := func(unit, line string) {
		t.Helper()
		sec.waitFor(unit+": "+line, fmt.Sprintf(`(function(){var ok="";document.querySelectorAll("#receipts tr.rcpt-unit th").forEach(function(th){
			var s=th.textContent.replace(/\s+/g," ");if(s.indexOf(%q)>=0&&s.indexOf(%q)>=0)ok="y"});return ok})()`, unit, line))
	}
	unitLine("区人社局", "参加 0 · 不参加 0 · 委托 0 · 待定 0 · 未回复 1")
	unitLine("区市场监管局", "参加 0 · 不参加 0 · 委托 0 · 待定 0 · 未回复 2")
	fits(sec, "the secretary's meeting page at 1366 px")
	sec.shot("03-issued-receipts")

	// 4. 区人社局's liaison answers for herself on the meeting page
	aCtx, cancelA := chromedp.NewContext(secCtx, chromedp.WithNewBrowserContext())
	defer cancelA()
	la := &browserTab{t: t, ctx: aCtx, base: e.URL, dir: dir, up: clock.StartStopwatch()}
	la.signIn(d.AgencyAMember)
	la.do("answer 参加", chromedp.Navigate(e.URL+path), chromedp.WaitVisible(chromedp.ID("rsvp")),
		chromedp.Click(chromedp.CSS(`#rsvp input[value=accepted]`)),
		chromedp.SendKeys(chromedp.ID("r-comment"), "准时参加"),
		chromedp.Click(chromedp.CSS(`#rsvp button[type=submit]`)))
	la.waitFor("her answer", `document.querySelector("#rsvp strong.answer-accepted") ? "y" : ""`)
	la.waitText("#files", "汇报材料.pdf")
	la.shot("04-liaison-a-answered")

	// 5. 区市场监管局's liaison, on a phone, answers for his people in 本单位回执
	bCtx, cancelB := chromedp.NewContext(secCtx, chromedp.WithNewBrowserContext())
	defer cancelB()
	lb := &browserTab{t: t, ctx: bCtx, base: e.URL, dir: dir, up: clock.StartStopwatch()}
	lb.do("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	lb.signIn(d.AgencyBMember)
	lb.do("open 本单位回执", chromedp.Navigate(e.URL+path+"#unit-rsvp"), chromedp.WaitVisible(chromedp.ID("unit-rsvp")))
	lb.waitText("#unit-rsvp", "本单位2人未回复")
	fits(lb, "本单位回执 at 390 px")
	if got := lb.eval(`(function(){var c=document.querySelectorAll("#unit-rsvp .urs-card");return c.length===2&&c[1].getBoundingClientRect().top>=c[0].getBoundingClientRect().bottom?"stacked":"side by side"})()`); got != "stacked" {
		t.Errorf("on a phone the cards are %s", got)
	}
	lb.shot("05-unit-rsvp-phone")
	aids := attendeeIDs(t, e.API(d.OfficeSec), map[string]any{"id": float64(id)})
	card := fmt.Sprintf("#unit-rsvp-%d", aids[b2.ID])
	lb.do("委托: agency.b3 attends for agency.b2",
		chromedp.Click(chromedp.CSS(card+` input[value=delegated]`)),
		chromedp.WaitVisible(chromedp.CSS(card+` select[name=delegate_user_id]`)),
		chromedp.SetValue(chromedp.CSS(card+` select[name=delegate_user_id]`), id64(b3.ID)),
		chromedp.SendKeys(chromedp.CSS(card+` input[name=comment]`), "外出执法，由同事参会"),
		chromedp.Click(chromedp.CSS(card+` button[type=submit]`)))
	lb.waitText(card+" .urs-head", "由agency.b3参会")
	aids = attendeeIDs(t, e.API(d.OfficeSec), map[string]any{"id": float64(id)})
	card3 := fmt.Sprintf("#unit-rsvp-%d", aids[b3.ID])
	lb.do("参加 for agency.b3", chromedp.WaitVisible(chromedp.CSS(card3)),
		chromedp.Click(chromedp.CSS(card3+` input[value=accepted]`)),
		chromedp.Click(chromedp.CSS(card3+` button[type=submit]`)))
	lb.waitText(card3+" .urs-head", "参加")
	lb.waitText("#unit-rsvp", "本单位1人未回复")
	fits(lb, "本单位回执 after the answers at 390 px")
	lb.shot("06-unit-rsvp-answered-phone")
	shotOf(lb, "#unit-rsvp", "06b-unit-rsvp-section-phone")

	// 6. the secretary's 回执 table has filled (reload)
	sec.do("reload the 回执 table", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("receipts")))
	unitLine("区人社局", "参加 1 · 不参加 0 · 委托 0 · 待定 0 · 未回复 0")
	unitLine("区市场监管局", "参加 1 · 不参加 0 · 委托 1 · 待定 0 · 未回复 1")
	for _, want := range []string{"区人社局", "区市场监管局", "准时参加", "外出执法，由同事参会", "agency.b3"} {
		sec.waitText("#receipts", want)
	}
	fits(sec, "the 回执 table at 1366 px")
	sec.shot("07-receipts-filled")
	shotOf(sec, "#receipts", "07b-receipts-table")
	// 发布 sent the invitations (in-app, by the job after the commit)
	for i := 0; count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'meeting.invited'`, b2.ID) == 0; i++ {
		if i == 100 {
			t.Fatalf("发布 told agency.b2 nothing")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// shotOf saves a PNG of the element sel alone as name.png (a full page of
// the meeting is too tall to read).
func shotOf(b *browserTab, sel, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
