package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestPages_Favicon: browsers ask for /favicon.ico on every site; it was a
// 404 in every console (issue 17).
func TestPages_Favicon(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	r := e.Anon().Get("/favicon.ico")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "icon") {
		t.Errorf("content type %q", ct)
	}
	if len(r.Body) < 22 || string(r.Body[:4]) != "\x00\x00\x01\x00" {
		t.Errorf("not an ICO file: % x", r.Body[:min(8, len(r.Body))])
	}
}

// TestPages_Frame: the frame turns off htmx's injected indicator style
// (a CSP violation on every page), links the favicon, offers the phone
// menu button, and names the dashboard as its page does.
func TestPages_Frame(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	body := string(e.Browser(d.OfficeSec).Get("/dashboard").Body)
	for _, want := range []string{
		`<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>`,
		`<link rel="icon" href="/favicon.ico">`,
		`class="menu-toggle" aria-expanded="false" aria-controls="navs"`,
		`<h1>领导看板</h1>`, `>领导看板</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}
