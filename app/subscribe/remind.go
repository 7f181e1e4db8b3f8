package subscribe

import (
	"context"
	"fmt"
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/calendar"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/workday"
)

// Remind gives the reminders that are due: before meetings (each invitee's
// leads), and for action items one working day before the due date, on the
// day and once overdue; in the app and through the channels each person
// chose (notify.Announce). Each reminder has a key (what, occurrence or due
// date, user for meetings, kind) recorded in the transaction that records
// the notifications and the mail (reminder_log for meetings, notify's event
// marks for items), so however many runs race (instances, retries), each
// reminder is given exactly once. It returns how many reminders it gave.
func (s *Service) Remind(ctx context.Context) (int, error) {
	n, err := s.remindMeetings(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.remindActions(ctx)
	if err != nil {
		return n + m, err
	}
	r, err := s.remindReplies(ctx) // 回执 deadlines (remind_reply.go)
	return n + m + r, err
}

// remindMeetings: for each occurrence, only the smallest lead already
// reached is given (a meeting scheduled two hours ahead gets one reminder
// now, not a stale "tomorrow" one as well).
func (s *Service) remindMeetings(ctx context.Context) (int, error) {
	now := s.Now()
	rows, ov, err := s.store.ReminderCandidates(ctx, now, now.Add(maxLead*time.Minute))
	if err != nil {
		return 0, err
	}
	users := make([]int64, 0, len(rows))
	for _, r := range rows {
		users = append(users, r.UserID)
	}
	prefs, err := s.store.Prefs(ctx, users)
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
	done, err := s.store.Given(ctx, keys)
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
				at, skip = o.StartAt, o.Status == string(meeting.Cancelled)
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
	ev := notify.Event{Kind: "meeting.reminder", Record: notify.Record{Type: "meeting", ID: m.ID}, Sensitivity: account.Sensitivity(m.Sensitivity),
		Title: "feed.remind.meeting_title", Body: "feed.mail.when",
		Args: map[string]any{"Title": clip(m.Title, 120), "When": when(start, start.Add(m.EndAt.Sub(m.StartAt)))},
		Link: fmt.Sprintf("/meetings/%d", m.ID)}
	return s.give(ctx, key, r.UserID, ev)
}

// give records one meeting reminder for one person once: the log row and
// the announcement (in-app and, as the person chose, mail) in one
// transaction.
func (s *Service) give(ctx context.Context, key string, userID int64, ev notify.Event) (bool, error) {
	var fresh bool
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if fresh, err = s.store.MarkOnce(ctx, key, userID, s.Now()); err != nil || !fresh {
			return err
		}
		ev.Users, ev.DedupeKey = []int64{userID}, key
		return s.Notify.Announce(ctx, ev)
	})
	return fresh, err
}

// remindActions reminds the unit that owes an item (its secretaries and
// liaisons, through the channels each chose, and its own unit channels)
// and the item's owner: one working day before the due date, on the day,
// and once it is overdue. Each reminder is one event keyed by item, due
// date and kind, so it is given once whatever runs race; a new due date
// (returned with a new deadline) starts over.
func (s *Service) remindActions(ctx context.Context) (int, error) {
	today := workday.FromTime(s.Now())
	next, err := s.Holidays.AddWorkdays(ctx, today, 1)
	if err != nil {
		next = today.AddDays(1) // beyond the published schedule
	}
	items, err := s.store.DueActions(ctx, today.AddDays(-30).String(), next.String())
	if err != nil || len(items) == 0 {
		return 0, err
	}
	var evs []notify.Event
	var keys []string
	for _, it := range items {
		d, err := workday.ParseDate(it.DueOn)
		if err != nil {
			continue
		}
		kind := "action.due_soon"
		switch {
		case d.Equal(today):
			kind = "action.due_today"
		case d.Before(today):
			kind = "action.overdue"
		}
		ev := notify.Event{Kind: kind, Record: notify.Record{Type: "action", ID: it.ID}, Sensitivity: account.Sensitivity(it.Sensitivity),
			Units: []int64{it.ResponsibleUnitID}, Title: "notify.ev." + kind, Body: "notify.ev.action_due",
			Args: map[string]any{"Title": clip(it.Title, 120), "Date": it.DueOn}, Link: fmt.Sprintf("/actions/%d", it.ID),
			DedupeKey: fmt.Sprintf("remind|action|%d|%s|%s", it.ID, it.DueOn, kind)}
		if it.OwnerUserID != nil {
			ev.Users = []int64{*it.OwnerUserID}
		}
		evs, keys = append(evs, ev), append(keys, ev.DedupeKey)
	}
	return s.announceOnce(ctx, evs, keys)
}

// announceOnce announces the reminders not given yet, each in its own
// transaction, and counts those this run gave (another instance may give
// one at the same moment: AnnounceFresh tells). Most were given by an
// earlier run: one query skips them instead of a write transaction each.
func (s *Service) announceOnce(ctx context.Context, evs []notify.Event, keys []string) (int, error) {
	done, err := s.Notify.Announced(ctx, keys)
	if err != nil {
		return 0, err
	}
	given := 0
	for _, ev := range evs {
		if done[ev.DedupeKey] {
			continue
		}
		var fresh bool
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			var err error
			fresh, err = s.Notify.AnnounceFresh(ctx, ev)
			return err
		})
		if err != nil {
			return given, err
		}
		if fresh {
			given++
		}
	}
	return given, nil
}
