package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/i18n"
)

// Record is what an event is about. A neutral message (sensitive or
// classified record) names only this: its kind of record and its id.
type Record struct {
	Type string // "action", "meeting", "document", "case", "escalation", "scoreboard"
	ID   int64
}

// Event is one thing that happened which people must act on or should
// know. Announce turns it into in-app notifications, mail for those who
// chose mail, and a message to the units' own channels.
type Event struct {
	Kind        string              // one of Kinds
	Record      Record              // what it is about
	Sensitivity account.Sensitivity // of the record; "" is ordinary
	Units       []int64             // the units concerned: their active people ...
	Roles       []account.Role      // ... with one of these roles (none: secretaries and members)
	Users       []int64             // and these people by id (active ones), whatever their unit
	Except      []int64             // never these (the person who acted)
	Title, Body string              // i18n message ids, rendered in each person's language
	Args        map[string]any      // their data; never read for a sensitive record
	Link        string              // a local path to the record
	DedupeKey   string              // the event is announced once per key, ever
	// ChannelUnits are more units whose own channels (robot, webhook) hear
	// of ev, their people not told by it: the units of people told by
	// name. Each unit gets one message, whether named here, in Units or both.
	ChannelUnits []int64
	// PeopleOnly keeps ev off every unit channel: another event of the same
	// change tells the units once (a meeting's invitations, one per person,
	// reach each unit's robot as one message).
	PeopleOnly bool
}

// Announcer is what the domain services call; *Service is one.
type Announcer interface {
	Announce(ctx context.Context, ev Event) error
}

// UnitRoles is who of a unit hears about its work when an event names no
// roles: its secretaries and its liaisons (members).
var UnitRoles = []account.Role{account.RoleSecretary, account.RoleMember}

// Announce tells the people ev concerns, inside the transaction carried by
// ctx, so that nobody is told of a change that did not commit. The second
// announcement of a DedupeKey does nothing (a retried job, a double
// submit). A sensitive or classified record is announced by a neutral
// message naming only its register entry, on every channel alike.
func (s *Service) Announce(ctx context.Context, ev Event) error {
	_, err := s.AnnounceFresh(ctx, ev)
	return err
}

// AnnounceFresh is Announce reporting whether ev was new (false: announced
// before, nothing done).
func (s *Service) AnnounceFresh(ctx context.Context, ev Event) (bool, error) {
	k, ok := KindOf(ev.Kind)
	if !ok || ev.DedupeKey == "" || ev.Title == "" || !localLink(ev.Link) {
		return false, apperr.Wrap(fmt.Errorf("notify: event %q without a known kind, key, title or local link", ev.Kind), "internal")
	}
	fresh, err := s.st.markEvent(ctx, ev.DedupeKey, ev.Kind, s.now())
	if err != nil || !fresh {
		return false, err
	}
	return true, s.tell(ctx, k, ev)
}

// Announced reports which of keys were announced already.
func (s *Service) Announced(ctx context.Context, keys []string) (map[string]bool, error) {
	return s.st.eventsMarked(ctx, keys)
}

// tell writes ev's notifications, mail and unit message.
func (s *Service) tell(ctx context.Context, k Kind, ev Event) error {
	people, err := s.recipients(ctx, ev)
	if err != nil {
		return err
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	prefs, err := s.st.prefsOf(ctx, ids, ev.Kind)
	if err != nil {
		return err
	}
	now := s.now()
	var rows []Notification
	for _, p := range people {
		inApp, email := effective(k, prefs[p.ID])
		lang := langOf(p)
		title, body := s.render(lang, ev)
		if inApp {
			rows = append(rows, Notification{UserID: p.ID, Kind: ev.Kind, Title: title, Body: body, Link: ev.Link, CreatedAt: now})
		}
		if !email || !ValidEmail(p.Email) {
			continue
		}
		text := strings.TrimSpace(body + "\n\n" + s.tr(lang, "notify.event.open", map[string]any{"URL": s.base + ev.Link}))
		if _, err := s.Enqueue(ctx, Mail{Kind: "event." + ev.Kind, DedupeKey: fmt.Sprintf("event|%s|%d", ev.DedupeKey, p.ID),
			To: p.Email, ToName: p.DisplayName, FromName: s.tr(lang, "feed.mail.from_name", nil), Subject: title, Text: text, Link: ev.Link}); err != nil {
			return err
		}
	}
	if err := s.st.insertNotifications(ctx, rows); err != nil {
		return err
	}
	units := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(ev.Units), ev.ChannelUnits...))))
	if len(units) == 0 || ev.PeopleOnly {
		return nil
	}
	title, body := s.render(i18n.ZH, ev)
	return s.SendToUnits(ctx, units, UnitMessage{Kind: ev.Kind, DedupeKey: ev.DedupeKey, Title: title, Text: body,
		Link: ev.Link, Sensitive: neutral(ev.Sensitivity)})
}

// recipients are the active people of ev's units with its roles, and its
// named people, less the excepted, each once, with their address and
// language (the unit directory gives neither).
func (s *Service) recipients(ctx context.Context, ev Event) ([]account.User, error) {
	roles := ev.Roles
	if len(roles) == 0 {
		roles = UnitRoles
	}
	var ids []int64
	for _, u := range slices.Compact(slices.Sorted(slices.Values(ev.Units))) {
		us, err := s.acc.ActiveUsers(ctx, u)
		if err != nil {
			return nil, err
		}
		for _, p := range us {
			if slices.Contains(roles, p.Role) {
				ids = append(ids, p.ID)
			}
		}
	}
	ids = append(ids, ev.Users...)
	ids = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(ids))), func(id int64) bool { return slices.Contains(ev.Except, id) })
	if len(ids) == 0 {
		return nil, nil
	}
	byID, err := s.acc.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]account.User, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok && p.Active {
			out = append(out, p)
		}
	}
	return out, nil
}

// render gives the title and body in lang; a sensitive or classified record
// gets the neutral message: its kind, never its content nor its internal
// id (the link leads to the record for those allowed to see it).
func (s *Service) render(lang string, ev Event) (string, string) {
	if neutral(ev.Sensitivity) {
		args := map[string]any{"Record": s.tr(lang, "notify.record."+ev.Record.Type, nil)}
		return s.tr(lang, "notify.neutral."+string(ev.Sensitivity), args), s.tr(lang, "notify.neutral.body_"+string(ev.Sensitivity), nil)
	}
	title := clipRunes(s.tr(lang, ev.Title, ev.Args), 200)
	body := ""
	if ev.Body != "" {
		body = clipRunes(s.tr(lang, ev.Body, ev.Args), 2000)
	}
	return title, body
}

func neutral(v account.Sensitivity) bool { return v == account.Sensitive || v == account.Classified }

// tr translates with the service's translator; without one (package tests)
// the id itself stands in.
func (s *Service) tr(lang, id string, args map[string]any) string {
	if s.Tr == nil {
		return id
	}
	return s.Tr.T(lang, id, args)
}

func langOf(u account.User) string {
	if u.Locale == i18n.EN {
		return i18n.EN
	}
	return i18n.ZH
}

func clipRunes(v string, n int) string {
	r := []rune(strings.TrimSpace(v))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}
