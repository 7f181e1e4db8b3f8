package meeting_test

import (
	"testing"
	"time"

	"liaison/app/clock/clocktest"
	"liaison/app/db/dbtest"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// TestService_DecisionItemsReceivedOnMeetingDay: the units received the
// duties a meeting decided on the meeting's day, so the action items its
// confirmed minutes create carry that day as received_on however late the
// minutes are confirmed (the scoreboard counts them in the meeting's month).
func TestService_DecisionItemsReceivedOnMeetingDay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	clk := dbtest.Clock(t, f.db)
	sh := workday.Shanghai()
	now := clocktest.Now().In(sh)
	meetingDay := time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, sh).AddDate(0, 0, -40)
	clk.Set(meetingDay.AddDate(0, 0, -7)) // scheduled a week before
	off, proc := f.as(f.officeSec), f.as(f.procSec)
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: meetingDay, End: meetingDay.Add(2 * time.Hour), CoUnitIDs: []int64{f.proc.ID}})
	clk.Set(now) // the minutes are confirmed 40 days later
	due := workday.FromTime(now).AddDays(30)
	in := meeting.MinutesInput{Body: "会议纪要", Decisions: []meeting.DecisionInput{{Text: "限期整改", ActionItems: []meeting.ActionInput{
		{Title: "整改", ResponsibleUnitID: f.agency.ID, DueOn: due},
	}}}}
	if _, err := f.svc.SaveMinutes(f.ctx, off, m.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignOff(f.ctx, proc, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmMinutes(f.ctx, off, m.ID); err != nil {
		t.Fatal(err)
	}
	var received string
	if err := f.db.Conn(f.ctx).Raw("SELECT received_on FROM action_items WHERE source_kind = 'decision'").Scan(&received).Error; err != nil {
		t.Fatal(err)
	}
	if want := workday.FromTime(meetingDay).String(); received != want {
		t.Errorf("received_on %s, want the meeting's day %s", received, want)
	}
}
