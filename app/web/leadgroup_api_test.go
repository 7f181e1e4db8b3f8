package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestLeadGroup_RosterAndInvite: administrators keep the 领导小组 roster
// (audited, version-checked, positions checked); a member's 工作台 shows
// the position; a meeting invites the whole group on create or later,
// each member once.
func TestLeadGroup_RosterAndInvite(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	add := func(uid int64, pos string) webtest.Response {
		return admin.Post("/api/v1/leading-group", map[string]any{"user_id": uid, "position": pos})
	}
	r := add(d.Leader.ID, "leader")
	if r.Status != http.StatusCreated {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	var seat struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	r.Decode(t, &seat)
	if r := add(d.OfficeSec.ID, "office_head"); r.Status != http.StatusCreated {
		t.Fatalf("add office head: %d", r.Status)
	}
	if r := add(d.ProcSec.ID, "member"); r.Status != http.StatusCreated {
		t.Fatalf("add member: %d", r.Status)
	}
	if r := add(d.Leader.ID, "member"); r.Status != http.StatusConflict {
		t.Errorf("seated twice: %d", r.Status)
	}
	if r := add(d.JusticeSec.ID, "chairman"); r.Status != 422 || !strings.Contains(string(r.Body), "请选择职务") {
		t.Errorf("bad position: %d %s", r.Status, r.Body)
	}
	if r := add(999999, "member"); r.Status != 422 {
		t.Errorf("unknown user: %d", r.Status)
	}
	if r := e.API(d.OfficeSec).Post("/api/v1/leading-group", map[string]any{"user_id": d.JusticeSec.ID, "position": "member"}); r.Status != http.StatusForbidden {
		t.Errorf("non-admin adds: %d", r.Status)
	}
	path := fmt.Sprintf("/api/v1/leading-group/%d", seat.ID)
	if r := admin.Do(http.MethodPatch, path, map[string]any{"position": "deputy_leader", "version": seat.Version}); r.Status != 200 {
		t.Errorf("update: %d %s", r.Status, r.Body)
	}
	if r := admin.Do(http.MethodPatch, path, map[string]any{"position": "leader", "version": seat.Version}); r.Status != http.StatusConflict {
		t.Errorf("stale update: %d", r.Status)
	}
	var roster struct {
		Items []struct {
			Name     string `json:"name"`
			Position string `json:"position"`
		} `json:"items"`
	}
	e.API(d.AgencyAMember).Get("/api/v1/leading-group").Decode(t, &roster)
	if len(roster.Items) != 3 || roster.Items[0].Position != "deputy_leader" {
		t.Errorf("roster %+v", roster.Items)
	}
	if home := string(e.Browser(d.Leader).Get("/").Body); !strings.Contains(home, "领导小组副组长") {
		t.Error("the member's 工作台 does not show the position")
	}
	if home := string(e.Browser(d.JusticeSec).Get("/").Body); strings.Contains(home, "您是衔接工作领导小组") {
		t.Error("a non-member's 工作台 shows a position")
	}
	if page := string(e.Browser(d.Admin).Get("/admin/leading-group").Body); !strings.Contains(page, "办公室主任") {
		t.Error("the admin page lacks the roster")
	}

	// Invite the group: on create, and later to a meeting that has one member.
	day := webtest.Workday(webtest.DaysFromToday(6))
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "领导小组全体会议", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	body["invite_standing_members"] = false
	body["invite_leading_group"] = true
	m := e.CreateMeeting(e.API(d.OfficeSec), body)
	var got struct {
		Attendees []struct {
			UserID *int64 `json:"user_id"`
		} `json:"attendees"`
	}
	e.API(d.OfficeSec).Get(webtest.MeetingPath(m, "")).Decode(t, &got)
	if len(got.Attendees) != 3 {
		t.Errorf("create invited %d, want the 3 members", len(got.Attendees))
	}
	other := webtest.MeetingBody("joint_meeting", d.Office.ID, "专题会", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	other["invite_standing_members"] = false
	other["attendee_user_ids"] = []int64{d.Leader.ID}
	m2 := e.CreateMeeting(e.API(d.OfficeSec), other)
	r = e.API(d.OfficeSec).Post(webtest.MeetingPath(m2, "/attendees"), map[string]any{"invite_leading_group": true})
	var added struct {
		Items []any `json:"items"`
	}
	r.Decode(t, &added)
	if r.Status != http.StatusCreated || len(added.Items) != 2 {
		t.Errorf("invite the group later: %d, %d added (want the 2 not invited yet)", r.Status, len(added.Items))
	}
	if r := admin.Do(http.MethodDelete, path+"?version=2", nil); r.Status != http.StatusNoContent {
		t.Errorf("remove: %d %s", r.Status, r.Body)
	}
	var audit struct {
		Items []struct {
			Action string `json:"action"`
		} `json:"items"`
	}
	admin.Get("/api/v1/audit?object_type=leading_group_member&limit=50").Decode(t, &audit)
	var acts []string
	for _, a := range audit.Items {
		acts = append(acts, a.Action)
	}
	if got := strings.Join(acts, ","); !strings.Contains(got, "leadgroup.add") || !strings.Contains(got, "leadgroup.update") || !strings.Contains(got, "leadgroup.remove") {
		t.Errorf("audit: %s", got)
	}
}

// TestLeadGroup_MeetingForm: the meeting form's one checkbox invites the
// leading group.
func TestLeadGroup_MeetingForm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	if r := e.API(d.Admin).Post("/api/v1/leading-group", map[string]any{"user_id": d.JusticeSec.ID, "position": "member"}); r.Status != http.StatusCreated {
		t.Fatalf("add: %d", r.Status)
	}
	b := e.Browser(d.OfficeSec)
	if page := string(b.Get("/meetings/new").Body); !strings.Contains(page, `name="invite_leading_group"`) {
		t.Fatal("the form has no leading-group checkbox")
	}
	day := webtest.Workday(webtest.DaysFromToday(8))
	r := b.PostForm("/meetings", url.Values{"kind": {"joint_meeting"}, "title": {"领导小组会议"}, "start": {day.String() + "T09:00"}, "end": {day.String() + "T10:00"},
		"location": {"三楼会议室"}, "sensitivity": {"ordinary"}, "convening_unit_id": {fmt.Sprint(d.Office.ID)}, "invite_leading_group": {"1"}, "force": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %.500s", r.Status, r.Body)
	}
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.API(d.JusticeSec).Get("/api/v1/meetings?limit=10").Decode(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("the member was not invited: sees %d meetings", len(list.Items))
	}
}
