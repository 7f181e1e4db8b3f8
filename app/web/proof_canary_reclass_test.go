package web_test

import (
	"net/http"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// reclassified writes the channel "audit after reclassification" (issue
// 14, finding 9): an ordinary meeting takes a marked title and description,
// then its convener makes it classified. The title stays the classified
// meeting's register entry on its own pages, for its viewers, but no audit
// channel (log, export, admin page) may show it any more; the description,
// cleared by the reclassification, may appear nowhere.
func (w *canaryWriter) reclassified() {
	t, e, d := w.t, w.e, w.d
	proc := e.API(d.ProcSec)
	startAt := e.Clock.Now().Add(50 * time.Minute).Truncate(time.Minute)
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, w.mk("reclass-meeting-title"), startAt.Format(time.RFC3339), startAt.Add(time.Hour).Format(time.RFC3339))
	body["description"], body["location"] = w.mk("reclass-meeting-description"), ""
	r := proc.Post("/api/v1/meetings", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("ordinary meeting: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	w.meetings = append(w.meetings, azID(t, m))
	r = proc.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"version": m["version"], "sensitivity": "classified",
		"paper_file_holder": "检察院办公室", "description": ""})
	if r.Status != http.StatusOK {
		t.Fatalf("made classified: %d %s", r.Status, r.Body)
	}
	viewer := func(u account.User) bool { return u.UnitID == d.Procuratorate.ID }
	w.markers = append(w.markers,
		canary{marker: w.mk("reclass-meeting-title"), what: "title of a meeting made classified", accepted: true, viewer: viewer, reclassified: true},
		canary{marker: w.mk("reclass-meeting-description"), what: "description of a meeting made classified (cleared)"})
}
