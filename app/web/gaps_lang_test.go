package web_test

import (
	"net/http"
	"testing"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// TestGaps_LangCookieSecure: the language cookie set by GET /lang/:lang is
// Secure exactly when the other cookies are (an https base URL), and keeps
// its other attributes.
func TestGaps_LangCookieSecure(t *testing.T) {
	t.Parallel()
	for _, https := range []bool{false, true} {
		name := map[bool]string{false: "http", true: "https"}[https]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := webtest.NewWith(t, func(c *config.Config) {
				if https {
					c.BaseURL, c.SecureCookies = "https://liaison.example.gov.cn", true
				}
			})
			r := e.Anon().Get("/lang/en")
			wantStatus(t, r, http.StatusSeeOther)
			ck := setCookie(r, "liaison_lang")
			if ck == nil {
				t.Fatal("no language cookie")
			}
			if ck.Value != "en" || ck.Secure != https || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
				t.Errorf("language cookie %+v, want Secure=%v", ck, https)
			}
		})
	}
}
