package subscribe

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
)

// DefaultLeads are the reminder leads, in minutes before a meeting, of
// users who chose none: one day and one hour.
var DefaultLeads = []int{1440, 60}

// Reminder leads are between five minutes and a week, at most five.
const (
	minLead   = 5
	maxLead   = 7 * 24 * 60
	maxLeadsN = 5
)

// ReminderPrefs is a user's reminder preference.
type ReminderPrefs struct {
	Leads   []int `json:"meeting_leads_minutes"`
	Version int   `json:"version"` // 0 until first saved
}

// PrefsInput changes the preference; Version is the one last read.
type PrefsInput struct {
	Leads   []int `json:"meeting_leads_minutes"`
	Version *int  `json:"version"`
}

// Validate checks the leads (an empty list turns meeting reminders off).
func (in *PrefsInput) Validate() error {
	f := apperr.Fields{}
	if len(in.Leads) > maxLeadsN {
		f.Add("meeting_leads_minutes", "feed.leads_too_many")
	}
	for _, l := range in.Leads {
		if l < minLead || l > maxLead {
			f.Add("meeting_leads_minutes", "feed.lead_invalid")
			break
		}
	}
	return f.Err()
}

func parseLeads(s string) []int {
	out := []int{}
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func formatLeads(ls []int) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = strconv.Itoa(l)
	}
	return strings.Join(parts, ",")
}

// Prefs returns the actor's reminder preference (the defaults until saved).
func (s *Service) Prefs(ctx context.Context, a account.Actor) (ReminderPrefs, error) {
	m, err := s.store.Prefs(ctx, []int64{a.UserID})
	if err != nil {
		return ReminderPrefs{}, err
	}
	p, ok := m[a.UserID]
	if !ok {
		return ReminderPrefs{Leads: slices.Clone(DefaultLeads)}, nil
	}
	return ReminderPrefs{Leads: parseLeads(p.Leads), Version: p.Version}, nil
}

// SetPrefs saves the actor's preference; a stale version is a 409.
func (s *Service) SetPrefs(ctx context.Context, a account.Actor, in PrefsInput) (ReminderPrefs, error) {
	if a.UserID == 0 {
		return ReminderPrefs{}, apperr.E(apperr.Unauthorized, "auth.required")
	}
	if err := in.Validate(); err != nil {
		return ReminderPrefs{}, err
	}
	leads := slices.Clone(in.Leads)
	slices.Sort(leads)
	leads = slices.Compact(leads)
	slices.Reverse(leads)
	var out ReminderPrefs
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.Prefs(ctx, []int64{a.UserID})
		if err != nil {
			return err
		}
		cur, exists := m[a.UserID]
		if in.Version != nil && *in.Version != cur.Version {
			return apperr.ConflictVersion()
		}
		before := ReminderPrefs{Leads: slices.Clone(DefaultLeads)} // no row yet: the defaults applied
		if exists {
			before = ReminderPrefs{Leads: parseLeads(cur.Leads), Version: cur.Version}
		}
		p := reminderPrefs{UserID: a.UserID, Leads: formatLeads(leads), Version: cur.Version, UpdatedAt: s.Now()}
		if err := s.store.SavePrefs(ctx, &p, exists); err != nil {
			return err
		}
		out = ReminderPrefs{Leads: leads, Version: p.Version}
		return s.Accounts.AuditChange(ctx, a, "reminders.update", "user", a.UserID, before, out, nil)
	})
	return out, err
}
