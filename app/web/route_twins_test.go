package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// services are the Deps fields through which handlers reach the domain.
var services = []string{"Accounts", "Users", "Cases", "Actions", "Meetings", "Settings", "Scoreboard", "Notify", "Subscribe", "Todo", "Reports", "LeadGroup"}

// serviceCalls parses the web package's own files and returns, for each of
// its functions and methods (by name), the domain service methods it calls
// ("Meetings.CancelVersion"), directly and through the package's other
// functions it calls; and the direct ones alone.
func serviceCalls(t *testing.T) (all, direct map[string][]string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	own := map[string]map[string]bool{}   // func → service calls
	edges := map[string]map[string]bool{} // func → package funcs it calls
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			name := fn.Name.Name
			own[name], edges[name] = map[string]bool{}, map[string]bool{}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch fun := call.Fun.(type) {
				case *ast.SelectorExpr:
					if inner, ok := fun.X.(*ast.SelectorExpr); ok && slices.Contains(services, inner.Sel.Name) {
						own[name][inner.Sel.Name+"."+fun.Sel.Name] = true
					} else if id, ok := fun.X.(*ast.Ident); ok && id.Name == "s" {
						edges[name][fun.Sel.Name] = true
					}
				case *ast.Ident:
					edges[name][fun.Name] = true
				}
				return true
			})
		}
	}
	all, direct = map[string][]string{}, map[string][]string{}
	for name := range own {
		seen, todo, calls := map[string]bool{name: true}, []string{name}, map[string]bool{}
		for len(todo) > 0 {
			f := todo[0]
			todo = todo[1:]
			for c := range own[f] {
				calls[c] = true
			}
			for g := range edges[f] {
				if _, ok := own[g]; ok && !seen[g] {
					seen[g] = true
					todo = append(todo, g)
				}
			}
		}
		for c := range calls {
			all[name] = append(all[name], c)
		}
		for c := range own[name] {
			direct[name] = append(direct[name], c)
		}
		sort.Strings(all[name])
		sort.Strings(direct[name])
	}
	return all, direct
}

// handlerName turns Echo's route name ("liaison/app/web.(*Server).x-fm",
// or a closure "…(*Server).y.func2") into the method that builds it.
var handlerName = regexp.MustCompile(`\(\*Server\)\.([A-Za-z0-9_]+)`)

func lastHandler(routeName string) string {
	m := handlerName.FindAllStringSubmatch(routeName, -1)
	if len(m) == 0 {
		return ""
	}
	return m[len(m)-1][1]
}

// apiTwin finds the JSON API route an HTML form post mirrors: the same path
// under /api/v1 (admin pages without /admin, the security pages under /me,
// "/edit" and "/remove" forms as PATCH and DELETE of the record), with any
// writing method.
func apiTwin(api map[string]string, path string) (string, bool) {
	if key, ok := namedTwins[path]; ok {
		h, ok := api[key]
		return h, ok
	}
	cands := []string{path}
	for _, r := range [][2]string{{"/admin/", "/"}, {"/me/security/", "/me/"}, {"/notifications", "/me/notifications"}, {"checkin", "check-in"},
		// pages nested under another page whose API names the records flat
		{"/cases/types", "/case-types"}, {"/cases/settings", "/case-settings"}, {"/cases/document-types", "/document-types"},
		{"/reports/activities", "/report-activities"}, {"/admin/leading-group", "/leading-group"}, {"/admin/holidays", "/workdays/years"}} {
		cands = append(cands, strings.Replace(path, r[0], r[1], 1))
	}
	for _, c := range cands {
		for _, suffix := range []string{"/remove", "/delete"} {
			if base, ok := strings.CutSuffix(c, suffix); ok {
				if h, ok := api["DELETE /api/v1"+base]; ok {
					return h, true
				}
			}
		}
		if base, ok := strings.CutSuffix(c, "/edit"); ok {
			if h, ok := api["PATCH /api/v1"+base]; ok {
				return h, true
			}
		}
		for _, m := range []string{http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
			if h, ok := api[m+" /api/v1"+c]; ok {
				return h, true
			}
		}
	}
	return "", false
}

