package casefile

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
	"liaison/app/workday"
)

// CasePatch changes a case; nil fields stay as they are. Version is the
// one last read: a stale version is a conflict.
type CasePatch struct {
	Number           *string       `json:"number"`
	Title            *string       `json:"title"`
	Kind             *string       `json:"kind"`
	RespondentUnitID *int64        `json:"respondent_unit_id"`
	PaperFileHolder  *string       `json:"paper_file_holder"`
	Summary          *string       `json:"summary"`
	Stage            *Stage        `json:"stage"`
	AcceptedOn       *workday.Date `json:"accepted_on"`
	Version          int           `json:"version"`
}

// Update applies p to case id for an actor who may edit it.
func (s *Service) Update(ctx context.Context, a account.Actor, id int64, p CasePatch) (Case, error) {
	var out Case
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, sc, err := s.getScoped(ctx, a, id)
		if err != nil {
			return err
		}
		if !a.Can(account.ActEdit, sc) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if p.Version == 0 {
			return apperr.Fields{"version": "required"}.Err()
		}
		before := c
		in := CaseInput{Number: c.Number, Title: c.Title, Kind: c.Kind, RespondentUnitID: c.RespondentUnitID, OriginUnitID: c.OriginUnitID,
			Sensitivity: c.Sensitivity, PaperFileHolder: c.PaperFileHolder, Summary: c.Summary, AcceptedOn: c.AcceptedOn}
		set(&in.Number, p.Number)
		set(&in.Title, p.Title)
		set(&in.Kind, p.Kind)
		set(&in.RespondentUnitID, p.RespondentUnitID)
		set(&in.PaperFileHolder, p.PaperFileHolder)
		set(&in.Summary, p.Summary)
		if p.AcceptedOn != nil {
			in.AcceptedOn = p.AcceptedOn
		}
		kinds, err := s.store.TypeNames(ctx)
		if err != nil {
			return err
		}
		if p.Kind == nil || *p.Kind == c.Kind {
			kinds = append(kinds, c.Kind) // a retired type stays on old cases
		}
		if err := in.validate(kinds); err != nil {
			return err
		}
		if in.RespondentUnitID != c.RespondentUnitID {
			if err := s.checkUnits(ctx, map[string]int64{"respondent_unit_id": in.RespondentUnitID}); err != nil {
				return err
			}
		}
		stage := c.Stage
		if p.Stage != nil {
			if !p.Stage.Valid() {
				return apperr.Fields{"stage": "case.stage_invalid"}.Err()
			}
			stage = *p.Stage
		}
		changedAccept := in.AcceptedOn != nil && (c.AcceptedOn == nil || !in.AcceptedOn.Equal(*c.AcceptedOn))
		c.Number, c.Title, c.Kind, c.RespondentUnitID = in.Number, in.Title, in.Kind, in.RespondentUnitID
		c.PaperFileHolder, c.Summary, c.AcceptedOn = in.PaperFileHolder, in.Summary, in.AcceptedOn
		s.applyStage(&c, stage)
		if changedAccept {
			t, err := s.Timers(ctx)
			if err != nil {
				return err
			}
			if err := s.setDue(ctx, &c, t); err != nil {
				return err
			}
		}
		c.UpdatedAt = s.Now()
		if err := s.store.Update(ctx, &c, p.Version); err != nil {
			return err
		}
		c.markLate(s.today())
		out = c
		return s.Accounts.AuditChange(ctx, a, "case.update", "case", c.ID, before.auditView(), c.auditView(), nil)
	})
	return out, err
}

// SetStage moves a case to stage (办理中, 办结 ...).
func (s *Service) SetStage(ctx context.Context, a account.Actor, id int64, stage Stage, version int) (Case, error) {
	return s.Update(ctx, a, id, CasePatch{Stage: &stage, Version: version})
}

// applyStage records when a case closed (and forgets it when reopened).
func (s *Service) applyStage(c *Case, st Stage) {
	if st == c.Stage {
		return
	}
	c.Stage = st
	if st == Closed {
		d := s.today()
		c.ClosedOn = &d
	} else {
		c.ClosedOn = nil
	}
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// checkUnits reports field → unit.unknown for ids of absent or inactive units.
func (s *Service) checkUnits(ctx context.Context, fields map[string]int64) error {
	ids := make([]int64, 0, len(fields))
	for _, id := range fields {
		ids = append(ids, id)
	}
	units, err := s.Accounts.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	for field, id := range fields {
		if u, ok := units[id]; !ok || !u.Active {
			f.Add(field, "unit.unknown")
		}
	}
	return f.Err()
}

// Filter narrows the register list.
type Filter struct {
	Kind        string
	Stage       Stage
	UnitID      int64 // origin or respondent
	Q           string
	Sensitivity account.Sensitivity
	Due         bool // a notify or result deadline is open
	Late        bool // a deadline has passed
	Page        page.Request
}

// List returns the cases the actor may see, newest first.
func (s *Service) List(ctx context.Context, a account.Actor, f Filter) (page.Page[Case], error) {
	fe := apperr.Fields{}
	if f.Stage != "" && !f.Stage.Valid() {
		fe.Add("stage", "case.stage_invalid")
	}
	if f.Sensitivity != "" && !f.Sensitivity.Valid() {
		fe.Add("sensitivity", "sensitivity.invalid")
	}
	if err := fe.Err(); err != nil {
		return page.Page[Case]{}, err
	}
	today := s.today()
	rows, err := s.store.List(ctx, visibilityOf(a), f, today)
	if err != nil {
		return page.Page[Case]{}, err
	}
	// The SQL applies the policy; the policy itself has the last word.
	ids := make([]int64, len(rows))
	for i, c := range rows {
		ids[i] = c.ID
	}
	units, err := s.store.NotifiedUnits(ctx, ids)
	if err != nil {
		return page.Page[Case]{}, err
	}
	kept := rows[:0]
	for i, c := range rows {
		if i == f.Page.Limit || a.Can(account.ActView, c.Scope(units[c.ID]...)) {
			c.markLate(today)
			kept = append(kept, c)
		}
	}
	return page.Build(kept, f.Page.Limit, func(c Case) page.Cursor { return page.Cursor{ID: c.ID} }), nil
}

// visibility is the policy of account.Actor.Can in a form SQL can apply.
type visibility struct {
	UnitID        int64
	AllOrdinary   bool
	AllSensitive  bool
	NoneAtAll     bool
	ClassifiedOwn bool
}

func visibilityOf(a account.Actor) visibility {
	v := visibility{UnitID: a.UnitID, ClassifiedOwn: true, NoneAtAll: a.IsAnonymous()}
	v.AllOrdinary = a.Role == account.RoleLeader || a.Role == account.RoleAdmin ||
		(a.UnitKind == account.KindRuleOfLawOffice && a.Role == account.RoleSecretary)
	v.AllSensitive = a.Role == account.RoleLeader
	return v
}
