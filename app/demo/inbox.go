package demo

import (
	"fmt"
	"time"

	"liaison/app/meeting"
)

// inbox schedules two more meetings through the meetings service, so that
// every demo user (the agencies' liaisons, the 区委 and 纪委 members, the
// office's secretary and the administrator too) finds invitations in the
// inbox at the first sign-in; the rest of the activity already tells the
// others about documents, cases, minutes and action items.
func (l *loader) inbox(today time.Time) func() error {
	return func() error {
		sh, _ := time.LoadLocation("Asia/Shanghai")
		day := func(offset, h, m int) time.Time {
			t := today.In(sh).AddDate(0, 0, offset)
			return time.Date(t.Year(), t.Month(), t.Day(), h, m, 0, 0, sh)
		}
		office, proc := l.actors["wang.fang"], l.actors["li.jing"]
		var invited []int64
		for _, u := range []string{"admin", "he.ping", "gao.yan", "lin.na", "guo.jun", "luo.xin", "tang.hui"} {
			invited = append(invited, l.actors[u].UserID)
		}
		room := l.roomIDs[0]
		if _, err := l.s.Meetings.Create(l.ctx, office, meeting.Input{
			Kind: meeting.Consultation, Title: "重点执法领域衔接工作调度会", Description: "各执法单位汇报整改进展，演示平台办理流程。",
			Start: weekday(day(21, 9, 0)), End: weekday(day(21, 11, 0)), RoomID: &room, Sensitivity: "ordinary",
			ConveningUnitID: office.UnitID, AttendeeUserIDs: invited,
		}); err != nil {
			return fmt.Errorf("inbox meeting: %w", err)
		}
		if _, err := l.s.Meetings.Create(l.ctx, proc, meeting.Input{
			Kind: meeting.Consultation, Title: "行政检察工作情况通报会", Start: weekday(day(9, 15, 0)), End: weekday(day(9, 16, 0)),
			RoomID: &l.roomIDs[1], Sensitivity: "ordinary", ConveningUnitID: proc.UnitID,
			AttendeeUserIDs: []int64{office.UserID},
		}); err != nil {
			return fmt.Errorf("briefing: %w", err)
		}
		return nil
	}
}
