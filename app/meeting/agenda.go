package meeting

import (
	"context"
	"slices"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
)

// AgendaInput is an agenda item as a caller sets it. Version is needed to
// change an existing item.
type AgendaInput struct {
	Title           string  `json:"title"`
	PresenterUserID *int64  `json:"presenter_user_id"`
	DurationMinutes int     `json:"duration_minutes"`
	PresenterRole   string  `json:"presenter_role"`
	CaseIDs         []int64 `json:"case_ids"`
	// CaseNumbers names cases by 案号, added to CaseIDs
	// (agenda_numbers.go).
	CaseNumbers []string `json:"case_numbers"`
	Version     int      `json:"version,omitempty"`
}

func (in *AgendaInput) validate(s account.Sensitivity) error {
	in.Title, in.PresenterRole = strings.TrimSpace(in.Title), strings.TrimSpace(in.PresenterRole)
	f := apperr.Fields{}
	if !s.HoldsContent() {
		noContent(f, s, "title", in.Title)
		noContent(f, s, "presenter_role", in.PresenterRole)
	} else {
		checkText(f, "title", in.Title, true, 300)
		checkText(f, "presenter_role", in.PresenterRole, false, 100)
	}
	if in.DurationMinutes < 1 || in.DurationMinutes > 24*60 {
		f.Add("duration_minutes", "meeting.duration_invalid")
	}
	if hasDup(in.CaseIDs) {
		f.Add("case_ids", "meeting.case_twice")
	}
	if len(in.CaseIDs) > 50 {
		f.Add("case_ids", "too_long")
	}
	return invalid(f)
}

// checkAgendaRefs verifies the presenter and that the actor may see the
// cases, but for those the item links already (had).
func (s *Service) checkAgendaRefs(ctx context.Context, a account.Actor, in AgendaInput, had []int64) error {
	if in.PresenterUserID != nil {
		us, err := s.Accounts.UsersByIDs(ctx, []int64{*in.PresenterUserID})
		if err != nil {
			return err
		}
		if u, ok := us[*in.PresenterUserID]; !ok || !u.Active {
			return fieldErr("presenter_user_id", "meeting.user_unknown")
		}
	}
	return s.checkCases(ctx, a, "case_ids", in.CaseIDs, had)
}

// AddAgendaItem appends an item to the agenda.
func (s *Service) AddAgendaItem(ctx context.Context, a account.Actor, id int64, in AgendaInput) (AgendaItem, error) {
	var out AgendaItem
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if err := in.validate(m.Sensitivity); err != nil {
			return err
		}
		if err := s.resolveCaseNumbers(ctx, a, &in, nil); err != nil {
			return err
		}
		if err := s.checkAgendaRefs(ctx, a, in, nil); err != nil {
			return err
		}
		if err := s.checkConsultationParties(ctx, m.Kind, m.ID, in.CaseIDs, append(attendeeUnits(att), m.CoUnitIDs...), nil, "case_ids"); err != nil {
			return err
		}
		items, err := s.store.Agenda(ctx, id)
		if err != nil {
			return err
		}
		if len(items) >= 100 {
			return fieldErr("title", "meeting.agenda_full")
		}
		pos := 1
		if len(items) > 0 {
			pos = items[len(items)-1].Position + 1
		}
		now := s.Now()
		out = AgendaItem{MeetingID: id, Position: pos, Title: in.Title, PresenterUserID: in.PresenterUserID,
			DurationMinutes: in.DurationMinutes, PresenterRole: in.PresenterRole, Version: 1, CreatedAt: now, UpdatedAt: now, CaseIDs: in.CaseIDs}
		if out.CaseIDs == nil {
			out.CaseIDs = []int64{}
		}
		if err := s.store.AddAgendaItem(ctx, &out); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.agenda.add", "meeting", id, nil, out.auditView(m.Sensitivity), map[string]any{"item_id": out.ID})
	})
	return out, err
}

