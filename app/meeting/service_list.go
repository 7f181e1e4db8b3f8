package meeting

import (
	"context"
	"strconv"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
	"liaison/app/workday"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// List returns one page of the meetings the actor may see (keyset by start
// time, then id). Two queries whatever the page size: the page, then its
// units and attendees.
func (s *Service) List(ctx context.Context, a account.Actor, f Filter) (page.Page[Meeting], error) {
	p, _, err := s.list(ctx, a, f, false)
	return p, err
}

// ListSummaries is List for a list page: the meetings carry the columns a
// list shows (no description, findings or report), with the actor's own
// answer to each meeting they are invited to, read from the attendee rows
// the policy needs anyway.
func (s *Service) ListSummaries(ctx context.Context, a account.Actor, f Filter) (page.Page[Meeting], map[int64]Answer, error) {
	p, refs, err := s.list(ctx, a, f, true)
	if err != nil {
		return p, nil, err
	}
	out := make(map[int64]Answer, len(p.Items))
	for _, m := range p.Items {
		for _, r := range refs[m.ID] {
			if r.UserID == a.UserID {
				out[m.ID] = r.Answer
			}
		}
	}
	return p, out, nil
}

// Names returns the units and rooms a list page names, in one query.
func (s *Service) Names(ctx context.Context) (Names, error) { return s.store.Names(ctx) }

func (s *Service) list(ctx context.Context, a account.Actor, f Filter, summary bool) (page.Page[Meeting], map[int64][]attendeeRef, error) {
	f.Q = strings.TrimSpace(f.Q)
	fs := apperr.Fields{}
	if f.Kind != "" && !f.Kind.Valid() {
		fs.Add("kind", "meeting.kind_invalid")
	}
	if f.Status != "" && f.Status != Scheduled && f.Status != Cancelled {
		fs.Add("status", "meeting.status_invalid")
	}
	if f.When != "" && f.When != "upcoming" && f.When != "past" {
		fs.Add("when", "meeting.when_invalid")
	}
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		fs.Add("to", "meeting.end_before_start")
	}
	if len([]rune(f.Q)) > 100 {
		fs.Add("q", "too_long")
	}
	if err := invalid(fs); err != nil {
		return page.Page[Meeting]{}, nil, err
	}
	if f.Page.Limit == 0 {
		f.Page.Limit = page.DefaultLimit
	}
	rows, err := s.store.List(ctx, a, f, s.Now(), summary)
	if err != nil {
		return page.Page[Meeting]{}, nil, err
	}
	refs, err := s.store.fillListRefs(ctx, rows)
	if err != nil {
		return page.Page[Meeting]{}, nil, err
	}
	kept := rows[:0]
	for _, m := range rows {
		if a.Can(account.ActView, m.refScope(refs[m.ID])) {
			kept = append(kept, m)
		}
	}
	return page.Build(kept, f.Page.Limit, func(m Meeting) page.Cursor {
		return page.Cursor{Key: m.Start.UTC().Format(time.RFC3339Nano), ID: m.ID}
	}), refs, nil
}

// History returns who changed meeting id, when and what (field names and
// counts only), newest first, from the audit log.
func (s *Service) History(ctx context.Context, a account.Actor, id int64, pr page.Request) (page.Page[account.AuditEntry], error) {
	if _, _, err := s.view(ctx, a, id); err != nil {
		return page.Page[account.AuditEntry]{}, err
	}
	return s.history(ctx, id, pr)
}

// HistoryOf is History for a meeting the caller has just opened with Get:
// d is what Get returned (the view check is passed), so the meeting and
// its attendees are not read again.
func (s *Service) HistoryOf(ctx context.Context, d Detail, pr page.Request) (page.Page[account.AuditEntry], error) {
	return s.history(ctx, d.ID, pr)
}

func (s *Service) history(ctx context.Context, id int64, pr page.Request) (page.Page[account.AuditEntry], error) {
	if pr.Limit == 0 {
		pr.Limit = page.DefaultLimit
	}
	rows, err := s.store.History(ctx, id, pr)
	if err != nil {
		return page.Page[account.AuditEntry]{}, err
	}
	sh := workday.Shanghai()
	for i := range rows {
		rows[i] = rows[i].ForHistory() // who and when: no where from, states or chain hashes
		rows[i].At = rows[i].At.In(sh)
	}
	return page.Build(rows, pr.Limit, func(e account.AuditEntry) page.Cursor { return page.Cursor{ID: e.ID} }), nil
}

// RoomInput is a room as an admin sets it; Version is needed to change one.
type RoomInput struct {
	Name      string `json:"name"`
	Address   string `json:"address"`
	Capacity  int    `json:"capacity"`
	Active    *bool  `json:"active"`
	Exclusive *bool  `json:"exclusive"`
	Version   int    `json:"version"`
}

func (in *RoomInput) validate() error {
	in.Name, in.Address = strings.TrimSpace(in.Name), strings.TrimSpace(in.Address)
	f := apperr.Fields{}
	checkText(f, "name", in.Name, true, 100)
	checkText(f, "address", in.Address, false, 200)
	if in.Capacity < 0 || in.Capacity > 10000 {
		f.Add("capacity", "meeting.capacity_invalid")
	}
	return invalid(f)
}

// Rooms lists the rooms (active ones only unless all); everyone may read.
func (s *Service) Rooms(ctx context.Context, all bool) ([]Room, error) {
	rs, err := s.store.Rooms(ctx, !all)
	if rs == nil {
		rs = []Room{}
	}
	return rs, err
}

// Room returns one room.
func (s *Service) Room(ctx context.Context, id int64) (Room, error) { return s.store.Room(ctx, id) }

// SaveRoom creates (id 0) or updates a room; admins only.
func (s *Service) SaveRoom(ctx context.Context, a account.Actor, id int64, in RoomInput) (Room, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return Room{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := in.validate(); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now, before := s.Now(), any(nil)
		if id == 0 {
			r = Room{Active: true, Version: 1, CreatedAt: now}
		} else {
			var err error
			if r, err = s.store.Room(ctx, id); err != nil {
				return err
			}
			if in.Version != r.Version {
				return apperr.ConflictVersion()
			}
			before = r.auditView()
		}
		old := r.Version
		r.Name, r.Address, r.Capacity, r.UpdatedAt = in.Name, in.Address, in.Capacity, now
		if in.Active != nil {
			r.Active = *in.Active
		}
		if in.Exclusive != nil {
			r.Exclusive = *in.Exclusive
		}
		if err := s.store.SaveRoom(ctx, &r, old); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "room.save", "room", r.ID, before, r.auditView(), nil)
	})
	return r, err
}

// DeleteRoom removes a room (deactivates one meetings used); admins only.
func (s *Service) DeleteRoom(ctx context.Context, a account.Actor, id int64) error {
	if !a.Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.store.Room(ctx, id)
		if err != nil {
			return err
		}
		if err := s.store.DeleteRoom(ctx, id, s.Now()); err != nil {
			return err
		}
		// a room meetings used is deactivated, not deleted: after is its new state
		var after any
		if kept, err := s.store.Room(ctx, id); err == nil {
			after = kept.auditView()
		} else if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "room.delete", "room", id, r.auditView(), after, nil)
	})
}
