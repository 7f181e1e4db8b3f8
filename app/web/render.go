package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/templates"
)

// shanghai is where every time is shown.
var shanghai = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// renderer holds every page template, parsed once at start.
type renderer struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(shanghai).Format("2006-01-02 15:04")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(shanghai).Format("2006-01-02")
	},
	"hm":    func(t time.Time) string { return t.In(shanghai).Format("15:04") },
	"isoin": func(t time.Time) string { return t.In(shanghai).Format("2006-01-02T15:04") },
	"join":  strings.Join,
	// webcal marks a feed's webcal:// address safe for href: html/template
	// would otherwise replace the unknown scheme with #ZgotmplZ.
	"webcal": func(u string) template.URL {
		if strings.HasPrefix(u, "webcal://") {
			return template.URL(u)
		}
		return ""
	},
	"str": func(v any) string { return fmt.Sprint(v) },
	"py":  initials, // pinyin initials for searchable pickers (render_pinyin.go)
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	// The frame and partials are parsed once and cloned for each page (a
	// third of the server's start-up time went to parsing them 40 times).
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("template layout: %w", err)
	}
	for _, n := range names {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templates.FS, n)
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		r.pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return r, nil
}

// Page is what every template receives: the frame's facts plus Data, the
// page's own typed view struct.
type Page struct {
	s         *Server
	Lang      string
	Title     string
	Nav       string
	Actor     account.Actor
	CSRF      string
	Flash     string
	Errors    map[string]string // field → localised message
	Error     string            // a message for the whole form
	RequestID string
	Path      string
	Query     string // the request's query, for links that keep the filters
	Data      any

	ctx      context.Context                  // the request's, for what a template looks up late
	docNames map[casefile.DocumentType]string // added document types' names, read once (DocType)
}

// T translates id with pairs of args ("Name", value, ...).
func (p *Page) T(id string, args ...any) string {
	var m map[string]any
	if len(args) > 1 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p.s.Tr.T(p.Lang, id, m)
}

// IsAdmin and friends keep role checks out of template logic.
func (p *Page) IsAdmin() bool { return p.Actor.Role == account.RoleAdmin }

// CanSchedule reports whether the user schedules meetings and issues records.
func (p *Page) CanSchedule() bool {
	return p.Actor.Role == account.RoleAdmin || p.Actor.Role == account.RoleSecretary
}

// FieldError returns the message for field, if any.
func (p *Page) FieldError(field string) string { return p.Errors[field] }

// page starts a Page for the current request.
func (s *Server) page(c echo.Context, nav, titleID string, data any) *Page {
	p := &Page{s: s, Lang: langOf(c), Nav: nav, Actor: account.ActorFrom(c.Request().Context()),
		RequestID: c.Response().Header().Get(echo.HeaderXRequestID), Path: c.Request().URL.Path,
		Query: c.Request().URL.RawQuery, Data: data, ctx: c.Request().Context()}
	p.CSRF = s.csrfToken(c)
	if titleID != "" {
		p.Title = p.T(titleID)
	}
	p.Flash = s.popFlash(c)
	return p
}

// render executes page name into a buffer, then writes status and body, so
// that a template error becomes a clean 500 instead of half a page. An htmx
// request gets only the "content" block.
func (s *Server) render(c echo.Context, status int, name string, p *Page) error {
	t, ok := s.pages.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	block := "layout.html"
	if c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true" {
		block = "content"
	}
	buf := renderBufs.Get().(*bytes.Buffer)
	defer putRenderBuf(buf)
	if err := t.ExecuteTemplate(buf, block, p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// renderBufs keeps page buffers between requests: a list page is 50–100
// KB, and growing a fresh buffer to that size for every request made a
// quarter of its garbage. Buffers grown past 1 MiB (an export-sized page)
// are left to the collector rather than kept.
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	renderBufs.Put(b)
}

// redirect answers a successful form POST with 303, or HX-Redirect for htmx.
func redirect(c echo.Context, to string) error {
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Redirect", to)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, to)
}
