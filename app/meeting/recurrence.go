package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/workday"
)

// occurrenceStarts lists the starts of rule from start within [from, to).
func occurrenceStarts(rule string, start, from, to time.Time) ([]time.Time, error) {
	return calendar.Occurrences(rule, start, from, to)
}

// Slot is one concrete occurrence of a meeting, after overrides.
type Slot struct {
	MeetingID     int64     `json:"meeting_id"`
	OriginalStart time.Time `json:"original_start"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	Status        Status    `json:"status"`
	Sequence      int       `json:"sequence"`
}

// expand lists the occurrences of m overlapping [from, to), with moved and
// cancelled occurrences applied; a single meeting is one slot.
func expand(m Meeting, ov []Occurrence, from, to time.Time) []Slot {
	dur := m.Duration()
	starts, err := occurrenceStarts(m.RRule, m.Start, from.Add(-dur), to)
	if err != nil {
		return nil
	}
	byOrig := make(map[int64]Occurrence, len(ov))
	for _, o := range ov {
		byOrig[o.OriginalStart.Unix()] = o
	}
	sh := workday.Shanghai()
	out := make([]Slot, 0, len(starts))
	seen := map[int64]bool{}
	for _, st := range starts {
		sl := Slot{MeetingID: m.ID, OriginalStart: st.In(sh), Start: st.In(sh), End: st.Add(dur).In(sh), Status: m.Status, Sequence: m.Sequence}
		if o, ok := byOrig[st.Unix()]; ok {
			seen[st.Unix()] = true
			sl.Start, sl.End, sl.Sequence = o.Start, o.End, o.Sequence
			if m.Status != Cancelled {
				sl.Status = o.Status
			}
			if !sl.Start.Before(to) || !sl.End.After(from) {
				continue
			}
		}
		out = append(out, sl)
	}
	// an occurrence moved into the window from outside it
	for _, o := range ov {
		if seen[o.OriginalStart.Unix()] || o.Status == Cancelled || !o.Start.Before(to) || !o.End.After(from) {
			continue
		}
		if all, _ := occurrenceStarts(m.RRule, m.Start, o.OriginalStart, o.OriginalStart.Add(time.Second)); len(all) == 0 {
			continue
		}
		st := m.Status
		out = append(out, Slot{MeetingID: m.ID, OriginalStart: o.OriginalStart, Start: o.Start, End: o.End, Status: st, Sequence: o.Sequence})
	}
	slices.SortFunc(out, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	return out
}

// OccurrenceInput names one occurrence of a series by its original start
// and, to move it, its new start and end.
type OccurrenceInput struct {
	OriginalStart time.Time `json:"original_start"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	Reason        string    `json:"reason"`
	Version       int       `json:"version"`
}

// CancelOccurrence cancels one occurrence of a series, leaving the others.
func (s *Service) CancelOccurrence(ctx context.Context, a account.Actor, id int64, in OccurrenceInput) (Occurrence, error) {
	return s.changeOccurrence(ctx, a, id, in, true)
}

// MoveOccurrence moves one occurrence of a series to in.Start–in.End.
func (s *Service) MoveOccurrence(ctx context.Context, a account.Actor, id int64, in OccurrenceInput) (Occurrence, error) {
	f := apperr.Fields{}
	switch {
	case in.Start.IsZero():
		f.Add("start", "time_invalid")
	case in.End.IsZero():
		f.Add("end", "time_invalid")
	case !in.End.After(in.Start):
		f.Add("end", "meeting.end_before_start")
	case in.End.Sub(in.Start) > MaxDuration:
		f.Add("end", "meeting.too_long")
	}
	if err := invalid(f); err != nil {
		return Occurrence{}, err
	}
	return s.changeOccurrence(ctx, a, id, in, false)
}

