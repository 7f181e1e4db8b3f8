package notify

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Pref is one person's channels for one kind of event.
type Pref struct {
	Kind  string `json:"kind"`
	ActOn bool   `json:"act_on"` // in-app cannot be turned off
	InApp bool   `json:"in_app"`
	Email bool   `json:"email"`
}

// effective applies a kind's defaults and rules to a stored choice (the
// zero prefRow when none is stored).
func effective(k Kind, r prefRow) (inApp, email bool) {
	if r.Kind == "" {
		return true, k.Email
	}
	return r.InApp || k.ActOn, r.Email
}

// Prefs lists the actor's channels for every kind, in Kinds order.
func (s *Service) Prefs(ctx context.Context, a account.Actor) ([]Pref, error) {
	if a.UserID <= 0 {
		return nil, apperr.E(apperr.Unauthorized, "auth.required")
	}
	stored, err := s.st.userPrefs(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]Pref, len(Kinds))
	for i, k := range Kinds {
		in, em := effective(k, stored[k.Name])
		out[i] = Pref{Kind: k.Name, ActOn: k.ActOn, InApp: in, Email: em}
	}
	return out, nil
}

// SetPrefs stores the actor's channels; kinds left out keep their current
// values, an unknown kind is a 422, and in-app stays on for act-on kinds.
// The change is audited.
func (s *Service) SetPrefs(ctx context.Context, a account.Actor, in []Pref) ([]Pref, error) {
	if a.UserID <= 0 {
		return nil, apperr.E(apperr.Unauthorized, "auth.required")
	}
	f := apperr.Fields{}
	for _, p := range in {
		if _, ok := KindOf(p.Kind); !ok {
			f.Add("kind", "notify.pref_kind_invalid")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var after []Pref
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.Prefs(ctx, a)
		if err != nil {
			return err
		}
		want := map[string]Pref{}
		for _, p := range before {
			want[p.Kind] = p
		}
		for _, p := range in {
			want[p.Kind] = p
		}
		rows := make([]prefRow, 0, len(Kinds))
		for _, k := range Kinds {
			p := want[k.Name]
			rows = append(rows, prefRow{UserID: a.UserID, Kind: k.Name, InApp: p.InApp || k.ActOn, Email: p.Email})
		}
		if err := s.st.savePrefs(ctx, a.UserID, rows); err != nil {
			return err
		}
		if after, err = s.Prefs(ctx, a); err != nil {
			return err
		}
		return s.acc.AuditChange(ctx, a, "notify.prefs", "user", a.UserID, prefsView(before), prefsView(after), nil)
	})
	return after, err
}

// prefsView is the audited form: kind → "in_app,email" flags.
func prefsView(ps []Pref) map[string]string {
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		v := ""
		if p.InApp {
			v = "in_app"
		}
		if p.Email {
			v += ",email"
		}
		out[p.Kind] = v
	}
	return out
}
