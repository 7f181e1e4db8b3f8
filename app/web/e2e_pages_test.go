package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"liaison/app/clock"
	"liaison/app/demo"
	"liaison/app/prooftest"
	"liaison/app/report"
	"liaison/app/web/webtest"
)

// The browser walk (issue 17): every GET page of the router, as each demo
// role that may see it, at a desktop and a phone size, in one headless
// Chromium. A page fails the page standard on any of the findings of
// pageChecks (e2e_pages_checks_test.go). Screenshots of every page go to
// artifacts/pages (or $LIAISON_ARTIFACTS_DIR/pages).

// walkSizes are the two screens of the standard.
var walkSizes = []struct {
	name   string
	w, h   int64
	mobile bool
}{{"desktop", 1366, 900, false}, {"phone", 390, 844, true}}

// walkRoles are the demo users walked: one of each kind of caller.
var walkRoles = []string{"admin", "wang.fang", "zhao.lei", "li.jing", "liu.yang"}

// walkSkip are GET routes that are not pages: data, files, redirects.
var walkSkip = regexp.MustCompile(`^/(api|static|feeds)/|^/(healthz|readyz|favicon\.ico|logout)$|^/lang/|` +
	`\.(csv|xlsx|png|ics)$|/files/:fid$|^/calendar/events$|^/scoreboard/:file$|^/login/second-factor$`)

