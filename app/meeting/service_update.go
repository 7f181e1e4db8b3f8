package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Patch changes some fields of a meeting; nil fields stay. Version is the
// version the caller last read (required).
type Patch struct {
	Version          int                  `json:"version"`
	Kind             *Kind                `json:"kind"`
	Title            *string              `json:"title"`
	Description      *string              `json:"description"`
	Start            *time.Time           `json:"start"`
	End              *time.Time           `json:"end"`
	Location         *string              `json:"location"`
	RoomID           *int64               `json:"room_id"` // 0 clears the room
	OnlineURL        *string              `json:"online_url"`
	Sensitivity      *account.Sensitivity `json:"sensitivity"`
	ConveningUnitID  *int64               `json:"convening_unit_id"`
	CoUnitIDs        *[]int64             `json:"co_unit_ids"`
	InspectedUnitIDs *[]int64             `json:"inspected_unit_ids"`
	ChairUserID      *int64               `json:"chair_user_id"` // 0 clears the chair
	PaperFileHolder  *string              `json:"paper_file_holder"`
	RRule            *string              `json:"rrule"`
	CaseIDs          *[]int64             `json:"case_ids"`
	InspectionScope  *string              `json:"inspection_scope"`
	Findings         *string              `json:"findings"`
	Report           *string              `json:"report"`
	ReplyBy          *time.Time           `json:"reply_by"` // the 回执 deadline (receipts.go)
	// Reason is required when the patch lowers the sensitivity (the
	// audit log keeps it); it is not a field of the meeting.
	Reason string `json:"reason"`
	// Exceptions says what to do with a series' cancelled and moved
	// occurrences when its start or rule changes: ExceptionsKeep (default)
	// or ExceptionsDrop (series_exceptions.go).
	Exceptions string `json:"exceptions"`
}

// input returns m as an Input, to apply a patch to.
func (m Meeting) input() Input {
	return Input{Kind: m.Kind, Title: m.Title, Description: m.Description, Start: m.Start, End: m.End, Location: m.Location,
		RoomID: m.RoomID, OnlineURL: m.OnlineURL, Sensitivity: m.Sensitivity, ConveningUnitID: m.ConveningUnitID,
		CoUnitIDs: m.CoUnitIDs, InspectedUnitIDs: m.InspectedUnitIDs, ChairUserID: m.ChairUserID,
		PaperFileHolder: m.PaperFileHolder, RRule: m.RRule, InspectionScope: m.InspectionScope, Findings: m.Findings, Report: m.Report}
}

