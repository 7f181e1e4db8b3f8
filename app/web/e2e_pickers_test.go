package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// TestE2E_Pickers: in headless Chromium the attendee picker of the meeting
// form is Tom Select's labelled combobox over the native select, which is
// kept out of sight and from assistive technology; typing a unit's pinyin
// initials lists that unit's people only, Enter chooses one, who shows as
// a chip named with their unit and is selected in the native select the
// form sends, and Backspace in the empty field takes the chip away again.
// The document form's case picker finds a case the page did not list by
// its 案号 through the case list API, a page of 20 at a time as the list
// is scrolled.
func TestE2E_Pickers(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	bin := requireChromium(t)
	e := webtest.New(t)
	d := e.District()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tabCtx, cancelTab := newBrowser(t, ctx, bin, 1366)
	defer cancelTab()
	b := &browserTab{t: t, ctx: tabCtx, base: e.URL, dir: artifactsDir(t), up: clock.StartStopwatch()}
	b.signIn(d.ProcSec)
	b.do("meeting form", chromedp.Navigate(e.URL+"/meetings/new"), chromedp.WaitVisible(chromedp.ID("m-att-ts-control")))

	if got := b.eval(`(function(){var s=document.getElementById("m-att"),q=document.getElementById("m-att-ts-control");
	  return [s.classList.contains("ts-hidden-accessible"), s.getAttribute("aria-hidden"), q.getAttribute("role"), q.getAttribute("placeholder"),
	    document.querySelector('label[for="m-att-ts-control"]') ? "labelled" : "unlabelled"].join(" ")})()`); got != "true true combobox 输入名称或拼音首字母搜索 labelled" {
		t.Fatalf("picker not in place: %s", got)
	}
	b.do("type the unit's initials", chromedp.SendKeys(chromedp.ID("m-att-ts-control"), "qsfj"))
	// Tom Select filters a moment after the last key (refreshThrottle).
	b.waitFor("only "+d.Justice.Name+" listed", fmt.Sprintf(`(function(){var t=document.getElementById("m-att-ts-dropdown").textContent;
	  return t.indexOf(%q)>=0 && t.indexOf(%q)<0 && t.indexOf(%q)<0 ? "y" : ""})()`, d.JusticeMember.DisplayName, d.AgencyAMember.DisplayName, d.ProcMember.DisplayName))
	if got := b.eval(`document.querySelector("#m-att-ts-dropdown .optgroup-header").textContent`); got != d.Justice.Name {
		t.Errorf("the people are not grouped under their unit: %q", got)
	}
	b.eval(`window.__samePage = "y"; ""`)
	b.do("arrow down and up", chromedp.SendKeys(chromedp.ID("m-att-ts-control"), kb.ArrowDown+kb.ArrowUp))
	b.enter()
	chosen := b.waitFor("a chosen attendee", `(function(){var o=document.getElementById("m-att").selectedOptions;return o.length===1?o[0].textContent:""})()`)
	if b.eval(`window.__samePage || "submitted"`) != "y" {
		t.Error("Enter in the picker submitted the form instead of only choosing")
	}
	b.waitText("#m-att + .ts-wrapper .ts-control .item", chosen+" · "+d.Justice.Name)
	b.shot("picker-attendees")
	if got := b.eval(`document.querySelector("#m-att + .ts-wrapper .item button.remove").getAttribute("aria-label")`); got != "移除 "+chosen+" · "+d.Justice.Name {
		t.Errorf("remove button labelled %q", got)
	}
	b.eval(`(function(){document.getElementById("m-att-ts-control").value="";return ""})()`)
	b.do("Backspace in the empty field", chromedp.SendKeys(chromedp.ID("m-att-ts-control"), kb.Backspace))
	b.waitFor("no attendee chosen", `document.getElementById("m-att").selectedOptions.length===0?"y":""`)

	// A case made after the form was sent is not among its options: the
	// picker finds it by 案号 through GET /api/v1/cases?q=, and choosing it
	// selects it in the native select.
	b.do("document form", chromedp.Navigate(e.URL+"/documents/new"), chromedp.WaitVisible(chromedp.ID("d-cases-ts-control")))
	late := e.API(d.ProcSec).CreateCase(t, cfCase(d, "晚到"))
	b.do("type the 案号", chromedp.SendKeys(chromedp.ID("d-cases-ts-control"), late.Number))
	b.waitText("#d-cases-ts-dropdown", late.Number+" 张某工伤认定案")
	b.shot("picker-cases")
	b.enter()
	b.waitFor("the case chosen", fmt.Sprintf(`(function(){var o=document.querySelector('#d-cases option[value="%d"]');return o&&o.selected?"y":""})()`, late.ID))
	b.waitText("#d-cases + .ts-wrapper .ts-control .item", late.Number)

	// More matches than a page: the first 20 come with the search, the
	// next 20 when the list is scrolled to its end, then the rest and the
	// list says there are no more.
	for i := range 45 {
		e.API(d.ProcSec).CreateCase(t, cfCase(d, fmt.Sprintf("批次%02d", i)))
	}
	b.eval(`document.getElementById("d-cases").tomselect.setTextboxValue(""); ""`)
	b.do("search the batch", chromedp.SendKeys(chromedp.ID("d-cases-ts-control"), "批次"))
	count := `(function(){var n=document.querySelectorAll("#d-cases-ts-dropdown .option[data-value]").length;
	  return n >= %d ? String(n) : ""})()`
	scroll := `(function(){var c=document.getElementById("d-cases-ts-dropdown");c.scrollTop=c.scrollHeight;return ""})()`
	if got := b.waitFor("the first page", fmt.Sprintf(count, 20)); got != "20" {
		t.Errorf("the first page lists %s cases, want 20", got)
	}
	b.waitText("#d-cases-ts-dropdown", "正在加载更多")
	b.eval(scroll)
	if got := b.waitFor("the second page", fmt.Sprintf(count, 40)); got != "40" {
		t.Errorf("after one scroll %s cases, want 40", got)
	}
	b.eval(scroll)
	b.waitFor("the last page", fmt.Sprintf(count, 45))
	b.waitText("#d-cases-ts-dropdown", "没有更多案件")
}

// enter presses Enter as a person does: one keydown that carries the text,
// so a handler that prevents the keydown also prevents the keypress that
// would submit the form. (kb.Enter sends the keypress as an event of its
// own, which no handler can prevent: every form would be submitted.)
func (b *browserTab) enter() {
	b.t.Helper()
	b.do("Enter", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			ev := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
			if typ == input.DispatchKeyEventTypeKeyDown {
				ev.Text, ev.UnmodifiedText = "\r", "\r"
			}
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	}))
}
