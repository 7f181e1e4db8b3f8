package web_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"liaison/app/web/webtest"
)

// The 会议通知 (issue 20 item 2): numbered at 发布, printable, attached to
// the invitation mail of ordinary meetings.

var noticeNo = regexp.MustCompile(`^奎依法办会〔(\d{4})〕(\d+)号$`)

// noticeSeq is the running sequence of a meeting's notice number; it fails
// the test when the number is not the office's 会 series of its year.
func noticeSeq(t *testing.T, m map[string]any) int {
	t.Helper()
	num, _ := m["notice_number"].(string)
	g := noticeNo.FindStringSubmatch(num)
	if g == nil {
		t.Fatalf("notice number %q is not 奎依法办会〔YYYY〕N号", num)
	}
	if at, _ := m["notice_issued_at"].(string); !strings.HasPrefix(at, g[1]) {
		t.Errorf("number %s of another year than its issue %s", num, at)
	}
	n, _ := strconv.Atoi(g[2])
	return n
}

// noticeOfficeCode gives the office its issuing-office code.
func noticeOfficeCode(t *testing.T, e *webtest.Env, d webtest.District) {
	t.Helper()
	admin := e.API(d.Admin)
	var unit struct{ Version int }
	admin.Get(fmt.Sprintf("/api/v1/units/%d", d.Office.ID)).Decode(t, &unit)
	wantStatus(t, admin.Do("PATCH", fmt.Sprintf("/api/v1/units/%d", d.Office.ID), map[string]any{"office_code": "奎依法办", "version": unit.Version}), http.StatusOK)
}

// TestMeetingNotice_Number: a draft has no number and no notice; 发布
// takes the next one of the unit's series, N then N+1; a meeting created
// issued takes one too; concurrent 发布 get distinct numbers, no gaps.
func TestMeetingNotice_Number(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	noticeOfficeCode(t, e, d)
	sec := e.API(d.OfficeSec)
	day := webtest.Workday(webtest.DaysFromToday(9))
	draft := func(title string) map[string]any {
		body := webtest.MeetingBody("joint_meeting", d.Office.ID, title, webtest.At(day, 9, 0), webtest.At(day, 10, 0))
		body["status"] = "draft"
		body["invite_standing_members"] = false
		m := e.CreateMeeting(sec, body)
		if m["notice_number"] != "" || m["notice_issued_at"] != nil {
			t.Fatalf("draft %s has notice %v %v", title, m["notice_number"], m["notice_issued_at"])
		}
		wantStatus(t, sec.Get(webtest.MeetingPath(m, "/notice")), http.StatusNotFound)
		return m
	}
	publish := func(m map[string]any) map[string]any {
		r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]})
		wantStatus(t, r, http.StatusOK)
		return r.JSON(t)
	}
	a, b := draft("通知编号一"), draft("通知编号二")
	pa := publish(a)
	pb := publish(b)
	n := noticeSeq(t, pa)
	if got := noticeSeq(t, pb); got != n+1 {
		t.Errorf("second 发布 numbered %d, want %d", got, n+1)
	}
	// the number stays on later edits
	r := sec.Do(http.MethodPatch, webtest.MeetingPath(pa, ""), map[string]any{"version": pa["version"], "location": "第三会议室"})
	wantStatus(t, r, http.StatusOK)
	if r.JSON(t)["notice_number"] != pa["notice_number"] {
		t.Errorf("an edit changed the notice number")
	}
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "直接发布的会议", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	body["invite_standing_members"] = false
	if got := noticeSeq(t, e.CreateMeeting(sec, body)); got != n+2 {
		t.Errorf("meeting created issued numbered %d, want %d", got, n+2)
	}

	ds := []map[string]any{draft("并发一"), draft("并发二"), draft("并发三")}
	var wg sync.WaitGroup
	got := make([]int, len(ds))
	for i, m := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for try := 0; try < 20; try++ { // SQLite may answer busy: retry as a client would
				r := sec.Post(webtest.MeetingPath(m, "/publish"), map[string]any{"version": m["version"]})
				if r.Status == http.StatusOK {
					var p struct {
						NoticeNumber string `json:"notice_number"`
					}
					r.Decode(t, &p)
					if g := noticeNo.FindStringSubmatch(p.NoticeNumber); g != nil {
						got[i], _ = strconv.Atoi(g[2])
					}
					return
				}
				if r.Status != http.StatusServiceUnavailable && r.Status != http.StatusConflict {
					t.Errorf("concurrent 发布: %d %s", r.Status, r.Body)
					return
				}
			}
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for k := n + 3; k <= n+5; k++ {
		if !seen[k] {
			t.Errorf("concurrent 发布 numbered %v, want %d…%d once each", got, n+3, n+5)
			break
		}
	}
}

