package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// canaryCollector scans answers for markers.
type canaryCollector struct {
	tag                                    string
	hits                                   []canaryHit
	seen                                   map[string]bool
	channels, answers, feeds, mails, notes int
}

var canaryRE = regexp.MustCompile(`CANARY-[0-9a-f]{12}(-[a-z-]+)?`)

// scan records every marker of this run in data; channel names starting
// with "page " are page and API answers, the only channel that may ever
// show an accepted marker.
func (c *canaryCollector) scan(channel, who string, data []byte) {
	c.channels++
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) { // xlsx: search every part
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					continue
				}
				part, _ := io.ReadAll(rc)
				rc.Close()
				data = append(data, part...)
			}
		}
	}
	// Unfold ICS lines (RFC 5545 folds at 75 octets) so a folded marker
	// is still found.
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n "), nil), []byte("\r\n\t"), nil)
	found := map[string]bool{}
	for _, m := range canaryRE.FindAll(data, -1) {
		s := string(m)
		if !strings.HasPrefix(s, c.tag) || found[s] {
			continue
		}
		found[s] = true
		c.seen[s] = true
		c.hits = append(c.hits, canaryHit{marker: s, channel: channel, who: who})
	}
}

// walk sends every GET route of the router, as every user and with no
// session, with each sensitive and classified record in its path.
func (w *canaryWriter) walk(col *canaryCollector, users []account.User) {
	t, e := w.t, w.e
	routes := e.Server.Echo().Routes()
	slices.SortFunc(routes, func(a, b *echo.Route) int { return strings.Compare(a.Path, b.Path) })
	type who struct {
		name      string
		api, page *webtest.Client
		user      account.User
	}
	var clients []who
	for _, u := range users {
		clients = append(clients, who{u.Username, e.API(u), e.Browser(u), u})
	}
	clients = append(clients, who{"", e.Anon(), e.NewBrowser(), account.User{}})
	for _, r := range routes {
		if r.Method != http.MethodGet || canarySkip(r.Path) {
			continue
		}
		for _, p := range w.paths(r.Path) {
			for _, c := range clients {
				cl := c.page
				if strings.HasPrefix(p, "/api/") {
					cl = c.api
				}
				res := cl.Get(p)
				col.answers++
				channel := "page " + r.Path
				if canaryFile(res) {
					channel = "download " + r.Path
				}
				col.scan(channel, c.name, res.Body)
				if res.Status >= 500 {
					t.Errorf("GET %s as %q: %d", p, c.name, res.Status)
				}
			}
		}
	}
}

// canarySkip: routes that cannot carry a record's content (probes,
// assets, the language switch) and feeds, which feeds() reads per user.
func canarySkip(path string) bool {
	return slices.Contains([]string{"/healthz", "/readyz", "/static/*", "/api/openapi.yaml", "/lang/:lang", "/feeds/:file", "/rsvp/:token"}, path)
}

