package meeting_test

import (
	"testing"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// breakUnit points the requested actions titled title at a unit that does
// not exist, behind the foreign key's back, so that confirmation fails
// inside followup.Service.CreateActions.
func (f *fixture) breakUnit(title string) {
	f.t.Helper()
	sqlDB, err := f.db.Conn(f.ctx).DB()
	if err != nil {
		f.t.Fatal(err)
	}
	c, err := sqlDB.Conn(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	defer c.Close()
	off, on := "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"
	if dbtest.Dialect() == db.Postgres {
		off, on = "SET session_replication_role = replica", "SET session_replication_role = DEFAULT"
	}
	for _, q := range []string{off, "UPDATE decision_actions SET responsible_unit_id = 987654 WHERE title = '" + title + "'", on} {
		if _, err := c.ExecContext(f.ctx, q); err != nil {
			f.t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestService_ConfirmAtomic: confirmation locks the minutes and creates
// their action items in one transaction; when creating the second item
// fails, the first is gone too, the minutes stay an editable draft and the
// sign-offs stay as they were.
func TestService_ConfirmAtomic(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	off, proc := f.as(f.officeSec), f.as(f.procSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), CoUnitIDs: []int64{f.proc.ID}})
	f.held(m)
	due, _ := workday.ParseDate("2027-01-29")
	in := meeting.MinutesInput{Body: "会议纪要", Decisions: []meeting.DecisionInput{{Text: "限期整改", ActionItems: []meeting.ActionInput{
		{Title: "整改", ResponsibleUnitID: f.agency.ID, DueOn: due},
		{Title: "跟踪", ResponsibleUnitID: f.justice.ID, DueOn: due},
	}}}}
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); code(err) != "meeting.signoff_missing" {
		t.Fatalf("confirm before the co-organiser signed: %v", err)
	}
	if _, err := f.svc.SignOff(f.ctx, proc, m.ID); err != nil {
		t.Fatal(err)
	}
	f.breakUnit("跟踪")
	audits := f.count("SELECT COUNT(*) FROM audit_log")
	_, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID)
	if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Fields["responsible_unit_id"] != "unit.unknown" {
		t.Fatalf("confirm with an unknown responsible unit: %v", err)
	}
	if n := f.count("SELECT COUNT(*) FROM action_items"); n != 0 {
		t.Errorf("%d action items after a failed confirmation", n)
	}
	if n := f.count("SELECT COUNT(*) FROM audit_log"); n != audits {
		t.Errorf("a failed confirmation wrote %d audit entries", n-audits)
	}
	d, err := f.svc.Get(f.ctx, off, m.ID)
	if err != nil || d.Minutes.Status != meeting.MinutesDraft || d.Minutes.ConfirmedAt != nil || len(d.Minutes.SignOffs) != 1 || d.Minutes.Version != 1 {
		t.Fatalf("minutes after a failed confirmation: %+v %v", d.Minutes, err)
	}

	// repaired, the draft can still be edited (clearing sign-offs), signed
	// and confirmed: two items, once
	in.Decisions[0].ActionItems[1].ResponsibleUnitID = f.justice.ID
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignOff(f.ctx, proc, m.ID); err != nil {
		t.Fatal(err)
	}
	mi, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID)
	if err != nil || mi.Status != meeting.MinutesConfirmed || len(mi.Actions) != 2 {
		t.Fatalf("confirm: %+v %v", mi, err)
	}
	if n := f.count("SELECT COUNT(*) FROM action_items WHERE source_kind = 'decision' AND issuing_unit_id = ?", f.office.ID); n != 2 {
		t.Errorf("%d action items after confirmation", n)
	}
	if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); code(err) != "meeting.minutes_confirmed" {
		t.Errorf("confirm twice: %v", err)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, meeting.MinutesInput{Body: "改"}); code(err) != "meeting.minutes_locked" {
		t.Errorf("edit confirmed minutes: %v", err)
	}
	if n := f.count("SELECT COUNT(*) FROM action_items"); n != 2 {
		t.Errorf("%d action items after refused writes", n)
	}
	// a correction is a revision with its reason; the decisions stay
	if _, err := f.svc.ReviseMinutes(f.ctx, off, m.ID, meeting.RevisionInput{Body: "会议纪要（更正）"}); code(err) != "required" {
		t.Errorf("revision without reason: %v", err)
	}
	mi, err = f.svc.ReviseMinutes(f.ctx, off, m.ID, meeting.RevisionInput{Body: "会议纪要（更正）", Reason: "错字"})
	if err != nil || mi.Revision != 1 || len(mi.Revisions) != 1 || mi.Revisions[0].OldBody != "会议纪要" || len(mi.Decisions) != 1 {
		t.Errorf("revision: %+v %v", mi, err)
	}
}

// TestService_MinutesRecorder: the recorder drafts the minutes without
// being a secretary; other invitees may not; only secretaries sign.
func TestService_MinutesRecorder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.create(f.procSec, meeting.Input{Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), CoUnitIDs: []int64{f.justice.ID},
		AttendeeUserIDs: []int64{f.l.ID}})
	f.held(m)
	if _, err := f.svc.AddAttendee(f.ctx, f.as(f.procSec), m.ID, meeting.AttendeeInput{UserID: &f.agencyMember.ID, Role: meeting.RoleRecorder}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, f.as(f.l), m.ID, meeting.MinutesInput{Body: "草稿"}); code(err) != "forbidden" {
		t.Errorf("an invitee who is not the recorder drafts: %v", err)
	}
	mi, err := f.svc.SaveMinutes(f.ctx, f.as(f.agencyMember), m.ID, meeting.MinutesInput{Body: "草稿"})
	if err != nil || mi.Body != "草稿" || mi.Status != meeting.MinutesDraft {
		t.Fatalf("recorder drafts: %+v %v", mi, err)
	}
	if _, err := f.svc.SignOff(f.ctx, f.as(f.agencyMember), m.ID); code(err) != "forbidden" {
		t.Errorf("recorder signs: %v", err)
	}
	if _, err := f.svc.SaveMinutes(f.ctx, f.as(f.agencyMember), m.ID, meeting.MinutesInput{Body: "改稿", Version: ptr(mi.Version + 1)}); code(err) != "stale_version" {
		t.Errorf("stale draft: %v", err)
	}
}
