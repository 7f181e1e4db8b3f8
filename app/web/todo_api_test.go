package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/todo"
	"liaison/app/web/webtest"
)

// todoJSON is GET /api/v1/me/todo as a test reads it.
type todoJSON struct {
	Today  string `json:"today"`
	Total  int    `json:"total"`
	Groups []struct {
		Kind    string `json:"kind"`
		Count   int    `json:"count"`
		Overdue int    `json:"overdue"`
		Items   []struct {
			Title        string `json:"title"`
			Number       string `json:"number"`
			Type         string `json:"type"`
			URL          string `json:"url"`
			Sensitivity  string `json:"sensitivity"`
			UnitName     string `json:"unit_name"`
			WorkdaysLeft *int   `json:"workdays_left"`
			DaysOverdue  int    `json:"days_overdue"`
			Overdue      bool   `json:"overdue"`
			Soon         bool   `json:"soon"`
			Count        int    `json:"count"`
			Step         int    `json:"step"`
		} `json:"items"`
	} `json:"groups"`
	Meetings []struct {
		Title  string `json:"title"`
		Answer string `json:"answer"`
		URL    string `json:"url"`
	} `json:"meetings"`
	Figures *struct {
		Total struct {
			Open, Overdue, Escalated int
			DueWeek                  int `json:"due_this_week"`
		} `json:"total"`
		Units []struct {
			UnitName string `json:"unit_name"`
			Open     int    `json:"open"`
		} `json:"units"`
		DashboardURL string `json:"dashboard_url"`
	} `json:"figures"`
}

func todoOf(t *testing.T, c *webtest.Client) todoJSON {
	t.Helper()
	r := c.Get("/api/v1/me/todo")
	if r.Status != http.StatusOK {
		t.Fatalf("todo: %d %s", r.Status, r.Body)
	}
	var b todoJSON
	r.Decode(t, &b)
	if len(b.Groups) != len(todo.Kinds) {
		t.Fatalf("todo groups: %+v", b.Groups)
	}
	return b
}

// count is the count of kind in c's 工作台, and the urls of its entries.
func todoCount(t *testing.T, c *webtest.Client, kind string) (int, []string) {
	t.Helper()
	for _, g := range todoOf(t, c).Groups {
		if g.Kind == kind {
			var urls []string
			for _, it := range g.Items {
				urls = append(urls, it.URL)
			}
			return g.Count, urls
		}
	}
	t.Fatalf("no group %s", kind)
	return 0, nil
}

// wantTodo checks the count of kind for each client.
func wantTodo(t *testing.T, kind string, want map[string]int, clients map[string]*webtest.Client) {
	t.Helper()
	for name, n := range want {
		if got, _ := todoCount(t, clients[name], kind); got != n {
			t.Errorf("%s: %s has %d, want %d", kind, name, got, n)
		}
	}
}

func TestTodoAPI_Anonymous(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	if r := e.Anon().Get("/api/v1/me/todo"); r.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", r.Status)
	}
}

