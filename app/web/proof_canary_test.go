package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// The canary leak test (issue 7): a unique marker goes into every
// free-text field of sensitive and classified cases, meetings, documents,
// notifications, action items and feedback wherever the product takes it;
// then every outbound channel is collected — every page and API GET of the
// router for every role, every feed, every mail in the outbox, every export
// (xlsx unzipped), the in-app notifications and the server's log — and each
// marker may appear only where canaryRules allow.
//
//	go test ./app/web -run 'TestProof_CanaryLeak' -count=1 -v

// canary is one marker and where the rules let it appear.
type canary struct {
	marker   string
	what     string
	accepted bool                    // the product took it (refused markers may appear nowhere)
	viewer   func(account.User) bool // who may read it on a page or API answer; nil: nobody
	calendar bool                    // may also reach its viewers' calendars: feeds, invite.ics, invitation mail
	roster   bool                    // an attendee's name: also in the attendance sheet and the invitations (ICS ATTENDEE), for its viewers
	register bool                    // a case's register entry (its number): also in its viewers' case exports, and the audit log for admins
	secret   bool                    // write-only (a channel's URL or secret): taken, and shown to nobody, ever
	// reclassified: written while its record was ordinary, which was made
	// classified since: never in the audit log, whoever reads it
	reclassified bool
}

// A hit is one place a marker was found.
type canaryHit struct{ marker, channel, who string }

func TestProof_CanaryLeak(t *testing.T) {
	prooftest.SkipInShort(t)
	sw := clock.StartStopwatch()
	e, logs := webtest.NewLogged(t, nil)
	d := e.District()
	agencyAColleague := e.User("agency.a2", d.AgencyA, account.RoleMember)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tag := "CANARY-" + hex.EncodeToString(b)
	cw := &canaryWriter{t: t, e: e, d: d, tag: tag}
	cw.write()
	t.Logf("%d markers written (%d accepted by the product, %d refused)", len(cw.markers), cw.accepted(), len(cw.markers)-cw.accepted())

	users := []account.User{d.Admin, d.OfficeSec, d.Leader, d.ProcSec, d.ProcMember, d.JusticeSec, d.JusticeMember, d.AgencyAMember, agencyAColleague, d.AgencyBMember}
	reconcile(t, e) // invitation mails for every meeting
	if _, err := e.Deps.Subscribe.Remind(e.Ctx()); err != nil {
		t.Fatal(err)
	}
	col := &canaryCollector{tag: tag}
	cw.walk(col, users)
	cw.feeds(col, users)
	cw.mail(col)
	cw.inApp(col)
	cw.channelWire(col) // proof_canary_channels_test.go
	col.scan("server log", "", []byte(logs.String()))
	if col.notes == 0 {
		t.Error("no in-app notification: the reminder run gave none, so that channel was not exercised")
	}

	byMarker := map[string]canary{}
	for _, c := range cw.markers {
		byMarker[c.marker] = c
	}
	userOf := map[string]account.User{} // by user name and by mail address
	for _, u := range users {
		userOf[u.Username], userOf[u.Email] = u, u
	}
	for _, h := range col.hits {
		if h.marker == tag {
			// The bare tag is the search the walk itself sent (?q=): only
			// the search page may echo it back to the searcher.
			if !strings.HasPrefix(h.channel, "page ") {
				t.Errorf("LEAK: the search term appears in %s for %s", h.channel, h.who)
			}
			continue
		}
		c, ok := byMarker[h.marker]
		switch {
		case !ok:
			t.Errorf("unknown marker %s in %s (%s)", h.marker, h.channel, h.who)
		case !c.accepted:
			t.Errorf("LEAK: refused %s (%s) appears in %s for %s", c.what, h.marker, h.channel, h.who)
		case !canaryAllowed(c, h, userOf):
			t.Errorf("LEAK: %s (%s) appears in %s for %q", c.what, h.marker, h.channel, h.who)
		}
	}
	// The allowed places must really show the accepted markers, or the
	// test would pass on a product that shows nothing at all.
	for _, c := range cw.markers {
		if c.accepted && !c.secret && !col.seen[c.marker] {
			t.Errorf("%s (%s) was accepted but appears nowhere, not even on its own page", c.what, c.marker)
		}
	}
	t.Logf("canary: %d markers, %d channels checked (%d answers, %d feeds, %d mails, %d notifications, %d log bytes), %d allowed sightings, in %v",
		len(cw.markers), col.channels, col.answers, col.feeds, col.mails, col.notes, len(logs.String()), len(col.hits), sw.Elapsed())
}