func set[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

func optID(p *int64) *int64 {
	if p == nil || *p == 0 {
		return nil
	}
	return p
}

// apply returns in with p's fields set.
func (p Patch) apply(in Input) Input {
	set(&in.Kind, p.Kind)
	set(&in.Title, p.Title)
	set(&in.Description, p.Description)
	set(&in.Start, p.Start)
	set(&in.End, p.End)
	set(&in.Location, p.Location)
	if p.RoomID != nil {
		in.RoomID = optID(p.RoomID)
	}
	set(&in.OnlineURL, p.OnlineURL)
	set(&in.Sensitivity, p.Sensitivity)
	set(&in.ConveningUnitID, p.ConveningUnitID)
	set(&in.CoUnitIDs, p.CoUnitIDs)
	set(&in.InspectedUnitIDs, p.InspectedUnitIDs)
	if p.ChairUserID != nil {
		in.ChairUserID = optID(p.ChairUserID)
	}
	set(&in.PaperFileHolder, p.PaperFileHolder)
	set(&in.RRule, p.RRule)
	set(&in.CaseIDs, p.CaseIDs)
	set(&in.InspectionScope, p.InspectionScope)
	set(&in.Findings, p.Findings)
	set(&in.Report, p.Report)
	return in
}

func eqID(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Update applies p. Changes of time, place or recurrence grow the sequence
// (invitations must be re-sent); a stale version is 409 and changes nothing.
// The convening unit, the co-organisers and the sensitivity are the
// convener's to change (owners.go); moving the meeting to another convening
// unit also needs the right to schedule for that unit.
func (s *Service) Update(ctx context.Context, a account.Actor, id int64, p Patch) (Meeting, error) {
	var out Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if p.Version != m.Version {
			return apperr.ConflictVersion()
		}
		oldChair, prev := m.ChairUserID, m
		in := p.apply(m.input())
		if err := in.Validate(); err != nil {
			return err
		}
		in.CoUnitIDs, in.InspectedUnitIDs, in.CaseIDs = dedupe(in.CoUnitIDs), dedupe(in.InspectedUnitIDs), dedupe(in.CaseIDs)
		reason := strings.TrimSpace(p.Reason)
		if err := s.checkSteering(ctx, a, m, in, reason); err != nil {
			return err
		}
		if !in.Sensitivity.HoldsContent() && m.Sensitivity.HoldsContent() {
			if err := s.refuseHeldContent(ctx, m.ID, att); err != nil {
				return err
			}
		}
		var hadCases []int64
		if p.CaseIDs != nil {
			if hadCases, err = s.store.CaseIDs(ctx, m.ID); err != nil {
				return err
			}
		}
		if err := s.checkRefs(ctx, a, in, &m, hadCases); err != nil {
			return err
		}
		if err := s.checkConsultationParties(ctx, in.Kind, m.ID, in.CaseIDs, append(attendeeUnits(att), in.CoUnitIDs...), nil, "case_ids"); err != nil {
			return err
		}
		if _, err := seriesEnd(in); err != nil {
			return err
		}
		changed := changedFields(m, in, p.CaseIDs != nil)
		moved := slices.ContainsFunc(changed, func(f string) bool {
			return f == "start" || f == "end" || f == "location" || f == "room_id" || f == "online_url" || f == "rrule"
		})
		old := m.Version
		m.Kind, m.Title, m.Description, m.Start, m.End = in.Kind, in.Title, in.Description, in.Start, in.End
		m.Location, m.RoomID, m.OnlineURL, m.Sensitivity = in.Location, in.RoomID, in.OnlineURL, in.Sensitivity
		m.ConveningUnitID, m.CoUnitIDs, m.InspectedUnitIDs, m.ChairUserID = in.ConveningUnitID, in.CoUnitIDs, in.InspectedUnitIDs, in.ChairUserID
		m.PaperFileHolder, m.RRule = in.PaperFileHolder, in.RRule
		if err := s.replyByOnUpdate(ctx, &m, p.ReplyBy); err != nil {
			return err
		}
		if !sameTime(prev.ReplyBy, m.ReplyBy) {
			changed = append(changed, "reply_by")
		}
		if err := s.keepExceptions(ctx, prev, m, p.Exceptions); err != nil {
			return err
		}
		// overrides of occurrences the new start or rule no longer has go
		end, stale, err := s.span(ctx, m)
		if err != nil {
			return err
		}
		if err := s.store.DeleteOccurrences(ctx, m.ID, stale); err != nil {
			return err
		}
		m.SeriesEnd = end
		m.InspectionScope, m.Findings, m.Report = in.InspectionScope, in.Findings, in.Report
		m.UpdatedAt = s.Now()
		if moved {
			m.Sequence++
		}
		if err := s.store.Update(ctx, &m, old, in.CaseIDs, p.CaseIDs != nil); err != nil {
			return err
		}
		if moved { // an unmoved meeting keeps whatever clash it had
			if err := s.guardRoom(ctx, a, m, nil); err != nil {
				return err
			}
		}
		if !eqID(oldChair, m.ChairUserID) {
			if err := s.syncChair(ctx, m, att); err != nil {
				return err
			}
		}
		out = m
		if err := s.changed(ctx, m.ID); err != nil {
			return err
		}
		if err := s.announceChanged(ctx, a, m, "meeting.changed"); err != nil {
			return err
		}
		before, after := auditPair(prev, m)
		detail := map[string]any{"fields": changed}
		steeringDetail(detail, prev.Sensitivity, m.Sensitivity, reason)
		return s.Accounts.AuditChange(ctx, a, "meeting.update", "meeting", m.ID, before, after, detail)
	})
	if err != nil {
		return Meeting{}, err
	}
	out.Warnings, err = s.warningsFor(ctx, a, out)
	return out, err
}

// changedFields names what differs between m and in (never the values:
// the audit log must not carry content).
func changedFields(m Meeting, in Input, cases bool) []string {
	var f []string
	add := func(c bool, name string) {
		if c {
			f = append(f, name)
		}
	}
	add(m.Kind != in.Kind, "kind")
	add(m.Title != in.Title, "title")
	add(m.Description != in.Description, "description")
	add(!m.Start.Equal(in.Start), "start")
	add(!m.End.Equal(in.End), "end")
	add(m.Location != in.Location, "location")
	add(!eqID(m.RoomID, in.RoomID), "room_id")
	add(m.OnlineURL != in.OnlineURL, "online_url")
	add(m.Sensitivity != in.Sensitivity, "sensitivity")
	add(m.ConveningUnitID != in.ConveningUnitID, "convening_unit_id")
	add(!sameUnits(m.CoUnitIDs, in.CoUnitIDs), "co_unit_ids")
	add(!sameUnits(m.InspectedUnitIDs, in.InspectedUnitIDs), "inspected_unit_ids")
	add(!eqID(m.ChairUserID, in.ChairUserID), "chair_user_id")
	add(m.PaperFileHolder != in.PaperFileHolder, "paper_file_holder")
	add(m.RRule != in.RRule, "rrule")
	add(m.InspectionScope != in.InspectionScope || m.Findings != in.Findings || m.Report != in.Report, "inspection")
	add(cases, "case_ids")
	return f
}

