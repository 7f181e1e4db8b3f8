package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestMeetingPage_List(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	for i := range 3 {
		v := formValues(d.Procuratorate.ID, fmt.Sprintf("会商%d号", i+1), wed(2, i)+"T09:00", wed(2, i)+"T10:00")
		if i == 0 {
			v.Set("attendee_user_ids", id64(d.JusticeMember.ID))
		}
		createByForm(t, sec, v)
	}
	lastYear := webtest.DaysFromToday(-365).String()
	v := formValues(d.Procuratorate.ID, "去年的联席会议", lastYear+"T09:00", lastYear+"T10:00")
	v.Set("kind", "joint_meeting")
	v.Set("force", "1")
	createByForm(t, sec, v)

	t.Run("upcoming, in time order, with kind, unit and place", func(t *testing.T) {
		r := sec.Get("/meetings")
		mustContain(t, r, "会商1号", "会商3号", officeWhen(W2, "09:00"), "区检察院", "三楼会议室", "会商研判")
		if strings.Contains(string(r.Body), "去年的联席会议") {
			t.Fatal("a past meeting in upcoming")
		}
		if strings.Index(string(r.Body), "会商1号") > strings.Index(string(r.Body), "会商2号") {
			t.Fatal("not in time order")
		}
	})
	t.Run("past", func(t *testing.T) {
		mustContain(t, sec.Get("/meetings?tab=past"), "去年的联席会议")
	})
	t.Run("mine shows my answer", func(t *testing.T) {
		m := e.Browser(d.JusticeMember)
		r := m.Get("/meetings?tab=mine")
		mustContain(t, r, "会商1号", "未答复")
		if strings.Contains(string(r.Body), "会商2号") {
			t.Fatal("a meeting I am not invited to under mine")
		}
	})
	t.Run("filters", func(t *testing.T) {
		r := sec.Get("/meetings?tab=past&kind=consultation")
		if strings.Contains(string(r.Body), "去年的联席会议") {
			t.Fatal("kind filter")
		}
		r = sec.Get("/meetings?q=" + url.QueryEscape("2号"))
		if !strings.Contains(string(r.Body), "会商2号") || strings.Contains(string(r.Body), "会商1号") {
			t.Fatal("text filter")
		}
		r = sec.Get(fmt.Sprintf("/meetings?unit_id=%d", d.Justice.ID))
		if strings.Contains(string(r.Body), "会商1号") {
			t.Fatal("unit filter")
		}
		if r := sec.Get("/meetings?kind=party"); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad kind: %d", r.Status)
		}
	})
	t.Run("keyset pagination", func(t *testing.T) {
		r := sec.Get("/meetings?limit=2")
		mustContain(t, r, "会商1号", "会商2号", `rel="next"`)
		m := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindSubmatch(r.Body)
		if m == nil {
			t.Fatal("no next link")
		}
		next := strings.ReplaceAll(string(m[1]), "&amp;", "&")
		r2 := sec.Get(next)
		mustContain(t, r2, "会商3号")
		if strings.Contains(string(r2.Body), "会商1号") {
			t.Fatalf("page 2 repeats page 1: %s\n%s", next, r2.Body)
		}
	})
	t.Run("another unit's member does not see them", func(t *testing.T) {
		r := e.Browser(d.AgencyAMember).Get("/meetings")
		if strings.Contains(string(r.Body), "会商2号") {
			t.Fatal("visible to an agency")
		}
	})
}

func TestCalendarPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	justice := e.Browser(d.JusticeSec)
	v := formValues(d.Justice.ID, "涉密会商", W2+"T09:00", W2+"T10:00")
	v.Set("sensitivity", "classified")
	v.Set("location", "")
	secret := createByForm(t, justice, v)
	v = formValues(d.Justice.ID, "普通会商", W2b+"T09:00", W2b+"T10:00")
	v.Set("attendee_user_ids", id64(d.ProcSec.ID))
	open := createByForm(t, justice, v)

	t.Run("page loads the vendored calendar without inline script", func(t *testing.T) {
		r := justice.Get("/calendar")
		mustContain(t, r, `data-events="/calendar/events"`, "/static/vendor/fullcalendar-6.1.21/index.global.min.js", "/static/js/calendar.js", `data-locale="zh-cn"`)
		if strings.Contains(string(r.Body), "<script>") {
			t.Fatal("inline script")
		}
		for _, p := range []string{"/static/vendor/fullcalendar-6.1.21/index.global.min.js", "/static/vendor/fullcalendar-6.1.21/fullcalendar.css", "/static/js/calendar.js"} {
			if r := e.Anon().Get(p); r.Status != http.StatusOK {
				t.Fatalf("%s: %d", p, r.Status)
			}
		}
	})
	events := func(c *webtest.Client) []map[string]any {
		r := c.Get("/calendar/events?start=" + wed(1, -2) + "T00:00:00Z&end=" + wed(5, 0) + "T00:00:00Z")
		if r.Status != http.StatusOK {
			t.Fatalf("events: %d\n%s", r.Status, r.Body)
		}
		var out []map[string]any
		r.Decode(t, &out)
		return out
	}
	t.Run("owner sees titles and links", func(t *testing.T) {
		evs := events(justice)
		if len(evs) != 2 || evs[0]["title"] != "涉密会商" || evs[0]["url"] != fmt.Sprintf("/meetings/%d", secret) {
			t.Fatalf("%v", evs)
		}
		if evs[0]["start"] != W2+"T09:00:00" {
			t.Fatalf("start %v: want Shanghai wall-clock time", evs[0]["start"])
		}
	})
	t.Run("others see a classified meeting as busy, without link", func(t *testing.T) {
		evs := events(e.Browser(d.ProcSec))
		if len(evs) != 2 {
			t.Fatalf("%v", evs)
		}
		busy, ordinary := evs[0], evs[1]
		if busy["title"] != "忙碌" || busy["url"] != nil || busy["id"] != nil || strings.Contains(fmt.Sprint(busy), "涉密会商") {
			t.Fatalf("busy event leaks: %v", busy)
		}
		if ordinary["title"] != "普通会商" || ordinary["url"] != fmt.Sprintf("/meetings/%d", open) {
			t.Fatalf("%v", ordinary)
		}
		if r := e.Browser(d.ProcSec).Get(fmt.Sprintf("/meetings/%d", secret)); r.Status != http.StatusNotFound {
			t.Fatalf("classified page: %d", r.Status)
		}
		if strings.Contains(string(e.Browser(d.ProcSec).Get("/meetings").Body), "涉密会商") {
			t.Fatal("classified title in another unit's list")
		}
	})
	t.Run("a bad window is 422", func(t *testing.T) {
		if r := justice.Get("/calendar/events?start=x&end=y"); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.Status)
		}
	})
}