// canaryAllowed is the rule book of where an accepted marker may be seen:
// page and API answers for the record's viewers; its viewers' calendars
// (feeds, invite.ics) for the title and place of a sensitive meeting, whose
// calendar entries carry no description; the attendance sheet and
// invite.ics's ATTENDEE lines for attendee names. Never a mail (neutral, its
// calendar part too), an in-app notification, an audit or outbox page for
// someone else, another export, or the log.
func canaryAllowed(c canary, h canaryHit, userOf map[string]account.User) bool {
	u, isUser := userOf[h.who]
	viewer := c.viewer != nil && isUser && c.viewer(u)
	kind, route, _ := strings.Cut(h.channel, " ")
	switch {
	case c.reclassified && strings.Contains(route, "/audit"):
		return false
	case c.register && strings.Contains(route, "/audit"):
		// the audit log keeps a case's register entry: administrators read it
		return isUser && u.Role == account.RoleAdmin
	case c.register && kind == "download" && strings.HasPrefix(route, "/cases/export"):
		return viewer
	case kind == "page":
		return viewer
	case kind == "mail":
		// Mail about a sensitive or classified meeting is neutral, and so
		// is its calendar part: no title, place or attendee name, for
		// anyone (issue 18: the part once carried SUMMARY and the room).
		return false
	case kind == "feed", kind == "download" && strings.HasSuffix(route, "/invite.ics"):
		// invite.ics names the attendees (ATTENDEE;CN=…) of a sensitive
		// meeting to its viewers; feeds never name anyone.
		return (c.calendar || c.roster && kind != "feed") && viewer
	case kind == "download" && strings.Contains(route, "/attendance."):
		return c.roster && viewer
	}
	return false
}

// canaryWriter writes the markers through the product's API and forms.
type canaryWriter struct {
	t       *testing.T
	e       *webtest.Env
	d       webtest.District
	tag     string
	markers []canary

	meetings, cases, documents, actions []int64
	sinks                               map[string]*unitSink // unit channels on loopback, by name
}

func (w *canaryWriter) accepted() int {
	n := 0
	for _, c := range w.markers {
		if c.accepted {
			n++
		}
	}
	return n
}

// put sends one write carrying marker and records whether the product
// took it: want is the status that means "taken"; 422 means refused;
// anything else fails the test.
func (w *canaryWriter) put(what, marker string, viewer func(account.User) bool, want int, r webtest.Response) webtest.Response {
	w.t.Helper()
	switch r.Status {
	case want:
		w.markers = append(w.markers, canary{marker: marker, what: what, accepted: true, viewer: viewer})
	case http.StatusUnprocessableEntity:
		w.markers = append(w.markers, canary{marker: marker, what: what})
	default:
		w.t.Fatalf("%s: status %d\n%.300s", what, r.Status, r.Body)
	}
	return r
}

// mk makes the marker of one field.
func (w *canaryWriter) mk(field string) string { return w.tag + "-" + field }

// refused sends a write that must be refused with 422.
func (w *canaryWriter) refused(what, marker string, r webtest.Response) {
	w.t.Helper()
	// A classified action item is not even visible to the responsible
	// agency (only to the issuing unit and a named owner): 404 refuses too.
	hidden := r.Status == http.StatusNotFound && strings.HasPrefix(what, "classified feedback")
	if r.Status != http.StatusUnprocessableEntity && !hidden {
		w.t.Errorf("%s: status %d, want 422 (sensitive content refused)\n%.300s", what, r.Status, r.Body)
	}
	w.markers = append(w.markers, canary{marker: marker, what: what})
}