func (s *Service) changeOccurrence(ctx context.Context, a account.Actor, id int64, in OccurrenceInput, cancel bool) (Occurrence, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	var out Occurrence
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if m.RRule == "" {
			return fieldErr("original_start", "meeting.not_a_series")
		}
		if in.Version != 0 && in.Version != m.Version {
			return apperr.ConflictVersion()
		}
		if err := account.ContentError(m.Sensitivity, "reason", in.Reason != ""); err != nil {
			return err
		}
		if len([]rune(in.Reason)) > 500 {
			return fieldErr("reason", "too_long")
		}
		orig := in.OriginalStart
		starts, err := occurrenceStarts(m.RRule, m.Start, orig, orig.Add(time.Second))
		if err != nil || orig.IsZero() || len(starts) == 0 {
			return fieldErr("original_start", "meeting.occurrence_unknown")
		}
		out = Occurrence{MeetingID: id, OriginalStart: starts[0], Status: Scheduled, Start: in.Start, End: in.End,
			Sequence: m.Sequence + 1, Reason: in.Reason, UpdatedAt: s.Now()}
		action := "meeting.occurrence.move"
		if cancel {
			out.Status, out.Start, out.End, action = Cancelled, starts[0], starts[0].Add(m.Duration()), "meeting.occurrence.cancel"
		}
		before, err := s.occurrenceBefore(ctx, m, starts[0])
		if err != nil {
			return err
		}
		if err := s.store.Touch(ctx, id, m.Version, 1, s.Now()); err != nil {
			return err
		}
		if err := s.store.SaveOccurrence(ctx, &out); err != nil {
			return err
		}
		// a moved occurrence may end after the rule's last one: lists and
		// conflict checks find the series by its span
		end, _, err := s.span(ctx, m)
		if err != nil {
			return err
		}
		if err := s.store.SetSeriesEnd(ctx, id, end); err != nil {
			return err
		}
		if !cancel {
			if err := s.guardRoom(ctx, a, m, &Slot{Start: out.Start, End: out.End, Status: Scheduled}); err != nil {
				return err
			}
		}
		if err := s.changed(ctx, id); err != nil {
			return err
		}
		if err := s.announceOccurrence(ctx, a, m, out, cancel); err != nil {
			return err
		}
		sh := workday.Shanghai()
		out.OriginalStart, out.Start, out.End, out.UpdatedAt = out.OriginalStart.In(sh), out.Start.In(sh), out.End.In(sh), out.UpdatedAt.In(sh)
		return s.Accounts.AuditChange(ctx, a, action, "meeting", id, before, out.auditView(m.Sensitivity), map[string]any{"original_start": out.OriginalStart.UTC()})
	})
	return out, err
}

// occurrenceBefore is the audit view of the occurrence of m that starts at
// orig before a change: its override if it has one, else as the rule has it.
func (s *Service) occurrenceBefore(ctx context.Context, m Meeting, orig time.Time) (occurrenceAudit, error) {
	ov, err := s.store.Occurrences(ctx, []int64{m.ID})
	if err != nil {
		return occurrenceAudit{}, err
	}
	for _, o := range ov[m.ID] {
		if o.OriginalStart.Equal(orig) {
			return o.auditView(m.Sensitivity), nil
		}
	}
	o := Occurrence{OriginalStart: orig, Status: Scheduled, Start: orig, End: orig.Add(m.Duration()), Sequence: m.Sequence}
	return o.auditView(m.Sensitivity), nil
}

// Event is one entry of the calendar view: an occurrence the actor may
// see, or busy time (no id, no title) for one it may not.
type Event struct {
	MeetingID     int64               `json:"meeting_id,omitempty"`
	Title         string              `json:"title,omitempty"`
	Kind          Kind                `json:"kind,omitempty"`
	Sensitivity   account.Sensitivity `json:"sensitivity,omitempty"`
	Start         time.Time           `json:"start"`
	End           time.Time           `json:"end"`
	OriginalStart *time.Time          `json:"original_start,omitempty"`
	Status        Status              `json:"status"`
	Busy          bool                `json:"busy"`
	Location      string              `json:"location,omitempty"`
	RoomID        *int64              `json:"room_id,omitempty"`
}

// MaxWindow bounds a calendar request.
const MaxWindow = 100 * 24 * time.Hour

// Events returns the occurrences in [from, to) with series expanded and
// cancelled occurrences left out. Meetings the actor may not see appear as
// busy time, except sensitive ones, which only invited units may know of.
func (s *Service) Events(ctx context.Context, a account.Actor, from, to time.Time) ([]Event, error) {
	if from.IsZero() || to.IsZero() || !to.After(from) || to.Sub(from) > MaxWindow {
		return nil, fieldErr("to", "meeting.window_invalid")
	}
	ms, err := s.store.Overlapping(ctx, from, to, 0)
	if err != nil {
		return nil, err
	}
	att, ov, err := s.parts(ctx, ms)
	if err != nil {
		return nil, err
	}
	out := []Event{}
	for _, m := range ms {
		visible := a.Can(account.ActView, m.Scope(att[m.ID]))
		if !visible && m.Sensitivity == account.Sensitive {
			continue
		}
		for _, sl := range expand(m, ov[m.ID], from, to) {
			if sl.Status == Cancelled {
				continue
			}
			ev := Event{Start: sl.Start, End: sl.End, Status: sl.Status, Busy: !visible}
			if visible {
				ev.MeetingID, ev.Title, ev.Kind, ev.Sensitivity, ev.Location, ev.RoomID = m.ID, m.Title, m.Kind, m.Sensitivity, m.Location, m.RoomID
				if m.RRule != "" {
					o := sl.OriginalStart
					ev.OriginalStart = &o
				}
			}
			out = append(out, ev)
		}
	}
	slices.SortStableFunc(out, func(x, y Event) int { return x.Start.Compare(y.Start) })
	return out, nil
}
