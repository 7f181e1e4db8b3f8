package meeting_test

import (
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// workdayAt is hour:minute in Asia/Shanghai on the n-th working day after
// the pinned today, counted on the holiday calendar.
func (f *fixture) workdayAt(n, hour, minute int) time.Time {
	f.t.Helper()
	d := f.workday(n)
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, workday.Shanghai())
}

func (f *fixture) workday(n int) workday.Date {
	f.t.Helper()
	cal, err := f.svc.Actions.Holidays.Calendar(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	d, err := cal.AddWorkdays(workday.FromTime(f.db.Now()), n)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// TestService_CoOrganiserCannotSteer (issue 14, finding 1): a co-organiser
// edits the meeting but changes neither its convener, its co-organisers
// nor its sensitivity; the convener does, lowering only with a reason;
// once there are minutes no owner leaves; confirming needs every current
// co-organiser's sign-off.
func TestService_CoOrganiserCannotSteer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	off, justice := f.as(f.officeSec), f.as(f.justiceSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.Consultation, Sensitivity: account.Sensitive, PaperFileHolder: "机要室",
		Start: f.workdayAt(3, 9, 30), End: f.workdayAt(3, 11, 30), CoUnitIDs: []int64{f.proc.ID, f.justice.ID}})
	for name, p := range map[string]meeting.Patch{
		"convener":    {ConveningUnitID: &f.justice.ID, CoUnitIDs: &[]int64{}},
		"co-units":    {CoUnitIDs: &[]int64{f.justice.ID}},
		"sensitivity": {Sensitivity: ptr(account.Ordinary), Reason: "已脱密"},
	} {
		p.Version = m.Version
		if _, err := f.svc.Update(f.ctx, justice, m.ID, p); code(err) != "meeting.convener_only" || apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a co-organiser changes the %s: %v", name, err)
		}
	}
	// the same units in another order are no change
	m2, err := f.svc.Update(f.ctx, justice, m.ID, meeting.Patch{Version: m.Version, Title: ptr("会商（修改）"), CoUnitIDs: &[]int64{f.justice.ID, f.proc.ID}})
	if err != nil {
		t.Fatalf("a co-organiser edits the title: %v", err)
	}
	if _, err := f.svc.Update(f.ctx, off, m.ID, meeting.Patch{Version: m2.Version, Sensitivity: ptr(account.Ordinary)}); code(err) != "meeting.sensitivity_reason_required" {
		t.Errorf("lowering without a reason: %v", err)
	}
	m3, err := f.svc.Update(f.ctx, off, m.ID, meeting.Patch{Version: m2.Version, Sensitivity: ptr(account.Ordinary), Reason: " 经批准解除敏感 "})
	if err != nil || m3.Sensitivity != account.Ordinary {
		t.Fatalf("the convener lowers with a reason: %+v %v", m3, err)
	}
	if n := f.count(`SELECT COUNT(*) FROM audit_entries WHERE action = 'meeting.update' AND detail LIKE ?`, "%经批准解除敏感%"); n != 1 {
		t.Errorf("%d audit entries keep the reason, want 1", n)
	}

	due := f.workday(15)
	f.held(m)
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, meeting.MinutesInput{Body: "纪要", Decisions: []meeting.DecisionInput{{Text: "整改",
		ActionItems: []meeting.ActionInput{{Title: "整改", ResponsibleUnitID: f.agency.ID, DueOn: due}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignOff(f.ctx, f.as(f.procSec), m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Update(f.ctx, off, m.ID, meeting.Patch{Version: m3.Version, CoUnitIDs: &[]int64{f.proc.ID}}); code(err) != "meeting.owner_locked" {
		t.Errorf("the convener drops an unsigned co-organiser from a draft: %v", err)
	}
	if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); code(err) != "meeting.signoff_missing" {
		t.Errorf("confirm without the justice bureau: %v", err)
	}
	if _, err := f.svc.SignOff(f.ctx, justice, m.ID); err != nil {
		t.Fatal(err)
	}
	if mi, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); err != nil || len(mi.Actions) != 1 {
		t.Fatalf("confirm: %+v %v", mi, err)
	}
}

// TestService_CaseLinksNeedVisibility (issue 14, finding 2): the service
// refuses a link to a case the actor may not see exactly as one to no case.
func TestService_CaseLinksNeedVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	accepted := f.workday(1).AddDays(-60)
	k, err := f.svc.Cases.Create(f.ctx, f.as(f.procSec), casefile.CaseInput{Number: "（2026）检密1号", Kind: "工伤认定", RespondentUnitID: f.agency.ID,
		OriginUnitID: f.proc.ID, Sensitivity: account.Classified, AcceptedOn: &accepted, PaperFileHolder: "档案室"})
	if err != nil {
		t.Fatal(err)
	}
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.Consultation, Start: f.workdayAt(3, 9, 30), End: f.workdayAt(3, 11, 30),
		CoUnitIDs: []int64{f.proc.ID, f.justice.ID}})
	justice := f.as(f.justiceSec)
	for _, id := range []int64{k.ID, k.ID + 1000} {
		_, err := f.svc.AddAgendaItem(f.ctx, justice, m.ID, meeting.AgendaInput{Title: "x", DurationMinutes: 10, CaseIDs: []int64{id}})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Code != "case.unknown" || e.Fields["case_ids"] != "case.unknown" {
			t.Errorf("agenda link to case %d: %v", id, err)
		}
	}
	if _, err := f.svc.AddAgendaItem(f.ctx, f.as(f.procSec), m.ID, meeting.AgendaInput{Title: "x", DurationMinutes: 10, CaseIDs: []int64{k.ID}}); err != nil {
		t.Errorf("the case's own unit links it: %v", err)
	}
}

