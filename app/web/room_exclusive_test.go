package web_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"liaison/app/web/webtest"
)

// exclusiveRoom makes a room that may not be double-booked.
func exclusiveRoom(t *testing.T, admin *webtest.Client, name string) any {
	t.Helper()
	r := admin.Post("/api/v1/rooms", map[string]any{"name": name, "capacity": 12, "exclusive": true})
	wantStatus(t, r, 201)
	if r.JSON(t)["exclusive"] != true {
		t.Fatalf("room not exclusive: %s", r.Body)
	}
	return r.JSON(t)["id"]
}

// meetingCount counts the meetings titled title.
func meetingCount(t *testing.T, e *webtest.Env, title string) int64 {
	t.Helper()
	var n int64
	if err := e.DB.Conn(e.Ctx()).Table("meetings").Where("title = ?", title).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRoomExclusive_RefusesClash(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, sec, proc := e.API(d.Admin), e.API(d.OfficeSec), e.API(d.ProcSec)
	room := exclusiveRoom(t, admin, "常委会议室")

	ab := webtest.MeetingBody("joint_meeting", d.Office.ID, "占用会议室的会议", mStart, mEnd)
	ab["room_id"] = room
	e.CreateMeeting(sec, ab)

	bb := webtest.MeetingBody("consultation", d.Procuratorate.ID, "冲突的会商", mAt(0, 10, 0), mAt(0, 12, 0))
	bb["room_id"] = room
	ae := wantError(t, proc.Post("/api/v1/meetings", bb), 409, "meeting.room_exclusive")
	if !strings.Contains(ae.Message, "“占用会议室的会议”") || !strings.Contains(ae.Message, "（星期") || !strings.Contains(ae.Message, "09:30–11:30") {
		t.Errorf("message does not name the clash: %q", ae.Message)
	}
	if n := meetingCount(t, e, "冲突的会商"); n != 0 {
		t.Errorf("refused meeting stored %d times", n)
	}
	en := proc.On(e)
	en.Header.Set("Accept-Language", "en")
	if ae := wantError(t, en.Post("/api/v1/meetings", bb), 409, "meeting.room_exclusive"); !strings.Contains(ae.Message, "double-booked") || !strings.Contains(ae.Message, "09:30–11:30") {
		t.Errorf("English message %q", ae.Message)
	}

	// a classified booking the caller may not see is named neutrally
	cb := webtest.MeetingBody("joint_meeting", d.Office.ID, "机密专题会", mAt(1, 9, 0), mAt(1, 10, 0))
	cb["room_id"], cb["sensitivity"], cb["invite_standing_members"] = room, "classified", false
	e.CreateMeeting(sec, cb)
	pb := webtest.MeetingBody("consultation", d.Procuratorate.ID, "撞上涉密的会商", mAt(1, 9, 30), mAt(1, 10, 30))
	pb["room_id"] = room
	ae = wantError(t, proc.Post("/api/v1/meetings", pb), 409, "meeting.room_exclusive")
	if !strings.Contains(ae.Message, "涉密会议") || strings.Contains(ae.Message, "机密专题会") {
		t.Errorf("classified clash message %q", ae.Message)
	}

	// moving a meeting onto the booking is refused and changes nothing
	mv := e.CreateMeeting(sec, webtest.MeetingBody("joint_meeting", d.Office.ID, "下午的会", mAt(0, 14, 0), mAt(0, 15, 0)))
	before := getMeeting(t, sec, mv)
	patch := map[string]any{"room_id": room, "start": mAt(0, 11, 0), "end": mAt(0, 12, 0), "version": before.Version}
	wantError(t, sec.Do("PATCH", webtest.MeetingPath(mv, ""), patch), 409, "meeting.room_exclusive")
	if after := getMeeting(t, sec, mv); after.Version != before.Version {
		t.Errorf("refused move changed the meeting: version %d → %d", before.Version, after.Version)
	}
	// so is moving one occurrence of a series onto it
	sb := webtest.MeetingBody("joint_meeting", d.Office.ID, "周例会", mAt(7, 14, 0), mAt(7, 15, 0))
	sb["room_id"], sb["rrule"] = room, "FREQ=WEEKLY;COUNT=2"
	series := e.CreateMeeting(sec, sb)
	wantError(t, sec.Post(webtest.MeetingPath(series, "/occurrences/move"), map[string]any{"original_start": mAt(7, 14, 0), "start": mAt(0, 9, 0), "end": mAt(0, 10, 0)}), 409, "meeting.room_exclusive")
	// a free slot is fine, and ending at the other's start is no overlap
	wantStatus(t, sec.Post(webtest.MeetingPath(series, "/occurrences/move"), map[string]any{"original_start": mAt(7, 14, 0), "start": mAt(0, 8, 30), "end": mAt(0, 9, 30)}), 200)

	// a room without the setting still only warns
	r := admin.Post("/api/v1/rooms", map[string]any{"name": "小会议室"})
	wantStatus(t, r, 201)
	plain := r.JSON(t)["id"]
	if r.JSON(t)["exclusive"] != false {
		t.Errorf("new room exclusive by default: %s", r.Body)
	}
	ab["room_id"], bb["room_id"] = plain, plain
	e.CreateMeeting(sec, ab)
	b := e.CreateMeeting(proc, bb)
	if s := fmt.Sprint(b["warnings"]); !strings.Contains(s, "meeting.conflict_room") {
		t.Errorf("non-exclusive room: warnings %s", s)
	}
	// turning the setting on is version-checked and shows on the room
	r = admin.Get(fmt.Sprintf("/api/v1/rooms/%v", plain))
	v := r.JSON(t)["version"]
	wantError(t, admin.Do("PATCH", fmt.Sprintf("/api/v1/rooms/%v", plain), map[string]any{"name": "小会议室", "exclusive": true, "version": 99}), 409, "")
	r = admin.Do("PATCH", fmt.Sprintf("/api/v1/rooms/%v", plain), map[string]any{"name": "小会议室", "exclusive": true, "version": v})
	wantStatus(t, r, 200)
	if r = admin.Get(fmt.Sprintf("/api/v1/rooms/%v", plain)); r.JSON(t)["exclusive"] != true {
		t.Errorf("exclusive not saved: %s", r.Body)
	}
}

// Two instances booking the same slot of an exclusive room at once: exactly
// one wins, the others get the 409.
func TestRoomExclusive_ConcurrentCreates(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	room := exclusiveRoom(t, e.API(d.Admin), "抢订会议室")
	other := e.Sibling()
	clients := []*webtest.Client{e.API(d.OfficeSec), e.API(d.OfficeSec).On(other)}
	const n = 10
	codes := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{}) // all requests leave together
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := webtest.MeetingBody("joint_meeting", d.Office.ID, fmt.Sprintf("抢订%d", i), mAt(2, 9, 0), mAt(2, 10, 0))
			b["room_id"] = room
			<-start
			codes[i] = clients[i%2].Post("/api/v1/meetings", b).Status
		}()
	}
	close(start)
	wg.Wait()
	won, lost := 0, 0
	for _, c := range codes {
		switch c {
		case 201:
			won++
		case 409:
			lost++
		}
	}
	if won != 1 || lost != n-1 {
		t.Fatalf("statuses %v: want one 201 and %d 409", codes, n-1)
	}
}
