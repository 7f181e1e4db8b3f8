package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

func mechDoc(typ string, issuer, addressee int64, number string) map[string]any {
	return map[string]any{"type": typ, "number": number, "issuing_unit_id": issuer, "addressee_unit_id": addressee,
		"issued_on": webtest.DaysFromToday(-1).String(), "case_ids": []int64{}}
}

// TestMechanism_DocumentIssuers: each type is issued only by the units the
// source names; a refusal is a 422 naming the rule, and nothing is saved.
func TestMechanism_DocumentIssuers(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	gov := e.User("gov.sec", d.Government, account.RoleSecretary)
	refused := []struct {
		who    account.User
		typ    string
		issuer int64
	}{
		{d.JusticeSec, "procuratorial_suggestion", d.Justice.ID},
		{d.Admin, "procuratorial_suggestion", d.Justice.ID},
		{d.JusticeSec, "supervision_opinion", d.Justice.ID},
		{d.ProcSec, "supervision_opinion", d.Procuratorate.ID},
		{d.ProcSec, "reconsideration_suggestion", d.Procuratorate.ID},
		{gov, "legal_opinion", d.Government.ID},
	}
	for i, c := range refused {
		r := e.API(c.who).Post("/api/v1/documents", mechDoc(c.typ, c.issuer, d.AgencyA.ID, fmt.Sprintf("拒%d", i)))
		wantErr(t, r, 422, "document.issuer_rule."+c.typ)
		if fieldCode(t, r, "issuing_unit_id") == "" {
			t.Errorf("%s: no field message: %s", c.typ, r.Body)
		}
	}
	if n := count(t, e, `SELECT COUNT(*) FROM documents`); n != 0 {
		t.Fatalf("%d documents saved by refusals", n)
	}
	allowed := []struct {
		who    account.User
		typ    string
		issuer int64
	}{
		{d.ProcSec, "procuratorial_suggestion", d.Procuratorate.ID},
		{gov, "supervision_opinion", d.Government.ID},
		{d.JusticeSec, "reconsideration_suggestion", d.Justice.ID},
		{d.ProcSec, "legal_opinion", d.Procuratorate.ID},
		{d.JusticeSec, "legal_opinion", d.Justice.ID},
	}
	for i, c := range allowed {
		if r := e.API(c.who).Post("/api/v1/documents", mechDoc(c.typ, c.issuer, d.AgencyA.ID, fmt.Sprintf("准%d", i))); r.Status != 201 {
			t.Errorf("%s by %s: %d %s", c.typ, c.who.Username, r.Status, r.Body)
		}
	}
	// A suggestion copies the justice bureau unless the issuer names its
	// copies; an opinion tells the procuratorate.
	doc := e.API(d.ProcSec).CreateDocument(t, mechDoc("procuratorial_suggestion", d.Procuratorate.ID, d.AgencyB.ID, "默认抄送"))
	if !slices.Equal(doc.CCUnitIDs, []int64{d.Justice.ID}) {
		t.Errorf("suggestion copies %v", doc.CCUnitIDs)
	}
	body := mechDoc("procuratorial_suggestion", d.Procuratorate.ID, d.AgencyB.ID, "不抄送")
	body["cc_unit_ids"] = []int64{}
	if doc := e.API(d.ProcSec).CreateDocument(t, body); len(doc.CCUnitIDs) != 0 {
		t.Errorf("explicit no copies: %v", doc.CCUnitIDs)
	}
	// The form offers only what the person may issue.
	page := e.Browser(d.JusticeSec).Get("/documents/new")
	if page.Status != 200 || strings.Contains(string(page.Body), `value="procuratorial_suggestion"`) || !strings.Contains(string(page.Body), `value="reconsideration_suggestion"`) {
		t.Fatalf("justice form: %d", page.Status)
	}
	page = e.Browser(d.ProcSec).Get("/documents/new")
	if strings.Contains(string(page.Body), `value="supervision_opinion"`) || !strings.Contains(string(page.Body), `value="procuratorial_suggestion"`) {
		t.Fatal("procuratorate form offers what it may not issue")
	}
}

type opinionRequestJSON struct {
	ID               int64    `json:"id"`
	Status           string   `json:"status"`
	Grounds          []string `json:"grounds"`
	GovernmentUnitID int64    `json:"government_unit_id"`
	DocumentID       *int64   `json:"document_id"`
	RefusalReason    string   `json:"refusal_reason"`
	DecidedBy        *int64   `json:"decided_by"`
	Version          int      `json:"version"`
	Document         *struct {
		ID            int64   `json:"id"`
		Type          string  `json:"type"`
		IssuingUnitID int64   `json:"issuing_unit_id"`
		CCUnitIDs     []int64 `json:"cc_unit_ids"`
	} `json:"document"`
}

