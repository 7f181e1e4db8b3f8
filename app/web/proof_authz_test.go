package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// The authorization matrix (issue 7): every route of the real router ×
// every role × a record of the caller's own unit / of another unit, plus
// no session, against the one table azMatrix in proof_authz_matrix_test.go.
// A route without a row, or a row without a route, fails the test.
//
//	go test ./app/web -run 'TestProof_AuthorizationMatrix' -count=1 -v
//	LIAISON_AUTHZ_PRINT=1 go test ./app/web -run TestProof_AuthorizationMatrix  # print the observed table
//
// Answer classes (one character per cell):
//
//	2 2xx   R redirect (not to sign-in)   L redirect to /login   U 401
//	F 403   N 404   T 429   V 400/409/410/422 (past authorization, refused on content or state)
//	W a write that got past authorization: 2, R or V (its exact answer
//	  depends on what earlier writes did to the shared fixtures)
//	E 5xx — never expected
//
// Writes send an empty body ({} or a form with only the CSRF token), so an
// allowed caller gets past authorization and is refused on content (V) or,
// where no body is needed, succeeds.

// azRole is one column pair: a signed-in user and which fixture side is
// "own unit" and which "other unit" for them.
type azRole struct {
	key        string
	user       func(webtest.District) account.User
	own, other string
}

var azRoles = []azRole{
	{"admin", func(d webtest.District) account.User { return d.Admin }, "O", "P"},
	{"office.sec", func(d webtest.District) account.User { return d.OfficeSec }, "O", "P"},
	{"leader", func(d webtest.District) account.User { return d.Leader }, "O", "P"},
	{"proc.sec", func(d webtest.District) account.User { return d.ProcSec }, "P", "J"},
	{"justice.sec", func(d webtest.District) account.User { return d.JusticeSec }, "J", "P"},
	{"proc.member", func(d webtest.District) account.User { return d.ProcMember }, "P", "J"},
	{"agency.a", func(d webtest.District) account.User { return d.AgencyAMember }, "P", "J"},
}

// azCells is the number of cells of one row: no session, then own/other
// for each role.
var azCells = 1 + 2*len(azRoles)

// azRow is one line of the table.
type azRow struct {
	method, path string
	want         string // azCells classes; spaces are ignored
}

// azCell is one request of the matrix.
type azCell struct {
	role  *azRole // nil: no session
	user  account.User
	side  *azSide
	own   bool
	label string
	plain bool // no fresh sub-records (the CSRF pass is refused before any use)
}