func TestTodoAPI_Meetings(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	cl := map[string]*webtest.Client{"proc.sec": e.API(d.ProcSec), "justice.sec": e.API(d.JusticeSec), "justice.member": e.API(d.JusticeMember),
		"agency.a": e.API(d.AgencyAMember), "leader": e.API(d.Leader)}
	proc := cl["proc.sec"]

	day := webtest.Workday(webtest.DaysFromToday(3))
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "案件会商", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	body["attendee_user_ids"] = []int64{d.JusticeMember.ID}
	body["co_unit_ids"] = []int64{d.Justice.ID}
	m := e.CreateMeeting(proc, body)

	t.Run("invitations to answer", func(t *testing.T) {
		wantTodo(t, "invitations", map[string]int{"justice.member": 1, "justice.sec": 0, "agency.a": 0, "proc.sec": 0}, cl)
		b := todoOf(t, cl["justice.member"])
		if len(b.Meetings) != 1 || b.Meetings[0].Answer != "pending" || b.Meetings[0].Title != "案件会商" {
			t.Fatalf("upcoming %+v", b.Meetings)
		}
		wantStatus(t, cl["justice.member"].Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"}), 200)
		wantTodo(t, "invitations", map[string]int{"justice.member": 0}, cl)
		if b := todoOf(t, cl["justice.member"]); len(b.Meetings) != 1 || b.Meetings[0].Answer != "accepted" {
			t.Fatalf("upcoming after answer %+v", b.Meetings)
		}
	})

	t.Run("a sensitive meeting shows its register entry only", func(t *testing.T) {
		b := webtest.MeetingBody("consultation", d.Procuratorate.ID, "SENSITIVE-会商主题", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
		b["sensitivity"], b["paper_file_holder"] = "sensitive", "李静"
		b["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
		s := e.CreateMeeting(proc, b)
		wantTodo(t, "invitations", map[string]int{"agency.a": 1}, cl)
		got := todoOf(t, cl["agency.a"]).Groups[0].Items[0]
		if got.Title != "" || got.Sensitivity != "sensitive" || got.URL != fmt.Sprintf("/meetings/%v#rsvp", s["id"]) {
			t.Fatalf("sensitive invitation %+v", got)
		}
		for _, p := range []string{"/api/v1/me/todo", "/"} {
			if body := string(e.Browser(d.AgencyAMember).Get(p).Body); strings.Contains(body, "SENSITIVE-") {
				t.Errorf("%s names the sensitive meeting's title", p)
			}
		}
	})

	t.Run("minutes to sign", func(t *testing.T) {
		was := e.Clock.Now()
		holdDay(t, e, day.String())
		defer e.Clock.Set(was)
		wantStatus(t, proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "会商意见", "decisions": []any{}}), 200)
		wantTodo(t, "signoffs", map[string]int{"justice.sec": 1, "justice.member": 0, "proc.sec": 0, "agency.a": 0, "leader": 0}, cl)
		_, urls := todoCount(t, cl["justice.sec"], "signoffs")
		if len(urls) != 1 || urls[0] != fmt.Sprintf("/meetings/%v#minutes", m["id"]) {
			t.Fatalf("sign-off link %v", urls)
		}
		wantStatus(t, cl["justice.sec"].Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
		wantTodo(t, "signoffs", map[string]int{"justice.sec": 0}, cl)
	})

	t.Run("meetings I organise", func(t *testing.T) {
		// Held a week ago, no minutes; held yesterday with an accepted
		// attendee not checked in.
		old := webtest.Workday(webtest.DaysFromToday(-10))
		b := webtest.MeetingBody("consultation", d.Procuratorate.ID, "旧会", webtest.At(old, 9, 0), webtest.At(old, 10, 0))
		past := e.CreateMeeting(proc, b)
		y := webtest.DaysFromToday(-1)
		b = webtest.MeetingBody("consultation", d.Procuratorate.ID, "昨日会", webtest.At(y, 9, 0), webtest.At(y, 10, 0))
		b["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
		yest := e.CreateMeeting(proc, b)
		wantStatus(t, cl["agency.a"].Post(webtest.MeetingPath(yest, "/rsvp"), map[string]any{"answer": "accepted"}), 200)
		n, urls := todoCount(t, proc, "organise")
		// The meeting of yesterday also has no minutes, but is not three
		// working days old.
		want := []string{fmt.Sprintf("/meetings/%v#minutes", past["id"]), fmt.Sprintf("/meetings/%v/roster", yest["id"])}
		if n != 2 || strings.Join(urls, " ") != strings.Join(want, " ") {
			t.Fatalf("organise %d %v, want %v", n, urls, want)
		}
		wantTodo(t, "organise", map[string]int{"justice.sec": 0, "agency.a": 0, "justice.member": 0}, cl)

		wantStatus(t, proc.Do("PUT", webtest.MeetingPath(past, "/minutes"), map[string]any{"body": "补录纪要", "decisions": []any{}}), 200)
		var got struct {
			Attendees []struct {
				ID     int64  `json:"id"`
				UserID *int64 `json:"user_id"`
			} `json:"attendees"`
		}
		proc.Get(webtest.MeetingPath(yest, "")).Decode(t, &got)
		for _, a := range got.Attendees {
			if a.UserID != nil && *a.UserID == d.AgencyAMember.ID {
				wantStatus(t, proc.Post(webtest.MeetingPath(yest, fmt.Sprintf("/attendees/%d/check-in", a.ID)), nil), 200)
			}
		}
		wantTodo(t, "organise", map[string]int{"proc.sec": 0}, cl)
	})

	t.Run("invitations not delivered", func(t *testing.T) {
		// No mail server is configured: the invitation job (run here as the
		// worker runs it) leaves the mails not_sent in the outbox.
		b := webtest.MeetingBody("consultation", d.Procuratorate.ID, "无法送达的会商", webtest.At(day, 16, 0), webtest.At(day, 17, 0))
		b["attendee_user_ids"] = []int64{d.AgencyAMember.ID, d.AgencyBMember.ID}
		u := e.CreateMeeting(proc, b)
		if _, err := e.Deps.Subscribe.ReconcileMeetings(e.Ctx(), []int64{int64(u["id"].(float64))}); err != nil {
			t.Fatal(err)
		}
		var g = todoOf(t, proc).Groups[7]
		if g.Count != 1 || g.Items[0].Type != "undelivered" || g.Items[0].Count != 2 || g.Items[0].URL != fmt.Sprintf("/meetings/%v", u["id"]) {
			t.Fatalf("undelivered %+v", g)
		}
		wantTodo(t, "organise", map[string]int{"justice.sec": 0, "agency.a": 0}, cl)
		wantStatus(t, proc.Post(webtest.MeetingPath(u, "/cancel"), map[string]any{"reason": "改期"}), 200)
		wantTodo(t, "organise", map[string]int{"proc.sec": 0}, cl)
	})
}

func TestTodoAPI_Register(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	cl := map[string]*webtest.Client{"proc.sec": e.API(d.ProcSec), "justice.sec": e.API(d.JusticeSec), "justice.member": e.API(d.JusticeMember),
		"agency.a": e.API(d.AgencyAMember), "agency.b": e.API(d.AgencyBMember), "leader": e.API(d.Leader)}
	proc := cl["proc.sec"]

	t.Run("documents to sign for", func(t *testing.T) {
		doc := proc.CreateDocument(t, cfAt(d, "检建〔2026〕9号", webtest.DaysFromToday(-2).String(), ""))
		secret := cfAt(d, "检建〔2026〕10号", webtest.DaysFromToday(-1).String(), "")
		secret["sensitivity"] = "sensitive"
		delete(secret, "title")
		proc.CreateDocument(t, secret)
		wantTodo(t, "receipts", map[string]int{"agency.a": 2, "agency.b": 0, "justice.member": 0, "proc.sec": 0, "leader": 0}, cl)
		r := cl["agency.a"].Get("/api/v1/me/todo")
		if !strings.Contains(string(r.Body), "检建〔2026〕10号") || !strings.Contains(string(r.Body), `"sensitivity":"sensitive"`) {
			t.Fatalf("a sensitive document shows its register entry: %s", r.Body)
		}
		before, _ := todoCount(t, cl["agency.a"], "actions")
		wantStatus(t, cl["agency.a"].Post(fmt.Sprintf("/api/v1/documents/%d/receive", doc.ID), map[string]any{}), 200)
		wantTodo(t, "receipts", map[string]int{"agency.a": 1}, cl)
		// Receipt starts the reply period: the reply is now owed.
		if after, _ := todoCount(t, cl["agency.a"], "actions"); after != before+1 {
			t.Fatalf("actions after receipt %d, before %d", after, before)
		}
	})

	t.Run("case notifications to read", func(t *testing.T) {
		k := proc.CreateCase(t, map[string]any{"number": "潍奎检行监〔2026〕7号", "title": "某行政处罚案", "kind": "行政处罚",
			"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID})
		r := proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID,
			"stage": "accepted", "summary": "CANARY-通报内容"})
		wantStatus(t, r, http.StatusCreated)
		nid := int64(r.JSON(t)["id"].(float64))
		wantTodo(t, "case_notes", map[string]int{"justice.member": 1, "justice.sec": 1, "proc.sec": 0, "agency.a": 0, "leader": 0}, cl)
		body := cl["justice.member"].Get("/api/v1/me/todo").Body
		if strings.Contains(string(body), "CANARY") || !strings.Contains(string(body), "潍奎检行监〔2026〕7号") {
			t.Fatalf("a notification names its case, never its summary: %s", body)
		}
		wantStatus(t, cl["justice.member"].Post(webtest.CasePath(k.ID, fmt.Sprintf("/notifications/%d/read", nid)), nil), 200)
		wantTodo(t, "case_notes", map[string]int{"justice.member": 0, "justice.sec": 0}, cl)
	})
}

func TestTodoAPI_Actions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	cl := map[string]*webtest.Client{"proc.sec": e.API(d.ProcSec), "proc.member": e.API(d.ProcMember), "justice.sec": e.API(d.JusticeSec),
		"justice.member": e.API(d.JusticeMember), "agency.a": e.API(d.AgencyAMember), "agency.b": e.API(d.AgencyBMember),
		"leader": e.API(d.Leader), "office.sec": e.API(d.OfficeSec), "admin": e.API(d.Admin)}
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-3)})
	soon := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.Workday(webtest.DaysFromToday(1))})
	e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(40)})
	// A classified item is seen by its issuer and named owner only, as on the board.
	e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5), Sensitivity: account.Classified})

	t.Run("what my unit owes, overdue first", func(t *testing.T) {
		wantTodo(t, "actions", map[string]int{"agency.a": 3, "agency.b": 0, "proc.sec": 0, "leader": 0, "justice.member": 0}, cl)
		var g = todoOf(t, cl["agency.a"]).Groups[3]
		if g.Kind != "actions" || g.Overdue != 1 || len(g.Items) != 3 {
			t.Fatalf("actions %+v", g)
		}
		first, second := g.Items[0], g.Items[1]
		if !first.Overdue || first.DaysOverdue != 3 || first.URL != fmt.Sprintf("/actions/%d", late.ID) || first.UnitName != "区检察院" {
			t.Fatalf("overdue item %+v", first)
		}
		if second.Overdue || second.WorkdaysLeft == nil || *second.WorkdaysLeft != 1 || !second.Soon || second.URL != fmt.Sprintf("/actions/%d", soon.ID) {
			t.Fatalf("due-soon item %+v", second)
		}
		if g.Items[2].Soon {
			t.Fatalf("far item is not soon: %+v", g.Items[2])
		}
	})

	t.Run("answers to verify, then verified", func(t *testing.T) {
		wantStatus(t, cl["agency.a"].Post(fmt.Sprintf("/api/v1/actions/%d/feedback", soon.ID), map[string]any{"kind": "answer", "body": "已整改"}), http.StatusCreated)
		wantTodo(t, "actions", map[string]int{"agency.a": 2}, cl)
		wantTodo(t, "verify", map[string]int{"proc.sec": 1, "proc.member": 0, "agency.a": 0, "justice.sec": 0, "leader": 0, "admin": 0}, cl)
		wantStatus(t, cl["proc.sec"].Post(fmt.Sprintf("/api/v1/actions/%d/verify", soon.ID), map[string]any{"accepted": true}), 200)
		wantTodo(t, "verify", map[string]int{"proc.sec": 0}, cl)
	})

	t.Run("escalations to handle", func(t *testing.T) {
		wantStatus(t, cl["proc.sec"].Post(fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID), map[string]any{"comment": "逾期未回复"}), 200)
		wantTodo(t, "escalations", map[string]int{"justice.member": 1, "justice.sec": 1, "proc.sec": 0, "agency.a": 0, "leader": 0}, cl)
		wantStatus(t, cl["justice.member"].Post(fmt.Sprintf("/api/v1/actions/%d/escalations/1/handling", late.ID), map[string]any{"handling": "已立案监督"}), 200)
		wantTodo(t, "escalations", map[string]int{"justice.member": 0, "justice.sec": 0}, cl)
		// Step 2 reports to 区委 and writes to 区纪委监委: each answers on its
		// own, so 区委's handling leaves 区纪委监委's letter on its 待办.
		cl["party.sec"] = e.API(e.User("party.sec", d.Party, account.RoleSecretary))
		cl["discipline.sec"] = e.API(e.User("discipline.sec", d.Discipline, account.RoleSecretary))
		wantStatus(t, cl["proc.sec"].Post(fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID), map[string]any{"steps": []int{2}, "grounds": []string{"no_reply"}}), 200)
		wantTodo(t, "escalations", map[string]int{"party.sec": 1, "discipline.sec": 1, "justice.sec": 0}, cl)
		wantStatus(t, cl["party.sec"].Post(fmt.Sprintf("/api/v1/actions/%d/escalations/2/handling", late.ID), map[string]any{"handling": "已听取报告"}), 200)
		wantTodo(t, "escalations", map[string]int{"party.sec": 0, "discipline.sec": 1}, cl)
	})

	t.Run("figures for leaders and the office", func(t *testing.T) {
		for _, who := range []string{"leader", "office.sec"} {
			b := todoOf(t, cl[who])
			if b.Figures == nil || b.Figures.Total.Open != 3 || b.Figures.Total.Overdue != 1 || b.Figures.Total.Escalated != 1 || b.Figures.DashboardURL != "/dashboard" ||
				len(b.Figures.Units) != 1 || b.Figures.Units[0].UnitName != "区人社局" {
				t.Errorf("%s figures %+v", who, b.Figures)
			}
		}
		for _, who := range []string{"agency.a", "proc.sec", "justice.member"} {
			if b := todoOf(t, cl[who]); b.Figures != nil {
				t.Errorf("%s sees figures", who)
			}
		}
	})
}
