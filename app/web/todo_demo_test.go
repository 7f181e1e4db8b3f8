package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/demo"
	"liaison/app/web/webtest"
)

// loadDemo fills e with the demo district and its activity.
func loadDemo(t testing.TB, e *webtest.Env) {
	t.Helper()
	if _, err := demo.Load(e.Ctx(), e.Deps.Accounts); err != nil {
		t.Fatal(err)
	}
	svc := demo.Services{Accounts: e.Deps.Accounts, Cases: e.Deps.Cases, Actions: e.Deps.Actions, Meetings: e.Deps.Meetings}
	if err := demo.LoadActivity(e.Ctx(), svc, e.DB.Now()); err != nil {
		t.Fatal(err)
	}
}

// demoBrowser signs in as demo person p. The administrator must pass a
// second factor the fixture knows only for its own users: a colleague
// administrator of the same unit, who sees the same 工作台, stands in.
func demoBrowser(t *testing.T, e *webtest.Env, p demo.Person) *webtest.Client {
	t.Helper()
	if p.Role != account.RoleAdmin {
		return signInGenerated(t, e, p.Username)
	}
	u, err := e.Deps.Accounts.UserByUsername(e.Ctx(), p.Username)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := e.Deps.Accounts.Unit(e.Ctx(), u.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	return e.Browser(e.User("demo.admin.fixture", unit, account.RoleAdmin))
}

// TestTodo_DemoRoles: the 工作台 renders for every demo person, the demo
// district has entries in every kind of 待办, an agency liaison has a
// document to sign for and an overdue item, and leaders and the office see
// the figures.
func TestTodo_DemoRoles(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	loadDemo(t, e)
	seen := map[string][]string{}
	for _, p := range demo.People {
		c := demoBrowser(t, e, p)
		r := c.Get("/")
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "我的待办") {
			t.Fatalf("%s: home %d", p.Username, r.Status)
		}
		b := todoOf(t, c)
		for _, g := range b.Groups {
			if g.Count > 0 {
				seen[g.Kind] = append(seen[g.Kind], p.Username)
			}
		}
		wantFigures := p.Role == "leader" || p.Unit == "区委依法治区办"
		if (b.Figures != nil) != wantFigures {
			t.Errorf("%s (%s): figures %v", p.Username, p.Role, b.Figures != nil)
		}
		if p.Username == "ma.li" {
			c.Get("/lang/en")
			if body := string(c.Get("/").Body); !strings.Contains(body, "My to-do") || !strings.Contains(body, "Documents to sign for") {
				t.Errorf("ma.li: the English 工作台 lacks its headings")
			}
			receipts, actions := b.Groups[2], b.Groups[3]
			if receipts.Count == 0 || actions.Overdue == 0 || !actions.Items[0].Overdue {
				t.Errorf("ma.li: receipts %+v, actions %+v", receipts, actions)
			}
		}
	}
	for _, k := range []string{"invitations", "signoffs", "receipts", "actions", "verify", "case_notes", "escalations", "organise", "unit_replies"} {
		t.Logf("%-12s %v", k, seen[k])
		if len(seen[k]) == 0 {
			t.Errorf("nobody in the demo has %s", k)
		}
	}
}
