package meeting_test

import (
	"testing"

	"liaison/app/account"
	"liaison/app/meeting"
)

// TestService_ChairFollowsUpdates: the chair is invited as chair; a new
// chair replaces the old one in that role and the old one stays invited.
func TestService_ChairFollowsUpdates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.as(f.procSec)
	m := f.create(f.procSec, meeting.Input{Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), ChairUserID: &f.procSec.ID,
		AttendeeUserIDs: []int64{f.justiceSec.ID}})
	roles := func() map[int64]meeting.Role {
		d, err := f.svc.Get(f.ctx, a, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]meeting.Role{}
		for _, x := range d.Attendees {
			out[*x.UserID] = x.Role
		}
		return out
	}
	if r := roles(); r[f.procSec.ID] != meeting.RoleChair || r[f.justiceSec.ID] != meeting.RoleRequired {
		t.Fatalf("roles at creation %v", r)
	}
	m, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version, ChairUserID: &f.justiceSec.ID})
	if err != nil {
		t.Fatal(err)
	}
	if r := roles(); r[f.procSec.ID] != meeting.RoleRequired || r[f.justiceSec.ID] != meeting.RoleChair || len(r) != 2 {
		t.Errorf("roles after changing the chair %v", r)
	}
	m, err = f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version, ChairUserID: &f.l.ID})
	if err != nil {
		t.Fatal(err)
	}
	if r := roles(); r[f.l.ID] != meeting.RoleChair || r[f.justiceSec.ID] != meeting.RoleRequired || len(r) != 3 {
		t.Errorf("roles after an uninvited chair %v", r)
	}
	if _, err := f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version, ChairUserID: ptr(int64(987654))}); code(err) != "meeting.user_unknown" {
		t.Errorf("unknown chair: %v", err)
	}
}

// TestService_RetiredReferences: a room retired after scheduling does not
// block other edits, but cannot be chosen again; an unknown room is refused
// and changes nothing.
func TestService_RetiredReferences(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := account.Actor{UserID: f.officeSec.ID, UnitID: f.office.ID, Role: account.RoleAdmin}
	room, err := f.svc.SaveRoom(f.ctx, admin, 0, meeting.RoomInput{Name: "二号会议室"})
	if err != nil {
		t.Fatal(err)
	}
	a := f.as(f.procSec)
	m := f.create(f.procSec, meeting.Input{Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), RoomID: &room.ID})
	if err := f.svc.DeleteRoom(f.ctx, admin, room.ID); err != nil {
		t.Fatal(err)
	}
	m, err = f.svc.Update(f.ctx, a, m.ID, meeting.Patch{Version: m.Version, Title: ptr("会商（改）")})
	if err != nil || m.RoomID == nil || *m.RoomID != room.ID {
		t.Fatalf("title change with a retired room: %+v %v", m.RoomID, err)
	}
	other := f.create(f.procSec, meeting.Input{Start: at(12, 4, 9, 30), End: at(12, 4, 11, 30)})
	if _, err := f.svc.Update(f.ctx, a, other.ID, meeting.Patch{Version: other.Version, RoomID: &room.ID}); code(err) != "meeting.room_unknown" {
		t.Errorf("choosing a retired room: %v", err)
	}
	if _, err := f.svc.Update(f.ctx, a, other.ID, meeting.Patch{Version: other.Version, RoomID: ptr(int64(987654))}); code(err) != "meeting.room_unknown" {
		t.Errorf("unknown room: %v", err)
	}
	if d, _ := f.svc.Get(f.ctx, a, other.ID); d.RoomID != nil || d.Version != other.Version {
		t.Errorf("refused room changed the meeting: %+v", d.Meeting)
	}
}

// TestService_ClashWithHiddenMeeting: a clash with a meeting the actor may
// not see is named as busy time, without id or title.
func TestService_ClashWithHiddenMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.create(f.procSec, meeting.Input{Title: "涉密会商", Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), Sensitivity: account.Classified,
		AttendeeUserIDs: []int64{f.justiceSec.ID}})
	ws, err := f.svc.Conflicts(f.ctx, f.as(f.officeSec), meeting.ConflictInput{Start: at(12, 3, 10, 0), End: at(12, 3, 12, 0), UserIDs: []int64{f.justiceSec.ID}})
	if err != nil || len(ws) != 1 || ws[0].Code != meeting.WarnAttendee || len(ws[0].Meetings) != 1 {
		t.Fatalf("warnings %+v %v", ws, err)
	}
	if c := ws[0].Meetings[0]; !c.Busy || c.ID != 0 || c.Title != "" {
		t.Errorf("hidden meeting named: %+v", c)
	}
}

// TestService_CreateRefusesTwice: a person named twice at creation, an
// expert without a home unit or on a meeting that is not a consultation are
// refused, and nothing is stored.
func TestService_CreateRefusesTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.as(f.procSec)
	base := meeting.Input{Kind: meeting.Consultation, Title: "会商", Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30), ConveningUnitID: f.proc.ID}
	for _, c := range []struct {
		name string
		edit func(*meeting.Input)
		code string
	}{
		{"user twice", func(in *meeting.Input) { in.AttendeeUserIDs = []int64{f.justiceSec.ID, f.justiceSec.ID} }, "meeting.attendee_twice"},
		{"expert also attendee", func(in *meeting.Input) {
			in.AttendeeUserIDs = []int64{f.justiceSec.ID}
			in.Experts = []meeting.ExpertInput{{UserID: &f.justiceSec.ID, Mode: meeting.ExpertInvited}}
		}, "meeting.attendee_twice"},
		{"guest twice", func(in *meeting.Input) {
			g := meeting.ExpertInput{Name: "王教授", Email: "wang@univ.example", UnitName: "某大学", Mode: meeting.ExpertInvited}
			in.Experts = []meeting.ExpertInput{g, g}
		}, "meeting.attendee_twice"},
		{"expert without home unit", func(in *meeting.Input) {
			in.Experts = []meeting.ExpertInput{{Name: "王教授", Mode: meeting.ExpertSent}}
		}, "required"},
		{"expert at a joint meeting", func(in *meeting.Input) {
			in.Kind = meeting.JointMeeting
			in.Experts = []meeting.ExpertInput{{UserID: &f.justiceSec.ID, Mode: meeting.ExpertSent}}
		}, "meeting.consultation_only"},
	} {
		in := base
		c.edit(&in)
		if _, err := f.svc.Create(f.ctx, a, in); code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if n := f.count("SELECT COUNT(*) FROM meetings"); n != 0 {
		t.Errorf("%d meetings stored", n)
	}
	m := f.create(f.procSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(12, 3, 9, 30), End: at(12, 3, 11, 30)})
	if _, err := f.svc.AddAttendee(f.ctx, a, m.ID, meeting.AttendeeInput{Name: "王教授", UnitName: "某大学", Role: meeting.RoleExpert, ExpertMode: meeting.ExpertInvited}); code(err) != "meeting.consultation_only" {
		t.Errorf("expert mode on a joint meeting: %v", err)
	}
}