func TestProof_AuthorizationMatrix(t *testing.T) {
	prooftest.SkipInShort(t)
	sw := clock.StartStopwatch()
	e := webtest.New(t)
	d := e.District()
	w := newAZWorld(t, e, d)
	t.Logf("fixtures ready in %v", sw.Elapsed())

	rows := map[string]azRow{}
	for _, r := range azMatrix {
		k := r.method + " " + r.path
		if _, dup := rows[k]; dup {
			t.Errorf("route %s has two rows in the authorization matrix", k)
		}
		if n := len(strings.ReplaceAll(r.want, " ", "")); n != azCells {
			t.Errorf("row %s has %d cells, want %d", k, n, azCells)
		}
		rows[k] = r
	}
	var routes []azRow
	seen := map[string]bool{}
	all := e.Server.Echo().Routes() // in no fixed order: sort for repeatable runs
	slices.SortFunc(all, func(a, b *echo.Route) int { return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method) })
	for _, r := range all {
		if strings.HasPrefix(r.Method, "echo_") { // Echo's own not-found routes of groups
			continue
		}
		k := r.Method + " " + r.Path
		seen[k] = true
		row, ok := rows[k]
		if !ok {
			t.Errorf("new route %s has no row in the authorization matrix (add one to azMatrix in proof_authz_matrix_test.go)", k)
			row = azRow{method: r.Method, path: r.Path}
		}
		routes = append(routes, row)
	}
	for k := range rows {
		if !seen[k] {
			t.Errorf("the authorization matrix has a row for %s, which is no longer a route", k)
		}
	}
	// Reads first, so that writes (a rotated feed, a cancelled meeting)
	// cannot change what a read sees; then writes in table order.
	// Cancelling meetings and deleting come last: later writes would only
	// meet 409s and 404s.
	rank := func(r azRow) int {
		if strings.HasSuffix(r.path, "/cancel") || r.method == http.MethodDelete {
			return 2
		}
		return azWriteRank(r.method)
	}
	slices.SortStableFunc(routes, func(a, b azRow) int { return rank(a) - rank(b) })

	cells := w.cells()
	clients := newAZClients(t, e, d)
	var got []string
	bad := 0
	for _, r := range routes {
		var obs []byte
		for i, c := range cells {
			res := w.request(t, clients, r, c)
			cls := azClass(res)
			obs = append(obs, cls)
			if cls == 'E' {
				t.Errorf("%s %s as %s: %d\n%.300s", r.method, r.path, c.label, res.Status, res.Body)
			}
			want := strings.ReplaceAll(r.want, " ", "")
			if r.want != "" && len(want) == azCells && !azMatch(want[i], cls) {
				bad++
				t.Errorf("%s %s as %s: got %c (%d), want %c\n%.200s", r.method, r.path, c.label, cls, res.Status, want[i], res.Body)
			}
		}
		got = append(got, azFormat(r, obs))
		if azWriteRank(r.method) == 1 && azEndsSessions.MatchString(r.path) {
			clients.heal(t, e, d)
		}
	}
	csrf := azCSRF(t, w, clients, routes)
	t.Logf("authorization matrix: %d routes × %d cells = %d cells checked (%d wrong), plus %d CSRF refusals, in %v",
		len(routes), azCells, len(routes)*azCells, bad, csrf, sw.Elapsed())
	if os.Getenv("LIAISON_AUTHZ_PRINT") != "" || t.Failed() {
		t.Logf("observed table (writes shown as W when they got past authorization):\n%s", strings.Join(got, "\n"))
	}
}

func azWriteRank(method string) int {
	if method == http.MethodGet || method == http.MethodHead {
		return 0
	}
	return 1
}

func (w *azWorld) cells() []azCell {
	out := []azCell{{side: w.sides["P"], label: "no session"}}
	for i := range azRoles {
		r := &azRoles[i]
		u := r.user(w.d)
		out = append(out,
			azCell{role: r, user: u, side: w.sides[r.own], own: true, label: r.key + " (own unit)"},
			azCell{role: r, user: u, side: w.sides[r.other], label: r.key + " (other unit)"})
	}
	return out
}

// azClients holds one API client and one signed-in browser per role
// ("" is no session).
type azClients struct {
	api, browser map[string]*webtest.Client
}

func newAZClients(t *testing.T, e *webtest.Env, d webtest.District) *azClients {
	t.Helper()
	c := &azClients{api: map[string]*webtest.Client{"": e.Anon()}, browser: map[string]*webtest.Client{}}
	anon := e.NewBrowser()
	anon.Get("/login") // a session with a CSRF token: anonymous writes are refused for want of a user, not of a token
	c.browser[""] = anon
	for _, r := range azRoles {
		c.api[r.key] = e.API(r.user(d))
		c.browser[r.key] = e.Browser(r.user(d))
	}
	return c
}

// azEndsSessions matches the writes that may end the caller's sessions or
// tokens (sign out everywhere, password and second-factor changes).
var azEndsSessions = regexp.MustCompile(`session|password|totp|security|logout|second-factor`)

// heal signs a client in again when a write (sign out everywhere, a
// password change) ended its session or token, so the next rows are
// asked by a signed-in caller.
func (c *azClients) heal(t *testing.T, e *webtest.Env, d webtest.District) {
	t.Helper()
	for _, r := range azRoles {
		if c.browser[r.key].Get("/api/v1/me").Status != http.StatusOK {
			c.browser[r.key] = e.Browser(r.user(d))
		}
		if c.api[r.key].Get("/api/v1/me").Status != http.StatusOK {
			c.api[r.key] = e.API(r.user(d))
		}
	}
}

