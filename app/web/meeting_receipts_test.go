package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestMeetingReceipts_ReplyBy: a meeting takes the district's default
// 回执 deadline (N working days before its start day, 17:30), an admin
// changes N, an explicit reply_by is kept, and one at or after the start
// or in the past is refused with 422 and creates nothing.
func TestMeetingReceipts_ReplyBy(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, admin := e.API(d.OfficeSec), e.API(d.Admin)
	day := webtest.Workday(webtest.DaysFromToday(17))
	start, end := webtest.At(day, 9, 30), webtest.At(day, 11, 30)
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	// wantDefault checks reply_by is 17:30 on a working day n working days
	// before the start day.
	wantDefault := func(t *testing.T, m map[string]any, n int) {
		t.Helper()
		s, _ := m["reply_by"].(string)
		rb, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatalf("reply_by %v: %v", m["reply_by"], err)
		}
		rb = rb.In(workday.Shanghai())
		rd := workday.FromTime(rb)
		between, err := cal.WorkdaysBetween(rd, day)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := cal.IsWorkday(rd); !ok || between != n || rb.Hour() != 17 || rb.Minute() != 30 {
			t.Errorf("reply_by %s (workday %v, %d working days before %s), want 17:30 %d working days before", s, ok, between, day, n)
		}
	}

	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：默认回执", start, end))
	wantDefault(t, m, 2)

	set := admin.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"reply_days": 5})
	wantStatus(t, set, http.StatusOK)
	if got := set.JSON(t)["reply_days"]; got != float64(5) {
		t.Fatalf("reply_days %v, want 5", got)
	}
	wantStatus(t, sec.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"reply_days": 1}), http.StatusForbidden)
	if r := admin.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"reply_days": 99, "approval": map[string]string{"consultation": "chair"}}); r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != "meeting.reply_days_invalid" {
		t.Fatalf("reply_days 99: %d %s", r.Status, r.Body)
	}
	g := admin.Get("/api/v1/meeting-settings").JSON(t)
	if g["reply_days"] != float64(5) || g["approval"].(map[string]any)["consultation"] != "none" {
		t.Fatalf("a refused change changed the settings: %v", g)
	}
	m5 := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：五日回执", start, end))
	wantDefault(t, m5, 5)

	explicit := webtest.At(day.AddDays(-1), 12, 0)
	b := webtest.MeetingBody("consultation", d.Office.ID, "会商：指定回执", start, end)
	b["reply_by"] = explicit
	me := e.CreateMeeting(sec, b)
	if got, _ := time.Parse(time.RFC3339, me["reply_by"].(string)); !got.Equal(webtest.Time(day.AddDays(-1), 12, 0)) {
		t.Errorf("explicit reply_by %v, want %s", me["reply_by"], explicit)
	}
	if g := sec.Get(webtest.MeetingPath(me, "")).JSON(t); g["reply_by"] != me["reply_by"] {
		t.Errorf("GET reply_by %v, want %v", g["reply_by"], me["reply_by"])
	}

	for _, c := range []struct{ at, code string }{
		{start, "meeting.reply_by_after_start"},
		{webtest.At(day, 10, 0), "meeting.reply_by_after_start"},
		{webtest.At(webtest.DaysFromToday(-1), 10, 0), "meeting.reply_by_past"},
	} {
		b := webtest.MeetingBody("consultation", d.Office.ID, "会商：错误回执", start, end)
		b["reply_by"] = c.at
		r := sec.Post("/api/v1/meetings", b)
		if r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != c.code {
			t.Errorf("reply_by %s: %d %s, want 422 %s", c.at, r.Status, r.Body, c.code)
		}
	}
	if l := sec.Get("/api/v1/meetings?when=upcoming"); strings.Contains(string(l.Body), "错误回执") {
		t.Errorf("a refused meeting was created")
	}

	// edit: a reply_by after the new start is refused; moving the meeting
	// before its deadline takes the default again
	r := sec.Do(http.MethodPatch, webtest.MeetingPath(me, ""), map[string]any{"version": me["version"], "reply_by": webtest.At(day, 12, 0)})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != "meeting.reply_by_after_start" {
		t.Errorf("patch reply_by after start: %d %s", r.Status, r.Body)
	}
	r = sec.Do(http.MethodPatch, webtest.MeetingPath(me, ""), map[string]any{"version": me["version"], "reply_by": webtest.At(day.AddDays(-2), 9, 0)})
	wantStatus(t, r, http.StatusOK)
	if got, _ := time.Parse(time.RFC3339, r.JSON(t)["reply_by"].(string)); !got.Equal(webtest.Time(day.AddDays(-2), 9, 0)) {
		t.Errorf("patched reply_by %v", r.JSON(t)["reply_by"])
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log l JOIN audit_content c ON c.entry_id = l.id
WHERE l.action = 'meeting.update' AND l.object_id = ? AND c.detail LIKE '%reply_by%'`, itoa(int64(me["id"].(float64)))); n != 1 {
		t.Errorf("%d meeting.update audit rows naming reply_by, want 1", n)
	}
}

// TestMeetingReceipts_Table: the organisers' 回执 table groups the invited
// by unit with each one's answer (委托 names the delegate), reason and
// time, counts per unit, and marks 未回复 as overdue once reply_by has
// passed (clock moved); the page shows it, the xlsx exports it; invitees
// get 403, other units 404.
func TestMeetingReceipts_Table(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	deadline := e.Clock.Now().Add(2 * time.Hour).Truncate(time.Minute)
	b := webtest.MeetingBody("consultation", d.Office.ID, "会商：回执表", mStart, mEnd)
	b["reply_by"] = deadline.Format(time.RFC3339)
	b["attendee_user_ids"] = []int64{d.ProcMember.ID, d.ProcSec.ID, d.JusticeMember.ID, d.AgencyAMember.ID}
	m := e.CreateMeeting(sec, b)
	wantStatus(t, e.API(d.ProcMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "declined", "comment": "出庭冲突"}), http.StatusOK)
	wantStatus(t, e.API(d.JusticeMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"}), http.StatusOK)

	type row struct {
		Name, Answer, Comment string
		AnsweredAt            *string `json:"answered_at"`
		Overdue               bool
	}
	type unit struct {
		UnitName string `json:"unit_name"`
		Counts   map[string]int
		Overdue  int
		Rows     []row
	}
	var got struct {
		ReplyBy string `json:"reply_by"`
		Passed  bool
		Counts  map[string]int
		Units   []unit
	}
	byUnit := func() map[string]unit {
		r := sec.Get(webtest.MeetingPath(m, "/receipts"))
		wantStatus(t, r, http.StatusOK)
		r.Decode(t, &got)
		out := map[string]unit{}
		for _, u := range got.Units {
			out[u.UnitName] = u
		}
		return out
	}
	u := byUnit()
	proc := u["区检察院"]
	if len(proc.Rows) != 2 || proc.Counts["declined"] != 1 || proc.Counts["pending"] != 1 || proc.Overdue != 0 || got.Passed {
		t.Fatalf("区检察院 before the deadline: %+v (passed %v)", proc, got.Passed)
	}
	for _, r := range proc.Rows {
		if r.Answer == "declined" && (r.Comment != "出庭冲突" || r.AnsweredAt == nil) {
			t.Errorf("the declined row lacks its reason or time: %+v", r)
		}
	}
	if j := u["区司法局"]; j.Counts["accepted"] != 1 || len(j.Rows) != 1 {
		t.Errorf("区司法局: %+v", j)
	}
	if got.Counts["pending"] != 2 || got.Counts["accepted"] != 1 || got.Counts["declined"] != 1 {
		t.Errorf("totals %v", got.Counts)
	}

	e.Clock.Advance(3 * time.Hour)
	u = byUnit()
	if !got.Passed || u["区检察院"].Overdue != 1 || u["区人社局"].Overdue != 1 || u["区司法局"].Overdue != 0 {
		t.Fatalf("after the deadline: passed %v, %+v", got.Passed, u)
	}
	for _, r := range u["区检察院"].Rows {
		if r.Overdue != (r.Answer == "pending") {
			t.Errorf("overdue marker on %+v", r)
		}
	}

	page := e.Browser(d.OfficeSec).Get(strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1))
	wantStatus(t, page, http.StatusOK)
	for _, want := range []string{`id="receipts"`, `href="#receipts"`, "逾期未回", "出庭冲突", "不参加", "区人社局", "/receipts.xlsx"} {
		if !strings.Contains(string(page.Body), want) {
			t.Errorf("the meeting page lacks %q", want)
		}
	}
	x := e.Browser(d.OfficeSec).Get(strings.Replace(webtest.MeetingPath(m, "/receipts.xlsx"), "/api/v1", "", 1))
	wantStatus(t, x, http.StatusOK)
	if !strings.HasPrefix(string(x.Body), "PK") {
		t.Errorf("receipts.xlsx is not a workbook: %q", x.Header.Get("Content-Type"))
	}

	t.Run("organisers only", func(t *testing.T) {
		wantStatus(t, e.API(d.ProcMember).Get(webtest.MeetingPath(m, "/receipts")), http.StatusForbidden)
		wantStatus(t, e.API(d.AgencyBMember).Get(webtest.MeetingPath(m, "/receipts")), http.StatusNotFound)
		wantStatus(t, e.API(d.Admin).Get(webtest.MeetingPath(m, "/receipts")), http.StatusOK)
		wantStatus(t, e.Browser(d.ProcMember).Get(strings.Replace(webtest.MeetingPath(m, "/receipts.xlsx"), "/api/v1", "", 1)), http.StatusForbidden)
		inv := e.Browser(d.ProcMember).Get(strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1))
		wantStatus(t, inv, http.StatusOK)
		if strings.Contains(string(inv.Body), `id="receipts"`) {
			t.Errorf("an invitee's meeting page shows the 回执 table")
		}
	})
}

// TestMeetingReceipts_UnitAnswers: a unit's secretary answers for its
// invited person, naming the colleague who attends (委托); the answer is
// audited as the secretary's for that person; another unit's secretary is
// refused with 403 and changes nothing.
func TestMeetingReceipts_UnitAnswers(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	colleague := e.User("proc.colleague", d.Procuratorate, "member")
	b := webtest.MeetingBody("consultation", d.Office.ID, "会商：代为回执", mStart, mEnd)
	b["attendee_user_ids"] = []int64{d.ProcMember.ID, d.JusticeMember.ID}
	m := e.CreateMeeting(sec, b)
	var aid, justiceAid int64
	for _, a := range sec.Get(webtest.MeetingPath(m, "")).JSON(t)["attendees"].([]any) {
		x := a.(map[string]any)
		switch int64(x["user_id"].(float64)) {
		case d.ProcMember.ID:
			aid = int64(x["id"].(float64))
		case d.JusticeMember.ID:
			justiceAid = int64(x["id"].(float64))
		}
	}
	path := webtest.MeetingPath(m, "/attendees/"+itoa(aid)+"/rsvp")
	body := map[string]any{"answer": "delegated", "delegate_user_id": colleague.ID, "comment": "外出办案，由同事参会"}

	if r := e.API(d.JusticeSec).Post(path, body); r.Status != http.StatusForbidden || r.ErrorCode(t) != "meeting.not_own_unit" {
		t.Fatalf("another unit's secretary: %d %s", r.Status, r.Body)
	}
	wantStatus(t, e.API(d.ProcSec).Post(webtest.MeetingPath(m, "/attendees/"+itoa(justiceAid)+"/rsvp"), map[string]any{"answer": "accepted"}), http.StatusForbidden)
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.rsvp'`); n != 0 {
		t.Fatalf("a refused answer left %d audit rows", n)
	}

	r := e.API(d.ProcSec).Post(path, body)
	wantStatus(t, r, http.StatusOK)
	if a := r.JSON(t); a["answer"] != "delegated" || a["delegate_user_id"] != float64(colleague.ID) || a["answered_at"] == nil {
		t.Fatalf("answered: %v", a)
	}
	var found bool
	for _, a := range sec.Get(webtest.MeetingPath(m, "")).JSON(t)["attendees"].([]any) {
		if x := a.(map[string]any); x["user_id"] == float64(colleague.ID) {
			found = true
		}
	}
	if !found {
		t.Errorf("the named colleague was not invited")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log l JOIN audit_content c ON c.entry_id = l.id
WHERE l.action = 'meeting.rsvp' AND l.actor_id = ? AND c.detail LIKE ?`,
		d.ProcSec.ID, "%\"for_user_id\":"+itoa(d.ProcMember.ID)+"%"); n != 1 {
		t.Errorf("%d audit rows of the secretary's answer for the person, want 1", n)
	}
	var rc struct {
		Units []struct {
			Rows []struct {
				Answer       string
				DelegateName string `json:"delegate_name"`
			}
		}
	}
	sec.Get(webtest.MeetingPath(m, "/receipts")).Decode(t, &rc)
	var shown bool
	for _, u := range rc.Units {
		for _, row := range u.Rows {
			if row.Answer == "delegated" && row.DelegateName == colleague.DisplayName {
				shown = true
			}
		}
	}
	if !shown {
		t.Errorf("the 回执 table does not show 委托 %s: %+v", colleague.DisplayName, rc)
	}
}

// TestMeetingReceipts_Reminders drives the 回执 reminders through the real
// reminder job, run by two instances at once, with the clock moved: within
// a day of reply_by those who have not answered are reminded once (in-app,
// mail, their unit's robot) and those who answered are not; after it the
// secretaries and liaisons of each unit with people still unanswered are
// told once how many; a sensitive meeting's notices carry the neutral
// line only.
func TestMeetingReceipts_Reminders(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	other := e.Sibling()
	sec, admin := e.API(d.OfficeSec), e.API(d.Admin)
	robot := newRobotReceiverOf(t, "markdown")
	wantStatus(t, admin.Do(http.MethodPut, "/api/v1/admin/units/"+itoa(d.Procuratorate.ID)+"/channels/robot",
		map[string]any{"url": robot.URL + "/cgi-bin/webhook/send?key=rc", "enabled": true, "msgtype": "markdown"}), http.StatusOK)

	deadline := e.Clock.Now().Add(30 * time.Hour).Truncate(time.Minute)
	b := webtest.MeetingBody("consultation", d.Office.ID, "会商：回执提醒", mStart, mEnd)
	b["reply_by"] = deadline.Format(time.RFC3339)
	b["attendee_user_ids"] = []int64{d.ProcMember.ID, d.ProcSec.ID, d.JusticeMember.ID, d.AgencyAMember.ID}
	m := e.CreateMeeting(sec, b)
	const canary = "回执敏感标记Z9"
	bs := webtest.MeetingBody("consultation", d.Office.ID, canary, mStart, mEnd)
	bs["sensitivity"], bs["location"], bs["reply_by"] = "sensitive", "", deadline.Format(time.RFC3339)
	bs["attendee_user_ids"] = []int64{d.AgencyBMember.ID}
	e.CreateMeeting(sec, bs)
	wantStatus(t, e.API(d.JusticeMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"}), http.StatusOK)

	notices := func(kind string, u int64) int64 {
		return count(t, e, `SELECT COUNT(*) FROM notifications WHERE kind = ? AND user_id = ?`, kind, u)
	}
	remindNow(t, e, other)
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE kind LIKE 'meeting.reply%'`); n != 0 {
		t.Fatalf("%d 回执 notices 30 hours before the deadline", n)
	}

	e.Clock.Advance(7 * time.Hour) // 23 hours before
	remindNow(t, e, other)
	remindNow(t, e, other)
	for _, u := range []int64{d.ProcMember.ID, d.ProcSec.ID, d.AgencyAMember.ID, d.AgencyBMember.ID} {
		if n := notices("meeting.reply_due", u); n != 1 {
			t.Errorf("user %d: %d reply_due notices, want 1", u, n)
		}
	}
	if n := notices("meeting.reply_due", d.JusticeMember.ID); n != 0 {
		t.Errorf("the one who answered got %d reminders", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE kind = 'meeting.reply_due' AND channel = 'robot' AND unit_id = ?`, d.Procuratorate.ID); n != 1 {
		t.Errorf("%d robot messages to 区检察院, want 1", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE kind = 'event.meeting.reply_due' AND recipient = ?`, d.ProcMember.Email); n != 1 {
		t.Errorf("%d reminder mails to proc.member, want 1", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND (title LIKE ? OR body LIKE ?)`, d.AgencyBMember.ID, "%"+canary+"%", "%"+canary+"%"); n != 0 {
		t.Errorf("a sensitive meeting's reminder carries its title")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reply_due' AND user_id = ? AND title LIKE '%回执提醒%'`, d.ProcMember.ID); n != 1 {
		t.Errorf("the reminder does not name the meeting")
	}

	wantStatus(t, e.API(d.ProcMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "declined"}), http.StatusOK)
	e.Clock.Advance(24 * time.Hour) // an hour after the deadline
	remindNow(t, e, other)
	remindNow(t, e, other)
	// 区检察院 still owes proc.sec's answer: its secretary and liaison are told, once
	for _, u := range []int64{d.ProcSec.ID, d.ProcMember.ID, d.AgencyAMember.ID} {
		if n := notices("meeting.reply_overdue", u); n != 1 {
			t.Errorf("user %d: %d reply_overdue notices, want 1", u, n)
		}
	}
	for _, u := range []int64{d.JusticeSec.ID, d.JusticeMember.ID, d.OfficeSec.ID} {
		if n := notices("meeting.reply_overdue", u); n != 0 {
			t.Errorf("user %d of a unit that answered: %d overdue notices", u, n)
		}
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.reply_overdue' AND user_id = ? AND title LIKE '1 人未回执%'`, d.ProcSec.ID); n != 1 {
		t.Errorf("the overdue notice does not say 1 人未回执")
	}
	if n := notices("meeting.reply_due", d.ProcSec.ID); n != 1 {
		t.Errorf("the reminder was given again: %d", n)
	}
}

