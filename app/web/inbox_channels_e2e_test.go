package web_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/notify"
	"liaison/app/web/webtest"
)

// channelPost is one POST a unit's loopback receiver accepted: the robot's
// markdown content, or the webhook's messages.
type channelPost struct {
	Content  string     // robot
	Messages []hookItem // webhook
}

type hookItem struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Link      string `json:"link"`
	Sensitive bool   `json:"sensitive"`
}

// unitSink is a real HTTP server on loopback playing a unit's channel. It
// checks every request as the other side would and refuses a bad one, so a
// malformed or unsigned message fails delivery as it would in production;
// problems collects why.
type unitSink struct {
	*httptest.Server
	mu       sync.Mutex
	posts    []channelPost
	problems []string
}

// newHookReceiver verifies the JSON webhook as the README tells a receiver
// to, written here from the README rather than with notify.Sign so that the
// documented contract is what is tested: HMAC-SHA256(secret, timestamp +
// "." + raw body), compared in constant time, the timestamp within five
// minutes of the receiver's clock (the application's pinned one: the
// receiver shares its "now").
func newHookReceiver(t *testing.T, secret string, unitID int64, now func() time.Time) *unitSink {
	s := &unitSink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		ts := r.Header.Get("X-Liaison-Timestamp")
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			s.refuse(w, fmt.Sprintf("webhook: %s, content type %q, timestamp %q", r.Method, r.Header.Get("Content-Type"), ts))
			return
		}
		if d := now().Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
			s.refuse(w, fmt.Sprintf("webhook: timestamp %s off by %s", ts, d))
			return
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "."))
		mac.Write(raw)
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Liaison-Signature"))) {
			s.refuse(w, "webhook: bad signature "+r.Header.Get("X-Liaison-Signature"))
			return
		}
		var p struct {
			UnitID   int64      `json:"unit_id"`
			SentAt   time.Time  `json:"sent_at"`
			Messages []hookItem `json:"messages"`
		}
		if err := json.Unmarshal(raw, &p); err != nil || p.UnitID != unitID || p.SentAt.IsZero() || len(p.Messages) == 0 ||
			r.Header.Get("X-Liaison-Delivery") != p.Messages[0].ID {
			s.refuse(w, fmt.Sprintf("webhook: body %s, delivery %q (%v)", raw, r.Header.Get("X-Liaison-Delivery"), err))
			return
		}
		s.mu.Lock()
		s.posts = append(s.posts, channelPost{Messages: p.Messages})
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(s.Close)
	return s
}

// refuse answers 400, which fails the row for good: the test sees it in
// problems, not as a silent retry.
func (s *unitSink) refuse(w http.ResponseWriter, why string) {
	s.mu.Lock()
	s.problems = append(s.problems, why)
	s.mu.Unlock()
	http.Error(w, "refused", http.StatusBadRequest)
}

func (s *unitSink) snapshot() ([]channelPost, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posts), slices.Clone(s.problems)
}

// waitPosts waits until the sink accepted n posts in all (the relay is a
// River periodic job of a few seconds) or refused one.
func (s *unitSink) waitPosts(t *testing.T, what string, n int) []channelPost {
	t.Helper()
	for sw := clock.StartStopwatch(); ; time.Sleep(50 * time.Millisecond) {
		posts, problems := s.snapshot()
		if len(problems) > 0 {
			t.Fatalf("%s refused a request: %v", what, problems)
		}
		if len(posts) >= n {
			return posts
		}
		if sw.Elapsed() > 30*time.Second {
			t.Fatalf("%s got %d posts, want %d", what, len(posts), n)
		}
	}
}

// unitMsg is one channel outbox row: which channel, what kind, which record.
type unitMsg struct{ Channel, Kind, Link string }

// mailedByDefault are the kinds mailed unless a person opts out (README,
// "Notifications: who gets what"); nobody here changes a preference.
var mailedByDefault = map[string]bool{"document.received": true, "action.assigned": true, "action.returned": true,
	"case.notified": true, "escalation.opened": true}

// neutralLine is all a unit channel says of a sensitive or classified
// record (README, "Channels").
const neutralLine = "有一项需登录查看的事项更新"

