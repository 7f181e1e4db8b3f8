package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestHolidayGrid: the holiday page is a year grid (issue 17: holiday
// entry was raw JSON). It shows the year after the last notice with the
// law's days off; a click marks a day 休 or 班 or clears it, saved through
// the same validation as the API; a refused click changes nothing.
func TestHolidayGrid(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.Browser(d.Admin)
	y := mustCal(t, e).PublishedThrough() + 1
	day := func(m time.Month, dd int) workday.Date { return workday.Date{Year: y, Month: m, Day: dd} }
	// the first Wednesday and the first Saturday of March, away from any holiday
	wed, sat := day(time.March, 1), day(time.March, 1)
	for wed.Weekday() != time.Wednesday {
		wed = wed.AddDays(1)
	}
	for sat.Weekday() != time.Saturday {
		sat = sat.AddDays(1)
	}
	cell := func(body string, d workday.Date) string {
		i := strings.Index(body, fmt.Sprintf(`value="%s"`, d))
		if i < 0 {
			t.Fatalf("no button for %s", d)
		}
		j := strings.Index(body[i:], "</button>")
		return body[i : i+j]
	}
	page := string(admin.Get("/admin/holidays").Body)
	mustContain(t, webtest.Response{Status: 200, Body: []byte(page)}, fmt.Sprintf(`<h3>%d 年</h3>`, y), "按法定节日推算（暂定）", `name="mark" value="off" checked`)
	if c := cell(page, day(time.January, 1)); !strings.Contains(c, "k-holiday") || !strings.Contains(c, "元旦") {
		t.Errorf("元旦 not a day off on the grid: %s", c)
	}
	if strings.Contains(page, "<details open") {
		t.Error("the JSON form is open by default")
	}

	click := func(dd workday.Date, mark, name string) webtest.Response {
		return admin.PostForm("/admin/holidays", url.Values{"day": {dd.String()}, "mark": {mark}, "name": {name}})
	}
	if r := click(wed, "off", "测试假"); r.Status != http.StatusSeeOther {
		t.Fatalf("mark off: %d\n%s", r.Status, r.Body)
	}
	page = string(admin.Get(fmt.Sprintf("/admin/holidays?year=%d", y)).Body)
	if c := cell(page, wed); !strings.Contains(c, "k-holiday") || !strings.Contains(c, "测试假") {
		t.Errorf("marked day: %s", c)
	}
	mustContain(t, webtest.Response{Status: 200, Body: []byte(page)}, "管理员录入")
	if c := cell(page, day(time.January, 1)); !strings.Contains(c, "k-holiday") {
		t.Errorf("元旦 lost when another day was marked: %s", c)
	}
	// the next day joins the period without a name
	if r := click(wed.AddDays(1), "off", ""); r.Status != http.StatusSeeOther {
		t.Fatalf("extend: %d\n%s", r.Status, r.Body)
	}
	entered, _ := mustCal(t, e).Year(y)
	found := false
	for _, h := range entered.Holidays {
		if h.Name == "测试假" {
			found = h.Start == wed && h.End == wed.AddDays(1)
		}
	}
	if !found {
		t.Errorf("测试假 not one two-day period: %+v", entered.Holidays)
	}
	if r := click(sat, "work", ""); r.Status != http.StatusSeeOther {
		t.Fatalf("mark work: %d\n%s", r.Status, r.Body)
	}
	if c := cell(string(admin.Get(fmt.Sprintf("/admin/holidays?year=%d", y)).Body), sat); !strings.Contains(c, "k-makeup_workday") {
		t.Errorf("make-up day: %s", c)
	}
	// refused: a weekday cannot be a make-up working day; nothing changes
	before, _ := mustCal(t, e).Year(y)
	r := click(wed.AddDays(7), "work", "")
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "调休上班日必须是周六或周日") {
		t.Fatalf("weekday make-up: %d", r.Status)
	}
	if after, _ := mustCal(t, e).Year(y); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused click changed the year: %+v → %+v", before, after)
	}
	// a day off with no name and no neighbour must be named
	if r := click(wed.AddDays(14), "off", ""); r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "请填写节日名称") {
		t.Fatalf("unnamed: %d", r.Status)
	}
	for _, bad := range []url.Values{{"day": {"2027-13-40"}, "mark": {"off"}}, {"day": {wed.String()}, "mark": {"maybe"}}} {
		if r := admin.PostForm("/admin/holidays", bad); r.Status < 400 || r.Status > 499 {
			t.Errorf("%v: %d", bad, r.Status)
		}
	}
	if r := admin.Get("/admin/holidays?year=1900"); r.Status != http.StatusBadRequest && r.Status != http.StatusUnprocessableEntity {
		t.Errorf("year 1900: %d", r.Status)
	}
	// clearing the day takes it out of the period
	if r := click(wed, "clear", ""); r.Status != http.StatusSeeOther {
		t.Fatalf("clear: %d", r.Status)
	}
	if k, _ := mustCal(t, e).Kind(wed); k != workday.KindWorkday {
		t.Errorf("cleared day is %s", k)
	}
	if r := e.Browser(d.AgencyAMember).PostForm("/admin/holidays", url.Values{"day": {wed.String()}, "mark": {"off"}, "name": {"x"}}); r.Status != 404 && r.Status != 403 {
		t.Errorf("member click: %d", r.Status)
	}
}

func mustCal(t *testing.T, e *webtest.Env) *workday.Calendar {
	t.Helper()
	c, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
