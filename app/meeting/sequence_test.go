package meeting_test

import (
	"testing"

	"liaison/app/meeting"
)

// TestService_Sequence checks the iCalendar sequence rules: it starts at 0,
// grows when the time, the place or the status changes (so calendars take
// the new version), stays for other edits and never goes back.
func TestService_Sequence(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.as(f.procSec)
	m := f.create(f.procSec, meeting.Input{Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), Location: "三楼"})
	if m.Sequence != 0 || m.Version != 1 || m.UID == "" {
		t.Fatalf("created: sequence %d version %d uid %q", m.Sequence, m.Version, m.UID)
	}
	uid, last := m.UID, 0
	step := func(name string, p meeting.Patch, grows bool) {
		t.Helper()
		p.Version = m.Version
		got, err := f.svc.Update(f.ctx, a, m.ID, p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := last
		if grows {
			want++
		}
		if got.Sequence != want || got.Version != m.Version+1 || got.UID != uid {
			t.Errorf("%s: sequence %d (want %d), version %d (want %d), uid %q", name, got.Sequence, want, got.Version, m.Version+1, got.UID)
		}
		m, last = got, got.Sequence
	}
	step("title", meeting.Patch{Title: ptr("会商（改）")}, false)
	step("description", meeting.Patch{Description: ptr("研究两件案件")}, false)
	step("start and end", meeting.Patch{Start: ptr(at(12, 3, 14, 0)), End: ptr(at(12, 3, 16, 0))}, true)
	step("end only", meeting.Patch{End: ptr(at(12, 3, 16, 30))}, true)
	step("free-text place", meeting.Patch{Location: ptr("检察院二楼")}, true)
	step("online link", meeting.Patch{OnlineURL: ptr("https://meet.example/abc")}, true)
	step("same time again", meeting.Patch{Start: ptr(at(12, 3, 14, 0))}, false)
	step("co-organiser", meeting.Patch{CoUnitIDs: &[]int64{f.justice.ID}}, false)
	if _, err := f.svc.AddAttendee(f.ctx, a, m.ID, meeting.AttendeeInput{UserID: &f.agencyMember.ID}); err != nil {
		t.Fatal(err)
	}

	// a stale write changes nothing, the sequence included
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version - 1, Start: ptr(at(12, 4, 9, 0)), End: ptr(at(12, 4, 10, 0))}); code(err) != "stale_version" {
		t.Fatalf("stale update: %v", err)
	}
	// so does an invalid one
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version, End: ptr(at(12, 3, 13, 0))}); code(err) != "meeting.end_before_start" {
		t.Fatalf("end before start: %v", err)
	}
	d, err := f.svc.Get(f.ctx, a, m.ID)
	if err != nil || d.Sequence != last || d.Version != m.Version {
		t.Fatalf("after refused writes: sequence %d version %d (%v)", d.Sequence, d.Version, err)
	}

	c, err := f.svc.Cancel(f.ctx, a, m.ID, "领导另有公务")
	if err != nil || c.Status != meeting.Cancelled || c.Sequence != last+1 {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	if _, err := f.svc.Cancel(f.ctx, a, m.ID, ""); code(err) != "meeting.cancelled" {
		t.Errorf("cancel twice: %v", err)
	}
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: c.Version, Title: ptr("x")}); code(err) != "meeting.cancelled" {
		t.Errorf("edit a cancelled meeting: %v", err)
	}
	if d, _ := f.svc.Get(f.ctx, a, m.ID); d.Sequence != last+1 || d.UID != uid {
		t.Errorf("after cancel: sequence %d uid %q", d.Sequence, d.UID)
	}
}

// TestService_SequenceSeries: changing one occurrence grows the series'
// sequence and gives the override the new value.
func TestService_SequenceSeries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.as(f.officeSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), RRule: "FREQ=WEEKLY;COUNT=4"})
	o, err := f.svc.CancelOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 10, 9, 30)})
	if err != nil || o.Sequence != 1 {
		t.Fatalf("cancel occurrence: %+v %v", o, err)
	}
	o, err = f.svc.MoveOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 17, 9, 30), Start: at(12, 18, 14, 0), End: at(12, 18, 16, 0), Version: 2})
	if err != nil || o.Sequence != 2 {
		t.Fatalf("move occurrence: %+v %v", o, err)
	}
	if _, err := f.svc.MoveOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 24, 9, 30), Start: at(12, 24, 14, 0), End: at(12, 24, 15, 0), Version: 2}); code(err) != "stale_version" {
		t.Errorf("stale occurrence move: %v", err)
	}
	d, err := f.svc.Get(f.ctx, a, m.ID)
	if err != nil || d.Sequence != 2 || d.Version != 3 || len(d.Occurrences) != 2 {
		t.Fatalf("series after two changes: sequence %d version %d overrides %d (%v)", d.Sequence, d.Version, len(d.Occurrences), err)
	}
}
