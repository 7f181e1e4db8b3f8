package web_test

import (
	"net/http"
	"testing"

	"liaison/app/web/webtest"
)

// Finding 3 of the 2026-12 penetration test: the justice bureau, only
// notified of a sensitive case, notified an agency of it (201), and the
// agency could then read the case. The register runs between the
// procuratorate and the justice bureau: a party sends, the other side
// receives, and nobody else is ever added to the case's scope this way.
func TestSecCaseNotify_RegisterOnlyBetweenItsSides(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice, agencyB := e.API(d.ProcSec), e.API(d.JusticeSec), e.API(d.AgencyBMember)
	body := cfCase(d, "检受〔2026〕5号")
	body["sensitivity"], body["title"], body["paper_file_holder"] = "sensitive", "", "李静"
	k := proc.CreateCase(t, body)
	path := webtest.CasePath(k.ID, "/notifications")
	if r := proc.Post(path, map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted"}); r.Status != http.StatusCreated {
		t.Fatalf("procuratorate → justice bureau: %d %s", r.Status, r.Body)
	}
	notes := count(t, e, `SELECT COUNT(*) FROM case_notifications WHERE case_id = ?`, k.ID)
	// The pentest's request: the justice bureau tells agency B.
	r := justice.Post(path, map[string]any{"from_unit_id": d.Justice.ID, "to_unit_id": d.AgencyB.ID, "stage": "clue"})
	if r.Status != http.StatusUnprocessableEntity || !cfFieldIs(t, e, r, "to_unit_id", "case.notify_target") {
		t.Fatalf("justice bureau → agency: %d %s", r.Status, r.Body)
	}
	// Nor to the rule-of-law office, a third unit.
	r = justice.Post(path, map[string]any{"from_unit_id": d.Justice.ID, "to_unit_id": d.Office.ID, "stage": "clue"})
	if r.Status != http.StatusUnprocessableEntity || !cfFieldIs(t, e, r, "to_unit_id", "case.notify_target") {
		t.Fatalf("justice bureau → office: %d %s", r.Status, r.Body)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM case_notifications WHERE case_id = ?`, k.ID); n != notes {
		t.Fatalf("notifications %d → %d after refusals", notes, n)
	}
	if r := agencyB.Get(webtest.CasePath(k.ID, "")); r.Status != http.StatusNotFound {
		t.Fatalf("agency B reads the case: %d", r.Status)
	}
	// The other side answers the sender: allowed.
	if r := justice.Post(path, map[string]any{"from_unit_id": d.Justice.ID, "to_unit_id": d.Procuratorate.ID, "stage": "handling"}); r.Status != http.StatusCreated {
		t.Fatalf("justice bureau → procuratorate: %d %s", r.Status, r.Body)
	}
}
