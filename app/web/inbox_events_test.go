package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// inbox watches what the events of one step left in everyone's inbox and
// in the outbox.
type inbox struct {
	t     *testing.T
	e     *webtest.Env
	names map[int64]string
	nMark int64 // last notification id seen
	oMark int64 // last outbox id seen
}

type noteRow struct {
	ID     int64
	UserID int64
	Kind   string
	Title  string
	Body   string
	Link   string
}

func newInbox(t *testing.T, e *webtest.Env, users ...account.User) *inbox {
	x := &inbox{t: t, e: e, names: map[int64]string{}}
	for _, u := range users {
		x.names[u.ID] = u.Username
	}
	x.take()
	return x
}

// take returns the notifications made since the last call, kind → sorted
// usernames, and the event mails, kind → sorted recipients, with the rows.
func (x *inbox) take() (map[string][]string, map[string][]string, []noteRow) {
	x.t.Helper()
	var rows []noteRow
	conn := x.e.DB.Conn(x.e.Ctx())
	if err := conn.Raw(`SELECT id, user_id, kind, title, body, link FROM notifications WHERE id > ? ORDER BY id`, x.nMark).Scan(&rows).Error; err != nil {
		x.t.Fatal(err)
	}
	notes := map[string][]string{}
	for _, r := range rows {
		x.nMark = max(x.nMark, r.ID)
		name, ok := x.names[r.UserID]
		if !ok {
			name = fmt.Sprintf("user#%d", r.UserID)
		}
		notes[r.Kind] = append(notes[r.Kind], name)
	}
	var mails []struct {
		ID        int64
		Kind      string
		Recipient string
	}
	if err := conn.Raw(`SELECT id, kind, recipient FROM outbox WHERE id > ? AND kind LIKE 'event.%' ORDER BY id`, x.oMark).Scan(&mails).Error; err != nil {
		x.t.Fatal(err)
	}
	sent := map[string][]string{}
	for _, m := range mails {
		x.oMark = max(x.oMark, m.ID)
		k := strings.TrimPrefix(m.Kind, "event.")
		sent[k] = append(sent[k], strings.TrimSuffix(m.Recipient, "@test.example"))
	}
	for _, m := range []map[string][]string{notes, sent} {
		for k := range m {
			slices.Sort(m[k])
		}
	}
	return notes, sent, rows
}

// expect checks that exactly want got in-app notifications and exactly
// mail got mail, kind by kind, since the last call.
func (x *inbox) expect(step string, want, mail map[string][]string) []noteRow {
	x.t.Helper()
	notes, sent, rows := x.take()
	for _, m := range []map[string][]string{want, mail} {
		for k := range m {
			slices.Sort(m[k])
		}
	}
	if !maps.EqualFunc(notes, want, slices.Equal) {
		x.t.Errorf("%s: in-app notifications\n got %v\nwant %v", step, notes, want)
	}
	if mail == nil {
		mail = map[string][]string{}
	}
	if !maps.EqualFunc(sent, mail, slices.Equal) {
		x.t.Errorf("%s: mail\n got %v\nwant %v", step, sent, mail)
	}
	return rows
}

