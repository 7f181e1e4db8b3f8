package web_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"liaison/app/casefile"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// faultRun is the outcome of interrupting one operation after each of its
// statements in turn.
type faultRun struct {
	points     int // statements up to the commit (each was failed once)
	statements []dbtest.Stmt
	after      []dbtest.Stmt // reads after the commit, not interrupted
}

// interruptEach runs op with the N-th SQL statement failing, N = 1, 2, 3…,
// and after every failed run checks that the database is exactly as before:
// every row of every table, the outbox and River's tables included. The
// first run in which no statement was failed must succeed; its result
// stays. It reports how many statements could be interrupted.
func interruptEach(t *testing.T, e *webtest.Env, op func(ctx context.Context) error) faultRun {
	t.Helper()
	f := dbtest.InjectFaults(t, e.DB)
	before := dbtest.Take(t, e.DB)
	for n := 1; ; n++ {
		if n > 500 {
			t.Fatal("the operation never completes")
		}
		f.Arm(n)
		err := op(f.Ctx(context.Background()))
		if !f.Fired() {
			if err != nil {
				t.Fatalf("uninterrupted run failed: %v", err)
			}
			if dbtest.Take(t, e.DB).Diff(before) == "" {
				t.Fatal("the operation changed nothing")
			}
			return faultRun{points: n - 1, statements: f.Statements(), after: f.AfterCommit()}
		}
		if err == nil {
			t.Fatalf("statement %d failed but the operation reported success", n)
		}
		if !errors.Is(err, dbtest.ErrInjected) && !isInternal(err) {
			t.Errorf("statement %d: error %v does not carry the injected fault", n, err)
		}
		if d := before.Diff(dbtest.Take(t, e.DB)); d != "" {
			t.Fatalf("interrupted at statement %d of %v, the database changed:\n%s", n, f.Statements(), d)
		}
	}
}

// isInternal accepts errors that wrapped the fault as an internal apperr
// (whose text still names it).
func isInternal(err error) bool {
	return err != nil && strings.Contains(err.Error(), dbtest.ErrInjected.Error())
}

func TestProof_FaultConfirmMinutes(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, proc, justice := e.API(d.OfficeSec), e.API(d.ProcSec), e.API(d.JusticeSec)
	k := proc.CreateCase(t, map[string]any{"number": "检受〔2026〕71号", "title": "工伤认定监督案", "kind": "工伤认定",
		"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID})
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议", mStart, mEnd)
	body["co_unit_ids"] = []int64{d.Procuratorate.ID, d.Justice.ID}
	m := e.CreateMeeting(sec, body)
	holdMeetingDay(t, e)
	wantStatus(t, sec.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{
		"body": "会议听取了案件双向通报情况。",
		"decisions": []map[string]any{
			{"text": "区人社局完成整改", "action_items": []map[string]any{
				{"title": "完成整改并书面反馈", "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(53), "case_ids": []int64{k.ID}},
				{"title": "跟踪整改情况", "responsible_unit_id": d.Justice.ID, "due_on": dueIn(60)},
			}},
			{"text": "区市场监管局自查", "action_items": []map[string]any{
				{"title": "开展自查", "responsible_unit_id": d.AgencyB.ID, "due_on": dueIn(39)},
			}},
		},
	}), 200)
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
	wantStatus(t, justice.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), 200)
	id := int64(m["id"].(float64))

	r := interruptEach(t, e, func(ctx context.Context) error {
		_, err := e.Deps.Meetings.ConfirmMinutes(ctx, e.Actor(d.OfficeSec), id)
		return err
	})
	t.Logf("confirm minutes (3 action items, 1 case link): %d injection points %v; after the commit %v", r.points, r.statements, r.after)
	if n := count(t, e, "SELECT COUNT(*) FROM action_items WHERE source_kind = 'decision'"); n != 3 {
		t.Errorf("%d action items after the confirmation, want 3", n)
	}
	if n := count(t, e, "SELECT COUNT(*) FROM minutes WHERE status = 'confirmed'"); n != 1 {
		t.Errorf("minutes not confirmed")
	}
}

func TestProof_FaultCreateDocument(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, map[string]any{"number": "检受〔2026〕72号", "title": "行政处罚监督案", "kind": "行政处罚",
		"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID})
	issued, due := webtest.DaysFromToday(-17).String(), dueIn(21)
	received := issued
	r := interruptEach(t, e, func(ctx context.Context) error {
		_, err := e.Deps.Cases.CreateDocument(ctx, e.Actor(d.ProcSec), casefile.DocumentInput{
			Type: casefile.ProcuratorialSuggestion, Number: "奎检行建〔2026〕9号", Title: "关于规范行政处罚的检察建议",
			IssuingUnitID: d.Procuratorate.ID, AddresseeUnitID: d.AgencyA.ID, CCUnitIDs: []int64{d.Justice.ID, d.Office.ID},
			IssuedOn: issued, ReceivedOn: &received, ReplyDueOn: &due, CaseIDs: []int64{k.ID}})
		return err
	})
	t.Logf("create document (2 copied units, 1 case): %d injection points %v; after the commit %v", r.points, r.statements, r.after)
	if n := count(t, e, "SELECT COUNT(*) FROM action_items WHERE source_kind = 'document'"); n != 1 {
		t.Errorf("%d action items after the document, want 1", n)
	}
}

func TestProof_FaultEscalate(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	for step := 1; step <= followup.MaxEscalationStep; step++ {
		r := interruptEach(t, e, func(ctx context.Context) error {
			// The version as the client last read it: not part of the operation.
			it, err := e.Deps.Actions.Get(e.Ctx(), e.Actor(d.ProcSec), late.ID)
			if err != nil {
				return err
			}
			_, _, err = e.Deps.Actions.Escalate(ctx, e.Actor(d.ProcSec), late.ID, followup.EscalateInput{
				Comment: fmt.Sprintf("第%d步", step), Documents: []string{"检建〔2026〕3号"}, Version: it.Version})
			return err
		})
		t.Logf("escalation step %d: %d injection points %v; after the commit %v", step, r.points, r.statements, r.after)
		if n := count(t, e, "SELECT COUNT(*) FROM action_escalations WHERE action_item_id = ?", late.ID); n != int64(step) {
			t.Errorf("%d escalation rows after step %d", n, step)
		}
	}
}
