package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// TestE2E_Pickers: in headless Chromium the attendee picker of the meeting
// form is a labelled combobox; typing a unit's pinyin initials lists that
// unit's people only, Enter chooses one, who shows as a chip named with
// their unit and is selected in the (hidden) native select the form sends,
// and Backspace in the empty field takes the chip away again.
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
	b := &browserTab{t: t, ctx: tabCtx, base: e.URL, dir: t.TempDir(), up: clock.StartStopwatch()}
	b.signIn(d.ProcSec)
	b.do("meeting form", chromedp.Navigate(e.URL+"/meetings/new"), chromedp.WaitVisible(chromedp.ID("m-att-q")))

	if got := b.eval(`(function(){var s=document.getElementById("m-att"),q=document.getElementById("m-att-q");
	  return [s.hidden, q.getAttribute("role"), document.querySelector('label[for="m-att-q"]') ? "labelled" : "unlabelled"].join(" ")})()`); got != "true combobox labelled" {
		t.Fatalf("picker not in place: %s", got)
	}
	b.do("type the unit's initials", chromedp.SendKeys(chromedp.ID("m-att-q"), "qsfj"))
	b.waitText("#m-att-list", d.JusticeMember.DisplayName)
	if got := b.eval(`document.getElementById("m-att-list").textContent`); containsAny(got, d.AgencyAMember.DisplayName, d.ProcMember.DisplayName) {
		t.Errorf("the search for qsfj lists people of other units: %s", got)
	}
	b.do("arrow down, then Enter", chromedp.SendKeys(chromedp.ID("m-att-q"), kb.ArrowDown+kb.ArrowUp+kb.Enter))
	chosen := b.waitFor("a chosen attendee", `(function(){var o=document.getElementById("m-att").selectedOptions;return o.length===1?o[0].textContent:""})()`)
	b.waitText("#m-att + .picker .picker-chips", chosen+" · "+d.Justice.Name)
	if got := b.eval(`document.querySelector("#m-att + .picker .picker-chip button").getAttribute("aria-label")`); got != "移除 "+chosen+" · "+d.Justice.Name {
		t.Errorf("remove button labelled %q", got)
	}
	b.eval(`(function(){document.getElementById("m-att-q").value="";return ""})()`)
	b.do("Backspace in the empty field", chromedp.SendKeys(chromedp.ID("m-att-q"), kb.Backspace))
	b.waitFor("no attendee chosen", `document.getElementById("m-att").selectedOptions.length===0?"y":""`)
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if x != "" && strings.Contains(s, x) {
			return true
		}
	}
	return false
}
