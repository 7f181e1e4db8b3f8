package web_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// docTypeDef is a document type as the API answers it.
type docTypeDef struct {
	ID          int64    `json:"id"`
	Code        string   `json:"code"`
	NameZh      string   `json:"name_zh"`
	NameEn      string   `json:"name_en"`
	IssuerKinds []string `json:"issuer_kinds"`
	CopiedKinds []string `json:"copied_kinds"`
	Builtin     bool     `json:"builtin"`
	Active      bool     `json:"active"`
	Version     int      `json:"version"`
}

func newDocType(name string, issuers, copies []string, n int, unit string) map[string]any {
	return map[string]any{"name_zh": name, "name_en": "Letter " + name, "issuer_kinds": issuers, "copied_kinds": copies,
		"reply_period": map[string]any{"n": n, "unit": unit}}
}

// TestDocumentTypes_AddedTypeSaysWhoIssuesIt: a type an administrator adds
// carries its own issuers, copies and reply period; documents of it follow
// them, a refusal names the rule, and the forms offer it only to its
// issuers. Bad input and stale versions change nothing.
func TestDocumentTypes_AddedTypeSaysWhoIssuesIt(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)

	// Refusals first: none of them leaves a row.
	wantErr(t, e.API(d.ProcSec).Post("/api/v1/document-types", newDocType("督促履职函", []string{"procuratorate"}, nil, 10, "workdays")), 403, "forbidden")
	for _, bad := range []map[string]any{
		newDocType("", []string{"procuratorate"}, nil, 10, "workdays"),
		newDocType("督促履职函", nil, nil, 10, "workdays"),
		newDocType("督促履职函", []string{"ministry"}, nil, 10, "workdays"),
		newDocType("督促履职函", []string{"procuratorate"}, nil, 0, "workdays"),
		newDocType("督促履职函", []string{"procuratorate"}, nil, 10, "weeks"),
	} {
		if r := admin.Post("/api/v1/document-types", bad); r.Status != 422 {
			t.Errorf("%v: %d %s", bad, r.Status, r.Body)
		}
	}
	wantErr(t, admin.Post("/api/v1/document-types", newDocType("检察建议书", []string{"procuratorate"}, nil, 10, "workdays")), 409, "document.type_name_taken")
	if n := count(t, e, `SELECT COUNT(*) FROM document_types`); n != 0 {
		t.Fatalf("%d types saved by refusals", n)
	}

	r := admin.Post("/api/v1/document-types", newDocType("督促履职函", []string{"procuratorate", "procuratorate"}, []string{"justice_bureau"}, 10, "workdays"))
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var added docTypeDef
	r.Decode(t, &added)
	if added.Code != fmt.Sprintf("custom_%d", added.ID) || !slices.Equal(added.IssuerKinds, []string{"procuratorate"}) || !added.Active || added.Version != 1 {
		t.Fatalf("added: %+v", added)
	}
	wantErr(t, admin.Post("/api/v1/document-types", newDocType("督促履职函", []string{"justice_bureau"}, nil, 5, "days")), 409, "document.type_name_taken")

	// The list names the four and the added one.
	var list struct{ Items []docTypeDef }
	e.API(d.AgencyAMember).Get("/api/v1/document-types").Decode(t, &list)
	if len(list.Items) != 5 || list.Items[0].NameZh != "检察建议书" || !list.Items[0].Builtin || list.Items[4].Code != added.Code {
		t.Fatalf("list: %+v", list.Items)
	}

	// The justice bureau may not issue it; the procuratorate may, and the
	// justice bureau is copied by default.
	doc := mechDoc(added.Code, d.Justice.ID, d.AgencyA.ID, "司督1")
	r = e.API(d.JusticeSec).Post("/api/v1/documents", doc)
	wantErr(t, r, 422, "document.issuer_rule.custom")
	if !strings.Contains(string(r.Body), "督促履职函") {
		t.Errorf("the refusal does not name the type: %s", r.Body)
	}
	received := webtest.DaysFromToday(-1).String()
	doc = mechDoc(added.Code, d.Procuratorate.ID, d.AgencyA.ID, "奎检督〔2026〕1号")
	doc["received_on"] = received
	created := e.API(d.ProcSec).CreateDocument(t, doc)
	if !slices.Equal(created.CCUnitIDs, []int64{d.Justice.ID}) {
		t.Errorf("copies %v, want the justice bureau", created.CCUnitIDs)
	}
	// Its reply period is the type's ten working days from receipt.
	want := e.API(d.ProcSec).Get("/api/v1/workdays/add?from=" + received + "&days=10").JSON(t)["date"]
	got := e.API(d.ProcSec).Get(fmt.Sprintf("/api/v1/documents/%d", created.ID)).JSON(t)["reply_due_on"]
	if got != want {
		t.Errorf("reply due %v, want %v (10 working days after %s)", got, want, received)
	}

	// Pages: the procuratorate's form offers it by name, the justice
	// bureau's does not; the document and the filtered list name it.
	if b := string(e.Browser(d.ProcSec).Get("/documents/new").Body); !strings.Contains(b, `value="`+added.Code+`"`) || !strings.Contains(b, ">督促履职函<") {
		t.Errorf("the procuratorate's form does not offer the added type")
	}
	if b := string(e.Browser(d.JusticeSec).Get("/documents/new").Body); strings.Contains(b, `value="`+added.Code+`"`) {
		t.Errorf("the justice bureau's form offers a type it may not issue")
	}
	show := string(e.Browser(d.ProcSec).Get(fmt.Sprintf("/documents/%d", created.ID)).Body)
	if !strings.Contains(show, "督促履职函") || strings.Contains(show, added.Code) {
		t.Errorf("the document page does not name its type")
	}
	listed := e.API(d.ProcSec).Get("/api/v1/documents?type=" + added.Code).JSON(t)["items"].([]any)
	if len(listed) != 1 {
		t.Errorf("filtered by the added type: %d documents", len(listed))
	}

	// A change needs the version it read; a retired type is neither offered
	// nor accepted, and its documents keep it.
	change := newDocType("督促履职函", []string{"procuratorate", "justice_bureau"}, nil, 20, "days")
	change["version"] = 7
	wantErr(t, admin.Do("PATCH", fmt.Sprintf("/api/v1/document-types/%d", added.ID), change), 409, "stale_version")
	change["version"], change["active"] = 1, false
	r = admin.Do("PATCH", fmt.Sprintf("/api/v1/document-types/%d", added.ID), change)
	if r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	r = e.API(d.JusticeSec).Post("/api/v1/documents", mechDoc(added.Code, d.Justice.ID, d.AgencyA.ID, "司督2"))
	if wantErr(t, r, 422, "invalid"); fieldCode(t, r, "type") != "文书类型无效。" {
		t.Errorf("a retired type: %s", r.Body)
	}
	if b := string(e.Browser(d.ProcSec).Get("/documents/new").Body); strings.Contains(b, `value="`+added.Code+`"`) {
		t.Errorf("a retired type is still offered")
	}
	if got := e.API(d.ProcSec).Get(fmt.Sprintf("/api/v1/documents/%d", created.ID)).JSON(t)["reply_due_on"]; got != want {
		t.Errorf("the change moved an issued document's deadline: %v", got)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'document_type.%'`); n != 2 {
		t.Errorf("%d audit entries, want 2 (create, update)", n)
	}
}

// TestDocumentTypes_Page: the administrators' page adds a type through its
// form and lists it with its rules in Chinese; a bad form keeps its input.
func TestDocumentTypes_Page(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)
	form := url.Values{"name_zh": {"工作提示函"}, "issuer_kinds": {"justice_bureau"}, "copied_kinds": {"procuratorate"}, "reply_n": {"15"}, "reply_unit": {"days"}}
	bad := url.Values{"name_zh": {"工作提示函"}, "reply_n": {"15"}, "reply_unit": {"days"}}
	r := b.PostForm("/cases/document-types", bad)
	if r.Status != 422 || !strings.Contains(string(r.Body), "请至少选择一类可制发单位") || !strings.Contains(string(r.Body), `value="工作提示函"`) {
		t.Fatalf("a form without issuers: %d", r.Status)
	}
	if r := b.PostForm("/cases/document-types", form); r.Status != 303 {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	page := string(b.Get("/cases/types").Body)
	for _, want := range []string{"工作提示函", "司法局", "15 日（自然日）", "检察建议书", "机制规定"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := count(t, e, `SELECT COUNT(*) FROM document_types WHERE issuer_kinds = 'justice_bureau' AND copied_kinds = 'procuratorate'`); n != 1 {
		t.Errorf("%d rows as entered", n)
	}
}
