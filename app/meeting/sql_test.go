package meeting_test

import (
	"fmt"
	"testing"

	"liaison/app/meeting"
)

// TestSQL_FragmentsAgreeWithTheStates: the conditions other areas put in
// their queries pick exactly the states the package means, on real rows
// of every state and answer.
func TestSQL_FragmentsAgreeWithTheStates(t *testing.T) {
	f := newFixture(t)
	held := map[meeting.Status]bool{meeting.Draft: false, meeting.Scheduled: true, meeting.Cancelled: false}
	for st := range held {
		m := f.create(f.procSec, meeting.Input{Start: at(1, 10, 9, 0), End: at(1, 10, 10, 0), Title: string(st)})
		if err := f.db.Conn(f.ctx).Exec(`UPDATE meetings SET status = ? WHERE id = ?`, st, m.ID).Error; err != nil {
			t.Fatal(err)
		}
	}
	for st, want := range held {
		n := f.count(`SELECT COUNT(*) FROM meetings m WHERE m.title = ? AND `+meeting.SQLHeld("m"), string(st))
		if (n == 1) != want {
			t.Errorf("SQLHeld on a %s meeting: %d rows", st, n)
		}
	}
	attends := map[meeting.Answer]bool{meeting.Pending: true, meeting.Accepted: true, meeting.Tentative: true, meeting.Declined: false, meeting.Delegated: false}
	m := f.create(f.officeSec, meeting.Input{Kind: meeting.JointMeeting, Start: at(1, 11, 9, 0), End: at(1, 11, 10, 0)})
	var ids []int64
	if err := f.db.Conn(f.ctx).Raw(`SELECT id FROM meeting_attendees WHERE meeting_id = ? ORDER BY id`, m.ID).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatal("the joint meeting invited nobody")
	}
	for ans, want := range attends { // one invitee, answering each way in turn
		if err := f.db.Conn(f.ctx).Exec(`UPDATE meeting_attendees SET answer = ? WHERE id = ?`, ans, ids[0]).Error; err != nil {
			t.Fatal(err)
		}
		n := f.count(fmt.Sprintf(`SELECT COUNT(*) FROM meeting_attendees a WHERE a.id = %d AND `, ids[0]) + meeting.SQLAttends("a"))
		if (n == 1) != want {
			t.Errorf("SQLAttends on answer %s: %d rows", ans, n)
		}
	}
}
