package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// TestProof_CanarySearch (issue 20 item 6): a marker planted in sensitive
// and classified records — a meeting's title, a case's 案号, a document's
// 文号, the title of a meeting made classified later — is found
// by nobody, not even by the records' own units, and is not in the search
// index at all. The same marker in an ordinary record is found, so the
// search works (the test could fail).
//
//	go test ./app/web -run 'TestProof_CanarySearch' -count=1 -v
func TestProof_CanarySearch(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tag := "CANARY-" + hex.EncodeToString(b)
	mk := func(s string) string { return tag + "-" + s }
	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	at := func(h int) string { return start.Add(time.Duration(h) * time.Hour).Format(time.RFC3339) }

	for _, s := range []string{"classified", "sensitive"} {
		body := webtest.MeetingBody("consultation", d.Procuratorate.ID, mk(s+"-meeting"), at(0), at(1))
		body["sensitivity"], body["paper_file_holder"] = s, "检察院机要室"
		body["attendee_user_ids"] = []int64{d.JusticeMember.ID}
		e.CreateMeeting(proc, body)
		c := cfWith(cfWith(cfWith(cfCase(d, mk(s+"-case")), "sensitivity", s), "paper_file_holder", "王某"), "title", "")
		proc.CreateCase(t, c)
		doc := cfWith(cfWith(cfDoc(d, mk(s+"-doc")), "sensitivity", s), "title", "")
		proc.CreateDocument(t, doc)
	}
	// An ordinary meeting made classified: its title stays its register
	// entry (on its own pages) but leaves the index.
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, mk("reclass-meeting"), at(2), at(3))
	body["location"] = ""
	m := e.CreateMeeting(proc, body)
	if hits, _ := searchAPI(t, proc, mk("reclass-meeting"), ""); len(hits) != 1 || hits[0].Kind != "meeting" {
		t.Fatalf("the ordinary meeting is not found before the change: %+v", hits)
	}
	r := proc.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"version": m["version"], "sensitivity": "classified", "paper_file_holder": "检察院办公室"})
	wantStatus(t, r, http.StatusOK)

	// The control: the marker in an ordinary case is found by its unit.
	proc.CreateCase(t, cfCase(d, mk("ordinary-case")))
	hits, _ := searchAPI(t, proc, tag, "")
	if !has(hits, "case", mk("ordinary-case")) {
		t.Fatalf("the ordinary marked case is not found: %+v", hits)
	}

	users := []account.User{d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, d.AgencyBMember}
	hidden := []string{"classified-meeting", "sensitive-meeting", "classified-case", "sensitive-case", "classified-doc", "sensitive-doc", "reclass-meeting"}
	for _, u := range users {
		for _, q := range []string{tag, tag[:3], "密", mk("classified")} {
			api := e.API(u).Get("/api/v1/search?q=" + url.QueryEscape(q) + "&limit=200")
			page := e.Browser(u).Get("/search?q=" + url.QueryEscape(q) + "&limit=200")
			for _, h := range hidden {
				if strings.Contains(string(api.Body), mk(h)) || strings.Contains(string(page.Body), mk(h)) {
					t.Errorf("LEAK: %s found by %s searching %q", h, u.Username, q)
				}
			}
		}
	}
	for _, h := range hidden {
		if n := count(t, e, "SELECT COUNT(*) FROM search_docs WHERE body LIKE ? OR title LIKE ?", "%"+mk(h)+"%", "%"+mk(h)+"%"); n != 0 {
			t.Errorf("%s is in the search index (%d rows)", h, n)
		}
	}
}
