package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"liaison/app/clock"
	"liaison/app/followup"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// TestE2E_Todo: an agency liaison opens the 工作台 in headless Chromium,
// sees a document to 签收 and an overdue action item, acts on both from it
// (signs for the document, answers the item) and sees the counts drop; the
// page fits 1366 px and 390 px without sideways scrolling.
func TestE2E_Todo(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	bin := requireChromium(t)
	e := webtest.New(t)
	d := e.District()
	dir := t.TempDir()
	if a := os.Getenv("LIAISON_ARTIFACTS_DIR"); a != "" {
		dir = filepath.Join(a, "e2e-todo")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	doc := e.API(d.ProcSec).CreateDocument(t, cfAt(d, "检建〔2026〕21号", webtest.DaysFromToday(-2).String(), ""))
	late := e.Action(followup.NewAction{Title: "整改工伤认定送达程序", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID,
		DueOn: webtest.DaysFromToday(-3)})

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tabCtx, cancelTab := newBrowser(t, ctx, bin, 1366)
	defer cancelTab()
	b := &browserTab{t: t, ctx: tabCtx, base: e.URL, dir: dir, up: clock.StartStopwatch()}
	count := func(kind string) string {
		return b.eval(fmt.Sprintf(`(function(){var e=document.getElementById("todo-%s");return e?e.dataset.count:"0"})()`, kind))
	}
	fits := func(width string) {
		t.Helper()
		if got := b.eval(`document.documentElement.scrollWidth <= document.documentElement.clientWidth ? "fits" : String(document.documentElement.scrollWidth)`); got != "fits" {
			t.Errorf("at %s the 工作台 scrolls sideways: %s px wide", width, got)
		}
	}

	// 1. the 工作台 shows the document and the overdue item
	b.signIn(d.AgencyAMember)
	b.waitText("#todo-receipts", "检建〔2026〕21号")
	b.waitText("#todo-actions", "已逾期3天")
	if r, a := count("receipts"), count("actions"); r != "1" || a != "1" {
		t.Fatalf("before: receipts %s, actions %s", r, a)
	}
	fits("1366 px")
	b.shot("01-todo-1366")
	b.do("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("todo-receipts")))
	fits("390 px")
	if got := b.eval(`(function(){var s=document.querySelector(".wb-side").getBoundingClientRect(),m=document.querySelector(".wb-todo").getBoundingClientRect();return s.top>=m.bottom?"stacked":"beside"})()`); got != "stacked" {
		t.Errorf("on a phone the cards sit %s each other", got)
	}
	b.shot("02-todo-390")
	b.do("desktop width", chromedp.EmulateViewport(1366, 900))

	// 2. one click to the document, 签收, back: the receipt is gone and its
	// reply is owed
	b.do("open the document", chromedp.Click(chromedp.CSS(`#todo-receipts a.wb-link`)))
	b.waitPath(fmt.Sprintf(`^/documents/%d$`, doc.ID))
	b.do("sign for it", chromedp.Click(chromedp.CSS(`form[action$="/receive"] button[type=submit]`)))
	b.waitFor("received", `document.querySelector('form[action$="/receive"]') ? "" : "y"`)
	b.do("back to the 工作台", chromedp.Navigate(e.URL+"/"), chromedp.WaitVisible(chromedp.ID("todo-actions")))
	if r, a := count("receipts"), count("actions"); r != "0" || a != "2" {
		t.Fatalf("after 签收: receipts %s, actions %s", r, a)
	}
	b.shot("03-after-receipt")

	// 3. one click to the overdue item (listed first), answer it, back
	b.do("open the overdue item", chromedp.Click(chromedp.CSS(`#todo-actions li.wb-item.overdue a.wb-link`)))
	b.waitPath(fmt.Sprintf(`^/actions/%d$`, late.ID))
	b.do("answer it",
		chromedp.SendKeys(chromedp.ID("f-body"), "已完成整改并书面报告"),
		chromedp.Click(chromedp.CSS(`form[action$="/feedback"] button[type=submit]`)),
	)
	b.waitFor("answered", `document.getElementById("f-body") ? "" : "y"`)
	b.do("back to the 工作台", chromedp.Navigate(e.URL+"/"), chromedp.WaitVisible(chromedp.ID("h-todo")))
	if r, a := count("receipts"), count("actions"); r != "0" || a != "1" {
		t.Fatalf("after answering: receipts %s, actions %s", r, a)
	}
	if b.eval(`document.querySelector("#todo-actions li.wb-item.overdue") ? "y" : ""`) != "" {
		t.Error("an overdue item is still listed")
	}
	b.shot("04-after-answer")
}
