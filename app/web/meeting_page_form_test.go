package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// formValues is a valid scheduling form for a consultation of unit.
func formValues(unitID int64, title, start, end string) url.Values {
	return url.Values{"kind": {"consultation"}, "title": {title}, "convening_unit_id": {strconv.FormatInt(unitID, 10)},
		"start": {start}, "end": {end}, "location": {"三楼会议室"}, "sensitivity": {"ordinary"}, "freq": {"none"}}
}

var meetingLoc = regexp.MustCompile(`^/meetings/(\d+)$`)

// createByForm posts the scheduling form and returns the new meeting's id.
func createByForm(t *testing.T, c *webtest.Client, v url.Values) int64 {
	t.Helper()
	r := c.PostForm("/meetings", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: status %d\n%s", r.Status, r.Body)
	}
	m := meetingLoc.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create: redirect to %q", r.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func mustContain(t *testing.T, r webtest.Response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(string(r.Body), w) {
			t.Fatalf("status %d: page lacks %q\n%s", r.Status, w, r.Body)
		}
	}
}

func TestMeetingPage_Create(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)

	t.Run("form defaults to the secretary's unit", func(t *testing.T) {
		r := sec.Get("/meetings/new")
		mustContain(t, r, `name="convening_unit_id"`, fmt.Sprintf(`<option value="%d" selected>区检察院`, d.Procuratorate.ID))
	})
	t.Run("create via form then the page shows it", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "工伤认定案件会商", "2026-12-02T09:00", "2026-12-02T11:00")
		v.Set("attendee_user_ids", strconv.FormatInt(d.JusticeMember.ID, 10))
		v.Add("attendee_user_ids", strconv.FormatInt(d.ProcMember.ID, 10))
		v.Set("expert0_name", "王专家")
		v.Set("expert0_unit_name", "市司法局")
		v.Set("expert0_mode", "invited")
		id := createByForm(t, sec, v)
		r := sec.Get(fmt.Sprintf("/meetings/%d", id))
		if r.Status != http.StatusOK {
			t.Fatalf("show: %d", r.Status)
		}
		mustContain(t, r, "工伤认定案件会商", "2026-12-02 09:00", "王专家", "justice.member", "会商研判")
	})
	t.Run("recurrence becomes an RRULE", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "季度例会", "2026-12-03T09:00", "2026-12-03T10:00")
		v.Set("kind", "joint_meeting")
		v.Set("freq", "quarterly")
		v.Set("count", "4")
		id := createByForm(t, sec, v)
		m := e.API(d.ProcSec).Get(fmt.Sprintf("/api/v1/meetings/%d", id)).JSON(t)
		if m["rrule"] != "FREQ=MONTHLY;INTERVAL=3;COUNT=4" {
			t.Fatalf("rrule %v", m["rrule"])
		}
		r := sec.Get(fmt.Sprintf("/meetings/%d", id))
		mustContain(t, r, `id="series"`, "2027-03-03 09:00", "2027-09-03 09:00")
	})
	t.Run("422 re-renders with messages next to the fields", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "", "2026-12-02T11:00", "2026-12-02T09:00")
		r := sec.PostForm("/meetings", v)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		mustContain(t, r, `id="m-title" name="title" value="" maxlength="200" required aria-invalid="true"`, `value="2026-12-02T11:00"`, `class="err"`)
	})
	t.Run("a series that never ends is refused", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "每周例会", "2026-12-02T09:00", "2026-12-02T10:00")
		v.Set("freq", "weekly")
		r := sec.PostForm("/meetings", v)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", r.Status, r.Body)
		}
	})
	t.Run("a member may not schedule", func(t *testing.T) {
		m := e.Browser(d.ProcMember)
		if r := m.Get("/meetings/new"); r.Status != http.StatusForbidden {
			t.Fatalf("status %d", r.Status)
		}
	})
}

func TestMeetingPage_Conflicts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	v := formValues(d.Procuratorate.ID, "第一次会商", "2026-12-09T09:00", "2026-12-09T11:00")
	v.Set("attendee_user_ids", strconv.FormatInt(d.JusticeMember.ID, 10))
	first := createByForm(t, sec, v)

	v.Set("title", "第二次会商")
	v.Set("start", "2026-12-09T10:00")
	v.Set("end", "2026-12-09T12:00")
	r := sec.PostForm("/meetings", v)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.Status, r.Body)
	}
	mustContain(t, r, `id="conflicts"`, "justice.member", fmt.Sprintf(`<a href="/meetings/%d">第一次会商</a>`, first), `name="force" value="1"`)

	v.Set("force", "1")
	second := createByForm(t, sec, v)
	if second == first {
		t.Fatal("same id")
	}

	t.Run("weekend warns", func(t *testing.T) {
		w := formValues(d.Procuratorate.ID, "周末会商", "2026-12-05T09:00", "2026-12-05T10:00")
		r := sec.PostForm("/meetings", w)
		mustContain(t, r, `id="conflicts"`, "2026-12-05")
	})
}

func TestMeetingPage_Edit(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	id := createByForm(t, sec, formValues(d.Procuratorate.ID, "原标题", "2026-12-10T09:00", "2026-12-10T10:00"))
	path := fmt.Sprintf("/meetings/%d", id)

	r := sec.Get(path + "/edit")
	mustContain(t, r, `value="原标题"`, `name="version" value="1"`, `value="2026-12-10T09:00"`)

	v := formValues(d.Procuratorate.ID, "新标题", "2026-12-10T14:00", "2026-12-10T15:00")
	v.Set("version", "1")
	if r := sec.PostForm(path, v); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.Status, r.Body)
	}
	mustContain(t, sec.Get(path), "新标题", "2026-12-10 14:00")

	t.Run("stale version shows the newer state", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "我的修改", "2026-12-10T16:00", "2026-12-10T17:00")
		v.Set("version", "1")
		r := sec.PostForm(path, v)
		if r.Status != http.StatusConflict {
			t.Fatalf("status %d\n%s", r.Status, r.Body)
		}
		mustContain(t, r, `value="新标题"`, `name="version" value="2"`, `class="alert"`)
		if strings.Contains(string(r.Body), "我的修改") {
			t.Fatal("the stale input is shown instead of the newer state")
		}
	})
	t.Run("another unit's secretary gets 404", func(t *testing.T) {
		other := e.Browser(d.JusticeSec)
		if r := other.Get(path); r.Status != http.StatusNotFound {
			t.Fatalf("show: %d", r.Status)
		}
		if r := other.Get(path + "/edit"); r.Status != http.StatusNotFound {
			t.Fatalf("edit: %d", r.Status)
		}
		if r := other.PostForm(path+"/cancel", url.Values{"reason": {"x"}}); r.Status != http.StatusNotFound {
			t.Fatalf("cancel: %d", r.Status)
		}
	})
	t.Run("cancel with a reason", func(t *testing.T) {
		if r := sec.PostForm(path+"/cancel", url.Values{"reason": {"改期另行通知"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d\n%s", r.Status, r.Body)
		}
		mustContain(t, sec.Get(path), "改期另行通知", "已取消")
	})
}
