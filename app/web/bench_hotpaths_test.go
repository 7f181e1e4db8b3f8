package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/demo"
	"liaison/app/web/webtest"
)

// hotEnv is a generated district (demo.LoadLarge at a small size) with a
// member and the feed user signed in, and ids of records they may open.
type hotEnv struct {
	e        *webtest.Env
	member   *webtest.Client
	feedPath string
	meeting  int64
	caseID   int64
	month    string
}

func newHotEnv(tb testing.TB, meetings int) *hotEnv {
	tb.Helper()
	e := webtest.New(tb)
	size := demo.Scaled(meetings)
	size.Units, size.Users, size.FeedEvents = 12, 120, meetings/10
	if _, err := demo.LoadLarge(e.Ctx(), e.DB, size, e.DB.Now()); err != nil {
		tb.Fatal(err)
	}
	h := &hotEnv{e: e, month: webtest.Month(-1)}
	h.member = signInGenerated(tb, e, demo.LargeMember)
	var list struct{ Items []struct{ ID int64 } }
	h.member.Get("/api/v1/meetings?limit=5").Decode(tb, &list)
	if len(list.Items) == 0 {
		tb.Fatal("the member sees no meetings")
	}
	h.meeting = list.Items[0].ID
	h.member.Get("/api/v1/cases?limit=5").Decode(tb, &list)
	if len(list.Items) == 0 {
		tb.Fatal("the member sees no cases")
	}
	h.caseID = list.Items[0].ID
	var link struct{ URL string }
	signInGenerated(tb, e, demo.LargeFeedUser).Get("/api/v1/me/feed").Decode(tb, &link)
	u, err := url.Parse(link.URL)
	if err != nil {
		tb.Fatal(err)
	}
	h.feedPath = u.Path
	return h
}

func signInGenerated(tb testing.TB, e *webtest.Env, username string) *webtest.Client {
	tb.Helper()
	c := e.NewBrowser()
	if r := c.PostForm("/login", url.Values{"username": {username}, "password": {demo.Password}}); r.Status != http.StatusSeeOther {
		tb.Fatalf("sign in as %s: %d %s", username, r.Status, r.Body)
	}
	return c
}

// hotPaths are the pages the load tool measures (sign-in aside).
func (h *hotEnv) hotPaths() map[string]string {
	return map[string]string{
		"meeting list": "/meetings",
		"meeting page": fmt.Sprintf("/meetings/%d", h.meeting),
		"action list":  "/actions?tab=issued", // the procuratorate's member owes nothing; it issues

		"case page":        fmt.Sprintf("/cases/%d", h.caseID),
		"scoreboard month": "/scoreboard?month=" + h.month,
	}
}

// get fetches path as the member (or anonymously for the feed).
func (h *hotEnv) get(tb testing.TB, path string) {
	tb.Helper()
	c := h.member
	if strings.HasPrefix(path, "/feeds/") {
		c = h.e.Anon()
	}
	if r := c.Get(path); r.Status != http.StatusOK {
		tb.Fatalf("GET %s: %d %.300s", path, r.Status, r.Body)
	}
}

// TestHotPaths_ConstantQueries: each hot page costs the same number of SQL
// statements on a district of 100 meetings as on one of 400 (four times
// the meetings, action items, cases and feed events): no N+1 anywhere.
func TestHotPaths_ConstantQueries(t *testing.T) {
	t.Parallel()
	counts := map[string][2]int64{}
	for i, n := range []int{100, 400} {
		h := newHotEnv(t, n)
		paths := h.hotPaths()
		paths["my feed"] = h.feedPath
		for name, p := range paths {
			h.get(t, p) // warm: first-use writes (CSRF token, feed cache) are not the page's cost
			qc := h.e.CountQueries()
			h.get(t, p)
			c := counts[name]
			c[i] = qc.N()
			counts[name] = c
		}
	}
	for name, c := range counts {
		t.Logf("%-16s %d queries at 100 meetings, %d at 400", name, c[0], c[1])
		if c[0] != c[1] || c[0] == 0 {
			t.Errorf("%s: %d queries at 100 meetings, %d at 400", name, c[0], c[1])
		}
	}
}

// BenchmarkHotPaths measures each hot page through the real router and
// database (go test -bench HotPaths -benchmem ./app/web/).
func BenchmarkHotPaths(b *testing.B) {
	h := newHotEnv(b, 1000)
	paths := h.hotPaths()
	paths["my feed"] = h.feedPath
	for _, name := range []string{"meeting list", "meeting page", "my feed", "action list", "case page", "scoreboard month"} {
		p := paths[name]
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.get(b, p)
			}
		})
	}
}
