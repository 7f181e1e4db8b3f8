package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// cfDoc is a valid body for POST /api/v1/documents: a procuratorial
// suggestion to agency A, copied to the justice bureau, issued ten days
// before this run's "now". The client's CreateDocument sends it as received
// on its issue day unless the body says otherwise.
func cfDoc(d webtest.District, number string) map[string]any {
	return map[string]any{"type": "procuratorial_suggestion", "number": number, "issuing_unit_id": d.Procuratorate.ID,
		"addressee_unit_id": d.AgencyA.ID, "cc_unit_ids": []int64{d.Justice.ID}, "issued_on": webtest.DaysFromToday(-10).String(), "case_ids": []int64{}}
}

// cfBeijing is 10:00 on a day in Beijing, for tests that pin the clock.
func cfBeijing(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 10, 0, 0, 0, workday.Shanghai())
}

// cfAt is cfDoc issued and received on the given days ("" leaves the
// document awaiting receipt).
func cfAt(d webtest.District, number, issued, received string) map[string]any {
	b := cfWith(cfDoc(d, number), "issued_on", issued)
	b["received_on"] = nil
	if received != "" {
		b["received_on"] = received
	}
	return b
}

func TestDocumentAPI_Create(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(cfBeijing(2026, time.December, 30)) // every date below is written for this day
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "D-case"))

	// Issued on Monday 2 March 2026, received (paper delivery) on Wednesday
	// 4 March: two months from receipt is Monday 4 May, inside the May Day
	// holiday (1–5 May), so the deadline moves to Wednesday 6 May.
	doc := proc.CreateDocument(t, cfWith(cfAt(d, "检建〔2026〕1号", "2026-03-02", "2026-03-04"), "case_ids", []int64{k.ID}))
	if doc.ReplyDueOn != "2026-05-06" || doc.Type != "procuratorial_suggestion" || doc.Status != "received" || doc.ReceivedOn != "2026-03-04" ||
		doc.ReceivedBy != nil || doc.ReplyPeriodN == nil || *doc.ReplyPeriodN != 2 || *doc.ReplyPeriodUnit != "months" || doc.Provisional || doc.Waiting != nil {
		t.Fatalf("%+v", doc)
	}
	if len(doc.ActionItems) != 1 {
		t.Fatalf("action items %+v", doc.ActionItems)
	}
	it := doc.ActionItems[0]
	if it.ResponsibleUnitID != d.AgencyA.ID || it.IssuingUnitID != d.Procuratorate.ID || it.DueOn != "2026-05-06" || it.ReceivedOn != "2026-03-04" ||
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
		got := proc.CreateDocument(t, cfWith(cfAt(d, "检建〔2026〕2号", "2026-03-02", "2026-03-04"), "reply_due_on", "2026-04-30"))
		if got.ReplyDueOn != "2026-04-30" || got.ReplyDueFixed != "2026-04-30" || got.ActionItems[0].DueOn != "2026-04-30" || got.ReplyPeriodN != nil {
			t.Fatalf("%+v", got)
		}
		// A legal opinion defaults to 15 working days from receipt.
		got = proc.CreateDocument(t, cfWith(cfAt(d, "法意〔2026〕1号", "2026-03-02", "2026-03-02"), "type", "legal_opinion"))
		if got.ReplyDueOn != "2026-03-23" || *got.ReplyPeriodUnit != "workdays" {
			t.Fatalf("legal opinion due %s", got.ReplyDueOn)
		}
		// A reconsideration suggestion (opinion) 60 days from receipt:
		// Friday 3 July 2026.
		// (issued by the justice bureau, the reconsideration body's office)
		rec := cfWith(cfWith(cfAt(d, "复建〔2026〕1号", "2026-05-01", "2026-05-04"), "type", "reconsideration_suggestion"), "issuing_unit_id", d.Justice.ID)
		got = e.API(d.JusticeSec).CreateDocument(t, cfWith(rec, "cc_unit_ids", []int64{d.Procuratorate.ID}))
		if got.ReplyDueOn != "2026-07-03" || *got.ReplyPeriodN != 60 || *got.ReplyPeriodUnit != "days" {
			t.Fatalf("reconsideration suggestion due %s (%v %v)", got.ReplyDueOn, got.ReplyPeriodN, got.ReplyPeriodUnit)
		}
	})

	bad := []struct {
		name   string
		body   map[string]any
		status int
		field  string
		code   string
	}{
		{"number twice", cfAt(d, "检建〔2026〕1号", "2026-03-02", "2026-03-04"), http.StatusConflict, "number", "document.number_taken"},
		{"due before issue", cfWith(cfAt(d, "b1", "2026-03-02", ""), "reply_due_on", "2026-03-01"), 422, "reply_due_on", "document.due_before_issue"},
		{"due on issue day", cfWith(cfAt(d, "b2", "2026-03-02", ""), "reply_due_on", "2026-03-02"), 422, "reply_due_on", "document.due_before_issue"},
		{"due on receipt day", cfWith(cfAt(d, "b2r", "2026-03-02", "2026-03-05"), "reply_due_on", "2026-03-05"), 422, "reply_due_on", "document.due_before_receipt"},
		{"bad date", cfAt(d, "b3", "2026-02-30", ""), 422, "issued_on", "date_invalid"},
		{"bad receipt date", cfAt(d, "b3r", "2026-03-02", "2026-03-32"), 422, "received_on", "date_invalid"},
		{"received before issue", cfAt(d, "b4", "2026-03-02", "2026-03-01"), 422, "received_on", "document.received_before_issue"},
		{"received in the future", cfAt(d, "b4f", "2026-12-01", "2026-12-31"), 422, "received_on", "document.received_in_future"},
		{"unknown addressee", cfWith(cfDoc(d, "b6"), "addressee_unit_id", 999999), 422, "addressee_unit_id", "unit.unknown"},
		{"unknown cc", cfWith(cfDoc(d, "b7"), "cc_unit_ids", []int64{d.Justice.ID, 999999}), 422, "cc_unit_ids", "unit.unknown"},
		{"unknown case", cfWith(cfDoc(d, "b8"), "case_ids", []int64{999999}), 422, "case_ids", "case.unknown"},
		{"bad type", cfWith(cfDoc(d, "b9"), "type", "letter"), 422, "type", "document.type_invalid"},
		{"addressed to itself", cfWith(cfDoc(d, "b10"), "addressee_unit_id", d.Procuratorate.ID), 422, "addressee_unit_id", "document.addressee_is_issuer"},
		{"title on classified", cfWith(cfWith(cfAt(d, "b11", "2026-03-02", "2026-03-02"), "sensitivity", "classified"), "title", "关于某某的建议"), 422, "title", "sensitivity.no_content"},
		{"classified without receipt", cfWith(cfAt(d, "b13", "2026-03-02", ""), "sensitivity", "classified"), 422, "received_on", "document.received_required"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := proc.Post("/api/v1/documents", tc.body)
			if r.Status != tc.status || (!cfFieldIs(t, e, r, tc.field, tc.code) && r.ErrorCode(t) != tc.code) {
				t.Fatalf("status %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("deadlines into 2027 follow its published schedule", func(t *testing.T) {
		// Received 2026-12-01 + 2 months = Monday 2027-02-01, a working day.
		r := proc.Post("/api/v1/documents", cfAt(d, "b12", "2026-12-01", "2026-12-01"))
		if r.Status != 201 || r.JSON(t)["reply_due_on"] != "2027-02-01" || r.JSON(t)["reply_due_provisional"] != false {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		// 15 working days from Monday 2026-12-28 skip 元旦 (2027-01-01..03):
		// 12-29..31 are 3, 01-04..08 8, 01-11..15 13, then 01-18 and 01-19.
		r = proc.Post("/api/v1/documents", cfWith(cfAt(d, "b5", "2026-12-28", "2026-12-28"), "type", "legal_opinion"))
		if r.Status != 201 || r.JSON(t)["reply_due_on"] != "2027-01-19" {
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
		// Four documents from above, plus b12 and b5 into 2027.
		if ids := cfIDs(t, proc, "/api/v1/documents?limit=200"); len(ids) != 6 {
			t.Fatalf("documents %v", ids)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM action_items`); n != 6 {
			t.Fatalf("%d action items for 6 received documents", n)
		}
	})
}

// TestDocumentAPI_ReceiptStartsTheClock: a document the addressee has not
// received has no deadline and no action item; the addressee's 签收 sets
// the day of receipt, counts the deadline from it and creates the item.
func TestDocumentAPI_ReceiptStartsTheClock(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(cfBeijing(2026, time.December, 7)) // Monday
	d := e.District()
	proc, agency := e.API(d.ProcSec), e.API(d.AgencyAMember)
	gov := e.User("gov.member", d.Government, account.RoleMember)

	// Issued Tuesday 1 December 2026, not received yet.
	doc := proc.CreateDocument(t, cfAt(d, "奎检行建〔2026〕21号", "2026-12-01", ""))
	if doc.Status != "awaiting_receipt" || doc.ReceivedOn != "" || doc.ReplyDueOn != "" || len(doc.ActionItems) != 0 ||
		doc.Waiting == nil || doc.Waiting.N != 4 || doc.Waiting.Unit != "workdays" || doc.ReplyPeriodN != nil {
		t.Fatalf("awaiting receipt: %+v", doc)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM action_items`); n != 0 {
		t.Fatalf("%d action items before receipt", n)
	}
	var list struct {
		Items []webtest.DocumentJSON `json:"items"`
	}
	agency.Get("/api/v1/documents").Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].Status != "awaiting_receipt" || list.Items[0].ReplyDueOn != "" {
		t.Fatalf("list %+v", list.Items)
	}
	path := "/api/v1/documents/" + cfItoa(doc.ID) + "/receive"

	t.Run("only the addressee signs", func(t *testing.T) {
		for _, c := range []struct {
			who  account.User
			want int
		}{
			{d.ProcSec, 403},       // the issuer
			{d.ProcMember, 403},    // the issuer's unit
			{d.JusticeMember, 403}, // copied
			{d.Leader, 403},        // sees every ordinary document
			{d.Admin, 403},
			{d.AgencyBMember, 404}, // cannot see it
			{gov, 404},
		} {
			r := e.API(c.who).Post(path, map[string]any{})
			if r.Status != c.want || (c.want == 403 && r.ErrorCode(t) != "document.not_addressee") {
				t.Errorf("%s: %d %s", c.who.Username, r.Status, r.Body)
			}
		}
	})
	t.Run("bad input changes nothing", func(t *testing.T) {
		for _, c := range []struct {
			body        map[string]any
			status      int
			field, code string
		}{
			{map[string]any{"received_on": "2026-11-30"}, 422, "received_on", "document.received_before_issue"},
			{map[string]any{"received_on": "2026-12-08"}, 422, "received_on", "document.received_in_future"},
			{map[string]any{"received_on": "2026-12-32"}, 422, "received_on", "date_invalid"},
			{map[string]any{"received_on": "2026-12-04", "version": doc.Version + 1}, 409, "", "stale_version"},
			{map[string]any{"received_on": "2026-12-04", "extra": 1}, 400, "", "malformed.unknown_field"},
		} {
			r := agency.Post(path, c.body)
			if r.Status != c.status || (c.field != "" && !cfFieldIs(t, e, r, c.field, c.code)) || (c.field == "" && r.ErrorCode(t) != c.code) {
				t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
			}
		}
		var got webtest.DocumentJSON
		proc.Get("/api/v1/documents/"+cfItoa(doc.ID)).Decode(t, &got)
		if got.Status != "awaiting_receipt" || got.ReceivedOn != "" || got.Version != doc.Version || len(got.ActionItems) != 0 {
			t.Fatalf("after refusals %+v", got)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'document.receive'`); n != 0 {
			t.Fatalf("%d receipts audited", n)
		}
	})

	// Agency A signs for it, received on Friday 4 December: due two
	// months later, Thursday 4 February 2027.
	r := agency.Post(path, map[string]any{"received_on": "2026-12-04", "version": doc.Version})
	if r.Status != 200 {
		t.Fatalf("receive: %d %s", r.Status, r.Body)
	}
	var got webtest.DocumentJSON
	r.Decode(t, &got)
	if got.Status != "received" || got.ReceivedOn != "2026-12-04" || got.ReceivedBy == nil || *got.ReceivedBy != d.AgencyAMember.ID ||
		got.Waiting != nil || got.Version != doc.Version+1 || len(got.ActionItems) != 1 || got.ReplyPeriodN == nil || *got.ReplyPeriodN != 2 {
		t.Fatalf("received: %s", r.Body)
	}
	it := got.ActionItems[0]
	if it.ResponsibleUnitID != d.AgencyA.ID || it.IssuingUnitID != d.Procuratorate.ID || it.ReceivedOn != "2026-12-04" ||
		it.DueOn != got.ReplyDueOn || it.SourceID != doc.ID {
		t.Fatalf("action item %+v", it)
	}
	cfWant2027(t, e, got.ReplyDueOn, "2027-02-04")

	t.Run("twice is a conflict", func(t *testing.T) {
		r := agency.Post(path, nil)
		if r.Status != 409 || r.ErrorCode(t) != "document.already_received" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM action_items`); n != 1 {
			t.Fatalf("%d action items", n)
		}
	})
	t.Run("audited", func(t *testing.T) {
		var entries []account.AuditEntry
		if err := account.WithContent(e.DB.Conn(e.Ctx())).Where("object_type = 'document' AND object_id = ?", cfItoa(doc.ID)).Order("audit_log.id").Find(&entries).Error; err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "document.create" || entries[1].Action != "document.receive" ||
			entries[1].ActorID == nil || *entries[1].ActorID != d.AgencyAMember.ID ||
			!strings.Contains(entries[1].Before, `"received_on":null`) || !strings.Contains(entries[1].After, `"received_on":"2026-12-04"`) {
			t.Fatalf("audit %+v", entries)
		}
		if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'action.create' AND object_id = ?`, cfItoa(it.ID)); n != 1 {
			t.Fatalf("item creation audited %d times", n)
		}
	})
	t.Run("default today, any user of the addressee unit", func(t *testing.T) {
		leader := e.User("agency.a.leader", d.AgencyA, account.RoleLeader)
		other := proc.CreateDocument(t, cfAt(d, "奎检行建〔2026〕22号", "2026-12-01", ""))
		r := e.API(leader).Post("/api/v1/documents/"+cfItoa(other.ID)+"/receive", nil)
		var got webtest.DocumentJSON
		r.Decode(t, &got)
		if r.Status != 200 || got.ReceivedOn != "2026-12-07" || len(got.ActionItems) != 1 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("a date the document fixes applies from receipt", func(t *testing.T) {
		fixed := proc.CreateDocument(t, cfWith(cfAt(d, "奎检行建〔2026〕25号", "2026-12-01", ""), "reply_due_on", "2026-12-31"))
		if fixed.Status != "awaiting_receipt" || fixed.ReplyDueOn != "" || fixed.ReplyDueFixed != "2026-12-31" || len(fixed.ActionItems) != 0 {
			t.Fatalf("fixed date before receipt %+v", fixed)
		}
		var got webtest.DocumentJSON
		agency.Post("/api/v1/documents/"+cfItoa(fixed.ID)+"/receive", map[string]any{"received_on": "2026-12-02"}).Decode(t, &got)
		if got.ReplyDueOn != "2026-12-31" || got.ReplyPeriodN != nil || len(got.ActionItems) != 1 || got.ActionItems[0].DueOn != "2026-12-31" {
			t.Fatalf("received %+v", got)
		}
		// A fixed date the receipt has already passed cannot be met: the
		// type's period runs from the day of receipt instead.
		passed := proc.CreateDocument(t, cfWith(cfAt(d, "奎检行建〔2026〕26号", "2026-12-01", ""), "reply_due_on", "2026-12-03"))
		agency.Post("/api/v1/documents/"+cfItoa(passed.ID)+"/receive", map[string]any{"received_on": "2026-12-04"}).Decode(t, &got)
		if got.ReplyPeriodN == nil || *got.ReplyPeriodN != 2 || got.ReplyDueFixed != "2026-12-03" || got.ReplyDueOn == "2026-12-03" {
			t.Fatalf("fixed date passed at receipt %+v", got)
		}
	})
	t.Run("sensitive and classified", func(t *testing.T) {
		// A sensitive document is signed for like any other; its item
		// keeps the number and no content.
		sens := proc.CreateDocument(t, cfWith(cfAt(d, "奎检行建〔2026〕23号", "2026-12-01", ""), "sensitivity", "sensitive"))
		r := agency.Post("/api/v1/documents/"+cfItoa(sens.ID)+"/receive", nil)
		if r.Status != 200 {
			t.Fatalf("sensitive: %d %s", r.Status, r.Body)
		}
		// A classified one travels on paper: the issuer enters its receipt,
		// and the addressee cannot see it online.
		cl := proc.CreateDocument(t, cfWith(cfAt(d, "奎检行建〔2026〕24号", "2026-12-01", "2026-12-03"), "sensitivity", "classified"))
		if cl.Status != "received" || len(cl.ActionItems) != 1 || cl.ActionItems[0].Title != "" {
			t.Fatalf("classified %+v", cl)
		}
		if r := agency.Post("/api/v1/documents/"+cfItoa(cl.ID)+"/receive", nil); r.Status != 404 {
			t.Fatalf("classified receipt by the addressee: %d", r.Status)
		}
	})
}

// TestDocumentAPI_ReceiptExample: a procuratorial suggestion issued on
// 2026-12-01 and received on 2026-12-04 is due on 2027-02-04, a Thursday
// and a working day: two months from the day of receipt (《人民检察院检察建
// 议工作规定》第十九条), whether the addressee signs for it or the issuer
// enters a paper delivery.
func TestDocumentAPI_ReceiptExample(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(cfBeijing(2026, time.December, 7))
	d := e.District()
	paper := e.API(d.ProcSec).CreateDocument(t, cfAt(d, "奎检行建〔2026〕31号", "2026-12-01", "2026-12-04"))
	cfWant2027(t, e, paper.ReplyDueOn, "2027-02-04")
	if len(paper.ActionItems) != 1 || paper.ActionItems[0].DueOn != paper.ReplyDueOn || paper.ActionItems[0].ReceivedOn != "2026-12-04" {
		t.Fatalf("paper delivery %+v", paper)
	}
	online := e.API(d.ProcSec).CreateDocument(t, cfAt(d, "奎检行建〔2026〕32号", "2026-12-01", ""))
	r := e.API(d.AgencyAMember).Post("/api/v1/documents/"+cfItoa(online.ID)+"/receive", map[string]any{"received_on": "2026-12-04"})
	var got webtest.DocumentJSON
	r.Decode(t, &got)
	cfWant2027(t, e, got.ReplyDueOn, "2027-02-04")
}

// cfWant2027 checks a deadline in 2027. Until the 2027 holiday schedule is
// in the calendar such a date may be refused or counted off weekends only;
// a wrong answer then skips the test, which runs in full once the
// schedule is known.
func cfWant2027(t *testing.T, e *webtest.Env, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	if _, last := cal.KnownYears(); last < 2027 {
		t.Skipf("needs the 2027 holiday schedule (deadline %q, want %s)", got, want)
	}
	t.Fatalf("deadline %q, want %s", got, want)
}

func TestDocumentAPI_Visibility(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	gov := e.User("gov.sec", d.Government, account.RoleSecretary)
	proc, govc := e.API(d.ProcSec), e.API(gov)
	sugg := proc.CreateDocument(t, cfDoc(d, "检建1"))
	opinion := govc.CreateDocument(t, map[string]any{"type": "supervision_opinion", "number": "监督意见1", "issuing_unit_id": d.Government.ID,
		"addressee_unit_id": d.AgencyB.ID, "cc_unit_ids": []int64{d.Procuratorate.ID}, "issued_on": webtest.DaysFromToday(-20).String()})
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
