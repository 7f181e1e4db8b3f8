package meeting_test

import (
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/meeting"
)

// starts lists the calendar events of [from, to) as "MM-DD hh:mm".
func (f *fixture) starts(a account.Actor, from, to time.Time) string {
	f.t.Helper()
	evs, err := f.svc.Events(f.ctx, a, from, to)
	if err != nil {
		f.t.Fatalf("events: %v", err)
	}
	var s []string
	for _, ev := range evs {
		s = append(s, hm(ev.Start))
	}
	return strings.Join(s, ",")
}

// TestService_OccurrenceExpansion: a weekly series expands to its dates;
// a cancelled occurrence disappears, a moved one shows at its new time even
// when moved before the first or after the last occurrence, and changing
// the rule drops overrides of dates it no longer has.
func TestService_OccurrenceExpansion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.as(f.officeSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), RRule: "FREQ=WEEKLY;COUNT=4"})
	from, to := at(11, 1, 0, 0), at(12, 31, 23, 0)
	if got := f.starts(a, from, to); got != "12-03 09:30,12-10 09:30,12-17 09:30,12-24 09:30" {
		t.Fatalf("series %s", got)
	}
	if _, err := f.svc.CancelOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 10, 9, 30)}); err != nil {
		t.Fatal(err)
	}
	// the first occurrence moves a day earlier than the series' start, the
	// last one into January, past the rule's end
	if _, err := f.svc.MoveOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 3, 9, 30), Start: at(12, 2, 15, 0), End: at(12, 2, 16, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.MoveOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 24, 9, 30), Start: at(1, 5, 9, 30), End: at(1, 5, 11, 30)}); err != nil {
		t.Fatal(err)
	}
	if got := f.starts(a, from, at(1, 31, 0, 0)); got != "12-02 15:00,12-17 09:30,01-05 09:30" {
		t.Errorf("after cancel and moves %s", got)
	}
	// windows that hold only a moved occurrence still find it
	if got := f.starts(a, at(12, 2, 0, 0), at(12, 3, 0, 0)); got != "12-02 15:00" {
		t.Errorf("moved before the start: %q", got)
	}
	if got := f.starts(a, at(1, 1, 0, 0), at(1, 31, 0, 0)); got != "01-05 09:30" {
		t.Errorf("moved past the end: %q", got)
	}
	// the list knows the series now ends in January
	p, err := f.svc.List(f.ctx, a, meeting.Filter{From: ptr(at(1, 4, 0, 0))})
	if err != nil || len(p.Items) != 1 || !p.Items[0].SeriesEnd.Equal(at(1, 5, 11, 30)) {
		t.Errorf("list from January: %+v %v", p.Items, err)
	}
	p, err = f.svc.List(f.ctx, a, meeting.Filter{From: ptr(at(12, 2, 0, 0)), To: ptr(at(12, 3, 0, 0))})
	if err != nil || len(p.Items) != 1 {
		t.Errorf("list on the day moved before the start: %+v %v", p.Items, err)
	}
	// a moved occurrence that is then cancelled is gone
	if _, err := f.svc.CancelOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 24, 9, 30)}); err != nil {
		t.Fatal(err)
	}
	if got := f.starts(a, from, at(1, 31, 0, 0)); got != "12-02 15:00,12-17 09:30" {
		t.Errorf("after cancelling the moved occurrence %s", got)
	}
	// not an occurrence: refused, nothing stored
	if _, err := f.svc.CancelOccurrence(f.ctx, a, m.ID, meeting.OccurrenceInput{OriginalStart: at(12, 11, 9, 30)}); code(err) != "meeting.occurrence_unknown" {
		t.Errorf("unknown occurrence: %v", err)
	}
	// a shorter rule drops the overrides of dates it no longer has, once
	// the secretary confirms it: never silently
	d, _ := f.svc.Get(f.ctx, a, m.ID)
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: d.Version, RRule: ptr("FREQ=WEEKLY;COUNT=2")}); code(err) != "meeting.series_exceptions" {
		t.Fatalf("shortening over exceptions: %v", err)
	}
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: d.Version, RRule: ptr("FREQ=WEEKLY;COUNT=2"), Exceptions: meeting.ExceptionsDrop}); err != nil {
		t.Fatal(err)
	}
	d, _ = f.svc.Get(f.ctx, a, m.ID)
	if len(d.Occurrences) != 2 || !d.SeriesEnd.Equal(at(12, 10, 11, 30)) {
		t.Errorf("overrides after shortening: %+v, series end %s", d.Occurrences, d.SeriesEnd)
	}
	if got := f.starts(a, from, at(1, 31, 0, 0)); got != "12-02 15:00" {
		t.Errorf("after shortening %s", got)
	}
	// a single meeting keeps no overrides at all
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: d.Version, RRule: ptr(""), Exceptions: meeting.ExceptionsDrop}); err != nil {
		t.Fatal(err)
	}
	if n := f.count("SELECT COUNT(*) FROM meeting_occurrences"); n != 0 {
		t.Errorf("%d overrides left on a single meeting", n)
	}
	if got := f.starts(a, from, to); got != "12-03 09:30" {
		t.Errorf("single meeting %s", got)
	}
}

