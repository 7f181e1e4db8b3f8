package meeting_test

import (
	"testing"
	"time"

	"liaison/app/casefile"
	"liaison/app/db/dbtest"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// held moves the clock to an hour after m ended: its minutes may be
// written.
func (f *fixture) held(m meeting.Meeting) {
	f.t.Helper()
	dbtest.Clock(f.t, f.db).Set(m.End.Add(time.Hour))
}

// TestService_Windows: minutes are refused before the meeting starts and
// accepted from its start; check-in opens 30 minutes before the start.
func TestService_Windows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	clk := dbtest.Clock(t, f.db)
	off := f.as(f.officeSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), AttendeeUserIDs: []int64{f.l.ID}})
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, meeting.MinutesInput{Body: "纪要"}); code(err) != "meeting.minutes_too_early" {
		t.Fatalf("minutes ten days early: %v", err)
	}
	d, err := f.svc.Get(f.ctx, off, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var leader meeting.Attendee
	for _, a := range d.Attendees {
		if a.UserID != nil && *a.UserID == f.l.ID {
			leader = a
		}
	}
	clk.Set(m.Start.Add(-31 * time.Minute))
	if _, err := f.svc.CheckIn(f.ctx, off, m.ID, leader.ID); code(err) != "meeting.check_in_too_early" {
		t.Fatalf("check-in 31 minutes early: %v", err)
	}
	if _, err := f.svc.SelfCheckIn(f.ctx, f.as(f.l), m.ID, d.CheckInCode); code(err) != "meeting.check_in_too_early" {
		t.Fatalf("self check-in 31 minutes early: %v", err)
	}
	clk.Set(m.Start.Add(-30 * time.Minute))
	if _, err := f.svc.SelfCheckIn(f.ctx, f.as(f.l), m.ID, d.CheckInCode); err != nil {
		t.Fatalf("self check-in 30 minutes early: %v", err)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, meeting.MinutesInput{Body: "纪要"}); code(err) != "meeting.minutes_too_early" {
		t.Fatalf("minutes before the start: %v", err)
	}
	clk.Set(m.Start)
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, meeting.MinutesInput{Body: "纪要"}); err != nil {
		t.Fatalf("minutes at the start: %v", err)
	}
}

