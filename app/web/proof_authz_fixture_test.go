package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// azSide is one owning unit's set of records for the authorization matrix:
// a meeting it convenes, cases it registered, a document it issued (with
// its action item) — each naming one agency as the other party.
type azSide struct {
	name                 string
	owner, agency, other account.Unit // other: where the notified case goes
	sec                  account.User
	meeting, attendee    int64
	agenda               int64
	meetingFile          int64 // a material of the meeting (meeting_files_test.go)
	kase, notified, note int64 // a plain case; a case notified to other and its notification
	doc, docFile         int64
	action, actionFile   int64
	request              int64 // a pending 提请 (the justice bureau's; other sides share it)
	template             int64 // a meeting template the unit keeps
}

// Consultations, not joint meetings: a joint meeting invites the standing
// members of every hub unit, and the matrix needs a meeting that another
// unit has no part in.

// azWorld is every fixture the matrix substitutes into path parameters.
type azWorld struct {
	e          *webtest.Env
	d          webtest.District
	sides      map[string]*azSide // "O" office, "P" procuratorate, "J" justice bureau
	colleague  map[int64]account.User
	inApp      map[int64]int64 // user → one of their in-app notifications
	feed       map[int64]string
	room       int64
	caseType   int64
	made       int // fresh sub-records made so far, to name them apart
	outbox     int64
	rsvpAccept string
}

var azPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// newAZWorld builds the fixtures through the real API, as users would.
func newAZWorld(t *testing.T, e *webtest.Env, d webtest.District) *azWorld {
	t.Helper()
	w := &azWorld{e: e, d: d, sides: map[string]*azSide{}, colleague: map[int64]account.User{}, inApp: map[int64]int64{}, feed: map[int64]string{}}
	w.sides["O"] = &azSide{name: "O", owner: d.Office, agency: d.AgencyB, other: d.Procuratorate, sec: d.OfficeSec}
	w.sides["P"] = &azSide{name: "P", owner: d.Procuratorate, agency: d.AgencyA, other: d.Justice, sec: d.ProcSec}
	w.sides["J"] = &azSide{name: "J", owner: d.Justice, agency: d.AgencyB, other: d.Procuratorate, sec: d.JusticeSec}
	agencyUser := map[int64]account.User{d.AgencyA.ID: d.AgencyAMember, d.AgencyB.ID: d.AgencyBMember}
	for _, u := range []account.Unit{d.Office, d.Procuratorate, d.Justice, d.AgencyA, d.AgencyB} {
		w.colleague[u.ID] = e.User(fmt.Sprintf("colleague.%d", u.ID), u, account.RoleMember)
	}
	for i, key := range []string{"O", "P", "J"} {
		s := w.sides[key]
		c := e.API(s.sec)
		start := webtest.Time(mDay.AddDays(i), 9, 0) // to come: invitations go out
		m := e.CreateMeeting(c, webtest.MeetingBody("consultation", s.owner.ID, "矩阵会议"+key, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
		s.meeting = azID(t, m)
		s.attendee = azID(t, azCreated(t, c.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": agencyUser[s.agency.ID].ID, "role": "required"})))
		s.agenda = azID(t, azCreated(t, c.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "议题" + key, "duration_minutes": 20})))
		s.meetingFile = azID(t, azCreated(t, c.Upload(webtest.MeetingPath(m, "/files"), "材料.pdf", azPDF, nil)))
		s.template = azID(t, azCreated(t, c.Post("/api/v1/meeting-templates", map[string]any{"name": "矩阵模板" + key, "kind": "consultation",
			"items": []map[string]any{{"title": "议题", "duration_minutes": 20}}})))
		body := map[string]any{"number": "矩阵案" + key, "title": "矩阵案件", "kind": "工伤认定", "respondent_unit_id": s.agency.ID,
			"origin_unit_id": s.owner.ID, "sensitivity": "ordinary", "accepted_on": "2026-03-02"}
		s.kase = c.CreateCase(t, body).ID
		body["number"] = "矩阵通报案" + key
		s.notified = c.CreateCase(t, body).ID
		s.note = azID(t, azCreated(t, c.Post(webtest.CasePath(s.notified, "/notifications"),
			map[string]any{"from_unit_id": s.owner.ID, "to_unit_id": s.other.ID, "stage": "accepted", "summary": "已受理"})))
		doc := c.CreateDocument(t, map[string]any{"type": "legal_opinion", "number": "矩阵文书" + key, "issuing_unit_id": s.owner.ID,
			"addressee_unit_id": s.agency.ID, "cc_unit_ids": []int64{}, "issued_on": "2026-03-02", "case_ids": []int64{s.kase}})
		s.doc, s.action = doc.ID, doc.ActionItems[0].ID
		s.docFile = azID(t, azCreated(t, c.Upload(fmt.Sprintf("/api/v1/documents/%d/files", s.doc), "scan.pdf", azPDF, nil)))
		if key == "J" {
			s.request = azID(t, azCreated(t, c.Post("/api/v1/opinion-requests", map[string]any{"number": "矩阵提请", "requesting_unit_id": s.owner.ID,
				"addressee_unit_id": s.agency.ID, "grounds": []string{"discretion_abused"}})))
		}
		fb := postMultipart(t, e, e.API(agencyUser[s.agency.ID]), fmt.Sprintf("/api/v1/actions/%d/feedback", s.action),
			map[string]string{"body": "进展", "kind": "progress"}, map[string][]byte{"scan.pdf": azPDF})
		var got struct {
			Files []struct{ ID int64 } `json:"files"`
		}
		azCreated(t, fb)
		fb.Decode(t, &got)
		s.actionFile = got.Files[0].ID
	}
	admin := e.API(d.Admin)
	w.room = azID(t, azCreated(t, admin.Post("/api/v1/rooms", map[string]any{"name": "矩阵会议室", "capacity": 20})))
	var types struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	r := admin.Get("/api/v1/case-types")
	r.Decode(t, &types)
	if len(types.Items) == 0 {
		t.Fatalf("no case types: %s", r.Body)
	}
	w.caseType = types.Items[0].ID
	for _, u := range append(azUsers(d), w.colleagueList()...) {
		if err := e.Deps.Notify.Notify(e.Ctx(), []int64{u.ID}, "矩阵提醒", "", "/"); err != nil {
			t.Fatal(err)
		}
		w.inApp[u.ID] = count(t, e, `SELECT MAX(id) FROM notifications WHERE user_id = ?`, u.ID)
	}
	for _, u := range azUsers(d) {
		furl, _ := myFeed(t, e.API(u))
		w.feed[u.ID] = strings.TrimPrefix(feedPath(t, furl), "/feeds/")
	}
	reconcile(t, e)
	w.outbox = count(t, e, `SELECT MIN(id) FROM outbox`)
	acc, _, err := e.Deps.Subscribe.RSVPTokens(e.Ctx(), w.sides["P"].meeting, d.AgencyAMember.ID, e.DB.Now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	w.rsvpAccept = acc
	return w
}

func (w *azWorld) colleagueList() []account.User {
	var out []account.User
	for _, u := range w.colleague {
		out = append(out, u)
	}
	return out
}

func azUsers(d webtest.District) []account.User {
	return []account.User{d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.JusticeSec, d.ProcMember, d.AgencyAMember, d.AgencyBMember, d.JusticeMember}
}

func azCreated(t *testing.T, r webtest.Response) webtest.Response {
	t.Helper()
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("fixture: status %d\n%s", r.Status, r.Body)
	}
	return r
}

func azID(t *testing.T, v any) int64 {
	t.Helper()
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case webtest.Response:
		m = x.JSON(t)
	}
	id, ok := m["id"].(float64)
	if !ok {
		t.Fatalf("fixture without id: %v", m)
	}
	return int64(id)
}
