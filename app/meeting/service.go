package meeting

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/db"
	"liaison/app/docnumber"
	"liaison/app/followup"
	"liaison/app/notify"
)

// Service is the meetings domain. The JSON API and the HTML pages call it.
type Service struct {
	DB       *db.DB
	store    *store
	Accounts *account.Service
	Cases    *casefile.Service
	Actions  *followup.Service
	// Numbers gives issued outputs their 字号.
	Numbers  *docnumber.Service
	hook     ChangeHook       // optional: told of changes invitations follow (hook.go)
	Notifier notify.Announcer // optional: told of what people must act on or know (announce.go)
	Settings SettingsStore    // optional: the approval rules of drafts (drafts.go)
	Now      func() time.Time
}

// NewService returns the meetings service; it creates action items through
// actions, resolves linked cases through cases, and tells hook (may be nil)
// of the changes calendar invitations follow.
func NewService(d *db.DB, acc *account.Service, cases *casefile.Service, actions *followup.Service, notifier notify.Announcer, st SettingsStore, hook ChangeHook) (*Service, error) {
	return &Service{DB: d, store: newStore(d), Accounts: acc, Cases: cases, Actions: actions, hook: hook, Notifier: notifier, Settings: st, Numbers: docnumber.New(d), Now: d.Now}, nil
}

// newCheckInCode makes a six-digit per-meeting check-in code.
func newCheckInCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1000000))
	return fmt.Sprintf("%06d", n.Int64())
}

// view loads meeting id with its attendees if the actor may see it;
// otherwise NotFound.
func (s *Service) view(ctx context.Context, a account.Actor, id int64) (Meeting, []Attendee, error) {
	m, err := s.store.Get(ctx, id)
	if err != nil {
		return m, nil, err
	}
	att, err := s.store.Attendees(ctx, []int64{id})
	if err != nil {
		return m, nil, err
	}
	if !a.Can(account.ActView, m.Scope(att[id])) {
		return Meeting{}, nil, apperr.NotFoundErr("meeting")
	}
	return m, att[id], nil
}

// edit is view plus the right to edit: an invitee who may see but not edit
// gets Forbidden.
func (s *Service) edit(ctx context.Context, a account.Actor, id int64) (Meeting, []Attendee, error) {
	m, att, err := s.view(ctx, a, id)
	if err != nil {
		return m, att, err
	}
	if !a.Can(account.ActEdit, m.Scope(att)) {
		return m, att, apperr.E(apperr.Forbidden, "forbidden")
	}
	return m, att, nil
}

// editOpen is edit on a meeting that is not cancelled.
func (s *Service) editOpen(ctx context.Context, a account.Actor, id int64) (Meeting, []Attendee, error) {
	m, att, err := s.edit(ctx, a, id)
	if err == nil && m.Status == Cancelled {
		err = apperr.E(apperr.Conflict, "meeting.cancelled")
	}
	return m, att, err
}

// seriesEnd is when the last occurrence of in ends.
func seriesEnd(in Input) (time.Time, error) {
	if in.RRule == "" {
		return in.End, nil
	}
	starts, err := occurrenceStarts(in.RRule, in.Start, in.Start, in.Start.AddDate(11, 0, 0))
	if err != nil || len(starts) == 0 {
		return in.End, err
	}
	return starts[len(starts)-1].Add(in.End.Sub(in.Start)), nil
}