// request sends row r as cell c.
func (w *azWorld) request(t *testing.T, cl *azClients, r azRow, c azCell) webtest.Response {
	t.Helper()
	key := ""
	if c.role != nil {
		key = c.role.key
	}
	path := w.fill(t, r, c)
	api := strings.HasPrefix(r.path, "/api/")
	client := cl.browser[key]
	if api {
		client = cl.api[key]
	}
	var body any
	if azWriteRank(r.method) == 1 {
		if api {
			body = "{}"
		} else {
			body = url.Values{}
		}
		if !api && c.role == nil {
			// A write may renew the anonymous session (an RSVP does):
			// each anonymous form post starts from a fresh one.
			client = w.e.NewBrowser()
			client.Get("/login")
		}
	}
	switch {
	case r.path == "/logout" && c.role != nil:
		// Signing out ends the session the other rows need: use a fresh one.
		client = w.e.Browser(c.user)
	case (r.path == "/login" || r.path == "/api/v1/auth/token") && c.role != nil:
		// Signing in is the same for everyone: each role signs in with
		// its own password, from a fresh client.
		client = w.e.NewBrowser()
		client.Get("/login")
		body = url.Values{"username": {c.user.Username}, "password": {webtest.Password}}
		if api {
			client = w.e.Anon()
			body = map[string]string{"username": c.user.Username, "password": webtest.Password}
		}
	}
	return client.Do(r.method, path+azQuery(r.path, c), body)
}

// fill substitutes fixture ids for the route's path parameters.
func (w *azWorld) fill(t *testing.T, r azRow, c azCell) string {
	t.Helper()
	segs := strings.Split(r.path, "/")
	fresh := !c.plain && (r.method == http.MethodDelete || strings.HasSuffix(r.path, "/remove"))
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") && s != "*" {
			continue
		}
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		segs[i] = w.param(t, r.path, prev, strings.TrimPrefix(s, ":"), c, fresh)
	}
	return strings.Join(segs, "/")
}

func (w *azWorld) param(t *testing.T, path, prev, name string, c azCell, fresh bool) string {
	t.Helper()
	s := c.side
	itoa := func(n int64) string { return fmt.Sprint(n) }
	switch name {
	case "aid":
		if fresh {
			w.made++
			return itoa(azID(t, azCreated(t, w.e.API(s.sec).Post(fmt.Sprintf("/api/v1/meetings/%d/attendees", s.meeting),
				map[string]any{"name": "临时专家", "email": fmt.Sprintf("tmp%d@expert.example", w.made), "unit_name": "某大学", "role": "optional"}))))
		}
		return itoa(s.attendee)
	case "iid":
		if fresh {
			return itoa(azID(t, azCreated(t, w.e.API(s.sec).Post(fmt.Sprintf("/api/v1/meetings/%d/agenda", s.meeting),
				map[string]any{"title": "临时议题", "duration_minutes": 5}))))
		}
		return itoa(s.agenda)
	case "nid":
		return itoa(s.note)
	case "sid":
		// Ending a real session would sign a matrix client out: an unknown
		// session, which every caller may only fail to find.
		return "0"
	case "step":
		return "1"
	case "kind":
		return "robot"
	case "fid":
		if strings.Contains(path, "/meetings/") {
			if fresh {
				// the meeting may be cancelled by now, which takes no
				// upload: the row is put in directly
				w.made++
				return itoa(azMeetingFile(t, w.e, s.meeting, s.sec.ID, fmt.Sprintf("临时材料%d.pdf", w.made)))
			}
			return itoa(s.meetingFile)
		}
		if strings.Contains(path, "/actions/") {
			return itoa(s.actionFile)
		}
		return itoa(s.docFile)
	case "month":
		return azMonth
	case "period": // the joint report of the scoreboard's month
		return azMonth
	case "year":
		return azMonth[:4]
	case "file":
		if strings.HasPrefix(path, "/feeds/") {
			u := c.user
			if c.role == nil {
				u = w.d.AgencyAMember
			} else if !c.own {
				u = w.d.AgencyBMember
			}
			return w.feed[u.ID]
		}
		return azMonth + ".xlsx"
	case "lang":
		return "en"
	case "*":
		return "css/app.css"
	case "token":
		return w.rsvpAccept
	case "id":
	default:
		t.Fatalf("route %s: no fixture for parameter :%s", path, name)
	}
	switch prev {
	case "report-activities", "activities", "leading-group", "document-types":
		// no activity in the fixture: writers find none (404), everyone
		// else is refused before the lookup (403)
		return "999999"
	case "meetings":
		return itoa(s.meeting)
	case "meeting-templates", "templates":
		return itoa(s.template)
	case "cases":
		if strings.Contains(path, ":nid") {
			return itoa(s.notified)
		}
		return itoa(s.kase)
	case "documents":
		return itoa(s.doc)
	case "opinion-requests":
		return itoa(w.sides["J"].request)
	case "actions":
		return itoa(s.action)
	case "rooms":
		if fresh {
			w.made++
			return itoa(azID(t, azCreated(t, w.e.API(w.d.Admin).Post("/api/v1/rooms", map[string]any{"name": fmt.Sprintf("临时会议室%d", w.made), "capacity": 5}))))
		}
		return itoa(w.room)
	case "case-types", "types":
		return itoa(w.caseType)
	case "outbox":
		return itoa(w.outbox)
	case "units":
		if c.own && c.role != nil {
			return itoa(c.user.UnitID)
		}
		return itoa(s.owner.ID)
	case "users":
		if c.own && c.role != nil {
			return itoa(w.colleague[c.user.UnitID].ID)
		}
		return itoa(w.colleague[s.owner.ID].ID)
	case "notifications":
		if c.own && c.role != nil {
			return itoa(w.inApp[c.user.ID])
		}
		return itoa(w.inApp[w.colleague[s.owner.ID].ID])
	}
	t.Fatalf("route %s: no fixture for :id after %q", path, prev)
	return ""
}

