package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestFeedPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)
	url1, webcal := myFeed(t, e.API(d.ProcSec))

	r := b.Get("/calendar/subscribe")
	wantStatus(t, r, http.StatusOK)
	page := string(r.Body)
	for _, want := range []string{url1, webcal, `src="/calendar/subscribe/qr.png"`, "Outlook", "华为", "vivo", "Google", "/calendar/subscribe/rotate", `value="1440" checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !strings.Contains(page, "单位日历") {
		t.Error("secretary's page lacks the unit feed")
	}
	if strings.Contains(string(e.Browser(d.ProcMember).Get("/calendar/subscribe").Body), "单位日历") {
		t.Error("member's page offers the unit feed")
	}

	q := b.Get("/calendar/subscribe/qr.png")
	wantStatus(t, q, http.StatusOK)
	if q.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(q.Body), "\x89PNG") {
		t.Errorf("qr: %q", q.Header.Get("Content-Type"))
	}
	if !strings.Contains(q.Header.Get("Cache-Control"), "no-store") {
		t.Error("qr code of a secret may be cached")
	}
	wantStatus(t, e.Anon().Get("/calendar/subscribe/qr.png"), http.StatusSeeOther)

	t.Run("reminder form", func(t *testing.T) {
		r := b.PostForm("/calendar/subscribe/reminders", url.Values{"lead": {"120", "15"}, "version": {"0"}})
		wantStatus(t, r, http.StatusSeeOther)
		var p struct {
			Leads []int `json:"meeting_leads_minutes"`
		}
		e.API(d.ProcSec).Get("/api/v1/me/reminders").Decode(t, &p)
		if len(p.Leads) != 2 || p.Leads[0] != 120 || p.Leads[1] != 15 {
			t.Errorf("saved %v", p.Leads)
		}
		r = b.PostForm("/calendar/subscribe/reminders", url.Values{"lead": {"3"}, "version": {"1"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
	})

	t.Run("rotate button", func(t *testing.T) {
		b.Get("/calendar/subscribe")
		wantStatus(t, b.PostForm("/calendar/subscribe/rotate", url.Values{"feed": {"user"}}), http.StatusSeeOther)
		url2, _ := myFeed(t, e.API(d.ProcSec))
		if url2 == url1 {
			t.Fatal("not rotated")
		}
		wantStatus(t, e.Anon().Get(feedPath(t, url1)), http.StatusNotFound)
		wantStatus(t, e.Anon().Get(feedPath(t, url2)), http.StatusOK)
		if !strings.Contains(string(b.Get("/calendar/subscribe").Body), url2) {
			t.Error("page shows the old address")
		}
	})
}