// checkRefs verifies that the units, room, chair, people and cases of in
// exist and are in use, and that the actor may see the cases. On an update
// (old set) references the meeting already had (hadCases: its cases) are
// not checked again: a room or unit retired since must not block changing
// the title, nor a case linked by someone who may see it.
func (s *Service) checkRefs(ctx context.Context, a account.Actor, in Input, old *Meeting, hadCases []int64) error {
	f := apperr.Fields{}
	fresh := func(id int64, had []int64) bool { return old == nil || !slices.Contains(had, id) }
	var unitIDs []int64
	if old == nil || in.ConveningUnitID != old.ConveningUnitID {
		unitIDs = append(unitIDs, in.ConveningUnitID)
	}
	var co, insp []int64
	for _, id := range in.CoUnitIDs {
		if old == nil || fresh(id, old.CoUnitIDs) {
			co = append(co, id)
		}
	}
	for _, id := range in.InspectedUnitIDs {
		if old == nil || fresh(id, old.InspectedUnitIDs) {
			insp = append(insp, id)
		}
	}
	unitIDs = append(append(unitIDs, co...), insp...)
	if len(unitIDs) > 0 {
		units, err := s.Accounts.UnitsByIDs(ctx, unitIDs)
		if err != nil {
			return err
		}
		if old == nil || in.ConveningUnitID != old.ConveningUnitID {
			if u, ok := units[in.ConveningUnitID]; !ok || !u.Active {
				f.Add("convening_unit_id", "unit.unknown")
			}
		}
		for _, id := range co {
			if u, ok := units[id]; !ok || !u.Active {
				f.Add("co_unit_ids", "unit.unknown")
			}
		}
		for _, id := range insp {
			if u, ok := units[id]; !ok || !u.Active {
				f.Add("inspected_unit_ids", "unit.unknown")
			}
		}
	}
	if in.RoomID != nil && (old == nil || !eqID(old.RoomID, in.RoomID)) {
		if r, err := s.store.Room(ctx, *in.RoomID); err != nil || !r.Active {
			if err != nil && apperr.KindOf(err) != apperr.NotFound {
				return err
			}
			f.Add("room_id", "meeting.room_unknown")
		}
	}
	userIDs := append([]int64{}, in.AttendeeUserIDs...)
	if in.ChairUserID != nil && (old == nil || !eqID(old.ChairUserID, in.ChairUserID)) {
		userIDs = append(userIDs, *in.ChairUserID)
	}
	for _, x := range in.Experts {
		if x.UserID != nil {
			userIDs = append(userIDs, *x.UserID)
		}
	}
	if len(userIDs) > 0 {
		users, err := s.Accounts.UsersByIDs(ctx, userIDs)
		if err != nil {
			return err
		}
		for _, id := range userIDs {
			if u, ok := users[id]; !ok || !u.Active {
				field := "user_id"
				if in.ChairUserID != nil && id == *in.ChairUserID {
					field = "chair_user_id"
				}
				f.Add(field, "meeting.user_unknown")
			}
		}
	}
	if err := s.checkCases(ctx, a, "case_ids", in.CaseIDs, hadCases); err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		f.Add("case_ids", "case.unknown")
	}
	return invalid(f)
}

