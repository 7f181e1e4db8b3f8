package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Prefill is what a new meeting takes from a template or from an earlier
// meeting: the scheduling form shows it, and Create fills with it what
// the input leaves empty.
//
// A sensitive or classified meeting holds no content online, so copying
// one gives its register entry only (kind, units, chair, attendees, room
// and length), never its agenda or place; and a new meeting that is
// itself sensitive or classified takes no agenda or place either. Neither
// case is refused: the secretary still saves typing the attendees.
type Prefill struct {
	TemplateID      *int64
	Kind            Kind
	Title           string
	Duration        time.Duration
	Location        string
	RoomID          *int64
	ChairUserID     *int64
	CoUnitIDs       []int64
	AttendeeUserIDs []int64
	Agenda          []AgendaInput
	// Withheld: the source held content it may not give (sensitive).
	Withheld bool
}

// FromTemplate is the prefill of an active template.
func (s *Service) FromTemplate(ctx context.Context, a account.Actor, id int64) (Prefill, error) {
	if !mayUseTemplates(a) {
		return Prefill{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	t, err := s.store.Template(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && t.Status != TemplateActive) {
		return Prefill{}, fieldErr("template_id", "meeting_template.unknown")
	}
	if err != nil {
		return Prefill{}, err
	}
	tid := t.ID
	p := Prefill{TemplateID: &tid, Kind: t.Kind, Title: t.Name, Duration: time.Duration(t.DurationMinutes) * time.Minute,
		Location: t.Location, CoUnitIDs: t.CoUnitIDs}
	for _, it := range t.Items {
		p.Agenda = append(p.Agenda, AgendaInput{Title: it.Title, DurationMinutes: it.DurationMinutes, PresenterRole: it.PresenterRole})
	}
	return p, nil
}

// FromMeeting is the prefill copied from meeting id, which the actor must
// be able to see (otherwise a 422 on copy_from, as for an unknown id).
func (s *Service) FromMeeting(ctx context.Context, a account.Actor, id int64) (Prefill, error) {
	m, att, err := s.view(ctx, a, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return Prefill{}, fieldErr("copy_from", "meeting.copy_unknown")
	}
	if err != nil {
		return Prefill{}, err
	}
	p := Prefill{TemplateID: m.TemplateID, Kind: m.Kind, Title: m.Title, Duration: m.Duration(), RoomID: m.RoomID,
		ChairUserID: m.ChairUserID, CoUnitIDs: m.CoUnitIDs}
	for _, x := range att {
		if x.UserID == nil || x.Role == RoleChair || x.Role == RoleExpert || slices.Contains(p.AttendeeUserIDs, *x.UserID) {
			continue
		}
		if m.ChairUserID != nil && *x.UserID == *m.ChairUserID {
			continue
		}
		p.AttendeeUserIDs = append(p.AttendeeUserIDs, *x.UserID)
	}
	if !m.Sensitivity.HoldsContent() {
		p.Withheld = true
		return p, nil
	}
	p.Location = m.Location
	items, err := s.store.Agenda(ctx, id)
	if err != nil {
		return Prefill{}, err
	}
	for _, it := range items {
		p.Agenda = append(p.Agenda, AgendaInput{Title: it.Title, DurationMinutes: it.DurationMinutes,
			PresenterUserID: it.PresenterUserID, PresenterRole: it.PresenterRole})
	}
	return p, nil
}

// LastInSeries is the latest issued, not cancelled meeting the actor may
// see of template templateID; without one (or without a template), the
// latest of kind convened by the actor's unit. Nil when there is none.
func (s *Service) LastInSeries(ctx context.Context, a account.Actor, templateID int64, kind Kind) (*Meeting, error) {
	tries := []int64{templateID}
	if templateID > 0 {
		tries = append(tries, 0)
	}
	for _, tid := range tries {
		ms, err := s.store.SeriesCandidates(ctx, tid, kind, a.UnitID, 20)
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 {
			continue
		}
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		att, err := s.store.Attendees(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if a.Can(account.ActView, m.Scope(att[m.ID])) {
				return &m, nil
			}
		}
	}
	return nil, nil
}

// prefill fills the empty parts of in from in.CopyFrom, then from
// in.TemplateID (a copied meeting wins over its template).
func (s *Service) prefill(ctx context.Context, a account.Actor, in *Input) error {
	if in.Filled {
		in.CopyFrom = nil
	}
	if in.CopyFrom != nil {
		p, err := s.FromMeeting(ctx, a, *in.CopyFrom)
		if err != nil {
			return err
		}
		if in.TemplateID == nil {
			in.TemplateID = p.TemplateID
		}
		p.fill(in)
	}
	if in.TemplateID != nil {
		p, err := s.FromTemplate(ctx, a, *in.TemplateID)
		if err != nil {
			return err
		}
		if in.Kind != "" && in.Kind != p.Kind {
			return fieldErr("template_id", "meeting_template.kind_mismatch")
		}
		if !in.Filled {
			p.fill(in)
		}
	}
	return nil
}

// fill puts p into the parts of in that are empty.
func (p Prefill) fill(in *Input) {
	content := in.Sensitivity == "" || in.Sensitivity.HoldsContent()
	if in.Kind == "" {
		in.Kind = p.Kind
	}
	if in.Title == "" {
		in.Title = p.Title
	}
	if in.End.IsZero() && !in.Start.IsZero() && p.Duration > 0 {
		in.End = in.Start.Add(p.Duration)
	}
	if in.Location == "" && content {
		in.Location = p.Location
	}
	if in.RoomID == nil {
		in.RoomID = p.RoomID
	}
	if in.ChairUserID == nil {
		in.ChairUserID = p.ChairUserID
	}
	if len(in.CoUnitIDs) == 0 {
		for _, u := range p.CoUnitIDs {
			if u != in.ConveningUnitID {
				in.CoUnitIDs = append(in.CoUnitIDs, u)
			}
		}
	}
	if len(in.AttendeeUserIDs) == 0 {
		for _, u := range p.AttendeeUserIDs {
			if in.ChairUserID == nil || u != *in.ChairUserID {
				in.AttendeeUserIDs = append(in.AttendeeUserIDs, u)
			}
		}
	}
	if len(in.Agenda) == 0 && content {
		in.Agenda = p.Agenda
	}
}

// validateAgenda checks the agenda given at creation; its errors name
// the fields as agenda.title, agenda.duration_minutes and so on.
func (in *Input) validateAgenda() error {
	if len(in.Agenda) > 100 {
		return fieldErr("agenda", "meeting.agenda_full")
	}
	f := apperr.Fields{}
	for i := range in.Agenda {
		err := in.Agenda[i].validate(in.Sensitivity)
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
			for k, v := range ae.Fields {
				f.Add("agenda."+k, v)
			}
		} else if err != nil {
			return err
		}
	}
	return invalid(f)
}

// addAgenda saves the agenda given at creation, in order.
func (s *Service) addAgenda(ctx context.Context, a account.Actor, m Meeting, agenda []AgendaInput, now time.Time) error {
	for i := range agenda {
		in := &agenda[i]
		if err := s.resolveCaseNumbers(ctx, a, in, nil); err != nil {
			return err
		}
		if err := s.checkAgendaRefs(ctx, a, *in, nil); err != nil {
			return err
		}
		it := AgendaItem{MeetingID: m.ID, Position: i + 1, Title: in.Title, PresenterUserID: in.PresenterUserID,
			DurationMinutes: in.DurationMinutes, PresenterRole: in.PresenterRole, Version: 1, CreatedAt: now, UpdatedAt: now,
			CaseIDs: dedupe(in.CaseIDs)}
		if it.CaseIDs == nil {
			it.CaseIDs = []int64{}
		}
		if err := s.store.AddAgendaItem(ctx, &it); err != nil {
			return err
		}
	}
	return nil
}

// MinutesOutline is the text an empty minutes editor starts with: the
// sections of the meeting's template as numbered headings (一、会议基本情况).
// Empty without a template, or for a meeting that holds no content.
func (s *Service) MinutesOutline(ctx context.Context, m Meeting) (string, error) {
	if m.TemplateID == nil || !m.Sensitivity.HoldsContent() {
		return "", nil
	}
	t, err := s.store.Template(ctx, *m.TemplateID)
	if err != nil {
		return "", err
	}
	out := ""
	for i, sec := range t.MinutesSections {
		out += fmt.Sprintf("%s、%s\n\n", chineseNumeral(i+1), sec)
	}
	return out, nil
}

// chineseNumeral writes 1 to 99 as 一 … 九十九.
func chineseNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}
