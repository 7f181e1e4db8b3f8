package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"liaison/app/subscribe"
)

// The history begins three years back; the current era reaches from the
// feed window's start (subscribe.FeedWindow ago) to half a year ahead. The
// feed user is invited to every k-th meeting of the current era so that
// their calendar holds FeedEvents of them.
const (
	largePast   = 3 * 365 * 24 * time.Hour
	largeFuture = 182 * 24 * time.Hour
)

var meetingKinds = []string{"joint_meeting", "consultation", "joint_inspection"}

// currentFrom is where the current era begins: a day inside the feed
// window, so that a district used a day after it was written still shows
// the feed user all FeedEvents meetings.
func (g *gen) currentFrom() time.Time {
	return g.now.Add(-subscribe.FeedWindow + 24*time.Hour).Truncate(time.Minute)
}

// history is when the history's records fall: from three years back to a
// day before the feed window, so that none of it shows in a feed.
func (g *gen) history() span {
	return span{g.now.Add(-largePast).Truncate(24 * time.Hour), g.now.Add(-subscribe.FeedWindow - 24*time.Hour)}
}

// eraRand restarts the random picks at the start of an era, so that the
// current era is the same whatever the size of the history before it.
func (g *gen) eraRand(part uint64, current bool) {
	if current {
		part += 1000
	}
	g.rnd = rand.New(rand.NewPCG(20260301, part))
}

// meetings writes the meetings with their attendees, units and agendas.
func (g *gen) meetings(ctx context.Context) error {
	id, err := nextID(ctx, g.d, "meetings")
	if err != nil {
		return err
	}
	ms := newBatch(ctx, g.d, "meetings", "id", "uid", "sequence", "status", "kind", "title", "description", "sensitivity",
		"convening_unit_id", "chair_user_id", "location", "start_at", "end_at", "rrule", "series_end_at", "inspection_scope",
		"check_in_code", "cancel_reason", "created_by", "version", "created_at", "updated_at")
	att := ms.child("meeting_attendees", "meeting_id", "user_id", "unit_id", "name", "email", "role", "answer", "created_at")
	mu := ms.child("meeting_units", "meeting_id", "unit_id", "role")
	ag := ms.child("agenda_items", "meeting_id", "position", "title", "presenter_user_id", "duration_minutes",
		"version", "created_at", "updated_at")
	hist, cur := era(g.s.Meetings, g.s.CurrentMeetings)
	every := max(1, cur/max(1, g.s.FeedEvents))
	fed, w := 0, 0
	for n := 0; n < g.s.Meetings; n++ {
		mid := id + int64(n)
		i, start, current := spread(n, hist, cur, g.history(), g.currentFrom(), g.now.Add(largeFuture))
		if i == 0 {
			g.eraRand(1, current)
		}
		start = start.Truncate(time.Minute)
		end := start.Add(2 * time.Hour)
		seriesEnd, rrule := end, ""
		if i%50 == 7 {
			rrule, seriesEnd = "FREQ=WEEKLY;COUNT=4", end.Add(21*24*time.Hour)
		}
		cu := i % g.s.Units
		if i%4 == 0 {
			cu = i % 3 // the office, the procuratorate and the justice bureau convene most
		}
		kind := meetingKinds[i%3]
		sens := "ordinary"
		switch {
		case i%50 == 13:
			sens = "classified"
		case i%25 == 3:
			sens = "sensitive"
		}
		title := fmt.Sprintf("第%d次%s：行政检察与行政执法监督衔接", n+1, kindName[kind])
		desc, loc, scope := "议程：一、通报近期案件办理情况；二、研究重点线索；三、部署下一阶段工作。", "区政府办公楼三楼会议室", ""
		if kind == "joint_inspection" {
			scope = "执法案卷评查与现场检查"
		}
		if sens == "classified" {
			title, desc, loc, scope = "", "", "", ""
		}
		status, reason := "scheduled", ""
		if i%33 == 5 {
			status, reason = "cancelled", "因工作安排调整，会议取消。"
		}
		chair := g.userID[cu][0]
		created := start.Add(-14 * 24 * time.Hour)
		err := ms.add(mid, fmt.Sprintf("perf-%d-%d@liaison", g.s.Meetings, n), 0, status, kind, title, desc, sens, g.unitID[cu], chair,
			loc, start, end, rrule, seriesEnd, scope, fmt.Sprintf("%06d", n%1000000), reason, chair, 1, created, created)
		if err != nil {
			return err
		}
		if err := att.add(mid, chair, g.unitID[cu], "", "", "chair", "accepted", created); err != nil {
			return err
		}
		for k := 1; k <= 3; k++ {
			u := (cu + k*7 + i) % g.s.Units
			if u == cu || u == g.feedUnit {
				u = (u + 1) % g.s.Units
				if u == cu {
					u = (u + 1) % g.s.Units
				}
			}
			ans := []string{"accepted", "pending", "tentative", "accepted"}[(i+k)%4]
			if err := att.add(mid, g.pick(u, 3), g.unitID[u], "", "", "required", ans, created); err != nil {
				return err
			}
		}
		if current {
			// every k-th, or the next one when the k-th was the feed unit's own
			if fed*every <= w && fed < g.s.FeedEvents && cu != g.feedUnit {
				if err := att.add(mid, g.feedUser, g.unitID[g.feedUnit], "", "", "required", "accepted", created); err != nil {
					return err
				}
				fed++
			}
			w++
		}
		if i%3 == 1 {
			if err := mu.add(mid, g.unitID[(cu+11)%g.s.Units], "co_organiser"); err != nil {
				return err
			}
		}
		if kind == "joint_inspection" {
			if err := mu.add(mid, g.unitID[6+(i%(g.s.Units-6))], "inspected"); err != nil {
				return err
			}
		}
		if sens != "classified" {
			for p := 1; p <= 2; p++ {
				if err := ag.add(mid, p, fmt.Sprintf("议题%d：案件线索研判", p), chair, 30, 1, created, created); err != nil {
					return err
				}
			}
		}
	}
	for _, b := range []*batch{ms, att, mu, ag} {
		if err := b.flush(); err != nil {
			return err
		}
		g.rows[b.table] = b.n
	}
	g.rows["feed_user_meetings"] = fed
	return nil
}

var kindName = map[string]string{"joint_meeting": "联席会议", "consultation": "会商研判", "joint_inspection": "联合专项监督"}
