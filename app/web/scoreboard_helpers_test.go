package web_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// sbEnv starts the application with its one clock at 10:00 on 1 August
// 2026 in Shanghai, before the district is made, so that a scenario can
// happen over months on the days it chose: sbAt moves that clock, and every
// service (and every timestamp the database writes) sees the same time.
func sbEnv(t *testing.T) (*webtest.Env, webtest.District) {
	t.Helper()
	e := webtest.New(t)
	sbAt(e, 2026, time.August, 1)
	return e, e.District()
}

// sbAt sets the application's clock to 10:00 on the given day in Shanghai.
func sbAt(e *webtest.Env, y int, m time.Month, d int) {
	e.Clock.Set(time.Date(y, m, d, 10, 0, 0, 0, workday.Shanghai()))
}

// sbDoc issues a procuratorial suggestion from the procuratorate to unit
// today, due on due, and returns its action item id.
func sbDoc(t *testing.T, e *webtest.Env, d webtest.District, n int, to account.Unit, due string) int64 {
	t.Helper()
	issued := workday.FromTime(e.Clock.Now()).String()
	doc, err := e.Deps.Cases.CreateDocument(e.Ctx(), e.Actor(d.ProcSec), casefile.DocumentInput{Type: casefile.ProcuratorialSuggestion,
		Number: fmt.Sprintf("检建〔2026〕%d号", n), Title: fmt.Sprintf("检察建议 %d", n), IssuingUnitID: d.Procuratorate.ID,
		AddresseeUnitID: to.ID, IssuedOn: issued, ReceivedOn: &issued, ReplyDueOn: &due})
	if err != nil {
		t.Fatalf("document %d: %v", n, err)
	}
	if len(doc.ActionItems) != 1 {
		t.Fatalf("document %d: %d action items", n, len(doc.ActionItems))
	}
	return doc.ActionItems[0].ID
}

// sbDecision creates an action item as a confirmed decision does.
func sbDecision(t *testing.T, e *webtest.Env, d webtest.District, title string, to account.Unit, due string) int64 {
	t.Helper()
	dd, err := workday.ParseDate(due)
	if err != nil {
		t.Fatal(err)
	}
	return e.Action(followup.NewAction{Title: title, ResponsibleUnitID: to.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: dd,
		SourceKind: followup.FromDecision, SourceID: 1}).ID
}

func sbAnswer(t *testing.T, e *webtest.Env, u account.User, id int64) {
	t.Helper()
	if _, _, err := e.Deps.Actions.AddFeedback(e.Ctx(), e.Actor(u), id, followup.FeedbackInput{Body: "已按要求整改并书面答复"}); err != nil {
		t.Fatalf("answer %d: %v", id, err)
	}
}

func sbVerify(t *testing.T, e *webtest.Env, d webtest.District, id int64, ok bool) {
	t.Helper()
	in := followup.VerifyInput{Accepted: &ok}
	if !ok {
		in.Comment = "整改材料不全，退回补充"
	}
	if _, _, err := e.Deps.Actions.Verify(e.Ctx(), e.Actor(d.ProcSec), id, in); err != nil {
		t.Fatalf("verify %d: %v", id, err)
	}
}

func sbEscalate(t *testing.T, e *webtest.Env, d webtest.District, id int64) {
	t.Helper()
	if _, _, err := e.Deps.Actions.Escalate(e.Ctx(), e.Actor(d.ProcSec), id, followup.EscalateInput{Comment: "逾期未答复"}); err != nil {
		t.Fatalf("escalate %d: %v", id, err)
	}
}

// sbRow is a scoreboard row as the API answers it.
type sbRow struct {
	Rank               int     `json:"rank"`
	UnitID             int64   `json:"unit_id"`
	UnitName           string  `json:"unit_name"`
	Received           int     `json:"received"`
	Due                int     `json:"due"`
	AnsweredOnTime     int     `json:"answered_on_time"`
	AnsweredLate       int     `json:"answered_late"`
	Rectified          int     `json:"rectified"`
	Returned           int     `json:"returned"`
	Overdue            int     `json:"overdue"`
	Unanswered         int     `json:"unanswered"`
	Escalated          int     `json:"escalated"`
	AttendanceRequired int     `json:"attendance_required"`
	AttendancePresent  int     `json:"attendance_present"`
	Score              float64 `json:"score"`
}

type sbBoard struct {
	Month     string  `json:"month"`
	Published bool    `json:"published"`
	Revision  int     `json:"revision"`
	Latest    int     `json:"latest_revision"`
	Rows      []sbRow `json:"rows"`
	Revisions []struct {
		Revision int    `json:"revision"`
		Reason   string `json:"reason"`
	} `json:"revisions"`
}

func (b sbBoard) row(t *testing.T, unit int64) sbRow {
	t.Helper()
	for _, r := range b.Rows {
		if r.UnitID == unit {
			return r
		}
	}
	t.Fatalf("%s: no row for unit %d in %+v", b.Month, unit, b.Rows)
	return sbRow{}
}

func sbGet(t *testing.T, c *webtest.Client, path string) sbBoard {
	t.Helper()
	r := c.Get(path)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var b sbBoard
	r.Decode(t, &b)
	return b
}

// sbFigures are a row's numbers in API order, for compact assertions:
// received, due, on time, late, rectified, returned, overdue, unanswered,
// escalated, attendance required, present.
func (r sbRow) figures() [11]int {
	return [11]int{r.Received, r.Due, r.AnsweredOnTime, r.AnsweredLate, r.Rectified, r.Returned, r.Overdue, r.Unanswered,
		r.Escalated, r.AttendanceRequired, r.AttendancePresent}
}

// xlsxRows reads the first sheet of a workbook.
func xlsxRows(t *testing.T, body []byte) (string, [][]string, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	name := f.GetSheetName(0)
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return name, rows, f
}

func sbID(id int64) string { return fmt.Sprint(id) }
