package web_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
	"liaison/templates"
)

// tLiteral finds {{.T "id" ...}} and {{$.T "id" ...}} calls.
var tLiteral = regexp.MustCompile(`\.T\s+"([^"]+)"`)

func TestTemplates_MessagesExistInBothLanguages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	n := 0
	err := fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		for _, m := range tLiteral.FindAllStringSubmatch(string(b), -1) {
			n++
			for _, l := range []string{"zh-CN", "en"} {
				if !e.Deps.Tr.Has(l, m[1]) {
					t.Errorf("%s: message %q missing in %s", path, m[1], l)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("found only %d .T calls: is the pattern right?", n)
	}
	// Ids the templates build with printf.
	for _, l := range []string{"zh-CN", "en"} {
		for _, r := range account.Roles {
			if !e.Deps.Tr.Has(l, "role."+string(r)) {
				t.Errorf("role.%s missing in %s", r, l)
			}
		}
		for _, k := range account.UnitKinds {
			if !e.Deps.Tr.Has(l, "kind."+string(k)) {
				t.Errorf("kind.%s missing in %s", k, l)
			}
		}
	}
}

func TestTemplates_FoundationPagesRender(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	var ids []string
	for _, id := range e.Deps.Tr.IDs("zh-CN") {
		if strings.Contains(id, ".") {
			ids = append(ids, id)
		}
	}
	idRE := regexp.MustCompile(`(?:^|[^\w./-])(` + strings.ReplaceAll(regexp.QuoteMeta(strings.Join(ids, "\x00")), "\x00", "|") + `)(?:$|[^\w.-])`)
	pages := []struct {
		name, path string
		as         *account.User
		status     int
	}{
		{"login", "/login", nil, 200},
		{"home", "/", &d.ProcSec, 200},
		{"admin units", "/admin/units", &d.Admin, 200},
		{"admin unit", fmt.Sprintf("/admin/units/%d", d.Procuratorate.ID), &d.Admin, 200},
		{"admin users", "/admin/users", &d.Admin, 200},
		{"admin users search", "/admin/users?q=sec", &d.Admin, 200},
		{"admin user", fmt.Sprintf("/admin/users/%d", d.ProcMember.ID), &d.Admin, 200},
		{"admin audit", "/admin/audit", &d.Admin, 200},
		{"error: not found", "/admin/users/999999", &d.Admin, 404},
		{"error: hidden", "/admin", &d.Leader, 404},
		{"error: bad page", "/admin/units?limit=0", &d.Admin, 422},
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for _, p := range pages {
			t.Run(lang+"/"+p.name, func(t *testing.T) {
				c := e.NewBrowser()
				if p.as != nil {
					c = e.Browser(*p.as)
				}
				c.Header.Set("Accept-Language", lang)
				r := c.Get(p.path)
				wantStatus(t, r, p.status)
				body := string(r.Body)
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					t.Fatalf("content type %q", r.Header.Get("Content-Type"))
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) || !strings.Contains(body, "</html>") {
					t.Errorf("not a whole page in %s", lang)
				}
				if m := idRE.FindStringSubmatch(body); m != nil {
					t.Errorf("raw message id %q in the page", m[1])
				}
				if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
					t.Error("template placeholder leaked")
				}
				if lang == "en" && hasChinese(strings.ReplaceAll(body, "中文", "")) && p.path == "/login" {
					t.Error("Chinese text on the English sign-in page")
				}
				if lang == "zh-CN" && !hasChinese(body) {
					t.Error("no Chinese on the Chinese page")
				}
			})
		}
	}
	t.Run("htmx gets the fragment", func(t *testing.T) {
		c := e.Browser(d.Admin)
		c.Header.Set("HX-Request", "true")
		r := c.Get("/admin/units")
		wantStatus(t, r, http.StatusOK)
		if strings.Contains(string(r.Body), "<html") {
			t.Error("htmx request got the whole layout")
		}
	})
}