// namedTwins pair the HTML posts whose API twin has another name.
var namedTwins = map[string]string{
	"/notifications/settings":       "PUT /api/v1/me/notification_prefs",
	"/me/security/totp-disable":     "POST /api/v1/me/totp/disable",
	"/me/security/totp-replace":     "POST /api/v1/me/totp/replace",
	"/me/security/totp/verify":      "POST /api/v1/me/totp/confirm",
	"/admin/holidays":               "PUT /api/v1/workdays/years/:year",
	"/calendar/subscribe/rotate":    "POST /api/v1/me/feed/rotate",
	"/calendar/subscribe/reminders": "PATCH /api/v1/me/reminders",
	// the signed answer link of an invitation answers as the signed-in
	// answer does (twinExceptions)
	"/rsvp/:token":                   "POST /api/v1/meetings/:id/rsvp",
	"/meetings/templates":            "POST /api/v1/meeting-templates",
	"/meetings/templates/:id":        "PATCH /api/v1/meeting-templates/:id",
	"/meetings/templates/:id/retire": "PATCH /api/v1/meeting-templates/:id",
}

// twinExceptions are HTML posts whose API twin reaches the domain through
// other methods on purpose, each with the reason.
var twinExceptions = map[string]string{
	// the form edits a consultation's experts too: UpdateWithExperts runs
	// Update (with its version check) and the expert list in one transaction
	"POST /meetings/:id": "UpdateWithExperts wraps Update",
	// the link's holder has no session: Subscribe.ApplyRSVP checks the
	// signed token (its meeting, attendee, answer and expiry), then answers
	// for the attendee through Meetings.RSVP, the method the API calls
	"POST /rsvp/:token": "ApplyRSVP checks the signed link, then calls Meetings.RSVP",
}

// noTwin are the HTML posts that have no API twin, each with the reason.
// They are the browser session's own: the API has no session, and each
// request carries a bearer token instead, issued by POST /api/v1/auth/token
// after the same password (Accounts.Authenticate) and second-factor checks,
// and there is no session to end.
var noTwin = map[string]string{
	"/login":               "begins a browser session; the API's tokens come from POST /api/v1/auth/token",
	"/login/second-factor": "completes a browser session's sign-in; POST /api/v1/auth/token takes the code in the same request",
	"/logout":              "ends the browser session; an API client holds no session, only its token",
}

// TestRoutes_HTMLPostsUseTheirAPITwinsMethods walks the router: for every
// HTML form post that has a JSON API twin, each domain service method the
// API handler calls is also called by the HTML handler (itself or through
// the package's helpers), so both paths get the same checks (version,
// state, policy). The HTML meeting cancel once called Meetings.Cancel,
// which skips the version check the API's CancelVersion makes.
func TestRoutes_HTMLPostsUseTheirAPITwinsMethods(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	all, direct := serviceCalls(t)
	api := map[string]string{}
	var pages [][2]string
	for _, r := range e.Server.Echo().Routes() {
		switch {
		case strings.HasPrefix(r.Path, "/api/v1/"):
			api[r.Method+" "+r.Path] = lastHandler(r.Name)
		case r.Method == http.MethodPost:
			pages = append(pages, [2]string{r.Path, lastHandler(r.Name)})
		}
	}
	twins := 0
	var alone []string
	for _, p := range pages {
		apiH, ok := apiTwin(api, p[0])
		_, exempt := noTwin[p[0]]
		switch {
		case !ok && !exempt:
			t.Errorf("POST %s (%s) has no JSON API twin: add one through the same service method (namedTwins when its name differs), or list it in noTwin with the reason", p[0], p[1])
			continue
		case ok && exempt:
			t.Errorf("noTwin[%s]: the post has an API twin now; delete the entry", p[0])
		case !ok:
			alone = append(alone, p[0])
			continue
		}
		twins++
		_, excepted := twinExceptions["POST "+p[0]]
		missing := 0
		for _, m := range direct[apiH] {
			if !slices.Contains(all[p[1]], m) {
				missing++
				if !excepted {
					t.Errorf("POST %s (%s) does not call %s, which its API twin %s calls: the two paths must go through the same method", p[0], p[1], m, apiH)
				}
			}
		}
		if excepted && missing == 0 {
			t.Errorf("twinExceptions[POST %s] is no longer needed: delete it", p[0])
		}
	}
	for path := range noTwin {
		if !slices.ContainsFunc(pages, func(p [2]string) bool { return p[0] == path }) {
			t.Errorf("noTwin[%s]: no such HTML post; delete the entry", path)
		}
	}
	if twins < 30 {
		t.Errorf("only %d HTML posts matched an API twin: the route walk is broken", twins)
	}
	t.Logf("%d HTML posts checked against their API twins; %d have none, each with its reason in noTwin: %s", twins, len(alone), strings.Join(alone, " "))
}
