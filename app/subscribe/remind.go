package subscribe

import (
	"context"
	"fmt"
	"slices"
	"time"

	"liaison/app/calendar"
	"liaison/app/notify"
	"liaison/app/workday"
)

// Remind gives the reminders that are due: before meetings (each invitee's
// leads), one working day before an action item's due date, and when it
// becomes overdue; by email and in the app. Each reminder has a key
// (what, occurrence or due date, user, kind) inserted into reminder_log in
// the transaction that records the mail and the notification, so however
// many runs race (instances, retries), each reminder is given exactly once.
// It returns how many reminders it gave.
func (s *Service) Remind(ctx context.Context) (int, error) {
	n, err := s.remindMeetings(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.remindActions(ctx)
	return n + m, err
}

// remindMeetings: for each occurrence, only the smallest lead already
// reached is given (a meeting scheduled two hours ahead gets one reminder
// now, not a stale "tomorrow" one as well).
func (s *Service) remindMeetings(ctx context.Context) (int, error) {
	now := s.Now()
	rows, ov, err := s.Store.ReminderCandidates(ctx, now, now.Add(maxLead*time.Minute))
	if err != nil {
		return 0, err
	}
	users := make([]int64, 0, len(rows))
	for _, r := range rows {
		users = append(users, r.UserID)
	}
	prefs, err := s.Store.Prefs(ctx, users)
	if err != nil {
		return 0, err
	}
	type due struct {
		key   string
		row   *reminderRow
		start time.Time
	}
	var todo []due
	for i := range rows {
		r := &rows[i]
		leads := DefaultLeads
		if p, ok := prefs[r.UserID]; ok {
			leads = parseLeads(p.Leads)
		}
		if len(leads) == 0 {
			continue
		}
		horizon := time.Duration(slices.Max(leads)) * time.Minute
		for _, oc := range occurrences(&r.M, ov[r.M.ID], now, now.Add(horizon)) {
			lead := -1
			for _, l := range leads {
				if !now.Before(oc.start.Add(-time.Duration(l)*time.Minute)) && (lead < 0 || l < lead) {
					lead = l
				}
			}
			if lead >= 0 {
				todo = append(todo, due{fmt.Sprintf("remind|meeting|%s|%d|%d|%d", r.M.UID, oc.id.Unix(), r.UserID, lead), r, oc.start})
			}
		}
	}
	keys := make([]string, len(todo))
	for i, t := range todo {
		keys[i] = t.key
	}
	// Most due reminders were given by an earlier run: one query skips them
	// instead of a write transaction each.
	done, err := s.Store.Given(ctx, keys)
	if err != nil {
		return 0, err
	}
	given := 0
	for _, t := range todo {
		if done[t.key] {
			continue
		}
		ok, err := s.giveMeetingReminder(ctx, t.key, t.row, t.start)
		if err != nil {
			return given, err
		}
		if ok {
			given++
		}
	}
	return given, nil
}

type occ struct{ id, start time.Time }

// occurrences lists the occurrences of m starting in [from, to), moved
// ones at their new time and cancelled ones left out.
func occurrences(m *meetingRow, ov []occurrenceRow, from, to time.Time) []occ {
	if m.RRule == "" {
		if !m.StartAt.Before(from) && m.StartAt.Before(to) {
			return []occ{{m.StartAt, m.StartAt}}
		}
		return nil
	}
	// Moved occurrences may come from outside the window: look wider.
	starts, err := calendar.Occurrences(m.RRule, m.StartAt, from.Add(-31*24*time.Hour), to.Add(31*24*time.Hour))
	if err != nil {
		return nil
	}
	var out []occ
	for _, st := range starts {
		at := st
		skip := false
		for _, o := range ov {
			if o.OriginalStart.Equal(st) {
				at, skip = o.StartAt, o.Status == "cancelled"
			}
		}
		if !skip && !at.Before(from) && at.Before(to) {
			out = append(out, occ{st, at})
		}
	}
	return out
}

func (s *Service) giveMeetingReminder(ctx context.Context, key string, r *reminderRow, start time.Time) (bool, error) {
	m := &r.M
	neutral := m.Sensitivity != "ordinary"
	title := s.t("feed.remind.meeting_title", "Title", clip(m.Title, 120))
	if neutral {
		title = s.t("feed.remind.meeting_title_neutral")
	}
	body := s.t("feed.mail.when", "When", when(start, start.Add(m.EndAt.Sub(m.StartAt))))
	if p := place(m); p != "" && !neutral {
		body += "\n" + s.t("feed.mail.where", "Where", p)
	}
	link := fmt.Sprintf("/meetings/%d", m.ID)
	return s.give(ctx, key, person{ID: r.UserID, Email: r.UserEmail, DisplayName: r.UserName}, title, body, link, "reminder")
}

// give records one reminder once: the log row, the in-app notification and
// the mail (when the user has an address) in one transaction.
func (s *Service) give(ctx context.Context, key string, p person, title, body, link, kind string) (bool, error) {
	var fresh bool
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if fresh, err = s.Store.MarkOnce(ctx, key, p.ID, s.Now()); err != nil || !fresh {
			return err
		}
		if err := s.Notify.Notify(ctx, []int64{p.ID}, title, body, link); err != nil {
			return err
		}
		to := normEmail(p.Email)
		if to == "" {
			return nil
		}
		text := body + "\n\n" + s.t("feed.mail.page", "URL", s.link(link))
		_, err = s.Notify.Enqueue(ctx, notify.Mail{Kind: kind, DedupeKey: key, To: to, ToName: p.DisplayName,
			FromName: s.t("feed.mail.from_name"), Subject: title, Text: text})
		return err
	})
	return fresh, err
}

