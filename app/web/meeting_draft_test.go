package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// sends counts what a meeting step may send: outbox rows (mail, channel
// messages), in-app notices, and what the invitation reconciler would send.
func sends(t *testing.T, e *webtest.Env) (outboxRows, notices int64) {
	t.Helper()
	conn := e.DB.Conn(e.Ctx())
	if err := conn.Raw(`SELECT COUNT(*) FROM outbox`).Scan(&outboxRows).Error; err != nil {
		t.Fatal(err)
	}
	if err := conn.Raw(`SELECT COUNT(*) FROM notifications`).Scan(&notices).Error; err != nil {
		t.Fatal(err)
	}
	return outboxRows, notices
}

// TestMeetingDraft: a draft is invisible to its invitee (GET, list, feed,
// to-do) and silent (no mail, notice or channel message, also when
// edited); 发布 sends the invitations once and a second 发布 is refused.
func TestMeetingDraft(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	member := e.API(d.ProcMember)
	furl, _ := myFeed(t, member)
	fpath := feedPath(t, furl)
	feedBefore := member.Get(fpath)
	wantStatus(t, feedBefore, http.StatusOK)

	body := webtest.MeetingBody("consultation", d.Office.ID, "草稿会商：案卷自查", mStart, mEnd)
	body["status"] = "draft"
	body["attendee_user_ids"] = []int64{d.ProcMember.ID}
	r := sec.Post("/api/v1/meetings", body)
	wantStatus(t, r, http.StatusCreated)
	m := r.JSON(t)
	if m["status"] != "draft" || m["published_at"] != nil {
		t.Fatalf("created %v published_at %v, want a draft", m["status"], m["published_at"])
	}
	reconcile(t, e)
	o0, n0 := sends(t, e)
	if o0 != 0 || n0 != 0 {
		t.Fatalf("a draft sent %d outbox rows and %d notices", o0, n0)
	}

	t.Run("invisible to the invitee", func(t *testing.T) {
		wantStatus(t, member.Get(webtest.MeetingPath(m, "")), http.StatusNotFound)
		wantStatus(t, e.API(d.ProcSec).Get(webtest.MeetingPath(m, "")), http.StatusNotFound)
		if l := member.Get("/api/v1/meetings?when=upcoming"); strings.Contains(string(l.Body), "案卷自查") {
			t.Errorf("the invitee's list shows the draft: %s", l.Body)
		}
		f := member.Get(fpath)
		wantStatus(t, f, http.StatusOK)
		if strings.Contains(string(f.Body), "案卷自查") || f.Header.Get("ETag") != feedBefore.Header.Get("ETag") {
			t.Errorf("the invitee's feed changed with a draft (etag %q → %q)", feedBefore.Header.Get("ETag"), f.Header.Get("ETag"))
		}
		if td := member.Get("/api/v1/me/todo"); strings.Contains(string(td.Body), "案卷自查") {
			t.Errorf("the invitee's to-do shows the draft")
		}
		wantStatus(t, member.Get(strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1)), http.StatusNotFound)
		for _, p := range []string{"/api/v1/dashboard", "/api/v1/meetings/events?from=" + url.QueryEscape(mAt(-1, 0, 0)) + "&to=" + url.QueryEscape(mAt(2, 0, 0))} {
			r := member.Get(p)
			wantStatus(t, r, http.StatusOK)
			if strings.Contains(string(r.Body), "案卷自查") || strings.Contains(string(r.Body), `"meeting_id":`+itoa(int64(m["id"].(float64)))) {
				t.Errorf("%s shows the draft: %s", p, r.Body)
			}
		}
		unitFeed := e.API(d.ProcSec).Get("/api/v1/me/unit_feed")
		wantStatus(t, unitFeed, http.StatusOK)
		var l struct{ URL string }
		unitFeed.Decode(t, &l)
		if f := member.Get(feedPath(t, l.URL)); f.Status != http.StatusOK || strings.Contains(string(f.Body), "案卷自查") {
			t.Errorf("the invitee's unit feed (%d) shows the draft", f.Status)
		}
		// and the organiser's own unit feed neither: feeds carry issued meetings only
		sf := sec.Get("/api/v1/me/unit_feed")
		wantStatus(t, sf, http.StatusOK)
		sf.Decode(t, &l)
		if f := sec.Get(feedPath(t, l.URL)); f.Status != http.StatusOK || strings.Contains(string(f.Body), "案卷自查") {
			t.Errorf("the organiser's unit feed (%d) shows the draft", f.Status)
		}
	})

	t.Run("seen by its organiser", func(t *testing.T) {
		wantStatus(t, sec.Get(webtest.MeetingPath(m, "")), http.StatusOK)
		if l := sec.Get("/api/v1/meetings?when=upcoming"); !strings.Contains(string(l.Body), "案卷自查") {
			t.Errorf("the organiser's list lacks the draft")
		}
		page := sec.Get(strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1))
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(string(page.Body), "草稿") || !strings.Contains(string(page.Body), "/publish") {
			t.Errorf("the meeting page shows no 草稿 state or 发布 button")
		}
	})

	t.Run("editing a draft sends nothing", func(t *testing.T) {
		r := sec.Do(http.MethodPatch, webtest.MeetingPath(m, ""), map[string]any{"version": m["version"], "location": "第二会议室"})
		wantStatus(t, r, http.StatusOK)
		m = r.JSON(t)
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.JusticeMember.ID, "role": "required"}), http.StatusCreated)
		m = sec.Get(webtest.MeetingPath(m, "")).JSON(t)
		if n := reconcile(t, e); n != 0 {
			t.Errorf("reconcile sent %d for a draft", n)
		}
		if o, n := sends(t, e); o != 0 || n != 0 {
			t.Errorf("editing a draft sent %d outbox rows and %d notices", o, n)
		}
		if c := sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"version": m["version"]}); c.Status != http.StatusConflict || c.ErrorCode(t) != "meeting.draft_cancel" {
			t.Errorf("cancelling a draft: %d %s", c.Status, c.Body)
		}
	})

	t.Run("发布 sends once", func(t *testing.T) {
		wantStatus(t, member.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]}), http.StatusNotFound)
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": 1}), http.StatusConflict)
		r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]})
		wantStatus(t, r, http.StatusOK)
		p := r.JSON(t)
		if p["status"] != "scheduled" || p["published_at"] == nil {
			t.Fatalf("published: %v %v", p["status"], p["published_at"])
		}
		if n := reconcile(t, e); n != 2 {
			t.Errorf("reconcile sent %d invitations, want 2", n)
		}
		if got := outbox(t, e, d.ProcMember.Email); len(got) != 1 {
			t.Errorf("%d mails to the invitee, want 1", len(got))
		}
		_, notices := sends(t, e)
		if notices == 0 {
			t.Errorf("发布 left no inbox notice")
		}
		wantStatus(t, member.Get(webtest.MeetingPath(m, "")), http.StatusOK)
		if f := member.Get(fpath); !strings.Contains(string(f.Body), "案卷自查") {
			t.Errorf("the published meeting is not in the invitee's feed")
		}
		var l struct{ URL string }
		e.API(d.ProcSec).Get("/api/v1/me/unit_feed").Decode(t, &l)
		if f := member.Get(feedPath(t, l.URL)); !strings.Contains(string(f.Body), "案卷自查") {
			t.Errorf("the published meeting is not in the invitee's unit feed")
		}
		o1, n1 := sends(t, e)
		again := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": p["version"]})
		if again.Status != http.StatusConflict || again.ErrorCode(t) != "meeting.not_draft" {
			t.Errorf("second 发布: %d %s", again.Status, again.Body)
		}
		if n := reconcile(t, e); n != 0 {
			t.Errorf("second 发布 made reconcile send %d", n)
		}
		if o2, n2 := sends(t, e); o2 != o1 || n2 != n1 {
			t.Errorf("second 发布 sent: outbox %d → %d, notices %d → %d", o1, o2, n1, n2)
		}
	})

	t.Run("no status keeps today's behaviour", func(t *testing.T) {
		r := sec.Post("/api/v1/meetings", webtest.MeetingBody("consultation", d.Office.ID, "立即通知", mStart, mEnd))
		wantStatus(t, r, http.StatusCreated)
		if s := r.JSON(t)["status"]; s != "scheduled" {
			t.Errorf("status %v", s)
		}
		bad := webtest.MeetingBody("consultation", d.Office.ID, "x", mStart, mEnd)
		bad["status"] = "cancelled"
		if r := sec.Post("/api/v1/meetings", bad); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("status cancelled on create: %d", r.Status)
		}
	})
}

