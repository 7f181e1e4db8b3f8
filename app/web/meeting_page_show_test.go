package web_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/i18n"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

func id64(n int64) string { return strconv.FormatInt(n, 10) }

func TestMeetingPage_RSVPAndAgenda(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	v := formValues(d.Procuratorate.ID, "会商", W1+"T09:00", W1+"T10:00")
	v.Set("attendee_user_ids", id64(d.JusticeMember.ID))
	id := createByForm(t, sec, v)
	path := fmt.Sprintf("/meetings/%d", id)

	t.Run("the secretary sees who has not answered", func(t *testing.T) {
		mustContain(t, sec.Get(path), `class="is-pending"`, "1 人未答复")
	})
	t.Run("an invitee accepts", func(t *testing.T) {
		inv := e.Browser(d.JusticeMember)
		mustContain(t, inv.Get(path), `action="`+path+`/rsvp"`)
		r := inv.PostForm(path+"/rsvp", url.Values{"answer": {"accepted"}, "comment": {"准时参加"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("rsvp: %d\n%s", r.Status, r.Body)
		}
		mustContain(t, sec.Get(path), "准时参加", "0 人未答复")
	})
	t.Run("delegating needs a colleague", func(t *testing.T) {
		inv := e.Browser(d.JusticeMember)
		r := inv.PostForm(path+"/rsvp", url.Values{"answer": {"delegated"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		mustContain(t, r, `id="rsvp"`, `class="err"`)
	})
	t.Run("someone not invited cannot answer", func(t *testing.T) {
		office := e.Browser(d.OfficeSec) // sees ordinary meetings, is not invited
		r := office.PostForm(path+"/rsvp", url.Values{"answer": {"accepted"}})
		if r.Status != http.StatusForbidden {
			t.Fatalf("status %d", r.Status)
		}
	})

	t.Run("agenda: add, overrun, move, remove", func(t *testing.T) {
		add := func(title, mins string) {
			r := sec.PostForm(path+"/agenda", url.Values{"title": {title}, "duration_minutes": {mins}, "presenter_user_id": {id64(d.ProcMember.ID)}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("add: %d\n%s", r.Status, r.Body)
			}
		}
		add("案情介绍", "20")
		add("讨论", "50")
		r := sec.Get(path)
		mustContain(t, r, "案情介绍", "讨论", "共 70 分钟", "超出会议时长")
		items := regexp.MustCompile(`/agenda/(\d+)/move`).FindAllStringSubmatch(string(r.Body), -1)
		if len(items) < 2 {
			t.Fatalf("no move forms")
		}
		second := items[len(items)-1][1]
		// htmx: the answer is the page, from which the agenda is picked
		req := sec.Header.Clone()
		sec.Header.Set("HX-Request", "true")
		r = sec.PostForm(path+"/agenda/"+second+"/move", url.Values{"position": {"1"}})
		sec.Header = req
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `id="agenda"`) || strings.Contains(string(r.Body), "<html") {
			t.Fatalf("htmx move: %d\n%s", r.Status, r.Body)
		}
		body := string(sec.Get(path).Body)
		if strings.Index(body, "讨论") > strings.Index(body, "案情介绍") {
			t.Fatal("not moved")
		}
		if r := sec.PostForm(path+"/agenda", url.Values{"title": {"x"}, "duration_minutes": {"0"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad duration: %d", r.Status)
		}
		if r := sec.PostForm(path+"/agenda/"+second+"/remove", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", r.Status)
		}
		if strings.Contains(string(sec.Get(path).Body), "讨论</strong>") {
			t.Fatal("not removed")
		}
	})
}

func TestMeetingPage_Minutes(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	// another unit's meeting first: the minutes' 字号 counts the unit's
	// minutes, not internal ids (it printed the meeting id)
	createByForm(t, e.Browser(d.JusticeSec), formValues(d.Justice.ID, "别的单位的会", W1+"T14:00", W1+"T15:00"))
	v := formValues(d.Procuratorate.ID, "纪要会", W1+"T09:00", W1+"T10:00")
	v.Set("co_unit_ids", id64(d.Justice.ID))
	id := createByForm(t, sec, v)
	path := fmt.Sprintf("/meetings/%d", id)
	holdDay(t, e, W1)
	sec = e.Browser(d.ProcSec) // signed in anew: the clock moved past the session's idle limit
	minutes := url.Values{"body": {"会议讨论了两起案件。"}, "decisions": {"1"}, "d0_text": {"由区人社局重新审查"}, "d0_actions": {"1"},
		"d0_a0_title": {"重新审查工伤认定"}, "d0_a0_unit": {id64(d.AgencyA.ID)}, "d0_a0_due": {W6}}

	t.Run("a bad date is a field error", func(t *testing.T) {
		bad := url.Values{}
		for k, x := range minutes {
			bad[k] = x
		}
		bad.Set("d0_a0_due", "31/12/2026")
		r := sec.PostForm(path+"/minutes", bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		mustContain(t, r, `value="31/12/2026"`, `class="err"`)
	})
	if r := sec.PostForm(path+"/minutes", minutes); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.Status, r.Body)
	}
	r := sec.Get(path)
	mustContain(t, r, "由区人社局重新审查", `value="重新审查工伤认定"`, "未会签")
	if strings.Contains(string(r.Body), "/minutes/confirm") {
		t.Fatal("confirm offered before the co-organiser signed")
	}
	t.Run("a stale draft shows the newer one", func(t *testing.T) {
		old := url.Values{}
		for k, x := range minutes {
			old[k] = x
		}
		old.Set("version", "0")
		old.Set("body", "过时的内容")
		old.Set("version", "99")
		r := sec.PostForm(path+"/minutes", old)
		if r.Status != http.StatusConflict {
			t.Fatalf("status %d", r.Status)
		}
		mustContain(t, r, "会议讨论了两起案件。")
	})
	justice := e.Browser(d.JusticeSec)
	if r := justice.PostForm(path+"/minutes/sign-off", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-off: %d\n%s", r.Status, r.Body)
	}
	mustContain(t, sec.Get(path), "/minutes/confirm")
	if r := sec.PostForm(path+"/minutes/confirm", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.Status, r.Body)
	}
	r = sec.Get(path)
	link := regexp.MustCompile(`<a href="/actions/(\d+)">重新审查工伤认定</a>`)
	if !link.Match(r.Body) {
		t.Fatalf("no link to the action item\n%s", r.Body)
	}
	// The 督办事项 section, reached from the sub-nav, names the item's unit,
	// its due day in words and its status.
	mustContain(t, r, `<a href="#actions">督办事项</a>`, `id="actions"`, d.AgencyA.Name, "待办")
	if due, _ := workday.ParseDate(W6); !strings.Contains(string(r.Body), i18n.Day(i18n.ZH, due.Year, due.Month, due.Day, true)) {
		t.Errorf("the item's due day is not written out (%s)", W6)
	}
	if strings.Contains(string(r.Body), `id="minutes-form"`) {
		t.Fatal("locked minutes still editable")
	}
	t.Run("confirming twice is refused", func(t *testing.T) {
		if r := sec.PostForm(path+"/minutes/confirm", nil); r.Status != http.StatusConflict {
			t.Fatalf("status %d", r.Status)
		}
	})
	t.Run("a correction needs a reason", func(t *testing.T) {
		if r := sec.PostForm(path+"/minutes/revisions", url.Values{"body": {"更正后的正文"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		if r := sec.PostForm(path+"/minutes/revisions", url.Values{"body": {"更正后的正文"}, "reason": {"笔误"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", r.Status, r.Body)
		}
		mustContain(t, sec.Get(path), "更正后的正文", "笔误")
	})
	t.Run("print layout", func(t *testing.T) {
		// everyone invited is listed: one who declined is 请假 (issue 17:
		// only those present were listed)
		api := fmt.Sprintf("/api/v1/meetings/%d", id)
		if r := e.API(d.ProcSec).Post(api+"/attendees", map[string]any{"user_id": d.JusticeMember.ID, "role": "required"}); r.Status != http.StatusCreated {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		if r := e.API(d.JusticeMember).Post(api+"/rsvp", map[string]any{"answer": "declined", "comment": "出差"}); r.Status != http.StatusOK {
			t.Fatalf("decline: %d %s", r.Status, r.Body)
		}
		r := sec.Get(path + "/minutes/print")
		mustContain(t, r, "/static/css/print.css", "区检察院", "重新审查工伤认定", "区人社局", "会商意见",
			"<h2>参会人员</h2>", "<strong>请假：</strong>justice.member", "未签发，尚无文号", "data-print")
		// a leader of the procuratorate signs for issue on the page; the
		// number is the unit's first 纪 of the year (issue 16: it printed
		// the meeting's id)
		leader := e.Browser(e.User("proc.leader", d.Procuratorate, account.RoleLeader))
		mustContain(t, leader.Get(path), `action="/meetings/`+fmt.Sprint(id)+`/minutes/issue"`)
		var mv struct {
			Minutes struct{ Version int } `json:"minutes"`
		}
		e.API(d.ProcSec).Get(api).Decode(t, &mv)
		if r := leader.PostForm(path+"/minutes/issue", url.Values{"version": {fmt.Sprint(mv.Minutes.Version)}, "signed_on": {"2020-01-01"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("signed before the meeting: %d", r.Status)
		}
		if r := leader.PostForm(path+"/minutes/issue", url.Values{"version": {fmt.Sprint(mv.Minutes.Version)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("issue: %d\n%s", r.Status, r.Body)
		}
		mustContain(t, sec.Get(path+"/minutes/print"), "〔"+W1[:4]+"〕1号", "签发人：proc.leader")
		mustContain(t, sec.Get(path), `<span class="badge state-minutes_confirmed">纪要已确认</span>`)
	})
}

func TestMeetingPage_CheckIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	v := formValues(d.Procuratorate.ID, "签到会", W1+"T09:00", W1+"T10:00")
	v.Set("attendee_user_ids", id64(d.JusticeMember.ID))
	v.Add("attendee_user_ids", id64(d.ProcMember.ID))
	id := createByForm(t, sec, v)
	path := fmt.Sprintf("/meetings/%d", id)

	// days before the meeting the roster offers no check-in
	r := sec.Get(path + "/roster")
	checkins := regexp.MustCompile(`action="[^"]*/attendees/(\d+)/checkin"`)
	if forms := checkins.FindAllStringSubmatch(string(r.Body), -1); len(forms) != 0 {
		t.Fatalf("roster before check-in opens: %d check-in buttons", len(forms))
	}
	mustContain(t, r, "签到在会议开始前30分钟开放")
	holdDay(t, e, W1)
	sec = e.Browser(d.ProcSec) // signed in anew: the clock moved past the session's idle limit
	r = sec.Get(path + "/roster")
	forms := checkins.FindAllStringSubmatch(string(r.Body), -1)
	if len(forms) != 2 {
		t.Fatalf("roster: %d check-in buttons\n%s", len(forms), r.Body)
	}
	if r := sec.PostForm(path+"/attendees/"+forms[0][1]+"/checkin", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("check in: %d", r.Status)
	}
	if n := len(regexp.MustCompile(`action="[^"]*/attendees/\d+/checkin"`).FindAll(sec.Get(path+"/roster").Body, -1)); n != 1 {
		t.Fatalf("after check-in %d buttons", n)
	}

	t.Run("QR code", func(t *testing.T) {
		r := sec.Get(path + "/checkin-qr.png")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("png: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if _, err := png.Decode(bytes.NewReader(r.Body)); err != nil {
			t.Fatal(err)
		}
		page := string(sec.Get(path + "/checkin-qr").Body)
		code := regexp.MustCompile(`checkin\?code=(\d{6})`).FindStringSubmatch(page)
		if code == nil {
			t.Fatalf("no check-in link\n%s", page)
		}
		if r := e.Browser(d.ProcMember).Get(path + "/checkin-qr.png"); r.Status != http.StatusForbidden {
			t.Fatalf("member gets the QR: %d", r.Status)
		}
		// the scanning user: signed out, sent to sign in, then one tap
		anon := e.NewBrowser()
		if r := anon.Get(path + "/checkin?code=" + code[1]); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		m := e.Browser(d.ProcMember) // justice.member was checked in on the roster
		mustContain(t, m.Get(path+"/checkin?code="+code[1]), `value="`+code[1]+`"`)
		if r := m.PostForm(path+"/checkin", url.Values{"code": {"000000x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", r.Status)
		}
		if r := m.PostForm(path+"/checkin", url.Values{"code": {code[1]}}); r.Status != http.StatusSeeOther {
			t.Fatalf("self check-in: %d\n%s", r.Status, r.Body)
		}
		mustContain(t, m.Get(path+"/checkin?code="+code[1]), "您已于")
	})
	t.Run("sheet", func(t *testing.T) {
		r := sec.Get(path + "/sheet")
		mustContain(t, r, "会议签到表", "justice.member", "proc.member", "/static/css/print.css")
	})
}

// TestMeetingPage_Queries checks that the meeting page costs a fixed number
// of queries however many attendees and agenda items it shows.
func TestMeetingPage_Queries(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	count := func(attendees []int64, items int) int64 {
		v := formValues(d.Procuratorate.ID, "计数", W1+"T09:00", W1+"T10:00")
		for _, a := range attendees {
			v.Add("attendee_user_ids", id64(a))
		}
		v.Set("force", "1")
		id := createByForm(t, sec, v)
		path := fmt.Sprintf("/meetings/%d", id)
		for i := range items {
			sec.PostForm(path+"/agenda", url.Values{"title": {fmt.Sprint("议题", i)}, "duration_minutes": {"10"}, "presenter_user_id": {id64(d.ProcMember.ID)}})
		}
		qc := e.CountQueries()
		if r := sec.Get(path); r.Status != http.StatusOK {
			t.Fatalf("%d", r.Status)
		}
		return qc.N()
	}
	small := count([]int64{d.JusticeMember.ID}, 1)
	large := count([]int64{d.JusticeMember.ID, d.ProcMember.ID, d.AgencyAMember.ID, d.AgencyBMember.ID, d.Leader.ID}, 5)
	t.Logf("GET /meetings/{id}: %d queries", large)
	if large != small {
		t.Fatalf("queries grow with the page: %d then %d", small, large)
	}
}