// remindActions reminds a unit's secretaries (and the item's owner) one
// working day before the due date and once it is overdue.
func (s *Service) remindActions(ctx context.Context) (int, error) {
	today := workday.FromTime(s.Now())
	next, err := s.Holidays.AddWorkdays(ctx, today, 1)
	if err != nil {
		next = today.AddDays(1) // beyond the published schedule
	}
	items, err := s.Store.DueActions(ctx, today.AddDays(-30).String(), next.String())
	if err != nil || len(items) == 0 {
		return 0, err
	}
	var units, owners []int64
	for _, it := range items {
		units = append(units, it.ResponsibleUnitID)
		if it.OwnerUserID != nil {
			owners = append(owners, *it.OwnerUserID)
		}
	}
	people, err := s.Store.UnitSecretaries(ctx, units, owners)
	if err != nil {
		return 0, err
	}
	type due struct {
		key, title, body, link string
		p                      person
	}
	var todo []due
	var keys []string
	for _, it := range items {
		d, err := workday.ParseDate(it.DueOn)
		if err != nil || d.Equal(today) {
			continue // due today: the "due soon" reminder came yesterday
		}
		kind := "due_soon"
		if d.Before(today) {
			kind = "overdue"
		}
		title := s.t("feed.remind."+kind, "Title", clip(it.Title, 120))
		if it.Sensitivity != "ordinary" {
			title = s.t("feed.remind." + kind + "_neutral")
		}
		body := s.t("feed.remind.due_on", "Date", it.DueOn)
		link := fmt.Sprintf("/actions/%d", it.ID)
		for _, p := range people {
			secretary := p.UnitID == it.ResponsibleUnitID && p.Role == "secretary"
			if !secretary && (it.OwnerUserID == nil || *it.OwnerUserID != p.ID) {
				continue
			}
			key := fmt.Sprintf("remind|action|%d|%s|%d|%s", it.ID, it.DueOn, p.ID, kind)
			todo, keys = append(todo, due{key, title, body, link, p}), append(keys, key)
		}
	}
	done, err := s.Store.Given(ctx, keys)
	if err != nil {
		return 0, err
	}
	given := 0
	for _, t := range todo {
		if done[t.key] {
			continue
		}
		ok, err := s.give(ctx, t.key, t.p, t.title, t.body, t.link, "reminder")
		if err != nil {
			return given, err
		}
		if ok {
			given++
		}
	}
	return given, nil
}
