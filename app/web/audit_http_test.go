package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// TestAuditSearchAndExport searches the audit log through the API and the
// admin page, and exports it as CSV and xlsx: formula-looking text stays
// text, the export is itself audited, and only admins get any of it.
func TestAuditSearchAndExport(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	evil := `=HYPERLINK("http://evil.example","x")`
	wantStatus(t, admin.Post("/api/v1/units", map[string]string{"name": evil, "kind": "agency"}), http.StatusCreated)
	admin.Get("/api/v1/units?limit=200")
	var list struct {
		Items []account.AuditEntry `json:"items"`
	}
	r := admin.Get("/api/v1/audit?action=unit.*&actor_id=" + itoa(d.Admin.ID))
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &list)
	if len(list.Items) == 0 {
		t.Fatal("no unit entries")
	}
	for _, it := range list.Items {
		if !strings.HasPrefix(it.Action, "unit.") || it.ActorID == nil || *it.ActorID != d.Admin.ID || it.Hash == "" || it.Seq == nil {
			t.Errorf("entry %+v", it)
		}
	}
	created := list.Items[0]
	if created.Action != "unit.create" || !strings.Contains(created.After, "HYPERLINK") || created.Before != "" {
		t.Errorf("newest entry = %+v", created)
	}

	for _, bad := range []string{"from=2026-02-30", "to=yesterday", "from=2026-05-02&to=2026-05-01", "actor_id=x"} {
		wantStatus(t, admin.Get("/api/v1/audit?"+bad), http.StatusUnprocessableEntity)
	}
	r = admin.Get("/api/v1/audit?from=2000-01-01&to=2000-01-31")
	wantStatus(t, r, http.StatusOK)
	if r.Decode(t, &list); len(list.Items) != 0 {
		t.Errorf("date range kept %d entries of today", len(list.Items))
	}

	r = admin.Get("/api/v1/audit/export.csv?action=unit.create")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv: %v %q", err, r.Body)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would execute in a spreadsheet", cell)
			}
		}
	}
	if !strings.Contains(string(r.Body), "unit.create") || strings.Contains(string(r.Body), "unit.update") {
		t.Error("export ignores the filter")
	}

	r = e.Browser(d.Admin).Get("/admin/audit/export.xlsx?action=unit.create")
	wantStatus(t, r, http.StatusOK)
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) < 2 {
		t.Fatalf("xlsx rows %v", rows)
	}

	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'audit.export'`); n != 2 {
		t.Errorf("%d audit.export entries, want 2", n)
	}

	page := e.Browser(d.Admin).Get("/admin/audit?action=unit.create&from=2026-02-30")
	wantStatus(t, page, http.StatusUnprocessableEntity)
	page = e.Browser(d.Admin).Get("/admin/audit?action=unit.create")
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(string(page.Body), "/admin/audit/export.csv?action=unit.create") {
		t.Error("the page's export link drops the search")
	}

	wantStatus(t, e.API(d.ProcSec).Get("/api/v1/audit/export.csv"), http.StatusForbidden)
	wantStatus(t, e.API(d.Leader).Get("/api/v1/audit?action=unit.create"), http.StatusForbidden)
	wantStatus(t, e.Browser(d.Leader).Get("/admin/audit/export.csv"), http.StatusNotFound)
}