// TestService_MinutesClosedByCancellation (issue 14, finding 3): a
// cancelled meeting's minutes are neither signed, confirmed nor revised.
func TestService_MinutesClosedByCancellation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	off := f.as(f.officeSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.Consultation, Start: f.workdayAt(3, 9, 30), End: f.workdayAt(3, 11, 30)})
	in := meeting.MinutesInput{Body: "纪要", Decisions: []meeting.DecisionInput{{Text: "整改",
		ActionItems: []meeting.ActionInput{{Title: "整改", ResponsibleUnitID: f.agency.ID, DueOn: f.workday(15)}}}}}
	f.held(m)
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Cancel(f.ctx, off, m.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); code(err) != "meeting.cancelled" {
		t.Errorf("confirm after cancellation: %v", err)
	}
	if _, err := f.svc.ReviseMinutes(f.ctx, off, m.ID, meeting.RevisionInput{Body: "改", Reason: "笔误"}); code(err) != "meeting.cancelled" {
		t.Errorf("revise after cancellation: %v", err)
	}
	if n := f.count("SELECT COUNT(*) FROM action_items"); n != 0 {
		t.Errorf("%d action items", n)
	}
	// 51 decisions, or 21 items in one, are refused whole
	many := meeting.MinutesInput{Decisions: make([]meeting.DecisionInput, meeting.MaxDecisions+1)}
	for i := range many.Decisions {
		many.Decisions[i].Text = "事项"
	}
	m2 := f.create(f.officeSec, meeting.Input{Kind: meeting.Consultation, Start: f.workdayAt(4, 9, 30), End: f.workdayAt(4, 11, 30)})
	f.held(m2)
	if _, err := f.svc.SaveMinutes(f.ctx, off, m2.ID, many); code(err) != "meeting.decisions_too_many" {
		t.Errorf("51 decisions: %v", err)
	}
	in.Decisions[0].ActionItems = make([]meeting.ActionInput, meeting.MaxDecisionActions+1)
	for i := range in.Decisions[0].ActionItems {
		in.Decisions[0].ActionItems[i] = meeting.ActionInput{Title: "整改", ResponsibleUnitID: f.agency.ID, DueOn: f.workday(15)}
	}
	_, err := f.svc.SaveMinutes(f.ctx, off, m2.ID, in)
	if e, ok := apperr.As(err); !ok || e.Fields["decisions[0].action_items"] != "meeting.actions_too_many" {
		t.Errorf("21 action items in one decision: %v", err)
	}
}