// TestService_IssueOutputs: each kind's output is confirmed, then signed
// for issue by a leader of the convening unit, numbered in its own series
// with the unit's office code; the sections of another kind are refused;
// the findings of an inspection become action items of the unit
// inspected, named by their real ids.
func TestService_IssueOutputs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	officeCode := "奎依法办"
	if err := f.db.Conn(f.ctx).Exec("UPDATE units SET office_code = ? WHERE id = ?", officeCode, f.office.ID).Error; err != nil {
		t.Fatal(err)
	}
	off, lead := f.as(f.officeSec), f.as(f.l)
	due := workday.FromTime(at(12, 3, 9, 0)).AddDays(30)
	rep := f.create(f.officeSec, meeting.Input{Kind: meeting.JointInspection, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30)})
	opn := f.create(f.officeSec, meeting.Input{Kind: meeting.Consultation, Start: at(12, 3, 14, 30), End: at(12, 3, 16, 30)})
	f.held(opn)

	if _, err := f.svc.SaveMinutes(f.ctx, off, opn.ID, meeting.MinutesInput{Scope: "范围"}); code(err) != "meeting.section_wrong_kind" {
		t.Errorf("a scope on a consultation: %v", err)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, off, rep.ID, meeting.MinutesInput{Opinion: "意见"}); code(err) != "meeting.section_wrong_kind" {
		t.Errorf("an opinion on an inspection: %v", err)
	}
	mi, err := f.svc.SaveMinutes(f.ctx, off, rep.ID, meeting.MinutesInput{Scope: "2026年行政处罚案卷", Decisions: []meeting.DecisionInput{
		{Text: "处罚决定书未载明救济途径", UnitID: &f.agency.ID, ActionItems: []meeting.ActionInput{{Title: "补正救济告知", DueOn: due}}}}})
	if err != nil || mi.OutputKind != "inspection_report" || mi.Scope == "" || mi.Decisions[0].UnitID == nil || mi.Decisions[0].ActionItems[0].ResponsibleUnitID != f.agency.ID {
		t.Fatalf("report draft: %+v %v", mi, err)
	}
	if mi.Decisions[0].ActionItems[0].ItemID != nil {
		t.Errorf("a draft names an item id: %d", *mi.Decisions[0].ActionItems[0].ItemID)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, off, opn.ID, meeting.MinutesInput{Analysis: "研判", Opinion: "建议"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []meeting.Meeting{rep, opn} {
		if _, err := f.svc.IssueMinutes(f.ctx, lead, m.ID, meeting.IssueInput{Version: ptr(2)}); code(err) != "meeting.minutes_not_confirmed" {
			t.Errorf("issue a draft: %v", err)
		}
		if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	d, err := f.svc.Get(f.ctx, off, rep.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := d.Minutes
	item := got.Decisions[0].ActionItems[0].ItemID
	if item == nil || len(got.Actions) != 1 || got.Actions[0].ID != *item || f.count("SELECT COUNT(*) FROM action_items WHERE id = ? AND responsible_unit_id = ?", *item, f.agency.ID) != 1 {
		t.Fatalf("created items: %+v %+v", got.Decisions[0].ActionItems, got.Actions)
	}
	if _, err := f.svc.IssueMinutes(f.ctx, off, rep.ID, meeting.IssueInput{Version: &got.Version}); code(err) != "meeting.issue_leader_only" {
		t.Errorf("a secretary signs for issue: %v", err)
	}
	early := workday.FromTime(rep.Start).AddDays(-1)
	if _, err := f.svc.IssueMinutes(f.ctx, lead, rep.ID, meeting.IssueInput{Version: &got.Version, SignedOn: &early}); code(err) != "meeting.signed_before_meeting" {
		t.Errorf("signed before the meeting: %v", err)
	}
	late := workday.FromTime(f.db.Now()).AddDays(1)
	if _, err := f.svc.IssueMinutes(f.ctx, lead, rep.ID, meeting.IssueInput{Version: &got.Version, SignedOn: &late}); code(err) != "meeting.signed_in_future" {
		t.Errorf("signed tomorrow: %v", err)
	}
	if _, err := f.svc.IssueMinutes(f.ctx, lead, rep.ID, meeting.IssueInput{Version: ptr(got.Version - 1)}); code(err) != "stale_version" {
		t.Errorf("stale version: %v", err)
	}
	out, err := f.svc.IssueMinutes(f.ctx, lead, rep.ID, meeting.IssueInput{Version: &got.Version})
	if err != nil || out.Number != "奎依法办报〔2026〕1号" || out.IssuedBy == nil || *out.IssuedBy != f.l.ID || out.SignedOn == nil {
		t.Fatalf("issued report: %+v %v", out, err)
	}
	if _, err := f.svc.IssueMinutes(f.ctx, lead, rep.ID, meeting.IssueInput{Version: &out.Version}); code(err) != "meeting.minutes_issued_already" {
		t.Errorf("issued twice: %v", err)
	}
	d2, _ := f.svc.Get(f.ctx, off, opn.ID)
	o, err := f.svc.IssueMinutes(f.ctx, lead, opn.ID, meeting.IssueInput{Version: &d2.Minutes.Version})
	if err != nil || o.Number != "奎依法办意〔2026〕1号" || o.OutputKind != "opinion" {
		t.Fatalf("issued opinion: %+v %v", o, err)
	}
	if n := f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.minutes.issue'"); n != 2 {
		t.Errorf("%d issue audit entries", n)
	}
}

// TestService_AgendaNamesCasesByNumber: an agenda item names its cases by
// 案号 beside their ids.
func TestService_AgendaNamesCasesByNumber(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k, err := f.svc.Cases.Create(f.ctx, f.as(f.procSec), casefile.CaseInput{Number: "（2026）检行监7号", Title: "工伤认定监督", Kind: "工伤认定",
		RespondentUnitID: f.agency.ID, OriginUnitID: f.proc.ID})
	if err != nil {
		t.Fatal(err)
	}
	m := f.create(f.procSec, meeting.Input{Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30)})
	if _, err := f.svc.AddAgendaItem(f.ctx, f.as(f.procSec), m.ID, meeting.AgendaInput{Title: "案情通报", DurationMinutes: 10, CaseIDs: []int64{k.ID}}); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(f.ctx, f.as(f.procSec), m.ID)
	if err != nil || len(d.Agenda) != 1 || len(d.Agenda[0].CaseNumbers) != 1 || d.Agenda[0].CaseNumbers[0] != "（2026）检行监7号" {
		t.Fatalf("agenda %+v %v", d.Agenda, err)
	}
}