// canaryFile reports a download (calendar file, spreadsheet, image, scan):
// no marker may ever be in one.
func canaryFile(r webtest.Response) bool {
	ct := r.Header.Get("Content-Type")
	return r.Header.Get("Content-Disposition") != "" || !(strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/json"))
}

// paths returns the concrete paths of a route: each marked record for its
// :id, fixed values for the other parameters; lists also searched by tag.
func (w *canaryWriter) paths(route string) []string {
	d := w.d
	var ids []int64
	switch {
	case strings.Contains(route, "/meetings/:id"):
		ids = w.meetings
	case strings.Contains(route, "/cases/:id"):
		ids = w.cases
	case strings.Contains(route, "/documents/:id"):
		ids = w.documents
	case strings.Contains(route, "/actions/:id"):
		ids = w.actions
	case strings.Contains(route, "/units/:id"):
		ids = []int64{d.Procuratorate.ID, d.AgencyA.ID}
	case strings.Contains(route, "/users/:id"):
		ids = []int64{d.ProcSec.ID, d.AgencyAMember.ID}
	case strings.Contains(route, "/rooms/:id"), strings.Contains(route, ":fid"), strings.Contains(route, ":nid"):
		return nil // no marked record behind these
	}
	// This month (its figures live, with the marked records), and two
	// months of calendar around today, when the marked meetings are held.
	month := webtest.Month(0)
	from, to := webtest.DaysFromToday(-6), webtest.DaysFromToday(55)
	fill := func(id int64) string {
		p := strings.NewReplacer(":id", fmt.Sprint(id), ":month", month, ":year", month[:4], ":file", month+".xlsx").Replace(route)
		switch route {
		case "/api/v1/meetings/events":
			p += "?from=" + from.String() + "&to=" + to.String()
		case "/calendar/events":
			p += "?start=" + url.QueryEscape(webtest.At(from, 0, 0)) + "&end=" + url.QueryEscape(webtest.At(to, 0, 0))
		case "/api/v1/workdays/add": // calendar arithmetic on a fixed day
			p += "?from=2026-03-02&days=5"
		case "/api/v1/scoreboard/:month/records", "/scoreboard/:month/records":
			p += fmt.Sprintf("?unit_id=%d", d.AgencyA.ID)
		}
		return p
	}
	if ids == nil {
		out := []string{fill(0)}
		if !strings.Contains(route, ":") && !strings.Contains(route, "?") && !strings.HasSuffix(route, ".png") {
			out = append(out, fill(0)+"?q="+w.tag) // a search for the marker
		}
		if route == "/scoreboard/:file" {
			out = append(out, strings.Replace(fill(0), ".xlsx", ".csv", 1))
		}
		return out
	}
	var out []string
	for _, id := range ids {
		out = append(out, fill(id))
	}
	return out
}

// feeds reads every user's personal feed and, for secretaries, their
// unit's feed.
func (w *canaryWriter) feeds(col *canaryCollector, users []account.User) {
	t, e := w.t, w.e
	for _, u := range users {
		c := e.API(u)
		for _, api := range []string{"/api/v1/me/feed", "/api/v1/me/unit_feed"} {
			r := c.Get(api)
			if r.Status == http.StatusForbidden && api == "/api/v1/me/unit_feed" {
				continue
			}
			if r.Status != http.StatusOK {
				t.Fatalf("%s as %s: %d", api, u.Username, r.Status)
			}
			var l struct {
				URL string `json:"url"`
			}
			r.Decode(t, &l)
			res := e.Anon().Get(feedPath(t, l.URL))
			if res.Status != http.StatusOK {
				t.Fatalf("feed of %s: %d", u.Username, res.Status)
			}
			col.feeds++
			col.scan("feed "+api, u.Username, res.Body)
		}
	}
}

// mail scans every mail in the outbox, raw and decoded.
func (w *canaryWriter) mail(col *canaryCollector) {
	t, e := w.t, w.e
	var rows []struct {
		Channel   string
		Recipient string
		Subject   string
		Message   []byte
	}
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT channel, recipient, subject, message FROM outbox ORDER BY id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no mail in the outbox: the mail channel was not exercised")
	}
	done := map[string]bool{}
	for _, r := range rows {
		if r.Channel != "mail" { // a unit channel's JSON message (group robot, webhook)
			col.scan("channel message", r.Recipient, append([]byte(r.Subject+"\n"), r.Message...))
			continue
		}
		col.mails++
		col.scan("mail (raw)", r.Recipient, append([]byte(r.Subject+"\n"), r.Message...))
		if done[r.Recipient] {
			continue
		}
		done[r.Recipient] = true
		for _, m := range outbox(t, e, r.Recipient) {
			col.scan("mail (decoded)", r.Recipient, []byte(m.Subject+"\n"+m.Text+"\n"+strings.Join(m.ICS, "\n")))
		}
	}
}

// inApp scans every in-app notification of every user.
func (w *canaryWriter) inApp(col *canaryCollector) {
	w.inboxEvents()
	var rows []struct {
		UserID            int64
		Title, Body, Link string
	}
	if err := w.e.DB.Conn(w.e.Ctx()).Raw(`SELECT user_id, title, body, link FROM notifications`).Scan(&rows).Error; err != nil {
		w.t.Fatal(err)
	}
	for _, r := range rows {
		col.notes++
		col.scan("in-app notification", fmt.Sprint(r.UserID), []byte(r.Title+"\n"+r.Body+"\n"+r.Link))
	}
}
