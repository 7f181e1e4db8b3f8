package web_test

import (
	"net/http"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// registerBoundary adds the information boundary to the canary suite
// (issue 16): an ordinary case against agency A whose summary and clue to
// the justice bureau carry markers (its title is announced to the justice
// bureau by mail, which the rule book keeps for calendars; the title's
// boundary is TestBoundary_AgencyAndRegister's). The register is the
// procuratorate's and the justice bureau's: agency A (and every other
// agency) must find the markers on none of its pages, API answers, feeds,
// exports or notifications, although a document about the case is
// addressed to it.
func (w *canaryWriter) registerBoundary() {
	t, e, d := w.t, w.e, w.d
	proc := e.API(d.ProcSec)
	notAgency := func(u account.User) bool { return u.UnitID != d.AgencyA.ID && u.UnitID != d.AgencyB.ID }
	k := proc.CreateCase(t, map[string]any{"number": "奎检边界〔2026〕1号", "title": "违章建筑拆除怠于履职线索", "summary": w.mk("boundary-case-summary"),
		"kind": "行政不作为", "respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID, "sensitivity": "ordinary",
		"accepted_on": webtest.DaysFromToday(-5).String()})
	w.cases = append(w.cases, k.ID)
	for _, f := range []string{"boundary-case-summary"} {
		w.markers = append(w.markers, canary{marker: w.mk(f), what: "register text about agency A (" + f + ")", accepted: true, register: true, viewer: notAgency})
	}
	w.put("clue about agency A", w.mk("boundary-clue"), notAgency, http.StatusCreated, proc.Post(webtest.CasePath(k.ID, "/notifications"),
		map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "clue", "summary": w.mk("boundary-clue")}))
	w.markers[len(w.markers)-1].register = true
	doc := cfWith(cfDoc(d, "奎检行建〔2026〕边界1号"), "case_ids", []int64{k.ID})
	w.documents = append(w.documents, proc.CreateDocument(t, doc).ID)
}
