package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// cfDoc is a valid body for POST /api/v1/documents: a procuratorial
// suggestion to agency A, copied to the justice bureau.
func cfDoc(d webtest.District, number string) map[string]any {
	return map[string]any{"type": "procuratorial_suggestion", "number": number, "issuing_unit_id": d.Procuratorate.ID,
		"addressee_unit_id": d.AgencyA.ID, "cc_unit_ids": []int64{d.Justice.ID}, "issued_on": "2026-03-02", "case_ids": []int64{}}
}

func TestDocumentAPI_Create(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "D-case"))

	doc := proc.CreateDocument(t, cfWith(cfDoc(d, "检建〔2026〕1号"), "case_ids", []int64{k.ID}))
	// Two months after 2 March 2026 is Saturday 2 May, inside the May Day
	// holiday (1–5 May): the deadline moves to Wednesday 6 May.
	if doc.ReplyDueOn != "2026-05-06" || doc.Type != "procuratorial_suggestion" {
		t.Fatalf("%+v", doc)
	}
	if len(doc.ActionItems) != 1 {
		t.Fatalf("action items %+v", doc.ActionItems)
	}
	it := doc.ActionItems[0]
	if it.ResponsibleUnitID != d.AgencyA.ID || it.IssuingUnitID != d.Procuratorate.ID || it.DueOn != "2026-05-06" ||
		it.SourceKind != "document" || it.SourceID != doc.ID || len(it.CaseIDs) != 1 || it.CaseIDs[0] != k.ID {
		t.Fatalf("action item %+v", it)
	}
	// The case shows the document and the action item.
	r := proc.Get(webtest.CasePath(k.ID, ""))
	var cd struct {
		Documents   []struct{ ID int64 } `json:"documents"`
		ActionItems []struct{ ID int64 } `json:"action_items"`
	}
	r.Decode(t, &cd)
	if len(cd.Documents) != 1 || cd.Documents[0].ID != doc.ID || len(cd.ActionItems) != 1 || cd.ActionItems[0].ID != it.ID {
		t.Fatalf("case links %s", r.Body)
	}

	t.Run("given reply date and defaults per type", func(t *testing.T) {
		got := proc.CreateDocument(t, cfWith(cfDoc(d, "检建〔2026〕2号"), "reply_due_on", "2026-04-30"))
		if got.ReplyDueOn != "2026-04-30" || got.ActionItems[0].DueOn != "2026-04-30" {
			t.Fatalf("%+v", got)
		}
		// A legal opinion defaults to 15 working days.
		got = proc.CreateDocument(t, cfWith(cfDoc(d, "法意〔2026〕1号"), "type", "legal_opinion"))
		if got.ReplyDueOn != "2026-03-23" {
			t.Fatalf("legal opinion due %s", got.ReplyDueOn)
		}
	})

	bad := []struct {
		name   string
		body   map[string]any
		status int
		field  string
		code   string
	}{
		{"number twice", cfDoc(d, "检建〔2026〕1号"), http.StatusConflict, "number", "document.number_taken"},
		{"due before issue", cfWith(cfDoc(d, "b1"), "reply_due_on", "2026-03-01"), 422, "reply_due_on", "document.due_before_issue"},
		{"due on issue day", cfWith(cfDoc(d, "b2"), "reply_due_on", "2026-03-02"), 422, "reply_due_on", "document.due_before_issue"},
		{"bad date", cfWith(cfDoc(d, "b3"), "issued_on", "2026-02-30"), 422, "issued_on", "date_invalid"},
		{"working days beyond schedule", cfWith(cfWith(cfDoc(d, "b5"), "type", "legal_opinion"), "issued_on", "2026-12-28"), 422, "reply_due_on", "workday.beyond_schedule"},
		{"unknown addressee", cfWith(cfDoc(d, "b6"), "addressee_unit_id", 999999), 422, "addressee_unit_id", "unit.unknown"},
		{"unknown cc", cfWith(cfDoc(d, "b7"), "cc_unit_ids", []int64{d.Justice.ID, 999999}), 422, "cc_unit_ids", "unit.unknown"},
		{"unknown case", cfWith(cfDoc(d, "b8"), "case_ids", []int64{999999}), 422, "case_ids", "case.unknown"},
		{"bad type", cfWith(cfDoc(d, "b9"), "type", "letter"), 422, "type", "document.type_invalid"},
		{"addressed to itself", cfWith(cfDoc(d, "b10"), "addressee_unit_id", d.Procuratorate.ID), 422, "addressee_unit_id", "document.addressee_is_issuer"},
		{"title on classified", cfWith(cfWith(cfDoc(d, "b11"), "sensitivity", "classified"), "title", "关于某某的建议"), 422, "title", "sensitivity.no_content"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := proc.Post("/api/v1/documents", tc.body)
			if r.Status != tc.status || (!cfFieldIs(t, e, r, tc.field, tc.code) && r.ErrorCode(t) != tc.code) {
				t.Fatalf("status %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("a deadline in months past the schedule moves off weekends only", func(t *testing.T) {
		// 2026-12-01 + 2 months = 2027-02-01, a Monday: known without the
		// 2027 holiday schedule, so the document is accepted.
		r := proc.Post("/api/v1/documents", cfWith(cfDoc(d, "b12"), "issued_on", "2026-12-01"))
		if r.Status != 201 || r.JSON(t)["reply_due_on"] != "2027-02-01" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("malformed and forbidden", func(t *testing.T) {
		if r := proc.Post("/api/v1/documents", `{"type":`); r.Status != 400 {
			t.Fatalf("malformed: %d", r.Status)
		}
		if r := proc.Post("/api/v1/documents", map[string]any{"type": "legal_opinion", "number": []int{1}}); r.Status != 422 {
			t.Fatalf("wrong type: %d", r.Status)
		}
		if r := e.API(d.ProcMember).Post("/api/v1/documents", cfDoc(d, "f1")); r.Status != 403 {
			t.Fatalf("member issues: %d", r.Status)
		}
		if r := e.API(d.JusticeSec).Post("/api/v1/documents", cfDoc(d, "f2")); r.Status != 403 {
			t.Fatalf("issuing for another unit: %d", r.Status)
		}
	})
	t.Run("nothing half-written", func(t *testing.T) {
		// A bad case id fails after the units check: no document remains.
		// Three documents from above, plus b12 past the schedule.
		if ids := cfIDs(t, proc, "/api/v1/documents?limit=200"); len(ids) != 4 {
			t.Fatalf("documents %v", ids)
		}
	})
}

func TestDocumentAPI_Visibility(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	gov := e.User("gov.sec", d.Government, account.RoleSecretary)
	proc, govc := e.API(d.ProcSec), e.API(gov)
	sugg := proc.CreateDocument(t, cfDoc(d, "检建1"))
	opinion := govc.CreateDocument(t, map[string]any{"type": "supervision_opinion", "number": "监督意见1", "issuing_unit_id": d.Government.ID,
		"addressee_unit_id": d.AgencyB.ID, "cc_unit_ids": []int64{d.Procuratorate.ID}, "issued_on": "2026-04-01"})
	secret := proc.CreateDocument(t, cfWith(cfDoc(d, "检建密1"), "sensitivity", "classified"))
	if secret.ActionItems[0].Title != "" {
		t.Fatalf("classified item has a title: %+v", secret.ActionItems[0])
	}

	checks := []struct {
		who  account.User
		doc  int64
		want int
	}{
		{d.AgencyAMember, sugg.ID, 200},    // addressee
		{d.AgencyBMember, sugg.ID, 404},    // not addressed
		{d.AgencyAMember, opinion.ID, 404}, // not addressed
		{d.AgencyBMember, opinion.ID, 200},
		{d.JusticeMember, sugg.ID, 200},    // copied
		{d.JusticeMember, opinion.ID, 404}, // not copied
		{d.ProcMember, sugg.ID, 200},       // issuer
		{d.ProcMember, opinion.ID, 200},    // copied
		{d.Leader, sugg.ID, 200},
		{d.Leader, secret.ID, 404},
		{d.AgencyAMember, secret.ID, 404},
		{d.ProcMember, secret.ID, 200},
	}
	for _, c := range checks {
		if got := e.API(c.who).Get("/api/v1/documents/" + cfItoa(c.doc)).Status; got != c.want {
			t.Errorf("%s GET document %d: %d, want %d", c.who.Username, c.doc, got, c.want)
		}
	}
	if ids := cfIDs(t, e.API(d.AgencyAMember), "/api/v1/documents"); len(ids) != 1 || ids[0] != sugg.ID {
		t.Errorf("agency A sees %v", ids)
	}
	if ids := cfIDs(t, e.API(d.JusticeMember), "/api/v1/documents"); len(ids) != 1 || ids[0] != sugg.ID {
		t.Errorf("justice sees %v", ids)
	}
	if ids := cfIDs(t, e.API(d.Leader), "/api/v1/documents"); len(ids) != 2 || cfHas(ids, secret.ID) {
		t.Errorf("leader sees %v", ids)
	}
	if ids := cfIDs(t, proc, "/api/v1/documents?type=supervision_opinion"); len(ids) != 1 || ids[0] != opinion.ID {
		t.Errorf("type filter %v", ids)
	}
	if r := proc.Get("/api/v1/documents/999999"); r.Status != 404 {
		t.Errorf("absent: %d", r.Status)
	}
}

// minimal files of each kind, judged by their first bytes.
var (
	pdfBytes  = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	pngBytes  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
	textBytes = []byte("this is not a scan, whatever its name says")
)

func TestDocumentAPI_Upload(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	doc := proc.CreateDocument(t, cfDoc(d, "检建U1"))
	path := "/api/v1/documents/" + cfItoa(doc.ID) + "/files"

	r := proc.Upload(path, "检察建议书.pdf", pdfBytes, nil)
	if r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var f struct {
		ID          int64  `json:"id"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
	}
	r.Decode(t, &f)
	if f.ContentType != "application/pdf" || f.Size != int64(len(pdfBytes)) {
		t.Fatalf("%s", r.Body)
	}
	if r := proc.Upload(path, "scan.png", pngBytes, nil); r.Status != 201 || !strings.Contains(string(r.Body), "image/png") {
		t.Fatalf("png: %d %s", r.Status, r.Body)
	}

	dl := path + "/" + cfItoa(f.ID)
	for _, who := range []account.User{d.ProcMember, d.AgencyAMember, d.JusticeMember, d.Leader} {
		r := e.API(who).Get(dl)
		if r.Status != 200 || !bytes.Equal(r.Body, pdfBytes) || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s download: %d %v", who.Username, r.Status, r.Header)
		}
	}
	if r := e.API(d.AgencyBMember).Get(dl); r.Status != 404 {
		t.Fatalf("stranger download: %d", r.Status)
	}
	if r := proc.Get(path + "/999999"); r.Status != 404 {
		t.Fatalf("absent file: %d", r.Status)
	}
	var got webtest.DocumentJSON
	proc.Get("/api/v1/documents/"+cfItoa(doc.ID)).Decode(t, &got)
	if len(got.Files) != 2 || got.Files[0].Filename != "检察建议书.pdf" {
		t.Fatalf("files %+v", got.Files)
	}

	bad := []struct {
		name   string
		c      *webtest.Client
		file   string
		data   []byte
		status int
	}{
		{"text named .pdf", proc, "fake.pdf", textBytes, 422},
		{"html named .png", proc, "x.png", []byte("<html><body>hi</body></html>"), 422},
		{"empty", proc, "empty.pdf", nil, 422},
		{"addressee uploads", e.API(d.AgencyAMember), "a.pdf", pdfBytes, 403},
		{"stranger uploads", e.API(d.AgencyBMember), "a.pdf", pdfBytes, 404},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.c.Upload(path, tc.file, tc.data, nil); r.Status != tc.status {
				t.Fatalf("status %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		big := append(append([]byte{}, pdfBytes...), make([]byte, int(e.Deps.Config.UploadLimit)+1)...)
		r := proc.Upload(path, "big.pdf", big, nil)
		if r.Status == 201 || r.Status < 400 || r.Status >= 500 {
			t.Fatalf("status %d", r.Status)
		}
		if code := r.ErrorCode(t); code != "document.file_too_large" && code != "malformed.too_large" {
			t.Fatalf("code %s", code)
		}
	})
	t.Run("no scans of sensitive documents", func(t *testing.T) {
		s := proc.CreateDocument(t, cfWith(cfDoc(d, "检建U2"), "sensitivity", "sensitive"))
		r := proc.Upload("/api/v1/documents/"+cfItoa(s.ID)+"/files", "s.pdf", pdfBytes, nil)
		if r.Status != 422 || !cfFieldIs(t, e, r, "file", "sensitivity.no_content") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("missing part", func(t *testing.T) {
		if r := proc.Post(path, map[string]any{}); r.Status != 422 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

func TestDocumentAPI_LinksOnlyVisibleCases(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	justiceCase := e.API(d.JusticeSec).CreateCase(t, cfWith(cfWith(cfCase(d, "J1"), "origin_unit_id", d.Justice.ID), "respondent_unit_id", d.AgencyB.ID))
	r := e.API(d.ProcSec).Post("/api/v1/documents", cfWith(cfDoc(d, "检建L1"), "case_ids", []int64{justiceCase.ID}))
	if r.Status != 422 || !cfFieldIs(t, e, r, "case_ids", "case.unknown") {
		t.Fatalf("hidden case linked: %d %s", r.Status, r.Body)
	}
}
