package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"liaison/app/clock/clocktest"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// formValues is a valid scheduling form for a consultation of unit.
func formValues(unitID int64, title, start, end string) url.Values {
	return url.Values{"kind": {"consultation"}, "title": {title}, "convening_unit_id": {strconv.FormatInt(unitID, 10)},
		"start": {start}, "end": {end}, "location": {"三楼会议室"}, "sensitivity": {"ordinary"}, "freq": {"none"},
		"force": {"1"}} // the dates may fall on a public holiday: save despite warnings
}

// Dates relative to the pinned today (clocktest.Now, Asia/Shanghai), so
// the tests keep meaning the same whenever they run: Wn is the Wednesday n
// weeks after this week's, Wnb the Thursday after it. The forms are sent
// with force, so a holiday among them only adds a warning.
var (
	W1, W1b = wed(1, 0), wed(1, 1)
	W2, W2b = wed(2, 0), wed(2, 1)
	W3, W6  = wed(3, 0), wed(6, 0)
)

var shanghaiTZ = func() *time.Location { l, _ := time.LoadLocation("Asia/Shanghai"); return l }()

// wed is the date of the Wednesday n weeks ahead, plus days.
func wed(n, days int) string {
	now := clocktest.Now().In(shanghaiTZ)
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*n+2+days).Format("2006-01-02")
}

// plusMonths adds months to a date.
func plusMonths(date string, months int) string {
	t, _ := time.Parse("2006-01-02", date)
	return t.AddDate(0, months, 0).Format("2006-01-02")
}

// weekend finds a coming Saturday that is no make-up working day or, when
// none ahead lies within the published holiday schedule (late in its last
// year), the latest such Saturday before: days beyond the schedule warn of
// nothing.
func weekend(t *testing.T, e *webtest.Env) string {
	t.Helper()
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	for _, weeks := range [][2]int{{1, 20}, {-1, -60}} { // ahead, then back
		for n := weeks[0]; n != weeks[1]; n += weeks[0] {
			d := wed(n, 3)
			wd, err := workday.ParseDate(d)
			if err != nil {
				t.Fatal(err)
			}
			if k, err := cal.Kind(wd); err == nil && k == workday.KindWeekend {
				return d
			}
		}
	}
	t.Skip("no ordinary Saturday within the published holiday schedule")
	return ""
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
		mustContain(t, r, `name="convening_unit_id"`, fmt.Sprintf(`<option value="%d" data-py="qjcy" selected>区检察院`, d.Procuratorate.ID))
	})
	t.Run("create via form then the page shows it", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "工伤认定案件会商", W1+"T09:00", W1+"T11:00")
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
		mustContain(t, r, "工伤认定案件会商", officeWhen(W1, "09:00"), "王专家", "justice.member", "会商研判")
	})
	t.Run("recurrence becomes an RRULE", func(t *testing.T) {
		// a quarterly series from a day every month has (a 29th to 31st
		// would skip the months without it)
		q := W1b
		if q[8:] > "28" {
			q = W2b
		}
		v := formValues(d.Procuratorate.ID, "季度例会", q+"T09:00", q+"T10:00")
		v.Set("kind", "joint_meeting")
		v.Set("freq", "quarterly")
		v.Set("count", "4")
		id := createByForm(t, sec, v)
		m := e.API(d.ProcSec).Get(fmt.Sprintf("/api/v1/meetings/%d", id)).JSON(t)
		if m["rrule"] != "FREQ=MONTHLY;INTERVAL=3;COUNT=4" {
			t.Fatalf("rrule %v", m["rrule"])
		}
		r := sec.Get(fmt.Sprintf("/meetings/%d", id))
		mustContain(t, r, `id="series"`, officeWhen(plusMonths(q, 3), "09:00"), officeWhen(plusMonths(q, 9), "09:00"))
		// cancel the second occurrence only, then move the third
		orig := regexp.MustCompile(`name="original_start" value="([^"]+)"`).FindAllStringSubmatch(string(r.Body), -1)
		if len(orig) != 4 {
			t.Fatalf("%d occurrences", len(orig))
		}
		p := fmt.Sprintf("/meetings/%d/occurrences/", id)
		if r := sec.PostForm(p+"cancel", url.Values{"original_start": {html.UnescapeString(orig[1][1])}, "reason": {"与节假日冲突"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("cancel one: %d\n%s", r.Status, r.Body)
		}
		moved := plusMonths(q, 6)
		if r := sec.PostForm(p+"move", url.Values{"original_start": {html.UnescapeString(orig[2][1])}, "start": {moved + "T14:00"}, "end": {moved + "T15:00"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("move one: %d\n%s", r.Status, r.Body)
		}
		r = sec.Get(fmt.Sprintf("/meetings/%d", id))
		mustContain(t, r, `<tr class="is-cancelled">`, officeWhen(moved, "14:00"), "已调整", officeWhen(plusMonths(q, 9), "09:00"))
		if r := sec.PostForm(p+"move", url.Values{"original_start": {html.UnescapeString(orig[3][1])}, "start": {moved + "T16:00"}, "end": {moved + "T15:00"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("end before start: %d", r.Status)
		}
	})
	t.Run("422 re-renders with messages next to the fields", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "", W1+"T11:00", W1+"T09:00")
		r := sec.PostForm("/meetings", v)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		mustContain(t, r, `id="m-title" name="title" value="" maxlength="200" required aria-invalid="true"`, `value="`+W1+`T11:00"`, `class="err"`)
	})
	t.Run("a series that never ends is refused", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "每周例会", W1+"T09:00", W1+"T10:00")
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
	v := formValues(d.Procuratorate.ID, "第一次会商", W2b+"T09:00", W2b+"T11:00")
	v.Set("attendee_user_ids", strconv.FormatInt(d.JusticeMember.ID, 10))
	first := createByForm(t, sec, v)
	v.Del("force")

	v.Set("title", "第二次会商")
	v.Set("start", W2b+"T10:00")
	v.Set("end", W2b+"T12:00")
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
		sat := weekend(t, e)
		w := formValues(d.Procuratorate.ID, "周末会商", sat+"T09:00", sat+"T10:00")
		w.Del("force")
		r := sec.PostForm("/meetings", w)
		mustContain(t, r, `id="conflicts"`, sat)
	})
}

func TestMeetingPage_Edit(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	id := createByForm(t, sec, formValues(d.Procuratorate.ID, "原标题", W3+"T09:00", W3+"T10:00"))
	path := fmt.Sprintf("/meetings/%d", id)

	r := sec.Get(path + "/edit")
	mustContain(t, r, `value="原标题"`, `name="version" value="1"`, `value="`+W3+`T09:00"`)

	v := formValues(d.Procuratorate.ID, "新标题", W3+"T14:00", W3+"T15:00")
	v.Set("version", "1")
	if r := sec.PostForm(path, v); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", r.Status, r.Body)
	}
	mustContain(t, sec.Get(path), "新标题", officeWhen(W3, "14:00"))

	t.Run("stale version shows the newer state", func(t *testing.T) {
		v := formValues(d.Procuratorate.ID, "我的修改", W3+"T16:00", W3+"T17:00")
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
