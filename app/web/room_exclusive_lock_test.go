package web_test

import (
	"context"
	"testing"
	"time"

	"liaison/app/db"
	"liaison/app/meeting"
	"liaison/app/web/webtest"
)

// A booking of an exclusive room waits on the room's row lock while another
// transaction holding a booking of the same slot is open, and is refused
// once that one commits: the guard does not depend on lucky timing.
func TestRoomExclusive_SecondBookingWaitsForFirst(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	if e.DB.Dialect != db.Postgres {
		t.Skip("row locks are a PostgreSQL matter; SQLite has one writer")
	}
	d := e.District()
	room := int64(exclusiveRoom(t, e.API(d.Admin), "锁测试会议室").(float64))
	start, _ := time.Parse(time.RFC3339, mAt(3, 9, 0))
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- e.DB.WithTx(e.Ctx(), func(ctx context.Context) error {
			in := meeting.Input{Kind: meeting.JointMeeting, Title: "先订的会", Start: start, End: start.Add(time.Hour),
				ConveningUnitID: d.Office.ID, RoomID: &room, Location: webtest.DefaultLocation}
			if _, err := e.Deps.Meetings.Create(ctx, e.Actor(d.OfficeSec), in); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	b := webtest.MeetingBody("joint_meeting", d.Office.ID, "后订的会", mAt(3, 9, 30), mAt(3, 10, 30))
	b["room_id"] = room
	status := make(chan int, 1)
	sec := e.API(d.OfficeSec)
	go func() { status <- sec.Post("/api/v1/meetings", b).Status }()
	select {
	case s := <-status:
		close(release)
		t.Fatalf("second booking answered %d while the first was still open", s)
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := <-status; s != 409 {
		t.Errorf("second booking after the first committed: %d, want 409", s)
	}
}
