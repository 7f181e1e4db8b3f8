package followup

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/notify"
	"liaison/app/workday"
)

// Service is the follow-up domain.
type Service struct {
	DB        *db.DB
	store     *store
	Accounts  *account.Service // audit log and the unit directory
	Holidays  *Holidays        // the working-day calendar with entered years
	FileLimit int64            // bytes per feedback attachment; DefaultFileLimit when 0
	Now       func() time.Time
	Events    notify.Announcer // told of what people must act on or know (announce.go)
	// Dated, when set (by the scoreboard), is told inside the writer's
	// transaction of every item received, or answered, on a day of an
	// earlier month than the current one; an error rolls the write back.
	Dated func(ctx context.Context, a account.Actor, changes []Dated) error
}

// Hooks are what the follow-up area tells others of: events people must
// act on or know, and records dated in a month whose scoreboard is
// published (both may be nil: the tests of this package need neither).
type Hooks struct {
	Events notify.Announcer
	Dated  func(ctx context.Context, a account.Actor, changes []Dated) error
}

// NewService returns the follow-up service over d.
func NewService(d *db.DB, acc *account.Service, h Hooks) *Service {
	s := &Service{DB: d, store: newStore(d), Accounts: acc, Events: h.Events, Dated: h.Dated, Now: d.Now}
	s.Holidays = NewHolidays(d, s.Accounts)
	return s
}

// today is the date in Asia/Shanghai at the service's clock.
func (s *Service) today() workday.Date { return workday.FromTime(s.Now()) }

// Validate checks one requested action; field names are relative so the
// caller can prefix them ("decisions[0].action_items[1].title").
func (n *NewAction) Validate() apperr.Fields {
	f := apperr.Fields{}
	n.Title = strings.TrimSpace(n.Title)
	if n.Sensitivity == "" {
		n.Sensitivity = account.Ordinary
	}
	switch {
	case n.Title == "" && n.Sensitivity.HoldsContent():
		f.Add("title", "required")
	case n.SourceKind != FromDocument && account.RefuseContent(f, n.Sensitivity, "title", n.Title != ""):
		// a typed title is content; an item made for a received document
		// is titled by the document's number (文号), its register entry
	case utf8.RuneCountInString(n.Title) > 300:
		f.Add("title", "too_long")
	}
	if n.ResponsibleUnitID <= 0 {
		f.Add("responsible_unit_id", "required")
	}
	if n.DueOn.IsZero() || !n.DueOn.IsValid() {
		f.Add("due_on", "date_invalid")
	}
	if !n.ReceivedOn.IsZero() && !n.ReceivedOn.IsValid() {
		f.Add("received_on", "date_invalid")
	}
	if len(n.CaseIDs) > 50 {
		f.Add("case_ids", "too_long")
	}
	return f
}

// CreateActions creates the items a confirmed decision or an issued
// document requires. It joins the caller's transaction, so the source and
// its items are written together or not at all.
func (s *Service) CreateActions(ctx context.Context, a account.Actor, in []NewAction) ([]ActionItem, error) {
	now, today := s.Now(), s.today()
	items := make([]*ActionItem, 0, len(in))
	for i := range in {
		n := in[i]
		if err := n.Validate().Err(); err != nil {
			return nil, err
		}
		received := n.ReceivedOn
		if received.IsZero() {
			received = today
		}
		it := &ActionItem{Title: n.Title, ResponsibleUnitID: n.ResponsibleUnitID, OwnerUserID: n.OwnerUserID, IssuingUnitID: n.IssuingUnitID,
			DueOn: n.DueOn, DueProvisional: n.DueProvisional, ReceivedOn: received, Status: Open, SourceKind: n.SourceKind, SourceID: n.SourceID, Sensitivity: n.Sensitivity,
			Version: 1, CreatedAt: now, UpdatedAt: now, CaseIDs: dedupe(n.CaseIDs)}
		if a.UserID > 0 {
			uid := a.UserID
			it.CreatedBy = &uid
		}
		items = append(items, it)
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.Create(ctx, items); err != nil {
			return err
		}
		var dated []Dated
		for _, it := range items {
			if err := s.Accounts.AuditChange(ctx, a, "action.create", "action", it.ID, nil, it.auditView(), nil); err != nil {
				return err
			}
			if err := s.announceAssigned(ctx, a, *it); err != nil {
				return err
			}
			if earlierMonth(it.ReceivedOn, today) {
				dated = append(dated, Dated{Item: *it, Event: DatedReceived, On: it.ReceivedOn})
			}
		}
		return s.tellDated(ctx, a, dated)
	})
	if err != nil {
		return nil, err
	}
	out := make([]ActionItem, len(items))
	for i, it := range items {
		out[i] = *it
	}
	return out, nil
}

// earlierMonth reports whether d falls in a month before today's.
func earlierMonth(d, today workday.Date) bool {
	return !d.IsZero() && (d.Year < today.Year || (d.Year == today.Year && d.Month < today.Month))
}

// tellDated passes changes dated in earlier months to the Dated hook.
func (s *Service) tellDated(ctx context.Context, a account.Actor, changes []Dated) error {
	if s.Dated == nil || len(changes) == 0 {
		return nil
	}
	return s.Dated(ctx, a, changes)
}

// Get returns an item the actor may see; otherwise NotFound.
func (s *Service) Get(ctx context.Context, a account.Actor, id int64) (ActionItem, error) {
	it, err := s.store.Get(ctx, id)
	if err != nil {
		return it, err
	}
	if !a.Can(account.ActView, it.Scope()) {
		return ActionItem{}, apperr.NotFoundErr("action")
	}
	it.stored, it.Status = it.Status, it.EffectiveStatus(s.today())
	return it, nil
}

// EffectiveStatus derives overdue from the due date: an open, in-progress
// or returned item past its due date is overdue.
func (a ActionItem) EffectiveStatus(today workday.Date) Status {
	switch a.Status {
	case Open, InProgress, Returned:
		if today.After(a.DueOn) {
			return Overdue
		}
	}
	return a.Status
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// BySource returns the items that sources of one kind created (the action
// items of confirmed decisions, of issued documents), in id order. Callers
// have already shown the sources to the actor; the items repeat their text.
func (s *Service) BySource(ctx context.Context, kind SourceKind, ids []int64) ([]ActionItem, error) {
	return s.store.BySource(ctx, kind, ids)
}

// CaseIDs maps each of the items ids to the cases it is linked to, in one query.
func (s *Service) CaseIDs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return s.store.CaseIDs(ctx, ids)
}