// TestMechanism_OpinionRequest: the justice bureau asks (提请) with its
// grounds; 区政府's leader approves, the opinion is issued in 区政府's name
// and the procuratorate is told (通报); a refusal records its reason and
// issues nothing; each decision is audited.
func TestMechanism_OpinionRequest(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	govLeader := e.User("gov.leader", d.Government, account.RoleLeader)
	govSec := e.User("gov.sec", d.Government, account.RoleSecretary)
	govMember := e.User("gov.member", d.Government, account.RoleMember)
	justice := e.API(d.JusticeSec)
	req := func(number string) map[string]any {
		return map[string]any{"number": number, "title": "关于规范餐饮行业行政处罚裁量的行政执法监督意见", "requesting_unit_id": d.Justice.ID,
			"addressee_unit_id": d.AgencyB.ID, "grounds": []string{"discretion_abused", "decision_not_executed"}}
	}
	t.Run("who may ask, and with what", func(t *testing.T) {
		b := req("x1")
		b["grounds"] = []string{}
		wantErr(t, justice.Post("/api/v1/opinion-requests", b), 422, "invalid")
		b["grounds"] = []string{"because"}
		wantErr(t, justice.Post("/api/v1/opinion-requests", b), 422, "invalid")
		b = req("x2")
		b["requesting_unit_id"] = d.Procuratorate.ID
		wantErr(t, e.API(d.ProcSec).Post("/api/v1/opinion-requests", b), 422, "opinion_request.requester_rule")
		wantErr(t, e.API(d.JusticeMember).Post("/api/v1/opinion-requests", req("x3")), 403, "forbidden")
	})
	var r opinionRequestJSON
	resp := justice.Post("/api/v1/opinion-requests", req("奎政监意〔2026〕1号"))
	if resp.Status != 201 {
		t.Fatalf("request: %d %s", resp.Status, resp.Body)
	}
	resp.Decode(t, &r)
	if r.Status != "pending" || r.GovernmentUnitID != d.Government.ID || !slices.Equal(r.Grounds, []string{"discretion_abused", "decision_not_executed"}) {
		t.Fatalf("request %+v", r)
	}
	approve := fmt.Sprintf("/api/v1/opinion-requests/%d/approve", r.ID)
	wantErr(t, e.API(govMember).Post(approve, map[string]any{}), 403, "opinion_request.not_government")
	wantErr(t, justice.Post(approve, map[string]any{}), 403, "opinion_request.not_government")
	wantErr(t, e.API(d.AgencyBMember).Post(approve, map[string]any{}), 404, "not_found")
	wantErr(t, e.API(govLeader).Post(approve, map[string]any{"version": r.Version + 1}), 409, "stale_version")
	resp = e.API(govLeader).Post(approve, map[string]any{"version": r.Version})
	if resp.Status != 200 {
		t.Fatalf("approve: %d %s", resp.Status, resp.Body)
	}
	resp.Decode(t, &r)
	if r.Status != "approved" || r.Document == nil || r.DocumentID == nil || *r.DocumentID != r.Document.ID || *r.DecidedBy != govLeader.ID {
		t.Fatalf("approved %+v", r)
	}
	if r.Document.Type != "supervision_opinion" || r.Document.IssuingUnitID != d.Government.ID ||
		!slices.Contains(r.Document.CCUnitIDs, d.Procuratorate.ID) || !slices.Contains(r.Document.CCUnitIDs, d.Justice.ID) {
		t.Fatalf("issued %+v", r.Document)
	}
	for _, u := range []account.User{d.ProcSec, d.JusticeSec, d.AgencyBMember} {
		if resp := e.API(u).Get(fmt.Sprintf("/api/v1/documents/%d", r.Document.ID)); resp.Status != 200 {
			t.Errorf("%s cannot see the issued opinion: %d", u.Username, resp.Status)
		}
	}
	wantErr(t, e.API(govSec).Post(approve, map[string]any{}), 409, "opinion_request.decided")
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'opinion_request.approve' AND object_id = ?`, fmt.Sprint(r.ID)); n != 1 {
		t.Fatalf("approval audited %d times", n)
	}

	var x opinionRequestJSON
	justice.Post("/api/v1/opinion-requests", req("奎政监意〔2026〕2号")).Decode(t, &x)
	refuse := fmt.Sprintf("/api/v1/opinion-requests/%d/refuse", x.ID)
	wantErr(t, e.API(govSec).Post(refuse, map[string]any{"reason": " "}), 422, "invalid")
	resp = e.API(govSec).Post(refuse, map[string]any{"reason": "事实不清，退回补充调查"})
	if resp.Status != 200 {
		t.Fatalf("refuse: %d %s", resp.Status, resp.Body)
	}
	resp.Decode(t, &x)
	if x.Status != "refused" || x.RefusalReason != "事实不清，退回补充调查" || x.DocumentID != nil {
		t.Fatalf("refused %+v", x)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM documents`); n != 1 {
		t.Fatalf("%d documents after one approval and one refusal", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'opinion_request.refuse'`); n != 1 {
		t.Fatalf("refusal audited %d times", n)
	}
	// The procuratorate learns of the opinion when issued, not of the request.
	if resp := e.API(d.ProcSec).Get(fmt.Sprintf("/api/v1/opinion-requests/%d", x.ID)); resp.Status != 404 {
		t.Fatalf("procuratorate sees the request: %d", resp.Status)
	}
	var list struct {
		Items []opinionRequestJSON `json:"items"`
	}
	e.API(govLeader).Get("/api/v1/opinion-requests").Decode(t, &list)
	if len(list.Items) != 2 {
		t.Fatalf("government list %+v", list.Items)
	}

	t.Run("classified: no text online, paper receipt required", func(t *testing.T) {
		b := req("密监意1")
		b["sensitivity"] = "classified"
		wantErr(t, justice.Post("/api/v1/opinion-requests", b), 422, "invalid") // a title is content
		delete(b, "title")
		var c opinionRequestJSON
		justice.Post("/api/v1/opinion-requests", b).Decode(t, &c)
		ap := fmt.Sprintf("/api/v1/opinion-requests/%d/approve", c.ID)
		wantErr(t, e.API(govLeader).Post(ap, map[string]any{}), 422, "invalid")
		if r := e.API(govLeader).Post(ap, map[string]any{"received_on": webtest.DaysFromToday(0).String()}); r.Status != 200 {
			t.Fatalf("classified approval: %d %s", r.Status, r.Body)
		}
		b["number"] = "密监意2"
		justice.Post("/api/v1/opinion-requests", b).Decode(t, &c)
		wantErr(t, e.API(govSec).Post(fmt.Sprintf("/api/v1/opinion-requests/%d/refuse", c.ID), map[string]any{"reason": "理由"}), 422, "invalid")
		if r := e.API(govSec).Post(fmt.Sprintf("/api/v1/opinion-requests/%d/refuse", c.ID), map[string]any{}); r.Status != 200 {
			t.Fatalf("classified refusal: %d %s", r.Status, r.Body)
		}
	})
}

// TestMechanism_OpinionRequestPages: the justice bureau asks on the page,
// 区政府's leader approves there, and the page shows the issued opinion.
func TestMechanism_OpinionRequestPages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	gov := e.User("gov.leader", d.Government, account.RoleLeader)
	jb, gb := e.Browser(d.JusticeSec), e.Browser(gov)
	if r := jb.Get("/opinion-requests"); r.Status != 200 || !strings.Contains(string(r.Body), `action="/opinion-requests"`) {
		t.Fatalf("justice page: %d", r.Status)
	}
	if r := e.Browser(d.ProcSec).Get("/opinion-requests"); strings.Contains(string(r.Body), `action="/opinion-requests"`) {
		t.Fatal("the procuratorate is offered the request form")
	}
	r := jb.PostForm("/opinion-requests", url.Values{"number": {"页面监意1"}, "addressee_unit_id": {fmt.Sprint(d.AgencyA.ID)}})
	if r.Status != 422 {
		t.Fatalf("no grounds: %d", r.Status)
	}
	r = jb.PostForm("/opinion-requests", url.Values{"number": {"页面监意1"}, "addressee_unit_id": {fmt.Sprint(d.AgencyA.ID)},
		"grounds": {"crime_not_transferred"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %s", r.Status, r.Body)
	}
	id := count(t, e, `SELECT id FROM opinion_requests WHERE number = ?`, "页面监意1")
	page := string(gb.Get("/opinion-requests").Body)
	if !strings.Contains(page, fmt.Sprintf(`action="/opinion-requests/%d/approve"`, id)) || !strings.Contains(page, "违法行为涉嫌犯罪未按规定移送") {
		t.Fatal("government page lacks the decision")
	}
	if r := gb.PostForm(fmt.Sprintf("/opinion-requests/%d/approve", id), url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if page := string(jb.Get("/opinion-requests").Body); !strings.Contains(page, "已同意制发") || !strings.Contains(page, `href="/documents/`) {
		t.Fatal("the approved request does not show its opinion")
	}
}