func filterMsgs(ms []unitMsg, channel string) []unitMsg {
	return slices.DeleteFunc(slices.Clone(ms), func(m unitMsg) bool { return m.Channel != channel })
}

var robotLink = regexp.MustCompile(`\[查看详情\]\(([^)]+)\)`)

// TestInbox_EventsReachUnitChannels creates each event that concerns a
// unit through the HTTP API, with 区人社局's 企业微信 group robot and the
// procuratorate's signed JSON webhook configured through the admin API and
// pointing at loopback receivers that check the wire format, and checks at
// each step: exactly the right people's in-app notices and mail, the 待办
// entry of the kinds one acts on, exactly the channel messages of the units
// concerned (none to the other unit), and their arrival, delivered by the
// real job engine. A sensitive document (both channels) and a classified
// one (the robot; nobody may answer or read a classified record online, so
// the webhook never hears of one) reach them as the neutral line only, and
// their notices name no number.
func TestInbox_EventsReachUnitChannels(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	agencySec := e.User("agency.a.sec", d.AgencyA, account.RoleSecretary)
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember, agencySec)
	proc, agencyA, agencyASec, justice, office := e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(agencySec), e.API(d.JusticeSec), e.API(d.OfficeSec)
	base := strings.TrimRight(e.Deps.Config.BaseURL, "/")

	const secret = "e2e-webhook-secret-0123456789"
	robot := newRobotReceiverOf(t, "markdown")
	hook := newHookReceiver(t, secret, d.Procuratorate.ID, e.Clock.Now)
	admin := e.API(d.Admin)
	wantStatus(t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/admin/units/%d/channels/robot", d.AgencyA.ID),
		map[string]any{"url": robot.URL + "/cgi-bin/webhook/send?key=e2e", "enabled": true}), http.StatusOK)
	wantStatus(t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/admin/units/%d/channels/webhook", d.Procuratorate.ID),
		map[string]any{"url": hook.URL + "/in", "secret": secret, "enabled": true}), http.StatusOK)
	unitOf := map[string]int64{"robot": d.AgencyA.ID, "webhook": d.Procuratorate.ID}

	// proc.member asks for mail of every kind: each kind's mail then
	// goes out too (the others have the defaults).
	var all []map[string]any
	for _, k := range notify.Kinds {
		all = append(all, map[string]any{"kind": k.Name, "in_app": true, "email": true})
	}
	wantStatus(t, e.API(d.ProcMember).Do(http.MethodPut, "/api/v1/me/notification_prefs", map[string]any{"prefs": all}), http.StatusOK)
	x.take()

	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	})

	var chanMark int64
	nRobot, nHook := 0, 0
	neutralStep := false // the steps' record is sensitive or classified
	// step runs do, then checks its notices and mail (want: kind → people),
	// its channel rows (exactly those msgs gives, once do has made the
	// records) and their delivery. It returns the step's notices and posts,
	// for the neutral checks.
	step := func(name string, do func(), want map[string][]string, msgs func() []unitMsg) ([]noteRow, []channelPost) {
		t.Helper()
		// A channel sends once a minute and batches what comes within it;
		// moving past the window gives each step its own post.
		e.Clock.Advance(61 * time.Second)
		do()
		mail := map[string][]string{}
		for k, v := range want {
			if mailedByDefault[k] {
				mail[k] = slices.Clone(v)
			} else if slices.Contains(v, "proc.member") {
				mail[k] = []string{"proc.member"}
			}
		}
		rows := x.expect(name, want, mail)

		var got []struct {
			ID      int64
			Channel string
			UnitID  int64
			Kind    string
			Link    string
		}
		if err := e.DB.Conn(e.Ctx()).Raw(`SELECT id, channel, unit_id, kind, link FROM outbox WHERE id > ? AND channel <> 'mail' ORDER BY id`, chanMark).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		var have []unitMsg
		for _, g := range got {
			chanMark = max(chanMark, g.ID)
			if g.UnitID != unitOf[g.Channel] {
				t.Errorf("%s: a %s message for unit %d", name, g.Channel, g.UnitID)
			}
			have = append(have, unitMsg{g.Channel, g.Kind, g.Link})
		}
		wantMsgs := msgs()
		cmp := func(a, b unitMsg) int { return strings.Compare(a.Channel+a.Kind+a.Link, b.Channel+b.Kind+b.Link) }
		slices.SortFunc(have, cmp)
		slices.SortFunc(wantMsgs, cmp)
		if !slices.Equal(have, wantMsgs) {
			t.Errorf("%s: channel messages\n got %v\nwant %v", name, have, wantMsgs)
		}

		// What each channel must show: the title the unit's people read in
		// their inbox (everyone here reads Chinese), or for a sensitive or
		// classified record the channel's neutral line, and the link back
		// to the record. A step's messages to one channel are due together,
		// so they go out as one post.
		titleOf := map[string]string{}
		for _, r := range rows {
			titleOf[r.Kind] = r.Title
			if neutralStep {
				titleOf[r.Kind] = neutralLine
			}
		}
		var posts []channelPost
		if ms := filterMsgs(wantMsgs, "robot"); len(ms) > 0 {
			nRobot++
			p := robot.waitPosts(t, "the robot", nRobot)[nRobot-1]
			posts = append(posts, p)
			var links []string
			for _, l := range robotLink.FindAllStringSubmatch(p.Content, -1) {
				links = append(links, l[1])
			}
			head := ""
			if len(ms) > 1 {
				head = fmt.Sprintf("**Liaison：%d 条新消息**\n\n", len(ms))
			}
			ok := len(links) == len(ms) && strings.HasPrefix(p.Content, head)
			for _, m := range ms {
				ok = ok && slices.Contains(links, base+m.Link) && strings.Contains(p.Content, "**"+titleOf[m.Kind]+"**")
			}
			if !ok {
				t.Errorf("%s: robot got %q, want %v with the titles %v", name, p.Content, ms, titleOf)
			}
		}
		if ms := filterMsgs(wantMsgs, "webhook"); len(ms) > 0 {
			nHook++
			p := hook.waitPosts(t, "the webhook", nHook)[nHook-1]
			posts = append(posts, p)
			ok := len(p.Messages) == len(ms)
			for _, m := range ms {
				ok = ok && slices.ContainsFunc(p.Messages, func(h hookItem) bool {
					return h.Kind == m.Kind && h.Link == base+m.Link && h.Title == titleOf[m.Kind] && h.Sensitive == neutralStep
				})
			}
			if !ok {
				t.Errorf("%s: webhook got %+v, want %v with the titles %v", name, p.Messages, ms, titleOf)
			}
		}
		return rows, posts
	}
	// todoHas checks that c's 工作台 lists link under kind.
	todoHas := func(c *webtest.Client, who, kind, link string) {
		t.Helper()
		if _, urls := todoCount(t, c, kind); !slices.ContainsFunc(urls, func(u string) bool { return strings.Contains(u, link) }) {
			t.Errorf("%s's 待办 %s lacks %s: %v", who, kind, link, urls)
		}
	}
	to := func(ms ...unitMsg) func() []unitMsg { return func() []unitMsg { return ms } }
	agency := []string{"agency.a", "agency.a.sec"}
	procPeople := []string{"proc.sec", "proc.member"}

	// A document addressed to 区人社局 and copied to the justice bureau
	// (which has no channel: its people have their inbox only).
	var doc webtest.DocumentJSON
	docLink := func() string { return fmt.Sprintf("/documents/%d", doc.ID) }
	step("document addressed", func() { doc = proc.CreateDocument(t, cfAt(d, "检建E2E1", webtest.DaysFromToday(-2).String(), "")) },
		map[string][]string{"document.received": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}},
		func() []unitMsg { return []unitMsg{{"robot", "document.received", docLink()}} })
	todoHas(agencyA, "agency.a", "receipts", docLink())

	var item int64
	itemLink := func() string { return fmt.Sprintf("/actions/%d", item) }
	step("signed for: the issuer told, the reply item assigned", func() {
		r := agencyA.Post(fmt.Sprintf("/api/v1/documents/%d/receive", doc.ID), map[string]any{})
		wantStatus(t, r, http.StatusOK)
		var signed webtest.DocumentJSON
		r.Decode(t, &signed)
		if len(signed.ActionItems) != 1 {
			t.Fatalf("signing created %d items", len(signed.ActionItems))
		}
		item = signed.ActionItems[0].ID
	}, map[string][]string{"document.signed": procPeople, "action.assigned": {"agency.a.sec"}},
		func() []unitMsg {
			return []unitMsg{{"webhook", "document.signed", docLink()}, {"robot", "action.assigned", itemLink()}}
		})
	todoHas(agencyASec, "agency.a.sec", "actions", itemLink())

	fb, verify := fmt.Sprintf("/api/v1/actions/%d/feedback", item), fmt.Sprintf("/api/v1/actions/%d/verify", item)
	step("answered", func() { wantStatus(t, agencyA.Post(fb, map[string]any{"body": "已整改"}), http.StatusCreated) },
		map[string][]string{"action.answered": procPeople}, to(unitMsg{"webhook", "action.answered", itemLink()}))
	todoHas(proc, "proc.sec", "verify", itemLink())

	step("returned", func() {
		wantStatus(t, proc.Post(verify, map[string]any{"accepted": false, "comment": "请补充材料"}), http.StatusOK)
	}, map[string][]string{"action.returned": agency}, to(unitMsg{"robot", "action.returned", itemLink()}))
	todoHas(agencyA, "agency.a", "actions", itemLink())

	// Escalation step 1 copies the justice bureau, which must handle it.
	step("escalation opened", func() {
		wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", item), map[string]any{"comment": "退回后仍未整改"}), http.StatusOK)
	}, map[string][]string{"escalation.opened": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}},
		to(unitMsg{"robot", "escalation.opened", itemLink()}))
	todoHas(justice, "justice.sec", "escalations", itemLink())

	step("escalation handled", func() {
		wantStatus(t, justice.Post(fmt.Sprintf("/api/v1/actions/%d/escalations/1/handling", item), map[string]any{"handling": "立案监督"}), http.StatusOK)
	}, map[string][]string{"escalation.handled": procPeople}, to(unitMsg{"webhook", "escalation.handled", itemLink()}))

	step("answered again", func() { wantStatus(t, agencyA.Post(fb, map[string]any{"body": "已补充"}), http.StatusCreated) },
		map[string][]string{"action.answered": procPeople}, to(unitMsg{"webhook", "action.answered", itemLink()}))
	step("verified", func() { wantStatus(t, proc.Post(verify, map[string]any{"accepted": true}), http.StatusOK) },
		map[string][]string{"action.verified": agency}, to(unitMsg{"robot", "action.verified", itemLink()}))

	// Case notifications (通报) pass only between the procuratorate and
	// the justice bureau, which has no channel: one each way, and a reading.
	k := proc.CreateCase(t, cfCase(d, "通知E2E1"))
	caseLink := fmt.Sprintf("/cases/%d", k.ID)
	var note struct {
		ID int64 `json:"id"`
	}
	notifyCaseOf := func(id int64, c *webtest.Client, from, to int64, summary string) func() {
		return func() {
			r := c.Post(webtest.CasePath(id, "/notifications"), map[string]any{"from_unit_id": from, "to_unit_id": to, "stage": "accepted", "summary": summary})
			wantStatus(t, r, http.StatusCreated)
			r.Decode(t, &note)
		}
	}
	notifyCase := func(c *webtest.Client, from, to int64) func() { return notifyCaseOf(k.ID, c, from, to, "已受理") }
	step("case notified to the justice bureau", notifyCase(proc, d.Procuratorate.ID, d.Justice.ID),
		map[string][]string{"case.notified": {"justice.sec", "justice.member"}}, to())
	todoHas(justice, "justice.sec", "case_notes", caseLink)
	step("case notification read", func() {
		wantStatus(t, justice.Post(webtest.CasePath(k.ID, fmt.Sprintf("/notifications/%d/read", note.ID)), nil), http.StatusOK)
	}, map[string][]string{"case.read": procPeople}, to(unitMsg{"webhook", "case.read", caseLink}))
	step("case notified to the procuratorate", notifyCase(justice, d.Justice.ID, d.Procuratorate.ID),
		map[string][]string{"case.notified": procPeople}, to(unitMsg{"webhook", "case.notified", caseLink}))
	todoHas(proc, "proc.sec", "case_notes", caseLink)

	// A meeting the procuratorate convenes with 区人社局 as co-organiser:
	// invitations go to the people, and to the channels of their units
	// (one message each); the 会签 and the confirmed minutes go to the units.
	var m map[string]any
	meetingLink := func() string { return strings.TrimPrefix(webtest.MeetingPath(m, ""), "/api/v1") }
	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	step("invited", func() {
		body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "联席会商E2E", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
		body["co_unit_ids"] = []int64{d.AgencyA.ID}
		body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.AgencyAMember.ID}
		m = e.CreateMeeting(proc, body)
	}, map[string][]string{"meeting.invited": {"proc.member", "agency.a"}}, func() []unitMsg {
		return []unitMsg{{"robot", "meeting.invited", meetingLink()}, {"webhook", "meeting.invited", meetingLink()}}
	})
	todoHas(agencyA, "agency.a", "invitations", meetingLink())

	minutes := map[string]any{"body": "会商意见", "decisions": []map[string]any{{"text": "限期整改",
		"action_items": []map[string]any{{"title": "整改并反馈", "responsible_unit_id": d.AgencyB.ID, "due_on": webtest.DaysFromToday(30).String()}}}}}
	step("minutes ready for 会签", func() {
		e.Clock.Set(start.Add(2 * time.Hour)) // minutes are written once the meeting is held
		wantStatus(t, proc.Do(http.MethodPut, webtest.MeetingPath(m, "/minutes"), minutes), http.StatusOK)
	},
		map[string][]string{"minutes.signoff": agency}, func() []unitMsg { return []unitMsg{{"robot", "minutes.signoff", meetingLink()}} })
	todoHas(agencyASec, "agency.a.sec", "signoffs", meetingLink())
	wantStatus(t, agencyASec.Post(webtest.MeetingPath(m, "/minutes/sign-off"), nil), http.StatusOK)
	x.expect("signed off", map[string][]string{}, nil)

	// Confirmed: both units hear of it; the item it creates goes to 区市场监管局,
	// which has no channel.
	step("minutes confirmed", func() { wantStatus(t, proc.Post(webtest.MeetingPath(m, "/minutes/confirm"), nil), http.StatusOK) },
		map[string][]string{"minutes.confirmed": {"proc.member", "agency.a", "agency.a.sec"}, "action.assigned": {"agency.b"}},
		func() []unitMsg {
			return []unitMsg{{"robot", "minutes.confirmed", meetingLink()}, {"webhook", "minutes.confirmed", meetingLink()}}
		})

	// The scoreboard goes to every agency; the procuratorate is not one.
	month := webtest.Month(-1)
	step("scoreboard published", func() { wantStatus(t, office.Post("/api/v1/scoreboard/"+month+"/publish", nil), http.StatusCreated) },
		map[string][]string{"scoreboard.published": {"agency.a", "agency.a.sec", "agency.b"}},
		to(unitMsg{"robot", "scoreboard.published", "/scoreboard?month=" + month}))

	// Sensitive and classified documents addressed to 区人社局 (its robot)
	// and answered to the procuratorate (its webhook): every notice and
	// every post carries the neutral line only. A sensitive one is signed
	// for online, which tells the issuer and assigns the reply item; a
	// classified one is delivered on paper, so it comes received, with its
	// item assigned at once.
	neutralStep = true
	for _, c := range []struct{ level, number, word, received string }{
		{"sensitive", "敏号E2E4K2", "敏感", ""},
		{"classified", "密号E2E9Q7", "涉密", webtest.Today().String()},
	} {
		var sd webtest.DocumentJSON
		var sitem int64
		link := func() string { return fmt.Sprintf("/documents/%d", sd.ID) }
		slink := func() string { return fmt.Sprintf("/actions/%d", sitem) }
		neutral := func(rows []noteRow, posts []channelPost, what string) {
			t.Helper()
			for _, n := range rows {
				if strings.Contains(n.Title+n.Body, c.number) || !strings.Contains(n.Title, c.word) {
					t.Errorf("%s %s: notice %q / %q", c.level, what, n.Title, n.Body)
				}
			}
			for _, p := range posts {
				all := p.Content
				for _, mm := range p.Messages {
					all += mm.ID + mm.Title + mm.Text + mm.Link
					if mm.Text != "" {
						t.Errorf("%s %s: webhook message with a text %+v", c.level, what, mm)
					}
				}
				if strings.Contains(all, c.number) || strings.Contains(all, c.word) {
					t.Errorf("%s %s: channel post %q %+v", c.level, what, p.Content, p.Messages)
				}
			}
		}
		create := func() {
			sd = proc.CreateDocument(t, cfWith(cfWith(cfAt(d, c.number, webtest.DaysFromToday(-2).String(), c.received), "sensitivity", c.level), "cc_unit_ids", []int64{}))
			if len(sd.ActionItems) > 0 {
				sitem = sd.ActionItems[0].ID
			}
		}
		if c.received == "" {
			rows, posts := step(c.level+" document addressed", create, map[string][]string{"document.received": agency},
				func() []unitMsg { return []unitMsg{{"robot", "document.received", link()}} })
			neutral(rows, posts, "addressed")
			rows, posts = step(c.level+" document signed for", func() {
				r := agencyA.Post(fmt.Sprintf("/api/v1/documents/%d/receive", sd.ID), map[string]any{})
				wantStatus(t, r, http.StatusOK)
				var signed webtest.DocumentJSON
				r.Decode(t, &signed)
				if len(signed.ActionItems) != 1 {
					t.Fatalf("signing created %d items", len(signed.ActionItems))
				}
				sitem = signed.ActionItems[0].ID
			}, map[string][]string{"document.signed": procPeople, "action.assigned": {"agency.a.sec"}},
				func() []unitMsg {
					return []unitMsg{{"webhook", "document.signed", link()}, {"robot", "action.assigned", slink()}}
				})
			neutral(rows, posts, "signed for")
		} else {
			rows, posts := step(c.level+" document delivered on paper", create,
				map[string][]string{"document.received": agency, "action.assigned": agency},
				func() []unitMsg {
					return []unitMsg{{"robot", "document.received", link()}, {"robot", "action.assigned", slink()}}
				})
			neutral(rows, posts, "delivered")
		}
		if c.received != "" {
			// Nobody of 区人社局 may open a classified item (only its issuer
			// and named owner), nor the justice bureau a classified case, so
			// neither is answered or read online: the procuratorate's
			// webhook hears of no classified record here, and a classified
			// 通报 to the justice bureau (no channel) tells its people
			// neutrally.
			body := cfWith(cfWith(cfWith(cfCase(d, c.number+"案"), "sensitivity", c.level), "title", ""), "paper_file_holder", "王某")
			ck := proc.CreateCase(t, body)
			rows, posts := step(c.level+" case notified", notifyCaseOf(ck.ID, proc, d.Procuratorate.ID, d.Justice.ID, ""),
				map[string][]string{"case.notified": {"justice.sec", "justice.member"}}, to())
			neutral(rows, posts, "case notified")
			continue
		}
		rows, posts := step(c.level+" item answered", func() {
			wantStatus(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", sitem), map[string]any{"body": ""}), http.StatusCreated)
		}, map[string][]string{"action.answered": procPeople}, func() []unitMsg { return []unitMsg{{"webhook", "action.answered", slink()}} })
		neutral(rows, posts, "answered")
	}

	// Everything the steps queued went out, and nothing else reached either
	// receiver.
	for sw := clock.StartStopwatch(); ; time.Sleep(50 * time.Millisecond) {
		n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE channel <> 'mail' AND status <> 'sent'`)
		if n == 0 {
			break
		}
		if sw.Elapsed() > 30*time.Second {
			t.Fatalf("%d channel messages not sent", n)
		}
	}
	for _, c := range []struct {
		what string
		s    *unitSink
		n    int
	}{{"the robot", robot, nRobot}, {"the webhook", hook, nHook}} {
		if posts, problems := c.s.snapshot(); len(posts) != c.n || len(problems) > 0 {
			t.Errorf("%s got %d posts, want %d; refused: %v", c.what, len(posts), c.n, problems)
		}
	}
}
