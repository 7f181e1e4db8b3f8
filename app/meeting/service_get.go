package meeting

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
)

// Detail is a meeting with everything its page shows.
type Detail struct {
	Meeting
	// MinutesOutline is what the empty minutes editor starts with: the
	// sections of the meeting's template (copy.go); empty once minutes
	// exist.
	MinutesOutline string         `json:"minutes_outline,omitempty"`
	Agenda         []AgendaItem   `json:"agenda"`
	Attendees      []Attendee     `json:"attendees"`
	Minutes        *Minutes       `json:"minutes"`
	Cases          []casefile.Ref `json:"cases"`
	// LinkedCases are the other cases agenda items and requested actions
	// link to.
	LinkedCases []casefile.Ref `json:"linked_cases"`
	Occurrences []Occurrence   `json:"occurrence_overrides"`
	// AgendaMinutes is the planned length of the agenda; AgendaOverrun
	// reports that it is longer than the meeting.
	AgendaMinutes int  `json:"agenda_minutes"`
	AgendaOverrun bool `json:"agenda_overrun"`
	// NotAnswered are the attendees whose answer is still pending.
	NotAnswered []int64 `json:"not_answered"`
	// CanEdit says the actor may change the meeting; CheckInCode is shown
	// only to those who may.
	CanEdit     bool      `json:"can_edit"`
	CheckInCode string    `json:"check_in_code,omitempty"`
	Me          *Attendee `json:"my_attendance"`
	// Units and People name the ids the detail mentions, for display.
	Units    map[int64]string `json:"unit_names"`
	People   map[int64]string `json:"user_names"`
	RoomName string           `json:"room_name,omitempty"`
}

// Get returns the meeting with agenda, attendees, minutes, cases and
// overrides in a fixed number of statements whatever it holds (see
// store_detail.go); NotFound when the actor may not see it.
func (s *Service) Get(ctx context.Context, a account.Actor, id int64) (Detail, error) {
	m, room, err := s.store.getWithRoom(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	ls, err := s.store.links(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	var caseIDs, linked []int64
	agendaCases := map[int64][]int64{}
	for _, l := range ls {
		switch l.Kind {
		case UnitCoOrganiser:
			m.CoUnitIDs = append(m.CoUnitIDs, l.Ref)
		case UnitInspected:
			m.InspectedUnitIDs = append(m.InspectedUnitIDs, l.Ref)
		case "case":
			caseIDs = append(caseIDs, l.Ref)
		case "agenda_case":
			agendaCases[l.Owner] = append(agendaCases[l.Owner], l.Ref)
			linked = append(linked, l.Ref)
		case "action_case":
			linked = append(linked, l.Ref)
		}
	}
	m.local()
	atts, err := s.store.Attendees(ctx, []int64{id})
	if err != nil {
		return Detail{}, err
	}
	att := atts[id]
	if !a.Can(account.ActView, m.Scope(att)) {
		return Detail{}, apperr.NotFoundErr("meeting")
	}
	d := Detail{Meeting: m, Attendees: att, NotAnswered: []int64{}, RoomName: room}
	if d.Attendees == nil {
		d.Attendees = []Attendee{}
	}
	if d.Agenda, err = s.store.agendaItems(ctx, id); err != nil {
		return d, err
	}
	for i := range d.Agenda {
		if ids := agendaCases[d.Agenda[i].ID]; ids != nil {
			d.Agenda[i].CaseIDs = ids
		}
	}
	if d.Minutes, err = s.store.minutesCore(ctx, id); err != nil {
		return d, err
	}
	if d.Minutes != nil {
		d.Minutes.setActionCases(ls)
		if err := s.store.minutesTail(ctx, d.Minutes); err != nil {
			return d, err
		}
		d.Minutes.Pending = pendingSignOffs(m, d.Minutes.SignOffs)
	}
	if err := s.caseRefs(ctx, a, &d, caseIDs, linked); err != nil {
		return d, err
	}
	d.nameAgendaCases()
	d.Occurrences = []Occurrence{}
	if m.RRule != "" { // only a series has overrides
		ov, err := s.store.Occurrences(ctx, []int64{id})
		if err != nil {
			return d, err
		}
		if ov[id] != nil {
			d.Occurrences = ov[id]
		}
	}
	for _, it := range d.Agenda {
		d.AgendaMinutes += it.DurationMinutes
	}
	d.AgendaOverrun = float64(d.AgendaMinutes) > m.Duration().Minutes()
	for i := range att {
		if att[i].Answer == Pending {
			d.NotAnswered = append(d.NotAnswered, att[i].ID)
		}
		if att[i].UserID != nil && *att[i].UserID == a.UserID {
			d.Me = &d.Attendees[i]
		}
	}
	editor := a.Can(account.ActEdit, m.Scope(att))
	d.CanEdit = editor && m.Status != Cancelled
	if editor {
		d.CheckInCode = m.CheckInCode
	}
	if d.Minutes == nil && m.TemplateID != nil {
		if d.MinutesOutline, err = s.MinutesOutline(ctx, m); err != nil {
			return d, err
		}
	}
	return d, s.names(ctx, &d)
}

// caseRefs resolves the meeting's cases and those its agenda items and
// requested actions link to, in one call (titles only where the actor may
// see the case).
func (s *Service) caseRefs(ctx context.Context, a account.Actor, d *Detail, own, linked []int64) error {
	d.Cases, d.LinkedCases = []casefile.Ref{}, []casefile.Ref{}
	all := dedupe(append(append([]int64{}, own...), linked...))
	if len(all) == 0 {
		return nil
	}
	refs, err := s.Cases.Refs(ctx, a, "case_ids", all)
	if err != nil {
		return err
	}
	mine := make(map[int64]bool, len(own))
	for _, id := range own {
		mine[id] = true
	}
	for _, r := range refs {
		if mine[r.ID] {
			d.Cases = append(d.Cases, r)
		} else {
			d.LinkedCases = append(d.LinkedCases, r)
		}
	}
	return nil
}

// names fills the unit and user names the detail refers to: one statement.
func (s *Service) names(ctx context.Context, d *Detail) error {
	units := append(append([]int64{d.ConveningUnitID}, d.CoUnitIDs...), d.InspectedUnitIDs...)
	var users []int64
	if d.ChairUserID != nil {
		users = append(users, *d.ChairUserID)
	}
	for _, at := range d.Attendees {
		if at.UnitID != nil {
			units = append(units, *at.UnitID)
		}
		if at.DelegateUserID != nil {
			users = append(users, *at.DelegateUserID)
		}
	}
	for _, it := range d.Agenda {
		if it.PresenterUserID != nil {
			users = append(users, *it.PresenterUserID)
		}
	}
	if d.Minutes != nil {
		if d.Minutes.IssuedBy != nil {
			users = append(users, *d.Minutes.IssuedBy)
		}
		for _, dc := range d.Minutes.Decisions {
			if dc.UnitID != nil {
				units = append(units, *dc.UnitID)
			}
			for _, ac := range dc.ActionItems {
				units = append(units, ac.ResponsibleUnitID)
			}
		}
	}
	var err error
	d.Units, d.People, err = s.store.names(ctx, dedupe(units), dedupe(users))
	return err
}

// MeetingOfDecision returns the meeting whose minutes hold decision
// decisionID (an action item's source), or NotFound.
func (s *Service) MeetingOfDecision(ctx context.Context, decisionID int64) (int64, error) {
	return s.store.MeetingOfDecision(ctx, decisionID)
}