// Create schedules a meeting for in.ConveningUnitID, which the actor must
// be allowed to schedule for. A joint meeting invites the standing members
// unless told not to; the chair and named users are invited too. The
// result carries conflict warnings; they never block scheduling.
func (s *Service) Create(ctx context.Context, a account.Actor, in Input) (Meeting, error) {
	if err := s.prefill(ctx, a, &in); err != nil {
		return Meeting{}, err
	}
	if err := in.Validate(); err != nil {
		return Meeting{}, err
	}
	if err := in.validateAgenda(); err != nil {
		return Meeting{}, err
	}
	in.CoUnitIDs, in.InspectedUnitIDs, in.CaseIDs = dedupe(in.CoUnitIDs), dedupe(in.InspectedUnitIDs), dedupe(in.CaseIDs)
	if !a.CanSchedule(in.ConveningUnitID) {
		return Meeting{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	end, err := seriesEnd(in)
	if err != nil {
		return Meeting{}, err
	}
	inst, err := s.store.installationID(ctx)
	if err != nil {
		return Meeting{}, err
	}
	now := s.Now()
	status, published := Scheduled, &now
	if in.Status == Draft {
		status, published = Draft, nil
	}
	m := Meeting{UID: newUID(inst), Status: status, PublishedAt: published, Kind: in.Kind, Title: in.Title, Description: in.Description,
		Sensitivity: in.Sensitivity, ConveningUnitID: in.ConveningUnitID, ChairUserID: in.ChairUserID, RoomID: in.RoomID,
		Location: in.Location, OnlineURL: in.OnlineURL, PaperFileHolder: in.PaperFileHolder, Start: in.Start, End: in.End,
		RRule: in.RRule, SeriesEnd: end, InspectionScope: in.InspectionScope, Findings: in.Findings, Report: in.Report,
		CheckInCode: newCheckInCode(), Version: 1, CreatedAt: now, UpdatedAt: now,
		CoUnitIDs: in.CoUnitIDs, InspectedUnitIDs: in.InspectedUnitIDs, TemplateID: in.TemplateID}
	if a.UserID > 0 {
		uid := a.UserID
		m.CreatedBy = &uid
	}
	if m.ReplyBy, err = s.replyByOnCreate(ctx, in, now); err != nil {
		return Meeting{}, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkRefs(ctx, a, in, nil, nil); err != nil {
			return err
		}
		if err := s.checkConsultationParties(ctx, in.Kind, 0, in.CaseIDs, in.CoUnitIDs, nil, "co_unit_ids"); err != nil {
			return err
		}
		if err := s.checkConsultationParties(ctx, in.Kind, 0, in.CaseIDs, nil, in.invitedUserIDs(), "attendee_user_ids"); err != nil {
			return err
		}
		if err := s.numberNotice(ctx, &m); err != nil {
			return err
		}
		if err := s.store.Create(ctx, &m, in.CaseIDs); err != nil {
			return err
		}
		if err := s.guardRoom(ctx, a, m, nil); err != nil {
			return err
		}
		att, err := s.initialAttendees(ctx, m, in, now)
		if err != nil {
			return err
		}
		if err := s.store.AddAttendees(ctx, att); err != nil {
			return err
		}
		if err := s.addAgenda(ctx, a, m, in.Agenda, now); err != nil {
			return err
		}
		if m.Status != Draft { // a draft sends nothing until 发布 (drafts.go)
			if err := s.changed(ctx, m.ID); err != nil {
				return err
			}
			if err := s.announceInvited(ctx, a, m, att); err != nil {
				return err
			}
		}
		var detail map[string]any
		if m.TemplateID != nil || len(in.Agenda) > 0 {
			detail = map[string]any{"template_id": m.TemplateID, "agenda_items": len(in.Agenda)}
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.create", "meeting", m.ID, nil, m.auditView(m.Sensitivity), detail)
	})
	if err != nil {
		return Meeting{}, err
	}
	m.Warnings, err = s.warningsFor(ctx, a, m)
	return m, err
}

// initialAttendees are the chair, the standing members of a joint meeting,
// the named users and a consultation's experts, each once.
func (s *Service) initialAttendees(ctx context.Context, m Meeting, in Input, now time.Time) ([]*Attendee, error) {
	var out []*Attendee
	seen := map[int64]bool{}
	ids := []int64{}
	roles := map[int64]Role{}
	modes := map[int64]string{}
	add := func(id int64, r Role) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
			roles[id] = r
		}
	}
	if in.ChairUserID != nil {
		add(*in.ChairUserID, RoleChair)
	}
	for _, x := range in.Experts {
		if x.UserID != nil {
			add(*x.UserID, RoleExpert)
			modes[*x.UserID] = x.Mode
		}
	}
	for _, id := range in.AttendeeUserIDs {
		add(id, RoleRequired)
	}
	if m.Kind == JointMeeting && (in.InviteStandingMembers == nil || *in.InviteStandingMembers) {
		sm, err := s.store.StandingMembers(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range sm {
			add(u.ID, RoleRequired)
		}
	}
	users, err := s.Accounts.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		u := users[id]
		uid, unit := id, u.UnitID
		out = append(out, &Attendee{MeetingID: m.ID, UserID: &uid, UnitID: &unit, Name: u.DisplayName, Email: u.Email,
			Role: roles[id], ExpertMode: modes[id], Answer: Pending, CreatedAt: now})
	}
	for _, x := range in.Experts {
		if x.UserID == nil {
			out = append(out, &Attendee{MeetingID: m.ID, Name: x.Name, Email: x.Email, UnitName: x.UnitName,
				Role: RoleExpert, ExpertMode: x.Mode, Answer: Pending, CreatedAt: now})
		}
	}
	return out, nil
}