// TestService_ConflictsAcrossSeries: a meeting clashing with one
// occurrence of a series is warned about with the series named; a
// cancelled occurrence clashes with nothing; a new series is checked
// occurrence by occurrence.
func TestService_ConflictsAcrossSeries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.as(f.officeSec)
	admin.Role = "admin"
	room, err := f.svc.SaveRoom(f.ctx, admin, 0, meeting.RoomInput{Name: "一号会议室"})
	if err != nil {
		t.Fatal(err)
	}
	series := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Title: "每周例会", Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30),
		RRule: "FREQ=WEEKLY;COUNT=4", RoomID: &room.ID, ChairUserID: &f.justiceSec.ID})
	codes := func(ws []meeting.Warning) string {
		var s []string
		for _, w := range ws {
			c := w.Code
			for _, m := range w.Meetings {
				c += " " + m.Title + "@" + hm(m.Start)
			}
			s = append(s, c)
		}
		return strings.Join(s, "; ")
	}
	// the third week: room and chair both booked by the series
	b := f.create(f.procSec, meeting.Input{Title: "会商", Start: at(12, 17, 10, 0), End: at(12, 17, 12, 0), RoomID: &room.ID, ChairUserID: &f.justiceSec.ID})
	want := "meeting.conflict_room 每周例会@12-17 09:30; meeting.conflict_attendee 每周例会@12-17 09:30"
	if got := codes(b.Warnings); got != want {
		t.Errorf("warnings %q, want %q", got, want)
	}
	// a joint meeting invites the standing members, the procuratorate's
	// secretary among them: the clash is named, not busy time
	for _, w := range b.Warnings {
		for _, c := range w.Meetings {
			if c.ID != series.ID || c.Busy {
				t.Errorf("procuratorate sees clash %+v", c)
			}
		}
	}
	// once that occurrence is cancelled nothing clashes
	if _, err := f.svc.CancelOccurrence(f.ctx, f.as(f.officeSec), series.ID, meeting.OccurrenceInput{OriginalStart: at(12, 17, 9, 30)}); err != nil {
		t.Fatal(err)
	}
	ws, err := f.svc.Conflicts(f.ctx, f.as(f.procSec), meeting.ConflictInput{Start: at(12, 17, 10, 0), End: at(12, 17, 12, 0), RoomID: &room.ID, UserIDs: []int64{f.justiceSec.ID}, MeetingID: b.ID})
	if err != nil || len(ws) != 0 {
		t.Errorf("after cancelling the occurrence: %s %v", codes(ws), err)
	}
	// a new monthly series: only its occurrence on 12-24 meets the weekly
	// one; its third, 2027-01-24, is a Sunday
	ws, err = f.svc.Conflicts(f.ctx, f.as(f.procSec), meeting.ConflictInput{Start: at(11, 24, 10, 0), End: at(11, 24, 11, 0), RRule: "FREQ=MONTHLY;COUNT=3", RoomID: &room.ID})
	if got := codes(ws); err != nil || got != "meeting.on_weekend; meeting.conflict_room 每周例会@12-24 09:30" {
		t.Errorf("series against series: %q %v", got, err)
	}
	// an optional attendee's other meeting is no clash
	ws, err = f.svc.Conflicts(f.ctx, f.as(f.procSec), meeting.ConflictInput{Start: at(12, 3, 10, 0), End: at(12, 3, 11, 0), UserIDs: []int64{f.agencyMember.ID}})
	if err != nil || len(ws) != 0 {
		t.Errorf("uninvited user: %s %v", codes(ws), err)
	}
}
