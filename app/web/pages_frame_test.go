package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/followup"
	"liaison/app/i18n"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestPages_Favicon: browsers ask for /favicon.ico on every site; it was a
// 404 in every console (issue 17).
func TestPages_Favicon(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	r := e.Anon().Get("/favicon.ico")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "icon") {
		t.Errorf("content type %q", ct)
	}
	if len(r.Body) < 22 || string(r.Body[:4]) != "\x00\x00\x01\x00" {
		t.Errorf("not an ICO file: % x", r.Body[:min(8, len(r.Body))])
	}
}

// TestPages_Frame: the frame turns off htmx's injected indicator style
// (a CSP violation on every page), links the favicon, offers the phone
// menu button, and names the dashboard as its page does.
func TestPages_Frame(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	body := string(e.Browser(d.OfficeSec).Get("/dashboard").Body)
	for _, want := range []string{
		`<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>`,
		`<link rel="icon" href="/favicon.ico">`,
		`class="menu-toggle" aria-expanded="false" aria-controls="navs"`,
		`<h1>领导看板</h1>`, `>领导看板</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// officeWhen is how a page writes a meeting's start: the day as the office
// writes it, with its weekday, then the time (day is YYYY-MM-DD).
func officeWhen(day, hm string) string {
	d, err := workday.ParseDate(day)
	if err != nil {
		panic(err)
	}
	return i18n.Day(i18n.ZH, d.Year, d.Month, d.Day, true) + hm
}

// TestPages_OfficeDates: pages write dates as 2026年12月15日（星期二）09:30,
// and an owed item says how far its deadline is.
func TestPages_OfficeDates(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	day := webtest.Workday(webtest.DaysFromToday(8))
	m := e.CreateMeeting(e.API(d.ProcSec), webtest.MeetingBody("consultation", d.Procuratorate.ID, "日期格式会商", webtest.At(day, 9, 30), webtest.At(day, 11, 0)))
	mustContain(t, sec.Get(strings.TrimPrefix(webtest.MeetingPath(m, ""), "/api/v1")), officeWhen(day.String(), "09:30"))
	due := webtest.DaysFromToday(-2)
	item := e.Action(followup.NewAction{Title: "逾期的督办事项", IssuingUnitID: d.Procuratorate.ID, ResponsibleUnitID: d.AgencyA.ID, DueOn: due})
	mustContain(t, sec.Get(fmt.Sprintf("/actions/%d", item.ID)), i18n.Day(i18n.ZH, due.Year, due.Month, due.Day, true), "已逾期2天")
}

// TestPages_ExportLinks: the case and action lists link their xlsx and csv
// exports (they existed, linked nowhere), keeping the list's filters.
func TestPages_ExportLinks(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)
	mustContain(t, b.Get("/actions?tab=all&status=overdue"), `href="/actions/export.xlsx?status=overdue&amp;tab=all"`, `href="/actions/export.csv?status=overdue&amp;tab=all"`)
	mustContain(t, b.Get("/cases"), `href="/cases/export.xlsx"`, `href="/cases/export.csv"`)
	if r := b.Get("/actions/export.xlsx?status=overdue&tab=all"); r.Status != http.StatusOK {
		t.Errorf("the linked export: %d", r.Status)
	}
}

// TestPages_SameTermsInExports: the attendance sheet names answers and
// roles as the meeting page does (it said 接受 where the page says 参加).
func TestPages_SameTermsInExports(t *testing.T) {
	tr, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs {
		for _, v := range []string{"answer.pending", "answer.accepted", "answer.declined", "answer.tentative", "answer.delegated",
			"role.chair", "role.required", "role.optional", "role.expert", "role.recorder"} {
			if sheet, page := tr.T(lang, "meeting."+v, nil), tr.T(lang, "mui."+v, nil); sheet != page {
				t.Errorf("%s %s: the sheet says %q, the page %q", lang, v, sheet, page)
			}
		}
	}
}

// TestPages_CalendarMarksDaysOff: the calendar page hands the calendar the
// days off and make-up working days around the opened date (holidays were
// not marked, issue 17); the browser walk shows them marked 休 and 班.
func TestPages_CalendarMarksDaysOff(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	r := e.Browser(d.ProcSec).Get("/calendar?date=2026-12-15")
	mustContain(t, r, `data-holidays="{`, `&#34;2027-01-01&#34;:&#34;元旦&#34;`, `data-day-off="休"`)
}

// TestPages_MeetingStateAndCheckIn: the meeting page names its state as the
// office does and offers an invitee 签到 while the meeting is about to
// start or under way.
func TestPages_MeetingStateAndCheckIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	c := e.API(d.ProcSec)
	m := e.CreateMeeting(c, webtest.MeetingBody("consultation", d.Procuratorate.ID, "正在进行的会商", webtest.At(webtest.Today(), 9, 30), webtest.At(webtest.Today(), 11, 30)))
	if r := c.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.AgencyAMember.ID, "role": "required"}); r.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", r.Status, r.Body)
	}
	path := strings.TrimPrefix(webtest.MeetingPath(m, ""), "/api/v1")
	mustContain(t, e.Browser(d.AgencyAMember).Get(path), `<span class="badge state-notified">已通知</span>`, `href="`+path+`/checkin">签到</a>`)
	if strings.Contains(string(e.Browser(d.AgencyBMember).Get(path).Body), `/checkin">签到</a>`) {
		t.Error("签到 offered to someone not invited")
	}
	e.Clock.Set(webtest.Time(webtest.Today(), 12, 0))
	page := string(e.Browser(d.AgencyAMember).Get(path).Body)
	if !strings.Contains(page, "已召开") || strings.Contains(page, `/checkin">签到</a>`) {
		t.Errorf("after the meeting: want 已召开 and no 签到")
	}
}

// TestPages_PrintButtons: every printable page has a print button (the
// 督办单 had none).
func TestPages_PrintButtons(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	item := e.Action(followup.NewAction{Title: "打印的督办事项", IssuingUnitID: d.Procuratorate.ID, ResponsibleUnitID: d.AgencyA.ID, DueOn: webtest.DaysFromToday(10)})
	mustContain(t, e.Browser(d.ProcSec).Get(fmt.Sprintf("/actions/%d/print", item.ID)), `<button type="button" data-print>打印</button>`)
}