// UpdateAgendaItem changes an item; in.Version must be its current version.
func (s *Service) UpdateAgendaItem(ctx context.Context, a account.Actor, id, itemID int64, in AgendaInput) (AgendaItem, error) {
	var out AgendaItem
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if err := in.validate(m.Sensitivity); err != nil {
			return err
		}
		items, err := s.store.Agenda(ctx, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(items, func(x AgendaItem) bool { return x.ID == itemID })
		if i < 0 {
			return apperr.NotFoundErr("agenda_item")
		}
		it := items[i]
		if err := s.resolveCaseNumbers(ctx, a, &in, it.CaseIDs); err != nil {
			return err
		}
		if err := s.checkAgendaRefs(ctx, a, in, it.CaseIDs); err != nil {
			return err
		}
		if err := s.checkConsultationParties(ctx, m.Kind, m.ID, in.CaseIDs, append(attendeeUnits(att), m.CoUnitIDs...), nil, "case_ids"); err != nil {
			return err
		}
		before := it.auditView(m.Sensitivity)
		if in.Version != it.Version {
			return apperr.ConflictVersion()
		}
		it.Title, it.PresenterUserID, it.DurationMinutes, it.CaseIDs, it.UpdatedAt = in.Title, in.PresenterUserID, in.DurationMinutes, dedupe(in.CaseIDs), s.Now()
		it.PresenterRole = in.PresenterRole
		if err := s.store.UpdateAgendaItem(ctx, &it, in.Version); err != nil {
			return err
		}
		out = it
		return s.Accounts.AuditChange(ctx, a, "meeting.agenda.update", "meeting", id, before, it.auditView(m.Sensitivity), map[string]any{"item_id": it.ID})
	})
	return out, err
}

// ReorderAgenda puts the agenda in the order of ids, which must name every
// item exactly once.
func (s *Service) ReorderAgenda(ctx context.Context, a account.Actor, id int64, ids []int64) ([]AgendaItem, error) {
	var out []AgendaItem
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, _, err := s.editOpen(ctx, a, id); err != nil {
			return err
		}
		items, err := s.store.Agenda(ctx, id)
		if err != nil {
			return err
		}
		if len(ids) != len(items) || hasDup(ids) {
			return fieldErr("item_ids", "meeting.order_incomplete")
		}
		for _, x := range ids {
			if !slices.ContainsFunc(items, func(it AgendaItem) bool { return it.ID == x }) {
				return fieldErr("item_ids", "meeting.order_incomplete")
			}
		}
		if err := s.store.SetPositions(ctx, id, ids); err != nil {
			return err
		}
		if out, err = s.store.Agenda(ctx, id); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.agenda.reorder", "meeting", id, agendaOrder(items), agendaOrder(out), nil)
	})
	return out, err
}

// MoveAgendaItem moves one item to 1-based position pos.
func (s *Service) MoveAgendaItem(ctx context.Context, a account.Actor, id, itemID int64, pos int) ([]AgendaItem, error) {
	items, err := s.agendaFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(items, func(x AgendaItem) bool { return x.ID == itemID })
	if i < 0 {
		return nil, apperr.NotFoundErr("agenda_item")
	}
	if pos < 1 || pos > len(items) {
		return nil, fieldErr("position", "meeting.position_invalid")
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		if it.ID != itemID {
			ids = append(ids, it.ID)
		}
	}
	ids = slices.Insert(ids, pos-1, itemID)
	return s.ReorderAgenda(ctx, a, id, ids)
}

func (s *Service) agendaFor(ctx context.Context, a account.Actor, id int64) ([]AgendaItem, error) {
	if _, _, err := s.editOpen(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Agenda(ctx, id)
}

// RemoveAgendaItem deletes an item and closes the gap in the order.
func (s *Service) RemoveAgendaItem(ctx context.Context, a account.Actor, id, itemID int64) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		prev, err := s.store.Agenda(ctx, id)
		if err != nil {
			return err
		}
		if err := s.store.RemoveAgendaItem(ctx, id, itemID); err != nil {
			return err
		}
		items, err := s.store.Agenda(ctx, id)
		if err != nil {
			return err
		}
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		if err := s.store.SetPositions(ctx, id, ids); err != nil {
			return err
		}
		var before any
		if i := slices.IndexFunc(prev, func(x AgendaItem) bool { return x.ID == itemID }); i >= 0 {
			before = prev[i].auditView(m.Sensitivity)
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.agenda.remove", "meeting", id, before, nil, map[string]any{"item_id": itemID})
	})
}