// TestMeetingReceipts_Form: the scheduling form sets reply_by (the API
// shows it, the edit form shows it back) and a deadline after the start
// is shown in place with the localised message, creating nothing.
func TestMeetingReceipts_Form(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.OfficeSec)
	day := mDay.String()
	v := formValues(d.Office.ID, "会商：表单回执", day+"T09:30", day+"T11:30")
	v.Set("reply_by", mDay.AddDays(-1).String()+"T12:00")
	id := createByForm(t, b, v)
	m := e.API(d.OfficeSec).Get("/api/v1/meetings/" + itoa(id)).JSON(t)
	if got, _ := time.Parse(time.RFC3339, m["reply_by"].(string)); !got.Equal(webtest.Time(mDay.AddDays(-1), 12, 0)) {
		t.Errorf("reply_by from the form: %v", m["reply_by"])
	}
	edit := b.Get("/meetings/" + itoa(id) + "/edit")
	wantStatus(t, edit, http.StatusOK)
	if !strings.Contains(string(edit.Body), `name="reply_by" value="`+mDay.AddDays(-1).String()+`T12:00"`) {
		t.Errorf("the edit form does not show the deadline")
	}
	bad := formValues(d.Office.ID, "会商：表单错误回执", day+"T09:30", day+"T11:30")
	bad.Set("reply_by", day+"T10:00")
	r := b.PostForm("/meetings", bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.Body), "回执截止时间须早于会议开始时间") {
		t.Errorf("the form does not show the localised error")
	}
}

