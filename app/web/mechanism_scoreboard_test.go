package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"liaison/app/followup"
	"liaison/app/scoreboard"
	"liaison/app/web/webtest"
)

type mechRow struct {
	Rank     int            `json:"rank"`
	UnitID   int64          `json:"unit_id"`
	Received int            `json:"received"`
	Overdue  int            `json:"overdue"`
	Score    float64        `json:"score"`
	None     bool           `json:"none"`
	Beside   map[string]int `json:"beside"`
}

func mechBoard(t *testing.T, c *webtest.Client, month string) map[int64]mechRow {
	t.Helper()
	var b struct {
		Rows []mechRow `json:"rows"`
	}
	r := c.Get("/api/v1/scoreboard?month=" + month)
	if r.Status != 200 {
		t.Fatalf("board: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &b)
	out := map[int64]mechRow{}
	for _, x := range b.Rows {
		out[x.UnitID] = x
	}
	return out
}

// TestMechanism_ScoreboardBasis: last month ranks the suggestions and
// supervision opinions each agency received and how they were rectified;
// meeting decisions and other documents are columns of their own; a unit
// with none of them is 本月无, unranked and never commended; the admin
// may change the basis per kind; a deduction names its records.
func TestMechanism_ScoreboardBasis(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	A, B := d.AgencyA, d.AgencyB
	m := scoreboard.MonthOf(webtest.DaysFromToday(0)).Prev()
	day := func(n int) string { return m.First().AddDays(n).String() }
	proc, admin, leader := e.API(d.ProcSec), e.API(d.Admin), e.API(d.Leader)
	doc := func(typ, number string, to int64) webtest.DocumentJSON {
		return proc.CreateDocument(t, map[string]any{"type": typ, "number": number, "issuing_unit_id": d.Procuratorate.ID,
			"addressee_unit_id": to, "cc_unit_ids": []int64{}, "issued_on": day(1), "received_on": day(2), "reply_due_on": day(10)})
	}
	suggestion := doc("procuratorial_suggestion", "晒绩检建1", A.ID).ActionItems[0].ID // never answered: overdue
	doc("legal_opinion", "晒绩法意1", B.ID)
	decision := func(to int64) {
		e.Action(followup.NewAction{Title: "议定事项", ResponsibleUnitID: to, IssuingUnitID: d.Office.ID, DueOn: m.First().AddDays(20),
			ReceivedOn: m.First().AddDays(3), SourceKind: followup.FromDecision, SourceID: 1})
	}
	decision(A.ID)
	decision(B.ID)

	rows := mechBoard(t, leader, m.String())
	a, b := rows[A.ID], rows[B.ID]
	if a.Received != 1 || a.Overdue != 1 || a.Rank != 1 || a.None || a.Beside["decision"] != 1 {
		t.Errorf("A = %+v: only the suggestion is received and ranked", a)
	}
	if !b.None || b.Rank != 0 || b.Received != 0 || b.Beside["decision"] != 1 || b.Beside["legal_opinion"] != 1 {
		t.Errorf("B = %+v: 本月无, its decision and legal opinion beside", b)
	}

	// The admin counts meeting decisions too: B is ranked on its decision.
	sbBasis(t, e, d, "procuratorial_suggestion", "supervision_opinion", "decision")
	rows = mechBoard(t, leader, m.String())
	if a, b := rows[A.ID], rows[B.ID]; a.Received != 2 || b.None || b.Rank == 0 || b.Received != 1 || b.Beside["legal_opinion"] != 1 || b.Beside["decision"] != 0 {
		t.Errorf("with decisions: A %+v B %+v", a, b)
	}
	// Back to the source's basis; deductions below 95 this time.
	var st map[string]any
	admin.Get("/api/v1/scoreboard/settings").Decode(t, &st)
	st["basis"], st["deduct_below"], st["commend_at"] = scoreboard.DefaultBasis(), 95, 90
	if r := admin.Do("PUT", "/api/v1/scoreboard/settings", st); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	if r := admin.Post("/api/v1/scoreboard/"+m.String()+"/publish", nil); r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	var y struct {
		Rows []struct {
			UnitID int64 `json:"unit_id"`
		} `json:"rows"`
		Commend []struct {
			UnitID int64 `json:"unit_id"`
		} `json:"commend"`
		Deduct []struct {
			UnitID  int64   `json:"unit_id"`
			Records []int64 `json:"records"`
		} `json:"deduct"`
	}
	r := leader.Get(fmt.Sprintf("/api/v1/scoreboard/year/%d", m.Year))
	if r.Status != 200 {
		t.Fatalf("year: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &y)
	for _, c := range y.Commend {
		if c.UnitID == B.ID {
			t.Errorf("B, with nothing received, commended: %s", r.Body)
		}
	}
	if len(y.Rows) != 1 || y.Rows[0].UnitID != A.ID {
		t.Errorf("year rows: only A was ranked: %s", r.Body)
	}
	if len(y.Deduct) != 1 || y.Deduct[0].UnitID != A.ID || !slices.Equal(y.Deduct[0].Records, []int64{suggestion}) {
		t.Errorf("deduction names its records: %s", r.Body)
	}
	// The page says 本月无 and what the ranking counts.
	page := e.Browser(d.Leader).Get("/scoreboard?month=" + m.String())
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, "本月无") || !strings.Contains(body, "排名依据") || !strings.Contains(body, "会议议定事项") {
		t.Fatalf("page: %d", page.Status)
	}
	// A 本月无 row shows no score: 100 beside "本月无" would read as full marks.
	row := body[strings.Index(body, `<th scope="row">`+B.Name+`</th>`):]
	row = row[:strings.Index(row, "</tr>")]
	if strings.Contains(row, "<strong>") || !strings.Contains(row, "—") {
		t.Errorf("本月无 row shows a score: %s", row)
	}
}

// TestMechanism_ScoreboardBasisForm: the settings page shows the basis and
// changes it; a form without the basis fields keeps it.
func TestMechanism_ScoreboardBasisForm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)
	page := string(b.Get("/scoreboard/settings").Body)
	if !strings.Contains(page, `name="basis" value="procuratorial_suggestion" checked`) || strings.Contains(page, `name="basis" value="decision" checked`) {
		t.Fatal("settings page does not show the source's basis")
	}
	form := url.Values{"formula.base": {"100"}, "formula.per_overdue": {"5"}, "formula.per_unanswered": {"3"}, "formula.per_late": {"2"},
		"formula.per_returned": {"1"}, "formula.per_absence": {"1"}, "formula.per_rectified": {"1"}, "formula.floor": {"0"}, "formula.cap": {"100"},
		"annual_proportion": {"10"}, "commend_at": {"95"}, "deduct_below": {"80"}, "version": {"0"},
		"basis_form": {"1"}, "basis": {"procuratorial_suggestion", "supervision_opinion", "decision"}}
	if r := b.PostForm("/scoreboard/settings", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	var st struct {
		Basis []string `json:"basis"`
	}
	e.API(d.Admin).Get("/api/v1/scoreboard/settings").Decode(t, &st)
	if len(st.Basis) != 3 {
		t.Fatalf("basis %v", st.Basis)
	}
	form.Del("basis_form")
	form.Del("basis")
	form.Set("version", "1")
	if r := b.PostForm("/scoreboard/settings", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save without basis: %d", r.Status)
	}
	e.API(d.Admin).Get("/api/v1/scoreboard/settings").Decode(t, &st)
	if len(st.Basis) != 3 {
		t.Fatalf("a form without the basis changed it: %v", st.Basis)
	}
}
