package scoreboard

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/i18n"
	"liaison/app/notify"
	"liaison/app/page"
	"liaison/app/workday"
)

// Service is the scoreboard domain.
type Service struct {
	DB       *db.DB
	store    *store
	Accounts *account.Service
	Tr       *i18n.Translator // renders the reasons of automatic corrections
	Now      func() time.Time
	Events   notify.Announcer // told of publications (announce.go)
}

// NewService returns the scoreboard over d.
func NewService(d *db.DB, acc *account.Service, tr *i18n.Translator, events notify.Announcer) *Service {
	return &Service{DB: d, store: newStore(d), Accounts: acc, Tr: tr, Events: events, Now: d.Now}
}

func (s *Service) today() workday.Date { return workday.FromTime(s.Now()) }

// CurrentMonth is the month of today in Shanghai.
func (s *Service) CurrentMonth() Month { return MonthOf(s.today()) }

// DefaultMonth is last month: the one a leader looks at.
func (s *Service) DefaultMonth() Month { return s.CurrentMonth().Prev() }

// checkMonth refuses a month that has not begun (422 on "month").
func (s *Service) checkMonth(m Month) error {
	if m.After(s.CurrentMonth()) {
		return apperr.Fields{"month": "scoreboard.month_future"}.Err()
	}
	return nil
}

// mayPublish: admins and the rule-of-law office's secretaries run the
// assessment for the leading group.
func mayPublish(a account.Actor) bool {
	return a.Role == account.RoleAdmin || (a.Role == account.RoleSecretary && a.UnitKind == account.KindRuleOfLawOffice)
}

// MayPublish reports whether a may publish and revise months.
func MayPublish(a account.Actor) bool { return mayPublish(a) }

// agencies returns every active agency, by id.
func (s *Service) agencies(ctx context.Context) ([]account.Unit, error) {
	var out []account.Unit
	pr := page.Request{Limit: page.MaxLimit}
	for {
		p, err := s.Accounts.ListUnits(ctx, account.UnitFilter{Kind: account.KindAgency, ActiveOnly: true, Page: pr})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == "" || len(p.Items) == 0 {
			return out, nil
		}
		pr.Cursor = page.Cursor{ID: p.Items[len(p.Items)-1].ID}
	}
}

// loadFacts reads the records behind the figures of units ids in month m.
func (s *Service) loadFacts(ctx context.Context, ids []int64, m Month) (facts, error) {
	var fs facts
	var err error
	if fs.items, err = s.store.ItemFacts(ctx, ids, m); err != nil {
		return fs, err
	}
	if fs.returned, err = s.store.ReturnedIn(ctx, ids, m); err != nil {
		return fs, err
	}
	if fs.escalated, err = s.store.EscalatedIn(ctx, ids, m); err != nil {
		return fs, err
	}
	if fs.attendance, err = s.store.Attendance(ctx, ids, m); err != nil {
		return fs, err
	}
	fs.kinds, err = s.store.ItemKinds(ctx, factItems(fs))
	return fs, err
}

// live computes month m from the records now, scored by formula f.
func (s *Service) live(ctx context.Context, m Month, f Formula, basis []string) ([]Row, error) {
	units, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	fs, err := s.loadFacts(ctx, ids, m)
	if err != nil {
		return nil, err
	}
	byUnit := compute(m, s.today(), ids, fs, basis)
	rows := make([]Row, 0, len(units))
	for _, u := range units {
		r := byUnit[u.ID]
		r.UnitName = u.Name
		r.Score = f.Score(*r)
		rows = append(rows, *r)
	}
	rank(rows)
	return rows, nil
}

// Board returns month m: the published revision asked for (0: the latest)
// or, before publication, the live figures. A month not yet begun or a
// revision that does not exist is an error.
func (s *Service) Board(ctx context.Context, m Month, revision int) (Board, error) {
	if err := s.checkMonth(m); err != nil {
		return Board{}, err
	}
	snaps, err := s.store.Snapshots(ctx, []string{m.String()})
	if err != nil {
		return Board{}, err
	}
	b := Board{Month: m.String(), Revisions: make([]Revision, 0, len(snaps))}
	for _, sn := range snaps {
		b.Revisions = append(b.Revisions, Revision{Revision: sn.Revision, Reason: sn.Reason, PublishedBy: sn.PublishedBy, PublishedAt: sn.PublishedAt})
	}
	if len(snaps) == 0 {
		if revision > 0 {
			return Board{}, apperr.NotFoundErr("revision")
		}
		st, err := s.store.Settings(ctx)
		if err != nil {
			return Board{}, err
		}
		b.Formula, b.AsOf = st.Formula, s.Now()
		b.Rows, err = s.liveTotals(ctx, m, st.Formula, st.Basis)
		return b, err
	}
	sn := snaps[len(snaps)-1]
	if revision > 0 {
		if revision > len(snaps) || snaps[revision-1].Revision != revision {
			return Board{}, apperr.NotFoundErr("revision")
		}
		sn = snaps[revision-1]
	}
	return fromSnapshot(b, sn, snaps[len(snaps)-1].Revision)
}

