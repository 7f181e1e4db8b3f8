package subscribe

import (
	"context"
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/notify"
	"liaison/app/workday"
)

// ReplyLead is how long before a meeting's 回执 deadline (reply_by) those
// who have not answered are reminded.
const ReplyLead = 24 * time.Hour

// remindReplies gives the 回执 reminders (issue 20 item 3). Within
// ReplyLead before reply_by, the unanswered invitees of each unit are told
// once (in-app, mail as each chose, and their unit's channels:
// meeting.reply_due). Once reply_by has passed and until the meeting
// starts, the secretaries and liaisons of each unit with people still
// unanswered are told once how many (meeting.reply_overdue). Each is one
// event keyed by meeting, deadline and unit, so racing runs give it once
// and a new deadline starts over. A sensitive or classified meeting's
// events carry the neutral line only (notify).
func (s *Service) remindReplies(ctx context.Context) (int, error) {
	now := s.Now()
	rows, err := s.store.ReplyCandidates(ctx, now, now.Add(ReplyLead))
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	var evs []notify.Event
	var keys []string
	for i := 0; i < len(rows); {
		j, users := i, []int64{}
		for ; j < len(rows) && rows[j].ID == rows[i].ID && rows[j].UnitID == rows[i].UnitID; j++ {
			users = append(users, rows[j].UserID)
		}
		r := rows[i]
		i = j
		kind := "meeting.reply_due"
		if !now.Before(r.ReplyBy) {
			kind = "meeting.reply_overdue"
		}
		ev := notify.Event{Kind: kind, Record: notify.Record{Type: "meeting", ID: r.ID}, Sensitivity: account.Sensitivity(r.Sensitivity),
			Title: "notify.ev." + kind, Body: "mrcpt.ev.deadline",
			Args:      map[string]any{"Title": clip(r.Title, 120), "Count": len(users), "Deadline": r.ReplyBy.In(workday.Shanghai()).Format("2006-01-02 15:04")},
			Link:      fmt.Sprintf("/meetings/%d", r.ID),
			DedupeKey: fmt.Sprintf("remind|reply|%s|%d|%d|%d", kind, r.ID, r.ReplyBy.Unix(), r.UnitID)}
		if kind == "meeting.reply_due" {
			ev.Users, ev.ChannelUnits = users, []int64{r.UnitID}
		} else {
			ev.Units = []int64{r.UnitID}
		}
		evs, keys = append(evs, ev), append(keys, ev.DedupeKey)
	}
	return s.announceOnce(ctx, evs, keys)
}