func (w *canaryWriter) write() {
	t, e, d := w.t, w.e, w.d
	proc, agencyA := e.API(d.ProcSec), e.API(d.AgencyAMember)
	procB := e.Browser(d.ProcSec)
	w.channelSecrets() // first, so that every later event reaches the channels (proof_canary_channels_test.go)
	inUnits := func(units ...int64) func(account.User) bool {
		return func(u account.User) bool {
			for _, id := range units {
				if u.UnitID == id {
					return true
				}
			}
			return false
		}
	}
	// Sensitive meeting: content is taken; its convening and co-convening
	// units (procuratorate, justice bureau), the invited attendee's unit
	// and the leaders may read it on its pages.
	sensViewer := func(u account.User) bool {
		return inUnits(d.Procuratorate.ID, d.Justice.ID, d.AgencyA.ID)(u) || u.Role == account.RoleLeader
	}
	// Classified meeting: only its title and place are taken (the register
	// entry), for the owning units and the named attendee.
	classViewer := func(u account.User) bool {
		return inUnits(d.Procuratorate.ID, d.Justice.ID)(u) || u.ID == d.AgencyAMember.ID
	}

	for i, sens := range []string{"sensitive", "classified"} {
		s := sens[:4]
		viewer := sensViewer
		if sens == "classified" {
			viewer = classViewer
		}
		// Soon, so that the reminder run gives in-app notifications and mails.
		startAt := w.e.Clock.Now().Add(time.Duration(30+10*i) * time.Minute).Truncate(time.Minute)
		body := webtest.MeetingBody("consultation", d.Procuratorate.ID, w.mk(s+"-meeting-title"), startAt.Format(time.RFC3339), startAt.Add(time.Hour).Format(time.RFC3339))
		body["sensitivity"], body["paper_file_holder"] = sens, "检察院办公室"
		body["location"] = ""
		body["co_unit_ids"] = []int64{d.Justice.ID}
		body["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
		// The register entry (the title) is taken; content (description,
		// place) is refused at both levels.
		for _, field := range []string{"description", "location"} {
			withContent := map[string]any{}
			for k, v := range body {
				withContent[k] = v
			}
			withContent[field] = w.mk(s + "-meeting-" + field)
			w.refused(sens+" meeting "+field+" (create)", w.mk(s+"-meeting-"+field), proc.Post("/api/v1/meetings", withContent))
		}
		r := proc.Post("/api/v1/meetings", body)
		if r.Status != http.StatusCreated {
			t.Fatalf("%s meeting: %d %s", sens, r.Status, r.Body)
		}
		cal := sens == "sensitive" // classified: busy time only, anywhere outside its pages
		w.markers = append(w.markers,
			canary{marker: w.mk(s + "-meeting-title"), what: sens + " meeting title", accepted: true, viewer: viewer, calendar: cal})
		m := r.JSON(t)
		w.meetings = append(w.meetings, azID(t, m))
		path := webtest.MeetingPath(m, "")
		w.put(sens+" meeting description (edit)", w.mk(s+"-meeting-edit"), viewer, 200,
			proc.Do("PATCH", path, map[string]any{"description": w.mk(s+"-meeting-description") + " " + w.mk(s+"-meeting-edit"), "version": m["version"]}))
		w.put(sens+" agenda item", w.mk(s+"-agenda"), viewer, 201,
			proc.Post(path+"/agenda", map[string]any{"title": w.mk(s + "-agenda"), "duration_minutes": 20}))
		w.put(sens+" external attendee", w.mk(s+"-guest"), viewer, 201,
			proc.Post(path+"/attendees", map[string]any{"name": w.mk(s + "-guest"), "email": s + "@expert.example", "unit_name": w.mk(s + "-guest-unit"), "role": "optional"}))
		guest := &w.markers[len(w.markers)-1]
		guest.roster = true
		w.markers = append(w.markers, canary{marker: w.mk(s + "-guest-unit"), what: sens + " external attendee's unit", accepted: guest.accepted, viewer: viewer, roster: true})
		w.put(sens+" RSVP comment", w.mk(s+"-rsvp"), viewer, 200,
			agencyA.Post(path+"/rsvp", map[string]any{"answer": "accepted", "comment": w.mk(s + "-rsvp")}))
		minutes := map[string]any{"body": w.mk(s + "-minutes"), "decisions": []map[string]any{{"text": w.mk(s + "-decision"),
			"action_items": []map[string]any{{"title": w.mk(s + "-decision-action"), "responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)}}}}}
		// minutes are written once the meeting has started
		was := w.e.Clock.Now()
		w.e.Clock.Set(startAt)
		r = proc.Do("PUT", path+"/minutes", minutes)
		w.put(sens+" minutes", w.mk(s+"-minutes"), viewer, 200, r)
		// A decision and its action item are also the responsible unit's.
		actViewer := func(u account.User) bool { return viewer(u) || (sens != "classified" && u.UnitID == d.AgencyA.ID) }
		for _, f := range []string{"-decision", "-decision-action"} {
			w.put(sens+" minutes"+f, w.mk(s+f), actViewer, 200, r)
		}
		if r.Status != 200 {
			// The content was refused; the register entry still goes
			// through: a decision asking agency A for an untitled item, so
			// that confirming these minutes is announced, and the scans
			// cover that announcement too.
			r = proc.Do("PUT", path+"/minutes", map[string]any{"decisions": []map[string]any{{
				"action_items": []map[string]any{{"responsible_unit_id": d.AgencyA.ID, "due_on": dueIn(60)}}}}})
			wantStatus(t, r, 200)
		}
		wantStatus(t, e.API(d.JusticeSec).Post(path+"/minutes/sign-off", nil), 200)
		wantStatus(t, proc.Post(path+"/minutes/confirm", nil), 200)
		w.e.Clock.Set(was)
		if sens == "classified" {
			w.refused(sens+" minutes by form", w.mk(s+"-minutes-form"), procBForm(procB, fmt.Sprintf("/meetings/%d/minutes", w.meetings[i]), url.Values{"body": {w.mk(s + "-minutes-form")}}))
		}

		// Cases: the register entry only; content is refused.
		cb := map[string]any{"number": fmt.Sprintf("（2026）%s号", s), "kind": "工伤认定", "respondent_unit_id": d.AgencyA.ID,
			"origin_unit_id": d.Procuratorate.ID, "sensitivity": sens, "accepted_on": "2026-03-02", "paper_file_holder": "检察院档案室"}
		w.refused(sens+" case title", w.mk(s+"-case-title"), proc.Post("/api/v1/cases", cfWith(cb, "title", w.mk(s+"-case-title"))))
		w.refused(sens+" case summary", w.mk(s+"-case-summary"), proc.Post("/api/v1/cases", cfWith(cb, "summary", w.mk(s+"-case-summary"))))
		w.refused(sens+" case title by form", w.mk(s+"-case-form"), procBForm(procB, "/cases", url.Values{"number": {"表单" + s}, "kind": {"工伤认定"},
			"respondent_unit_id": {fmt.Sprint(d.AgencyA.ID)}, "origin_unit_id": {fmt.Sprint(d.Procuratorate.ID)}, "sensitivity": {sens},
			"accepted_on": {"2026-03-02"}, "paper_file_holder": {"档案室"}, "title": {w.mk(s + "-case-form")}}))
		k := proc.CreateCase(t, cb)
		w.cases = append(w.cases, k.ID)
		w.refused(sens+" case title (edit)", w.mk(s+"-case-edit"), proc.Do("PATCH", webtest.CasePath(k.ID, ""), map[string]any{"title": w.mk(s + "-case-edit"), "version": k.Version}))
		w.refused(sens+" case notification summary", w.mk(s+"-notification"), proc.Post(webtest.CasePath(k.ID, "/notifications"),
			map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted", "summary": w.mk(s + "-notification")}))

		// Documents: no title, no scans; their action items take no text.
		db := map[string]any{"type": "procuratorial_suggestion", "number": fmt.Sprintf("检建〔2026〕%s号", s), "issuing_unit_id": d.Procuratorate.ID,
			"addressee_unit_id": d.AgencyA.ID, "cc_unit_ids": []int64{d.Justice.ID}, "issued_on": "2026-03-02", "case_ids": []int64{k.ID}, "sensitivity": sens}
		w.refused(sens+" document title", w.mk(s+"-document-title"), proc.Post("/api/v1/documents", cfWith(db, "title", w.mk(s+"-document-title"))))
		doc := proc.CreateDocument(t, db)
		w.documents = append(w.documents, doc.ID)
		w.refused(sens+" document scan", w.mk(s+"-scan"), proc.Upload(fmt.Sprintf("/api/v1/documents/%d/files", doc.ID), "scan.pdf",
			append(append([]byte{}, azPDF...), []byte(w.mk(s+"-scan"))...), nil))
		act := doc.ActionItems[0].ID
		w.actions = append(w.actions, act)
		w.refused(sens+" feedback", w.mk(s+"-feedback"), agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", act), map[string]any{"body": w.mk(s + "-feedback")}))
		w.refused(sens+" feedback with a file", w.mk(s+"-feedback-file"), postMultipart(t, e, agencyA, fmt.Sprintf("/api/v1/actions/%d/feedback", act),
			map[string]string{"body": ""}, map[string][]byte{"report.pdf": append(append([]byte{}, azPDF...), []byte(w.mk(s+"-feedback-file"))...)}))
		if sens == "sensitive" {
			wantStatus(t, agencyA.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", act), map[string]any{"body": ""}), 201)
		}
		w.refused(sens+" verification comment", w.mk(s+"-verify"), proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", act),
			map[string]any{"accepted": false, "comment": w.mk(s + "-verify")}))
	}
	w.hiddenCaseLinks()  // proof_canary_links_test.go
	w.reclassified()     // proof_canary_reclass_test.go
	w.registerBoundary() // proof_canary_boundary_test.go
}

// procBForm posts a form as a signed-in browser.
func procBForm(b *webtest.Client, path string, v url.Values) webtest.Response {
	return b.PostForm(path, v)
}
