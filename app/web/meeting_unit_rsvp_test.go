package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/i18n"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// attendeeIDs maps each invited user of meeting m to its attendee id.
func attendeeIDs(t *testing.T, c *webtest.Client, m map[string]any) map[int64]int64 {
	t.Helper()
	out := map[int64]int64{}
	for _, a := range c.Get(webtest.MeetingPath(m, "")).JSON(t)["attendees"].([]any) {
		x := a.(map[string]any)
		if uid, ok := x["user_id"].(float64); ok {
			out[int64(uid)] = int64(x["id"].(float64))
		}
	}
	return out
}

// answerOf is the answer of user uid on meeting m, as the API shows it.
func answerOf(t *testing.T, c *webtest.Client, m map[string]any, uid int64) map[string]any {
	t.Helper()
	for _, a := range c.Get(webtest.MeetingPath(m, "")).JSON(t)["attendees"].([]any) {
		if x := a.(map[string]any); x["user_id"] == float64(uid) {
			return x
		}
	}
	t.Fatalf("user %d is not invited", uid)
	return nil
}

// consultationInviting creates, as sec for unit, an issued consultation at
// the usual test time (mStart–mEnd) inviting the users uids.
func consultationInviting(e *webtest.Env, sec *webtest.Client, unit int64, title string, uids ...int64) map[string]any {
	b := webtest.MeetingBody("consultation", unit, title, mStart, mEnd)
	b["attendee_user_ids"] = uids
	return e.CreateMeeting(sec, b)
}