// TestMeetingDraftPage: the form's 保存草稿 saves a draft; the page's 发布
// issues it through the same service method.
func TestMeetingDraftPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.OfficeSec)
	v := url.Values{"kind": {"consultation"}, "title": {"页面草稿"}, "start": {mDate(0) + "T09:30"}, "end": {mDate(0) + "T11:30"},
		"location": {"会议室"}, "sensitivity": {"ordinary"}, "convening_unit_id": {itoa(d.Office.ID)}, "status": {"draft"}}
	r := sec.PostForm("/meetings", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create draft: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	api := e.API(d.OfficeSec)
	m := api.Get("/api/v1" + loc).JSON(t)
	if m["status"] != "draft" {
		t.Fatalf("form saved %v, want draft", m["status"])
	}
	r = sec.PostForm(loc+"/publish", url.Values{"version": {itoa(int64(m["version"].(float64)))}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("发布 button: %d %s", r.Status, r.Body)
	}
	if s := api.Get("/api/v1" + loc).JSON(t)["status"]; s != "scheduled" {
		t.Errorf("after 发布: %v", s)
	}
}

// TestMeetingDraftApproval: with the chair's approval required, 发布
// without it is 422, a non-chair cannot approve (403), the chair (of
// another unit, who sees the draft once asked) can, and then 发布
// succeeds.
func TestMeetingDraftApproval(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, sec := e.API(d.Admin), e.API(d.OfficeSec)
	wantStatus(t, sec.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"consultation": "chair"}}), http.StatusForbidden)
	if r := admin.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"consultation": "anyone"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad rule: %d", r.Status)
	}
	r := admin.Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"consultation": "chair"}})
	wantStatus(t, r, http.StatusOK)
	page := e.Browser(d.Admin).Get("/admin/meeting-settings")
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(string(page.Body), `<option value="chair" selected>主持人审批`) {
		t.Errorf("the settings page does not show the consultation's rule")
	}
	if r := e.Browser(d.Admin).PostForm("/admin/meeting-settings", url.Values{"approval_joint_meeting": {"anyone"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad rule on the page: %d", r.Status)
	}

	body := webtest.MeetingBody("consultation", d.Office.ID, "须审批的会商", mStart, mEnd)
	body["status"], body["chair_user_id"] = "draft", d.JusticeSec.ID
	m := e.CreateMeeting(sec, body)
	chair := e.API(d.JusticeSec)
	wantStatus(t, chair.Get(webtest.MeetingPath(m, "")), http.StatusNotFound) // not asked yet
	if r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]}); r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != "meeting.approval_required" {
		t.Fatalf("发布 without approval: %d %s", r.Status, r.Body)
	}
	r = sec.Post(webtest.MeetingPath(m, "/approval"), map[string]any{"version": m["version"]})
	wantStatus(t, r, http.StatusOK)
	m = r.JSON(t)
	if m["approval"] != "pending" {
		t.Fatalf("approval %v", m["approval"])
	}
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "approve"}), http.StatusForbidden)
	wantStatus(t, e.API(d.ProcMember).Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "approve"}), http.StatusNotFound)
	wantStatus(t, chair.Get(webtest.MeetingPath(m, "")), http.StatusOK) // asked: the chair may read it
	wantStatus(t, chair.Post(webtest.MeetingPath(m, "/publish"), map[string]any{}), http.StatusForbidden)
	r = chair.Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "return", "reason": "议题不全"})
	wantStatus(t, r, http.StatusOK)
	m = r.JSON(t)
	if r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("发布 of a returned draft: %d", r.Status)
	}
	m = sec.Post(webtest.MeetingPath(m, "/approval"), map[string]any{"version": m["version"]}).JSON(t)
	r = chair.Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "approve", "version": m["version"]})
	wantStatus(t, r, http.StatusOK)
	m = r.JSON(t)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]}), http.StatusOK)

	var steps []string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT action FROM audit_log WHERE object_type = 'meeting' AND object_id = ? ORDER BY id`, itoa(int64(m["id"].(float64)))).Scan(&steps).Error; err != nil {
		t.Fatal(err)
	}
	want := "meeting.create meeting.approval.request meeting.approval.return meeting.approval.request meeting.approval.approve meeting.publish"
	if got := strings.Join(steps, " "); got != want {
		t.Errorf("audit steps\n got %s\nwant %s", got, want)
	}
}

// TestMeetingDraftApprovalPages: on the meeting page the organiser asks
// (提交审批, no 发布 button before approval), the chair of another unit
// opens the draft and approves it, and the 发布 button appears.
func TestMeetingDraftApprovalPages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	wantStatus(t, e.API(d.Admin).Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"joint_meeting": "chair"}}), http.StatusOK)
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "联席会议（待审批）", mStart, mEnd)
	body["status"], body["chair_user_id"], body["invite_standing_members"] = "draft", d.JusticeSec.ID, false
	m := e.CreateMeeting(e.API(d.OfficeSec), body)
	page := strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1)
	sec, chair := e.Browser(d.OfficeSec), e.Browser(d.JusticeSec)
	show := sec.Get(page)
	if b := string(show.Body); !strings.Contains(b, page+"/approval\"") || strings.Contains(b, page+"/publish\"") {
		t.Fatalf("before approval the page must offer 提交审批 and not 发布")
	}
	if r := sec.PostForm(page+"/approval", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("提交审批: %d %s", r.Status, r.Body)
	}
	if b := string(sec.Get(page).Body); !strings.Contains(b, "待审批") {
		t.Errorf("the page does not show 待审批")
	}
	cp := chair.Get(page)
	wantStatus(t, cp, http.StatusOK)
	if !strings.Contains(string(cp.Body), page+"/approval/decision") {
		t.Fatalf("the chair is offered no decision")
	}
	if r := chair.PostForm(page+"/approval/decision", url.Values{"version": {"2"}, "decision": {"return"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a return without a reason: %d", r.Status)
	}
	if r := chair.PostForm(page+"/approval/decision", url.Values{"version": {"2"}, "decision": {"approve"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if b := string(sec.Get(page).Body); !strings.Contains(b, page+"/publish\"") || !strings.Contains(b, "已审批") {
		t.Errorf("after approval the page must offer 发布 and show 已审批")
	}
}

// TestMeetingDraftRoom: a draft books nothing, so an exclusive room can be
// taken meanwhile; 发布 then finds the clash (409) and sends nothing; a
// draft has no check-in or minutes.
func TestMeetingDraftRoom(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	room := exclusiveRoom(t, e.API(d.Admin), "草稿会议室")
	body := webtest.MeetingBody("consultation", d.Office.ID, "草稿占用会议室", mStart, mEnd)
	body["status"], body["room_id"], body["attendee_user_ids"] = "draft", room, []int64{d.ProcMember.ID}
	m := e.CreateMeeting(sec, body)
	if r := sec.Do(http.MethodPut, webtest.MeetingPath(m, "/minutes"), map[string]any{"body": "x"}); r.Status != http.StatusConflict || r.ErrorCode(t) != "meeting.draft_not_held" {
		t.Errorf("minutes of a draft: %d %s", r.Status, r.Body)
	}
	other := webtest.MeetingBody("consultation", d.Office.ID, "先发布的会商", mStart, mEnd)
	other["room_id"] = room
	e.CreateMeeting(sec, other)
	reconcile(t, e)
	o0, n0 := sends(t, e)
	r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]})
	if r.Status != http.StatusConflict || r.ErrorCode(t) != "meeting.room_exclusive" {
		t.Fatalf("发布 into a taken exclusive room: %d %s", r.Status, r.Body)
	}
	if n := reconcile(t, e); n != 0 {
		t.Errorf("a refused 发布 sent %d", n)
	}
	if o, n := sends(t, e); o != o0 || n != n0 {
		t.Errorf("a refused 发布 sent: outbox %d → %d, notices %d → %d", o0, o, n0, n)
	}
	if s := sec.Get(webtest.MeetingPath(m, "")).JSON(t)["status"]; s != "draft" {
		t.Errorf("after a refused 发布: %v", s)
	}
}