// TestMeetingNotice_Document: the notice page and its JSON list the units,
// people, agenda with presenters and times, the materials with links, ask
// for the 回执 and name the contact; an outsider gets 404.
func TestMeetingNotice_Document(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	noticeOfficeCode(t, e, d)
	sec := e.API(d.OfficeSec)
	day := webtest.Workday(webtest.DaysFromToday(8))
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "第四季度联席会议", webtest.At(day, 9, 30), webtest.At(day, 11, 30))
	body["invite_standing_members"] = false
	body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.JusticeMember.ID}
	body["co_unit_ids"] = []int64{d.Procuratorate.ID}
	m := e.CreateMeeting(sec, body)
	p := webtest.MeetingPath(m, "")
	wantStatus(t, sec.Post(p+"/agenda", map[string]any{"title": "案卷自查情况汇报", "duration_minutes": 30, "presenter_user_id": d.ProcMember.ID}), http.StatusCreated)
	wantStatus(t, sec.Post(p+"/agenda", map[string]any{"title": "研究下一阶段工作", "duration_minutes": 20}), http.StatusCreated)
	mfCreated(t, mfUpload(t, e, sec, p, 0, "会议方案.pdf", pdfScan))

	var n struct {
		Number string `json:"number"`
		Title  string `json:"title"`
		Units  []struct {
			Name   string   `json:"name"`
			People []string `json:"people"`
		} `json:"units"`
		Agenda []struct {
			Title, Presenter, Start, End string
		} `json:"agenda"`
		Materials []struct{ Name, Link string } `json:"materials"`
		Contact   string                        `json:"contact"`
		CopyTo    []string                      `json:"copy_to"`
		MainTo    []string                      `json:"main_to"`
	}
	r := e.API(d.ProcMember).Get(p + "/notice")
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &n)
	if n.Number != m["notice_number"] || n.Title != "第四季度联席会议" {
		t.Errorf("notice %q %q", n.Number, n.Title)
	}
	if slices.Contains(n.MainTo, d.Office.Name) || !slices.Contains(n.MainTo, d.Procuratorate.Name) || !slices.Contains(n.MainTo, d.Justice.Name) {
		t.Errorf("主送 %v: the attendee units but the convening one", n.MainTo)
	}
	units := map[string]string{}
	for _, u := range n.Units {
		units[u.Name] = strings.Join(u.People, "、")
	}
	if !strings.Contains(units[d.Procuratorate.Name], d.ProcMember.DisplayName) || !strings.Contains(units[d.Justice.Name], d.JusticeMember.DisplayName) {
		t.Errorf("units %v lack the invited people", units)
	}
	if len(n.Agenda) != 2 || n.Agenda[0].Presenter != d.ProcMember.DisplayName || !strings.Contains(n.Agenda[0].Start, "T09:30:00") || !strings.Contains(n.Agenda[1].Start, "T10:00:00") {
		t.Errorf("agenda %+v", n.Agenda)
	}
	if len(n.Materials) != 1 || n.Materials[0].Name != "会议方案.pdf" || !strings.HasPrefix(n.Materials[0].Link, strings.Replace(p, "/api/v1", "", 1)+"/files/") {
		t.Errorf("materials %+v", n.Materials)
	}
	if n.Contact != d.OfficeSec.DisplayName || len(n.CopyTo) != 1 || n.CopyTo[0] != d.Procuratorate.Name {
		t.Errorf("contact %q copy to %v", n.Contact, n.CopyTo)
	}
	if dl := e.API(d.ProcMember).Get(strings.Replace(p, "/api/v1", "", 1) + "/files/" + lastSeg(n.Materials[0].Link)); dl.Status != http.StatusOK {
		t.Errorf("the notice's material link: %d", dl.Status)
	}

	page := e.Browser(d.JusticeMember).Get(strings.Replace(p, "/api/v1", "", 1) + "/notice")
	wantStatus(t, page, http.StatusOK)
	html := string(page.Body)
	for _, want := range []string{n.Number, "关于召开第四季度联席会议的通知", d.Procuratorate.Name, d.Justice.Name, d.ProcMember.DisplayName,
		"案卷自查情况汇报", "汇报人：" + d.ProcMember.DisplayName, "09:30—10:00", "会议方案.pdf", `href="` + n.Materials[0].Link + `"`,
		"前回执。", "联系人：" + d.OfficeSec.DisplayName, "抄送", "data-print", "（星期",
		"三、参会单位和人员", "四、会议议程", "五、会议材料", "六、有关要求"} {
		if !strings.Contains(html, want) {
			t.Errorf("the notice page lacks %q", want)
		}
	}
	// The meeting has a 回执 deadline (the district's default), which the
	// notice names instead of "before the meeting".
	if e.API(d.OfficeSec).Get(strings.Replace(p, "/notice", "", 1)).JSON(t)["reply_by"] != nil && (strings.Contains(html, "请于会前回执") || !strings.Contains(html, "日（星期")) {
		t.Errorf("the notice does not name the 回执 deadline")
	}
	show := e.Browser(d.OfficeSec).Get(strings.Replace(p, "/api/v1", "", 1))
	if !strings.Contains(string(show.Body), `/notice">会议通知 `+n.Number) {
		t.Errorf("the meeting page has no link to its notice")
	}
	if l := e.Browser(d.OfficeSec).Get("/meetings"); !strings.Contains(string(l.Body), `/notice">`+n.Number+`</a>`) {
		t.Errorf("the meeting list row does not link the notice")
	}
	wantStatus(t, e.API(d.AgencyAMember).Get(p+"/notice"), http.StatusNotFound)
}