// TestMeetingUnitRSVP_Page: the meeting page's 本单位回执 lists, for a
// unit's liaison or secretary, the invitees of their unit only; each card
// answers through RSVPFor (委托 names who attends, and invites them); a
// missing answer is 422 and a page read before the meeting changed is 409,
// each shown in place, localised, changing nothing; another unit's person
// is 403; the answer is audited as the liaison's for the person; English.
func TestMeetingUnitRSVP_Page(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	colleague := e.User("proc.colleague", d.Procuratorate, "member")
	m := consultationInviting(e, sec, d.Office.ID, "会商：本单位回执", d.ProcMember.ID, colleague.ID, d.JusticeMember.ID)
	ids := attendeeIDs(t, sec, m)
	page := strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1)
	liaison := e.Browser(d.ProcMember)

	r := liaison.Get(page)
	wantStatus(t, r, http.StatusOK)
	body := string(r.Body)
	for _, want := range []string{`id="unit-rsvp"`, `href="#unit-rsvp"`, "本单位回执", "本单位2人未回复", "proc.colleague",
		"/attendees/" + itoa(ids[colleague.ID]) + "/rsvp", "/attendees/" + itoa(ids[d.ProcMember.ID]) + "/rsvp", "改由谁参会"} {
		if !strings.Contains(body, want) {
			t.Errorf("the liaison's page lacks %q", want)
		}
	}
	if strings.Contains(body, "/attendees/"+itoa(ids[d.JusticeMember.ID])+"/rsvp") {
		t.Errorf("the liaison's page offers to answer for another unit's person")
	}
	if jr := e.Browser(d.JusticeMember).Get(page); !strings.Contains(string(jr.Body), "本单位1人未回复") ||
		strings.Contains(string(jr.Body), "/attendees/"+itoa(ids[colleague.ID])+"/rsvp") {
		t.Errorf("the justice bureau's liaison sees another unit's people, or not their own")
	}
	if or := e.Browser(d.OfficeSec).Get(page); strings.Contains(string(or.Body), `id="unit-rsvp"`) {
		t.Errorf("the organiser, with nobody of its unit invited, sees 本单位回执")
	}

	post := func(c *webtest.Client, aid int64, v url.Values) webtest.Response {
		return c.PostForm(page+"/attendees/"+itoa(aid)+"/rsvp", v)
	}
	audits := func() int64 { return count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.rsvp'`) }
	version := itoa(int64(m["version"].(float64)))

	// 422: no answer chosen; shown in place, nothing changed
	r = post(liaison, ids[colleague.ID], url.Values{"comment": {"出差"}, "version": {version}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.Body), "请选择参加、不参加、待定或委托他人参会") || !strings.Contains(string(r.Body), `value="出差"`) {
		t.Errorf("the 422 page does not show the message and the typed comment in place")
	}
	// 403: another unit's person
	wantStatus(t, post(liaison, ids[d.JusticeMember.ID], url.Values{"answer": {"accepted"}, "version": {version}}), http.StatusForbidden)
	if n := audits(); n != 0 {
		t.Fatalf("refused answers left %d audit rows", n)
	}

	// 委托: the liaison names who attends instead of the colleague
	r = post(liaison, ids[colleague.ID], url.Values{"answer": {"delegated"}, "delegate_user_id": {itoa(d.ProcSec.ID)},
		"comment": {"外出办案，改由秘书参会"}, "version": {version}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasSuffix(loc, "#unit-rsvp") {
		t.Errorf("redirect to %q, want the section", loc)
	}
	if a := answerOf(t, sec, m, colleague.ID); a["answer"] != "delegated" || a["delegate_user_id"] != float64(d.ProcSec.ID) || a["comment"] != "外出办案，改由秘书参会" {
		t.Errorf("the colleague's answer: %v", a)
	}
	if a := answerOf(t, sec, m, d.ProcSec.ID); a["answer"] != "pending" {
		t.Errorf("the named attendee is not invited: %v", a)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log l JOIN audit_content c ON c.entry_id = l.id
WHERE l.action = 'meeting.rsvp' AND l.actor_id = ? AND c.detail LIKE ?`, d.ProcMember.ID, "%\"for_user_id\":"+itoa(colleague.ID)+"%"); n != 1 {
		t.Errorf("%d audit rows of the liaison's answer for the colleague, want 1", n)
	}
	r = liaison.Get(page)
	for _, want := range []string{"（由proc.sec参会）", "本单位2人未回复"} { // the colleague answered; proc.sec now invited
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("after the answer the page lacks %q", want)
		}
	}

	// 409: the organiser moves the meeting; an answer from the page read before is refused
	moved := sec.Do(http.MethodPatch, webtest.MeetingPath(m, ""), map[string]any{"version": m["version"], "start": mAt(0, 14, 0), "end": mAt(0, 16, 0)})
	wantStatus(t, moved, http.StatusOK)
	before := audits()
	r = post(liaison, ids[d.ProcMember.ID], url.Values{"answer": {"accepted"}, "version": {version}})
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(string(r.Body), "该记录已被他人修改") {
		t.Errorf("the 409 page lacks the localised message")
	}
	if a := answerOf(t, sec, m, d.ProcMember.ID); a["answer"] != "pending" || audits() != before {
		t.Errorf("a stale answer changed something: %v", a)
	}
	api := e.API(d.ProcMember)
	if r := api.Post(webtest.MeetingPath(m, "/attendees/"+itoa(ids[d.ProcMember.ID])+"/rsvp"), map[string]any{"answer": "accepted", "version": m["version"]}); r.Status != http.StatusConflict || r.ErrorCode(t) != "stale_version" {
		t.Errorf("the API with a stale version: %d %s", r.Status, r.Body)
	}
	newVersion := itoa(int64(moved.JSON(t)["version"].(float64)))
	wantStatus(t, post(liaison, ids[d.ProcMember.ID], url.Values{"answer": {"accepted"}, "version": {newVersion}}), http.StatusSeeOther)
	if a := answerOf(t, sec, m, d.ProcMember.ID); a["answer"] != "accepted" {
		t.Errorf("the liaison's own answer from the section: %v", a)
	}

	// English
	en := e.Browser(d.ProcSec)
	en.Header.Set("Accept-Language", "en")
	r = en.Get(page)
	for _, want := range []string{"My unit&#39;s replies", "1 of my unit not answered", "Who attends instead"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	// a cancelled meeting offers no section and answers 409
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": "改期"}), http.StatusOK)
	if r := liaison.Get(page); strings.Contains(string(r.Body), `id="unit-rsvp"`) {
		t.Errorf("a cancelled meeting shows 本单位回执")
	}
	wantStatus(t, post(en, attendeeIDs(t, sec, m)[d.ProcSec.ID], url.Values{"answer": {"accepted"}}), http.StatusConflict)
}

// TestTodo_UnitReplies: a unit's liaisons and secretaries find on their
// 工作台 each issued meeting whose 回执 deadline is within a week or
// passed while people of their unit have not answered, with how many and
// the deadline, linked to 本单位回执 (a sensitive meeting by its register
// entry only); answering takes it off; a unit that answered, a draft and a
// deadline further off are not listed.
func TestTodo_UnitReplies(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	deadline := webtest.Time(webtest.DaysFromToday(2), 17, 30)
	when := i18n.DateTime("zh-CN", deadline) // 2026年12月9日（星期三）17:30 at the usual pinned now
	b := webtest.MeetingBody("consultation", d.Office.ID, "会商：本单位待回执", mStart, mEnd)
	b["reply_by"] = deadline.Format(time.RFC3339)
	b["attendee_user_ids"] = []int64{d.ProcMember.ID, d.ProcSec.ID, d.JusticeMember.ID}
	m := e.CreateMeeting(sec, b)
	far := webtest.MeetingBody("consultation", d.Office.ID, "会商：回执尚早", mAt(14, 9, 30), mAt(14, 11, 30))
	far["reply_by"] = mAt(12, 17, 30)
	far["attendee_user_ids"] = []int64{d.ProcMember.ID}
	e.CreateMeeting(sec, far)
	draft := webtest.MeetingBody("consultation", d.Office.ID, "会商：草稿回执", mStart, mEnd)
	draft["status"], draft["attendee_user_ids"] = "draft", []int64{d.ProcMember.ID}
	e.CreateMeeting(sec, draft)
	wantStatus(t, e.API(d.JusticeMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "accepted"}), http.StatusOK)
	// a sensitive meeting is listed by its register entry only
	const canary = "本单位回执敏感标记Q7"
	bs := webtest.MeetingBody("consultation", d.Office.ID, canary, mAt(1, 9, 30), mAt(1, 11, 30))
	bs["sensitivity"], bs["location"], bs["reply_by"] = "sensitive", "", deadline.Add(time.Hour).Format(time.RFC3339)
	bs["attendee_user_ids"] = []int64{d.ProcMember.ID}
	ms := e.CreateMeeting(sec, bs)
	// its 本单位回执 takes no comment (content stays offline)
	sp := e.Browser(d.ProcSec).Get(strings.Replace(webtest.MeetingPath(ms, ""), "/api/v1", "", 1))
	if !strings.Contains(string(sp.Body), `id="unit-rsvp"`) || regexp.MustCompile(`id="ur-\d+-comment"`).Match(sp.Body) {
		t.Errorf("the sensitive meeting's 本单位回执 is missing, or offers a comment")
	}

	link := "/meetings/" + itoa(int64(m["id"].(float64))) + "#unit-rsvp"
	for _, u := range []struct {
		name string
		c    *webtest.Client
		want int
	}{{"proc.member", e.API(d.ProcMember), 2}, {"proc.sec", e.API(d.ProcSec), 2}, {"justice.sec", e.API(d.JusticeSec), 0},
		{"justice.member", e.API(d.JusticeMember), 0}, {"agency.a", e.API(d.AgencyAMember), 0}, {"office.sec", sec, 0}} {
		n, urls := todoCount(t, u.c, "unit_replies")
		if n != u.want || (n > 0 && urls[0] != link) {
			t.Errorf("%s: %d unit_replies %v, want %d, the first %s", u.name, n, urls, u.want, link)
		}
	}
	for _, g := range todoOf(t, e.API(d.ProcMember)).Groups {
		if g.Kind == "unit_replies" && (g.Items[0].Count != 2 || g.Items[0].Overdue || g.Items[1].Count != 1 || g.Items[1].Title != "") {
			t.Errorf("the entries: %+v", g.Items)
		}
	}
	if r := e.API(d.ProcMember).Get("/api/v1/me/todo"); strings.Contains(string(r.Body), canary) {
		t.Errorf("the 工作台 names a sensitive meeting")
	}
	home := e.Browser(d.ProcMember).Get("/")
	for _, want := range []string{"本单位回执", "2人未回复，截止" + when, `href="` + link + `"`, "代为回执"} {
		if !strings.Contains(string(home.Body), want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	if strings.Contains(string(home.Body), canary) {
		t.Errorf("the home page names a sensitive meeting")
	}

	// the deadline passes: still owed, marked as passed
	e.Clock.Advance(56 * time.Hour)
	home = e.Browser(d.ProcMember).Get("/")
	if !strings.Contains(string(home.Body), "2人未回复，已过截止时间"+when) {
		t.Errorf("after the deadline the home page does not say it has passed")
	}
	aids := attendeeIDs(t, sec, m)
	liaison := e.API(d.ProcMember)
	for _, uid := range []int64{d.ProcMember.ID, d.ProcSec.ID} {
		wantStatus(t, liaison.Post(webtest.MeetingPath(m, "/attendees/"+itoa(aids[uid])+"/rsvp"), map[string]any{"answer": "declined", "comment": "开庭"}), http.StatusOK)
	}
	if n, urls := todoCount(t, e.API(d.ProcSec), "unit_replies"); n != 1 || urls[0] == link {
		t.Errorf("answered: %d unit_replies left %v, want the sensitive meeting only", n, urls)
	}
}

// TestMeetingUnitRSVP_TwoLiaisonsAtOnce: two people of one unit open
// 本单位回执 and answer for the same colleague; the first answer stands,
// the second, given on what it saw before, is a 409 that names what
// happened, shows the current answer and changes nothing; answered again
// from that page it goes through. The API refuses a stale answer_version
// the same way.
func TestMeetingUnitRSVP_TwoLiaisonsAtOnce(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	colleague := e.User("proc.colleague2", d.Procuratorate, "member")
	m := consultationInviting(e, sec, d.Office.ID, "会商：两人同时回执", colleague.ID, d.ProcMember.ID)
	aid := attendeeIDs(t, sec, m)[colleague.ID]
	page := strings.Replace(webtest.MeetingPath(m, ""), "/api/v1", "", 1)
	seen := func(body []byte) string {
		t.Helper()
		re := regexp.MustCompile(`(?s)action="` + regexp.QuoteMeta(page) + `/attendees/` + itoa(aid) + `/rsvp".*?name="answer_version" value="(\d+)"`)
		g := re.FindSubmatch(body)
		if g == nil {
			t.Fatalf("no answer_version in the colleague's card")
		}
		return string(g[1])
	}
	version := itoa(int64(m["version"].(float64)))
	liaison, secretary := e.Browser(d.ProcMember), e.Browser(d.ProcSec)
	first, second := seen(liaison.Get(page).Body), seen(secretary.Get(page).Body)
	audits := func() int64 { return count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.rsvp'`) }

	r := liaison.PostForm(page+"/attendees/"+itoa(aid)+"/rsvp", url.Values{"answer": {"accepted"}, "version": {version}, "answer_version": {first}})
	wantStatus(t, r, http.StatusSeeOther)
	before := audits()
	r = secretary.PostForm(page+"/attendees/"+itoa(aid)+"/rsvp", url.Values{"answer": {"declined"}, "comment": {"另有公务"}, "version": {version}, "answer_version": {second}})
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(string(r.Body), "此人的回执刚被他人更新") {
		t.Errorf("the 409 page does not say that someone answered meanwhile")
	}
	if a := answerOf(t, sec, m, colleague.ID); a["answer"] != "accepted" || audits() != before {
		t.Fatalf("the later answer overwrote the first: %v", a)
	}
	api := e.API(d.ProcSec)
	stale, _ := strconv.Atoi(second)
	if r := api.Post(webtest.MeetingPath(m, "/attendees/"+itoa(aid)+"/rsvp"), map[string]any{"answer": "declined", "answer_version": stale}); r.Status != http.StatusConflict ||
		r.ErrorCode(t) != "meeting.answer_changed" {
		t.Errorf("the API with a stale answer_version: %d %s", r.Status, r.Body)
	}
	// having seen the current answer, the secretary answers again
	wantStatus(t, secretary.PostForm(page+"/attendees/"+itoa(aid)+"/rsvp", url.Values{"answer": {"declined"}, "comment": {"另有公务"},
		"version": {version}, "answer_version": {seen(r.Body)}}), http.StatusSeeOther)
	if a := answerOf(t, sec, m, colleague.ID); a["answer"] != "declined" || a["answer_version"] != float64(2) {
		t.Errorf("the answer given on the current state: %v", a)
	}
}

// TestMeetingUnitRSVP_ConcurrentAnswers: eight answers for one person,
// sent at once on the same answer_version, leave exactly one answer; the
// other seven are 409s (on PostgreSQL the condition in the UPDATE decides,
// on SQLite the serialised writers see the first answer).
func TestMeetingUnitRSVP_ConcurrentAnswers(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	colleague := e.User("proc.colleague3", d.Procuratorate, "member")
	m := consultationInviting(e, sec, d.Office.ID, "会商：并发回执", colleague.ID)
	path := webtest.MeetingPath(m, "/attendees/"+itoa(attendeeIDs(t, sec, m)[colleague.ID])+"/rsvp")
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		c := e.API([]account.User{d.ProcMember, d.ProcSec}[i%2])
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- c.Post(path, map[string]any{"answer": []string{"accepted", "declined"}[i%2], "answer_version": 0}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[http.StatusOK] != 1 || got[http.StatusConflict] != n-1 {
		t.Errorf("statuses %v, want one 200 and %d 409s", got, n-1)
	}
	if a := answerOf(t, sec, m, colleague.ID); a["answer_version"] != float64(1) || count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.rsvp'`) != 1 {
		t.Errorf("after the race: %v", a)
	}
}

// TestMeetingPage_NoAnswerFormsAfterTheMeeting: once a meeting is over the
// page asks nobody for an answer: the invitee sees the answer given and a
// note instead of the form, and the unit's liaison no 本单位回执; before
// the end both are there.
func TestMeetingPage_NoAnswerFormsAfterTheMeeting(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	pageOf := func(day workday.Date, title string) string {
		b := webtest.MeetingBody("consultation", d.Office.ID, title, webtest.At(day, 9, 0), webtest.At(day, 11, 0))
		b["attendee_user_ids"] = []int64{d.ProcMember.ID}
		return strings.Replace(webtest.MeetingPath(e.CreateMeeting(sec, b), ""), "/api/v1", "", 1)
	}
	past, coming := pageOf(webtest.DaysFromToday(-3), "会商：已召开"), pageOf(webtest.DaysFromToday(3), "会商：将召开")
	invitee, liaison := e.Browser(d.ProcMember), e.Browser(d.ProcSec)

	r := invitee.Get(past)
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(string(r.Body), `action="`+past+`/rsvp"`) || !strings.Contains(string(r.Body), "会议已结束，答复已截止") {
		t.Errorf("after the meeting the invitee is still asked to answer, or not told why not")
	}
	if strings.Contains(string(liaison.Get(past).Body), `id="unit-rsvp"`) {
		t.Errorf("after the meeting the unit's secretary still sees 本单位回执")
	}
	if !strings.Contains(string(invitee.Get(coming).Body), `action="`+coming+`/rsvp"`) || !strings.Contains(string(liaison.Get(coming).Body), `id="unit-rsvp"`) {
		t.Errorf("before the meeting the answer forms are missing")
	}
}