// azMonth is the scoreboard month the matrix asks for: one long over.
var azMonth = webtest.Month(-3)

// azQuery is the query string a route needs to answer at all.
func azQuery(path string, c azCell) string {
	switch path {
	case "/api/v1/meetings/events": // a month around the fixture's meetings
		return "?from=" + mDate(-2) + "&to=" + mDate(28)
	case "/calendar/events":
		return "?start=" + url.QueryEscape(mAt(-2, 0, 0)) + "&end=" + url.QueryEscape(mAt(28, 0, 0))
	case "/api/v1/workdays/add": // calendar arithmetic on a fixed day
		return "?from=2026-03-02&days=5"
	case "/api/v1/scoreboard/:month/records", "/scoreboard/:month/records":
		return fmt.Sprintf("?unit_id=%d", c.side.agency.ID)
	}
	return ""
}

// azClass maps an answer to its class character.
func azClass(r webtest.Response) byte {
	switch s := r.Status; {
	case s >= 200 && s < 300:
		return '2'
	case s >= 300 && s < 400:
		if loc := r.Header.Get("Location"); loc == "/login" || strings.HasPrefix(loc, "/login?") {
			return 'L'
		}
		return 'R'
	case s == http.StatusUnauthorized:
		return 'U'
	case s == http.StatusForbidden:
		return 'F'
	case s == http.StatusNotFound:
		return 'N'
	case s == http.StatusTooManyRequests:
		return 'T'
	case s == http.StatusBadRequest, s == http.StatusConflict, s == http.StatusGone, s == http.StatusUnprocessableEntity:
		return 'V'
	case s >= 500:
		return 'E'
	}
	return '?'
}

func azMatch(want, got byte) bool {
	if want == 'W' {
		return got == '2' || got == 'R' || got == 'V'
	}
	return want == got
}

// azFormat prints a row as it would appear in azMatrix.
func azFormat(r azRow, obs []byte) string {
	write := azWriteRank(r.method) == 1
	var b strings.Builder
	for i, c := range obs {
		if write && (c == '2' || c == 'R' || c == 'V') {
			c = 'W'
		}
		if i%2 == 1 {
			b.WriteByte(' ')
		}
		b.WriteByte(c)
	}
	return fmt.Sprintf("\t{%q, %q, %q},", r.method, r.path, b.String())
}