func fromSnapshot(b Board, sn snapshot, latest int) (Board, error) {
	b.Published, b.Revision, b.Latest, b.AsOf = true, sn.Revision, latest, sn.PublishedAt
	if err := jsonUnmarshal(sn.Formula, &b.Formula); err != nil {
		return Board{}, err
	}
	rows, err := decodeRows(sn.Rows)
	b.Rows = rows
	return b, err
}

// Publish freezes month m as computed now (晒绩). Only past months can be
// published; a published month is Conflict ("scoreboard.already_published").
func (s *Service) Publish(ctx context.Context, a account.Actor, m Month) (Board, error) {
	return s.freeze(ctx, a, m, "")
}

// Revise publishes a correction of a published month: the figures
// recomputed from the records now, with the reason, as a new revision;
// earlier revisions stay visible.
func (s *Service) Revise(ctx context.Context, a account.Actor, m Month, reason string) (Board, error) {
	// Refuse those who may not publish before looking at their input: a
	// 422 would tell them the form is theirs to fix.
	if !mayPublish(a) {
		return Board{}, apperr.E(apperr.Forbidden, "scoreboard.not_publisher")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Board{}, apperr.Fields{"reason": "required"}.Err()
	case utf8.RuneCountInString(reason) > 500:
		return Board{}, apperr.Fields{"reason": "too_long"}.Err()
	}
	return s.freeze(ctx, a, m, reason)
}

func (s *Service) freeze(ctx context.Context, a account.Actor, m Month, reason string) (Board, error) {
	if !mayPublish(a) {
		return Board{}, apperr.E(apperr.Forbidden, "scoreboard.not_publisher")
	}
	if err := s.checkMonth(m); err != nil {
		return Board{}, err
	}
	if m == s.CurrentMonth() {
		return Board{}, apperr.Fields{"month": "scoreboard.month_not_over"}.Err()
	}
	var out Board
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.Lock(ctx); err != nil {
			return err
		}
		if err := s.addRevision(ctx, a, m, reason, userID(a), false); err != nil {
			return err
		}
		var err error
		out, err = s.Board(ctx, m, 0)
		return err
	})
	return out, err
}

// addRevision publishes month m as computed from the records now: the
// first revision without a reason, a correction with one. It joins the
// caller's transaction, which must hold the scoreboard lock (store.Lock).
// An automatic correction (a record entered late) has no publisher.
func (s *Service) addRevision(ctx context.Context, a account.Actor, m Month, reason string, by *int64, automatic bool) error {
	snaps, err := s.store.Snapshots(ctx, []string{m.String()})
	if err != nil {
		return err
	}
	rev := len(snaps) + 1
	switch {
	case reason == "" && len(snaps) > 0:
		return apperr.E(apperr.Conflict, "scoreboard.already_published", "Month", m.String())
	case reason != "" && len(snaps) == 0:
		return apperr.E(apperr.Conflict, "scoreboard.not_published", "Month", m.String())
	}
	st, err := s.store.Settings(ctx)
	if err != nil {
		return err
	}
	rows, err := s.live(ctx, m, st.Formula, st.Basis)
	if err != nil {
		return err
	}
	enc, err := encodeRows(rows)
	if err != nil {
		return err
	}
	sn := snapshot{Month: m.String(), Revision: rev, Reason: reason, Formula: jsonString(st.Formula), Rows: enc,
		PublishedBy: by, PublishedAt: s.Now()}
	if err := s.store.AddSnapshot(ctx, &sn); err != nil {
		return err
	}
	action := "scoreboard.publish"
	if rev > 1 {
		action = "scoreboard.revise"
	}
	after := map[string]any{"month": sn.Month, "revision": rev, "reason": reason, "formula": st.Formula}
	detail := map[string]any{"month": m.String(), "revision": rev}
	if automatic {
		detail["automatic"] = true
	}
	if err := s.Accounts.AuditChange(ctx, a, action, "scoreboard", sn.ID, nil, after, detail); err != nil {
		return err
	}
	return s.announceRevision(ctx, a, m, rev)
}

func userID(a account.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// Settings returns the formula and year-end settings in force.
func (s *Service) Settings(ctx context.Context) (Settings, error) { return s.store.Settings(ctx) }

// SaveSettings replaces the settings (admins only); in.Version must be the
// version last read (0 while only the defaults were ever used).
func (s *Service) SaveSettings(ctx context.Context, a account.Actor, in Settings) (Settings, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return Settings{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := in.Validate(); err != nil {
		return Settings{}, err
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.Settings(ctx)
		if err != nil {
			return err
		}
		if in.Basis == nil {
			// A request without basis (the API before it, the formula
			// form) keeps the one in force.
			in.Basis = before.Basis
		}
		v, err := s.store.SaveSettings(ctx, in, in.Version, userID(a), s.Now())
		if err != nil {
			return err
		}
		in.Version = v
		return s.Accounts.AuditChange(ctx, a, "scoreboard.settings", "scoreboard_settings", 1, before, in, nil)
	})
	return in, err
}