// TestInbox_EventsReachThePeopleConcerned makes each event through the
// HTTP API and checks that exactly the active secretaries and liaisons of
// the unit concerned (never the person who acted, never anyone else) get
// an in-app notification, and mail where the kind or their choice says so.
func TestInbox_EventsReachThePeopleConcerned(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	agencySec := e.User("agency.a.sec", d.AgencyA, account.RoleSecretary)
	gone := e.User("agency.a.gone", d.AgencyA, account.RoleMember)
	wantStatus(t, e.API(d.Admin).Do("PATCH", fmt.Sprintf("/api/v1/users/%d", gone.ID), map[string]any{"active": false, "version": gone.Version}), http.StatusOK)
	x := newInbox(t, e, d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember, agencySec, gone)
	proc, procMember, agencyA, justice, office := e.API(d.ProcSec), e.API(d.ProcMember), e.API(d.AgencyAMember), e.API(d.JusticeSec), e.API(d.OfficeSec)

	// proc.member would rather read signed-for notices by mail only.
	wantStatus(t, procMember.Do("PUT", "/api/v1/me/notification_prefs", map[string]any{"prefs": []map[string]any{
		{"kind": "document.signed", "in_app": false, "email": true}, {"kind": "action.answered", "in_app": false}}}), http.StatusOK)
	x.take()

	doc := proc.CreateDocument(t, cfAt(d, "检建通知1", webtest.DaysFromToday(-2).String(), ""))
	x.expect("document addressed and copied", map[string][]string{
		"document.received": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}},
		map[string][]string{"document.received": {"agency.a", "agency.a.sec", "justice.sec", "justice.member"}})

	r := agencyA.Post(fmt.Sprintf("/api/v1/documents/%d/receive", doc.ID), map[string]any{})
	wantStatus(t, r, http.StatusOK)
	var signed webtest.DocumentJSON
	r.Decode(t, &signed)
	if len(signed.ActionItems) != 1 {
		t.Fatalf("signing created %d items", len(signed.ActionItems))
	}
	item := signed.ActionItems[0].ID
	x.expect("signed for, and its reply item", map[string][]string{
		"document.signed": {"proc.sec"},     // proc.member chose mail only
		"action.assigned": {"agency.a.sec"}, // the signer knows
	}, map[string][]string{"document.signed": {"proc.member"}, "action.assigned": {"agency.a.sec"}})

	fb := fmt.Sprintf("/api/v1/actions/%d/feedback", item)
	verify := fmt.Sprintf("/api/v1/actions/%d/verify", item)
	wantStatus(t, agencyA.Post(fb, map[string]any{"body": "已整改"}), http.StatusCreated)
	// action.answered is to act on: proc.member's "off" does not hold.
	x.expect("answered", map[string][]string{"action.answered": {"proc.sec", "proc.member"}}, nil)

	wantStatus(t, proc.Post(verify, map[string]any{"accepted": false, "comment": "请补充材料"}), http.StatusOK)
	x.expect("returned", map[string][]string{"action.returned": {"agency.a", "agency.a.sec"}},
		map[string][]string{"action.returned": {"agency.a", "agency.a.sec"}})

	wantStatus(t, agencyA.Post(fb, map[string]any{"body": "已补充"}), http.StatusCreated)
	x.expect("answered again", map[string][]string{"action.answered": {"proc.sec", "proc.member"}}, nil)

	wantStatus(t, proc.Post(verify, map[string]any{"accepted": true}), http.StatusOK)
	rows := x.expect("verified", map[string][]string{"action.verified": {"agency.a", "agency.a.sec"}}, nil)
	if len(rows) > 0 && rows[0].Link != fmt.Sprintf("/actions/%d", item) {
		t.Errorf("link %q", rows[0].Link)
	}

	k := proc.CreateCase(t, cfCase(d, "通知案1"))
	r = proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted", "summary": "已受理"})
	wantStatus(t, r, http.StatusCreated)
	var note struct {
		ID int64 `json:"id"`
	}
	r.Decode(t, &note)
	x.expect("case notified", map[string][]string{"case.notified": {"justice.sec", "justice.member"}},
		map[string][]string{"case.notified": {"justice.sec", "justice.member"}})
	wantStatus(t, justice.Post(webtest.CasePath(k.ID, fmt.Sprintf("/notifications/%d/read", note.ID)), nil), http.StatusOK)
	x.expect("case notification read", map[string][]string{"case.read": {"proc.sec", "proc.member"}}, nil)

	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	body := webtest.MeetingBody("consultation", d.Office.ID, "联席会商", start.Format("2006-01-02T15:04:05Z07:00"), start.Add(3600e9).Format("2006-01-02T15:04:05Z07:00"))
	body["attendee_user_ids"] = []int64{d.ProcMember.ID, d.AgencyAMember.ID}
	m := e.CreateMeeting(office, body)
	x.expect("invited", map[string][]string{"meeting.invited": {"proc.member", "agency.a"}}, nil)
	wantStatus(t, office.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"title": "联席会商（改期）", "version": 1}), http.StatusOK)
	x.expect("changed", map[string][]string{"meeting.changed": {"proc.member", "agency.a"}}, nil)
	wantStatus(t, office.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	x.expect("cancelled", map[string][]string{"meeting.cancelled": {"proc.member", "agency.a"}}, nil)

	wantStatus(t, office.Post("/api/v1/scoreboard/"+webtest.Month(-1)+"/publish", nil), http.StatusCreated)
	x.expect("scoreboard published", map[string][]string{"scoreboard.published": {"agency.a", "agency.a.sec", "agency.b"}}, nil)

	// Sensitive and classified documents: every channel names the register
	// entry only.
	for _, c := range []struct {
		level, number, word, received string
		kinds                         []string
	}{
		{"sensitive", "敏号4K2", "敏感", "", []string{"document.received"}},
		{"classified", "密号9Q7", "涉密", webtest.Today().String(), []string{"document.received", "action.assigned"}},
	} {
		proc.CreateDocument(t, cfWith(cfWith(cfAt(d, c.number, webtest.DaysFromToday(-2).String(), c.received), "sensitivity", c.level), "cc_unit_ids", []int64{}))
		want := map[string][]string{}
		for _, k := range c.kinds {
			want[k] = []string{"agency.a", "agency.a.sec"}
		}
		rows := x.expect(c.level+" document", want, want)
		for _, n := range rows {
			if strings.Contains(n.Title+n.Body, c.number) || !strings.Contains(n.Title, c.word) || strings.Contains(n.Title+n.Body, "#") {
				t.Errorf("%s notification %q / %q", c.level, n.Title, n.Body)
			}
		}
		var msgs []struct{ Subject, Message string }
		if err := e.DB.Conn(e.Ctx()).Raw(`SELECT subject, message FROM outbox WHERE kind LIKE 'event.%' ORDER BY id DESC LIMIT ?`, 2*len(c.kinds)).Scan(&msgs).Error; err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if strings.Contains(m.Subject+m.Message, c.number) || !strings.Contains(m.Subject, c.word) {
				t.Errorf("%s mail %q", c.level, m.Subject)
			}
		}
	}
}