// Cancel cancels the meeting (every occurrence of a series); the sequence
// grows so calendars drop it. Cancelling twice is a conflict.
func (s *Service) Cancel(ctx context.Context, a account.Actor, id int64, reason string) (Meeting, error) {
	return s.CancelVersion(ctx, a, id, reason, 0)
}

// CancelVersion is Cancel checking the version the caller last read (0:
// unchecked); a stale one is 409 and cancels nothing.
func (s *Service) CancelVersion(ctx context.Context, a account.Actor, id int64, reason string, version int) (Meeting, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 500 {
		return Meeting{}, fieldErr("reason", "too_long")
	}
	var out Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if version != 0 && version != m.Version {
			return apperr.ConflictVersion()
		}
		if m.Status == Draft { // nobody was told of it: cancelling would tell them
			return apperr.E(apperr.Conflict, "meeting.draft_cancel")
		}
		if err := account.ContentError(m.Sensitivity, "reason", reason != ""); err != nil {
			return err
		}
		old, prev := m.Version, m
		m.Status, m.CancelReason, m.UpdatedAt = Cancelled, reason, s.Now()
		m.Sequence++
		if err := s.store.Update(ctx, &m, old, nil, false); err != nil {
			return err
		}
		out = m
		if err := s.changed(ctx, m.ID); err != nil {
			return err
		}
		if err := s.announceChanged(ctx, a, m, "meeting.cancelled"); err != nil {
			return err
		}
		before, after := auditPair(prev, m)
		return s.Accounts.AuditChange(ctx, a, "meeting.cancel", "meeting", m.ID, before, after, nil)
	})
	return out, err
}

// span returns when the last occurrence of m ends, moved occurrences
// included, and the ids of overrides whose original start is no longer an
// occurrence of m (after its start or rule changed).
func (s *Service) span(ctx context.Context, m Meeting) (time.Time, []int64, error) {
	end, err := seriesEnd(m.input())
	if err != nil {
		return end, nil, err
	}
	ov, err := s.store.Occurrences(ctx, []int64{m.ID})
	if err != nil {
		return end, nil, err
	}
	var stale []int64
	for _, o := range ov[m.ID] {
		if m.RRule == "" {
			stale = append(stale, o.ID)
			continue
		}
		if st, err := occurrenceStarts(m.RRule, m.Start, o.OriginalStart, o.OriginalStart.Add(time.Second)); err != nil || len(st) == 0 {
			stale = append(stale, o.ID)
			continue
		}
		if o.Status != Cancelled && o.End.After(end) {
			end = o.End
		}
	}
	return end, stale, nil
}

// syncChair makes the attendee list follow a new chair: the former chair
// stays invited as a required attendee, the new one is invited as chair.
func (s *Service) syncChair(ctx context.Context, m Meeting, att []Attendee) error {
	found := false
	for i := range att {
		x := att[i]
		isNew := m.ChairUserID != nil && x.UserID != nil && *x.UserID == *m.ChairUserID
		switch {
		case isNew:
			found = true
			if x.Role == RoleChair {
				continue
			}
			x.Role = RoleChair
		case x.Role == RoleChair:
			x.Role = RoleRequired
		default:
			continue
		}
		if err := s.store.UpdateAttendee(ctx, &x); err != nil {
			return err
		}
	}
	if m.ChairUserID == nil || found {
		return nil
	}
	users, err := s.Accounts.UsersByIDs(ctx, []int64{*m.ChairUserID})
	if err != nil {
		return err
	}
	u := users[*m.ChairUserID]
	uid, unit := u.ID, u.UnitID
	return s.store.AddAttendees(ctx, []*Attendee{{MeetingID: m.ID, UserID: &uid, UnitID: &unit, Name: u.DisplayName,
		Email: u.Email, Role: RoleChair, Answer: Pending, CreatedAt: s.Now()}})
}