func TestPages_BrowserWalk(t *testing.T) {
	prooftest.SkipInShort(t)
	bin := requireChromium(t)
	e := webtest.New(t)
	ctx := e.Ctx()
	if _, err := demo.Load(ctx, e.Deps.Accounts); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadActivity(ctx, demo.Services{Accounts: e.Deps.Accounts, Cases: e.Deps.Cases, Actions: e.Deps.Actions, Meetings: e.Deps.Meetings}, e.DB.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.PublishPastMonths(ctx, e.Deps.Accounts, e.Deps.Scoreboard, demo.PublishedMonths); err != nil {
		t.Fatal(err)
	}
	pages := walkPages(t, e)
	if only := os.Getenv("LIAISON_WALK_ONLY"); only != "" { // a regexp of addresses, to look again at a few pages
		re := regexp.MustCompile(only)
		pages = slices.DeleteFunc(pages, func(p walkPage) bool { return !re.MatchString(p.url) })
	}
	dir := walkArtifacts(t)
	lang := newLangCheck(t, e)
	usernames := demoUsernames(t, e)
	axeSource, err := os.ReadFile(filepath.Join("testdata", "axe-core-4.10.3", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	axed := map[string]bool{} // each address is checked by axe once, at the desktop size

	bctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	root, cancelRoot := newBrowser(t, bctx, bin, 1366)
	defer cancelRoot()
	if err := chromedp.Do(root); err != nil {
		t.Fatal(err)
	}

	var findings []string
	seen := map[string]bool{} // route → walked by some role
	sw := clock.StartStopwatch()
	// every role in Chinese at both sizes, then one secretary in English
	// at the desktop size for the other half of the language check
	type pass struct {
		role, lang string
		sizes      int
	}
	passes := []pass{{role: ""}}
	for _, r := range walkRoles {
		passes = append(passes, pass{role: r})
	}
	passes = append(passes, pass{role: "wang.fang", lang: "en", sizes: 1})
	for _, ps := range passes {
		w := newWalker(t, root, e, dir, ps.role)
		if ps.lang != "" {
			w.language(ps.lang)
		}
		sizes := walkSizes
		if ps.sizes > 0 {
			sizes = sizes[:ps.sizes]
		}
		for _, size := range sizes {
			w.size(size.w, size.h, size.mobile)
			name := size.name + ps.lang
			for _, p := range pages {
				if (ps.role == "") != p.anonymous {
					continue
				}
				f, ok := w.visit(p.url, name)
				if !ok {
					continue
				}
				seen[p.route] = true
				f.Problems = append(f.Problems, lang.check(f.Lang, f.Texts)...)
				f.Problems = append(f.Problems, usernamesShown(p.url, f.Texts, usernames)...)
				if size.name == "desktop" && ps.lang == "" && !axed[p.url] {
					axed[p.url] = true
					f.Problems = append(f.Problems, w.axe(string(axeSource))...)
				}
				for _, pr := range f.Problems {
					findings = append(findings, fmt.Sprintf("%s %s %s: %s", name, nameOr(ps.role), p.url, pr))
				}
			}
		}
		w.close()
	}
	t.Logf("walked %d pages in %v", len(pages), sw.Elapsed().Round(time.Millisecond))
	for _, p := range pages {
		if !seen[p.route] && !strings.HasPrefix(p.route, "/meetings/:id/checkin-qr") {
			findings = append(findings, fmt.Sprintf("%s (%s): no role could open it", p.url, p.route))
		}
	}
	report := strings.Join(findings, "\n")
	_ = os.WriteFile(filepath.Join(dir, "findings.txt"), []byte(report+"\n"), 0o644)
	if len(findings) > 0 {
		t.Errorf("%d findings (all in %s/findings.txt):\n%s", len(findings), dir, head(report, 200))
	}
}

func nameOr(role string) string {
	if role == "" {
		return "(signed out)"
	}
	return role
}

func head(s string, lines int) string {
	ls := strings.Split(s, "\n")
	if len(ls) > lines {
		ls = append(ls[:lines], fmt.Sprintf("… and %d more", len(ls)-lines))
	}
	return strings.Join(ls, "\n")
}

func walkArtifacts(t *testing.T) string {
	base := os.Getenv("LIAISON_ARTIFACTS_DIR")
	if base == "" {
		base = filepath.Join("..", "..", "artifacts") // the repository's ignored artifacts/
	}
	dir := filepath.Join(base, "pages")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// walkPage is one address to open.
type walkPage struct {
	route, url string
	anonymous  bool // opened signed out (sign-in, RSVP by link)
}

// walkPages lists every GET page of the router with its parameters filled
// from the demo district's records; a page route without records to fill
// in fails the test, so a new page cannot escape the walk.
func walkPages(t *testing.T, e *webtest.Env) []walkPage {
	t.Helper()
	id := func(q string, args ...any) string {
		n := count(t, e, q, args...)
		if n == 0 {
			t.Fatalf("the demo district has no record for %s", q)
		}
		return fmt.Sprint(n)
	}
	meetings := []string{
		id(`SELECT MIN(meeting_id) FROM minutes WHERE status = 'confirmed'`),
		id(`SELECT MIN(id) FROM meetings WHERE kind = 'consultation'`),
		id(`SELECT MIN(id) FROM meetings WHERE kind = 'joint_inspection'`),
		id(`SELECT MIN(id) FROM meetings WHERE rrule <> ''`),
	}
	year := fmt.Sprint(webtest.Today().Year)
	var published string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT COALESCE(MAX(month), '') FROM scoreboard_snapshots`).Scan(&published).Error; err != nil {
		t.Fatal(err)
	}
	params := map[string][]string{
		":id@/meetings":           meetings,
		":id@/cases":              {id(`SELECT MIN(id) FROM cases WHERE sensitivity = 'ordinary'`), id(`SELECT MIN(id) FROM cases WHERE sensitivity = 'classified'`)},
		":id@/documents":          {id(`SELECT MIN(id) FROM documents`), id(`SELECT MAX(id) FROM documents`)},
		":id@/actions":            {id(`SELECT MIN(id) FROM action_items`), id(`SELECT MIN(action_item_id) FROM action_escalations`)},
		":id@/admin/unit":         {id(`SELECT MIN(id) FROM units`)},
		":id@/rooms":              {id(`SELECT MIN(room_id) FROM meetings WHERE room_id IS NOT NULL`)},
		":id@/meetings/templates": {id(`SELECT MIN(id) FROM meeting_templates`)},
		":id@/admin/user":         {id(`SELECT id FROM users WHERE username = 'wang.fang'`)},
		":month":                  {published},
		":year":                   {year},
		// the joint 工作通报: this quarter (the demo's activities) and this month
		":period": {report.QuarterKey(webtest.Today()), report.MonthKey(webtest.Today())},
	}
	var out []walkPage
	var routes []string
	for _, r := range e.Server.Echo().Routes() {
		if r.Method == http.MethodGet && !walkSkip.MatchString(r.Path) {
			routes = append(routes, r.Path)
		}
	}
	sort.Strings(routes)
	for _, r := range dedupe(routes) {
		if r == "/scoreboard/:month/records" && published == "" {
			continue // the demo district publishes no month: the records page has nothing to show
		}
		anon := r == "/login" || strings.HasPrefix(r, "/rsvp/")
		if r == "/rsvp/:token" {
			tok := rsvpToken(t, e, meetings[1])
			out = append(out, walkPage{route: r, url: "/rsvp/" + tok, anonymous: true})
			continue
		}
		urls := []string{r}
		switch r {
		case "/meetings/new": // the form shows and hides parts by kind; a template fills it
			urls = append(urls, r+"?kind=consultation", r+"?kind=joint_inspection", r+"?template="+id(`SELECT MIN(id) FROM meeting_templates`))
		case "/calendar": // a month with the Spring Festival, its days off and make-up days
			urls = append(urls, r+"?date="+springFestival(t, e))
		}
		for _, p := range []string{":id", ":month", ":year", ":period"} {
			if !strings.Contains(r, p) {
				continue
			}
			vals := params[p]
			if p == ":id" {
				vals = nil
				longest := ""
				for k, v := range params { // the longest prefix wins: /meetings/templates over /meetings
					if pre, ok := strings.CutPrefix(k, ":id@"); ok && strings.HasPrefix(r, pre) && len(pre) > len(longest) {
						vals, longest = v, pre
					}
				}
			}
			if vals == nil {
				t.Fatalf("route %s: the walk does not know which records to open (add them to walkPages)", r)
			}
			var next []string
			for _, u := range urls {
				for _, v := range vals {
					next = append(next, strings.Replace(u, p, v, 1))
				}
			}
			urls = next
		}
		if strings.Contains(urls[0], ":") {
			t.Fatalf("route %s: a parameter the walk cannot fill", r)
		}
		if r == "/scoreboard/:month/records" { // one unit's figure, as the month page links it
			for i := range urls {
				urls[i] += "?unit_id=" + id(`SELECT unit_id FROM users WHERE username = 'liu.yang'`) + "&figure=received"
			}
		}
		for _, u := range urls {
			out = append(out, walkPage{route: r, url: u, anonymous: anon})
		}
	}
	return out
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || s[i-1] != v {
			out = append(out, v)
		}
	}
	return out
}

func rsvpToken(t *testing.T, e *webtest.Env, meeting string) string {
	t.Helper()
	var mid int64
	fmt.Sscan(meeting, &mid)
	uid := count(t, e, `SELECT MIN(user_id) FROM meeting_attendees WHERE meeting_id = ?`, mid)
	acc, _, err := e.Deps.Subscribe.RSVPTokens(e.Ctx(), mid, uid, e.DB.Now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

// walker is one role's tab, with its console collected.
type walker struct {
	t      *testing.T
	e      *webtest.Env
	ctx    context.Context
	cancel context.CancelFunc
	dir    string
	role   string
	mu     sync.Mutex
	logs   []string
	// refused are the addresses answered 403/404 for this role: the
	// browser logs that failed load late, sometimes after the next page
	// opened, and it is no fault of that page
	refused map[string]bool
}

func newWalker(t *testing.T, root context.Context, e *webtest.Env, dir, role string) *walker {
	t.Helper()
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	w := &walker{t: t, e: e, ctx: ctx, cancel: cancel, dir: dir, role: role, refused: map[string]bool{}}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() || m.Type == chromedp.ConsoleWarning && m.Source == "security" {
				w.mu.Lock()
				if m.Source != "network" || !w.refused[m.URL] {
					w.logs = append(w.logs, fmt.Sprintf("console %s: %s", m.Type, firstLine(m.Text)))
				}
				w.mu.Unlock()
			}
		}
	}()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if role != "" {
		w.signIn()
	}
	return w
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (w *walker) close() { w.cancel() }

// signIn uses the sign-in form; the admin answers the second step with a
// recovery code of an authenticator enrolled here.
func (w *walker) signIn() {
	w.t.Helper()
	var recovery []string
	if w.role == "admin" {
		u, err := w.e.Deps.Accounts.UserByUsername(w.e.Ctx(), "admin")
		if err != nil {
			w.t.Fatal(err)
		}
		_, recovery = w.e.EnrolTOTP(u)
	}
	err := chromedp.Do(w.ctx,
		chromedp.Navigate(w.e.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), w.role),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
	)
	if err != nil {
		w.t.Fatalf("sign in as %s: %v", w.role, err)
	}
	if recovery != nil {
		err = chromedp.Do(w.ctx, chromedp.WaitVisible(chromedp.ID("code")),
			chromedp.SendKeys(chromedp.ID("code"), recovery[0]),
			chromedp.Click(chromedp.CSS(`form[action="/login/second-factor"] button[type=submit]`)))
		if err != nil {
			w.t.Fatalf("second step as admin: %v", err)
		}
	}
	tab := &browserTab{t: w.t, ctx: w.ctx, base: w.e.URL}
	tab.waitPath(`^/$`)
	w.takeLogs() // the sign-in page's own messages are the /login walk's
}

// language switches the session's language as the header's link does.
func (w *walker) language(lang string) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, chromedp.Navigate(w.e.URL+"/lang/"+lang)); err != nil {
		w.t.Fatal(err)
	}
	w.takeLogs()
}

func (w *walker) size(width, height int64, mobile bool) {
	w.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(w.ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *walker) takeLogs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	l := w.logs
	w.logs = nil
	return l
}

// visit opens url and runs the checks; ok is false when the role may not
// see the page (403, 404: the authorization matrix proves those).
func (w *walker) visit(url, size string) (pageFacts, bool) {
	w.t.Helper()
	resp, err := chromedp.Run(w.ctx, chromedp.NavigateResponse(w.e.URL+url))
	if err != nil {
		w.t.Fatalf("%s as %s: %v", url, w.role, err)
	}
	if resp.Status == http.StatusForbidden || resp.Status == http.StatusNotFound {
		w.mu.Lock()
		w.refused[w.e.URL+url] = true
		w.logs = slices.DeleteFunc(w.logs, func(l string) bool { return strings.Contains(l, "Failed to load resource") })
		w.mu.Unlock()
		w.takeLogs()
		return pageFacts{}, false
	}
	// let htmx and the calendar finish what the load started
	tab := &browserTab{t: w.t, ctx: w.ctx, base: w.e.URL}
	tab.waitFor("settled "+url, `document.readyState === "complete" && !document.querySelector(".htmx-request") && (!document.getElementById("calendar") || document.querySelector(".fc-view")) ? "y" : ""`)
	f := w.facts()
	if resp.Status >= 400 {
		f.Problems = append(f.Problems, fmt.Sprintf("status %d", resp.Status))
	}
	f.Problems = append(f.Problems, w.takeLogs()...)
	name := fmt.Sprintf("%s-%s-%s", size, strings.ReplaceAll(nameOr(w.role), ".", "_"), strings.Trim(strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(url), "_"))
	if name == "" {
		name = "home"
	}
	if png, err := chromedp.Run(w.ctx, chromedp.FullScreenshot(60)); err == nil {
		_ = os.WriteFile(filepath.Join(w.dir, name+".jpg"), png, 0o644)
	}
	return f, true
}

// axe runs axe-core on the page and reports its serious and critical
// violations of WCAG 2.1 A and AA.
func (w *walker) axe(source string) []string {
	w.t.Helper()
	if _, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](source+";true")); err != nil {
		w.t.Fatalf("load axe: %v", err)
	}
	out, err := chromedp.Run(w.ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		w.t.Fatalf("axe: %v", err)
	}
	return out
}

func (w *walker) facts() pageFacts {
	w.t.Helper()
	f, err := chromedp.Run(w.ctx, chromedp.Evaluate[pageFacts](pageChecks))
	if err != nil {
		w.t.Fatalf("checks: %v", err)
	}
	return f
}

// springFestival is the first day of next Spring Festival holiday after
// the pinned today, which the calendar must mark.
func springFestival(t *testing.T, e *webtest.Env) string {
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	for d := webtest.Today(); d.Before(webtest.Today().AddDays(400)); d = d.AddDays(1) {
		if name, ok := cal.IsHoliday(d); ok && strings.HasPrefix(name, "春节") {
			return d.String()
		}
	}
	t.Fatal("no Spring Festival within a year")
	return ""
}