func lastSeg(s string) string { return s[strings.LastIndex(s, "/")+1:] }

// noticeMail is an outbox mail's plain text and attachments by file name.
func noticeMail(t *testing.T, e *webtest.Env, to string) (string, map[string][]byte) {
	t.Helper()
	var rows []struct{ Message []byte }
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT message FROM outbox WHERE recipient = ? AND kind = 'invite' ORDER BY id`, to).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d invitations to %s, want 1", len(rows), to)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(rows[0].Message))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var text string
	var walk func(ct string, h func(string) string, body io.Reader)
	walk = func(ct string, h func(string) string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				part, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(part.Header.Get("Content-Type"), part.Header.Get, part)
			}
		}
		var r io.Reader = body
		if strings.EqualFold(h("Content-Transfer-Encoding"), "base64") {
			r = base64.NewDecoder(base64.StdEncoding, &stripNL{body})
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, dp, err := mime.ParseMediaType(h("Content-Disposition")); err == nil && dp["filename"] != "" {
			files[dp["filename"]] = data
		} else if mt == "text/plain" {
			text = string(data)
		}
	}
	walk(msg.Header.Get("Content-Type"), msg.Header.Get, msg.Body)
	return text, files
}

// TestMeetingNotice_Mail: the invitation of an ordinary meeting carries
// the notice as 会议通知-<字号>.html and links the notice page; that of a
// sensitive meeting carries neither, though the meeting is numbered and
// its notice is the register entry only.
func TestMeetingNotice_Mail(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	noticeOfficeCode(t, e, d)
	sec := e.API(d.OfficeSec)
	day := webtest.Workday(webtest.DaysFromToday(6))
	body := webtest.MeetingBody("joint_meeting", d.Office.ID, "通知附件测试会议", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	body["invite_standing_members"] = false
	body["attendee_user_ids"] = []int64{d.ProcMember.ID}
	m := e.CreateMeeting(sec, body)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "听取案卷自查汇报", "duration_minutes": 30}), http.StatusCreated)

	sbody := webtest.MeetingBody("joint_meeting", d.Office.ID, "涉密通知测试", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	sbody["invite_standing_members"] = false
	sbody["sensitivity"] = "sensitive"
	sbody["attendee_user_ids"] = []int64{d.JusticeMember.ID}
	s := e.CreateMeeting(sec, sbody)
	reconcile(t, e)

	text, files := noticeMail(t, e, d.ProcMember.Email)
	name := "会议通知-" + m["notice_number"].(string) + ".html"
	f, ok := files[name]
	if !ok {
		t.Fatalf("the invitation carries %d files, none named %s", len(files), name)
	}
	for _, want := range []string{"关于召开通知附件测试会议的通知", "听取案卷自查汇报", m["notice_number"].(string), d.ProcMember.DisplayName, "前回执",
		"四、会议议程", "五、有关要求"} {
		if !bytes.Contains(f, []byte(want)) {
			t.Errorf("the attached notice lacks %q", want)
		}
	}
	if _, ok := files["invite.ics"]; !ok {
		t.Errorf("the invitation lost its calendar attachment")
	}
	if !strings.Contains(text, strings.Replace(webtest.MeetingPath(m, "/notice"), "/api/v1", "", 1)) {
		t.Errorf("the mail does not link the notice page:\n%s", text)
	}

	stext, sfiles := noticeMail(t, e, d.JusticeMember.Email)
	for fn := range sfiles {
		if fn != "invite.ics" {
			t.Errorf("a sensitive meeting's invitation carries %s", fn)
		}
	}
	if strings.Contains(stext, "/notice") || strings.Contains(stext, "涉密通知测试") {
		t.Errorf("a sensitive meeting's mail names its notice or title:\n%s", stext)
	}
	noticeSeq(t, s)
	var sn struct {
		Number       string `json:"number"`
		RegisterOnly bool   `json:"register_only"`
		Title        string `json:"title"`
	}
	r := sec.Get(webtest.MeetingPath(s, "/notice"))
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &sn)
	if sn.Number != s["notice_number"] || !sn.RegisterOnly || sn.Title != "" || strings.Contains(string(r.Body), "涉密通知测试") {
		t.Errorf("sensitive notice: %s", r.Body)
	}
	page := e.Browser(d.OfficeSec).Get(strings.Replace(webtest.MeetingPath(s, "/notice"), "/api/v1", "", 1))
	wantStatus(t, page, http.StatusOK)
	if strings.Contains(string(page.Body), "涉密通知测试") {
		t.Errorf("the sensitive notice page shows the title")
	}
}