// TestMeetingReceipts_SettingsPage: the admin page sets the default
// deadline through the API's service method; out of range is shown in
// place and changes nothing.
func TestMeetingReceipts_SettingsPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)
	page := b.Get("/admin/meeting-settings")
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(string(page.Body), `name="reply_days" min="0" max="20" value="2"`) {
		t.Fatalf("the settings page lacks the default deadline field")
	}
	r := b.PostForm("/admin/meeting-settings", url.Values{"reply_days": {"21"}, "approval_consultation": {"chair"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.Body), "回执截止须为会前 0 至 20 个工作日") || !strings.Contains(string(r.Body), `value="21"`) {
		t.Errorf("the refused value is not shown in place with its message")
	}
	if g := e.API(d.Admin).Get("/api/v1/meeting-settings").JSON(t); g["reply_days"] != float64(2) || g["approval"].(map[string]any)["consultation"] != "none" {
		t.Errorf("a refused form changed the settings: %v", g)
	}
	wantStatus(t, b.PostForm("/admin/meeting-settings", url.Values{"reply_days": {"3"}}), http.StatusSeeOther)
	if g := e.API(d.Admin).Get("/api/v1/meeting-settings").JSON(t); g["reply_days"] != float64(3) {
		t.Errorf("reply_days %v after the form, want 3", g["reply_days"])
	}
}
