package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/followup"
	"liaison/app/web/webtest"
)

func TestActionPages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	it := e.Action(followup.NewAction{Title: "规范工伤认定程序", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-1)})
	other := e.Action(followup.NewAction{Title: "市场监管整改", ResponsibleUnitID: d.AgencyB.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(3)})
	agency, proc := e.Browser(d.AgencyAMember), e.Browser(d.ProcSec)
	path := fmt.Sprintf("/actions/%d", it.ID)

	t.Run("my list", func(t *testing.T) {
		r := agency.Get("/actions")
		if r.Status != 200 || !strings.Contains(string(r.Body), "规范工伤认定程序") || strings.Contains(string(r.Body), "市场监管整改") {
			t.Fatalf("list: %d\n%s", r.Status, r.Body)
		}
		r = proc.Get("/actions?tab=issued&pending=true&overdue=true")
		if r.Status != 200 || !strings.Contains(string(r.Body), "规范工伤认定程序") || strings.Contains(string(r.Body), "市场监管整改") {
			t.Fatalf("issued overdue: %d\n%s", r.Status, r.Body)
		}
		r = proc.Get("/actions?tab=issued&soon=1")
		if r.Status != 200 || !strings.Contains(string(r.Body), "市场监管整改") || strings.Contains(string(r.Body), "规范工伤认定程序") {
			t.Fatalf("issued soon: %d\n%s", r.Status, r.Body)
		}
		r = proc.Get("/actions?tab=issued&limit=1")
		if r.Status != 200 || !strings.Contains(string(r.Body), "规范工伤认定程序") || !strings.Contains(string(r.Body), "cursor=") {
			t.Fatalf("issued first page: %d\n%s", r.Status, r.Body)
		}
	})
	t.Run("hidden item", func(t *testing.T) {
		if r := agency.Get(fmt.Sprintf("/actions/%d", other.ID)); r.Status != 404 {
			t.Fatalf("other unit's item: %d", r.Status)
		}
		if r := agency.Get(fmt.Sprintf("/actions/%d/print", other.ID)); r.Status != 404 {
			t.Fatalf("other unit's sheet: %d", r.Status)
		}
	})
	t.Run("feedback form", func(t *testing.T) {
		r := agency.Get(path)
		if r.Status != 200 || !strings.Contains(string(r.Body), `action="`+path+`/feedback"`) || strings.Contains(string(r.Body), path+"/verify") {
			t.Fatalf("page: %d\n%s", r.Status, r.Body)
		}
		r = agency.PostForm(path+"/feedback", url.Values{"kind": {"answer"}, "body": {" "}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "aria-invalid") {
			t.Fatalf("empty body: %d\n%s", r.Status, r.Body)
		}
		r = agency.PostForm(path+"/feedback", url.Values{"kind": {"answer"}, "body": {"已整改完毕"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("feedback: %d\n%s", r.Status, r.Body)
		}
	})
	t.Run("verify and escalate forms", func(t *testing.T) {
		r := proc.Get(path)
		if r.Status != 200 || !strings.Contains(string(r.Body), path+"/verify") || !strings.Contains(string(r.Body), "已整改完毕") {
			t.Fatalf("issuer page: %d\n%s", r.Status, r.Body)
		}
		r = proc.PostForm(path+"/verify", url.Values{"accepted": {"no"}, "comment": {""}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("return without reason: %d\n%s", r.Status, r.Body)
		}
		if r = proc.PostForm(path+"/verify", url.Values{"accepted": {"no"}, "comment": {"整改不彻底"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("return: %d\n%s", r.Status, r.Body)
		}
		r = proc.Get(path)
		if !strings.Contains(string(r.Body), path+"/escalate") {
			t.Fatalf("no escalate form:\n%s", r.Body)
		}
		if r = proc.PostForm(path+"/escalate", url.Values{"comment": {"逾期且整改不到位"}, "documents": {"检建〔2026〕3号\n"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("escalate: %d\n%s", r.Status, r.Body)
		}
		justice := e.Browser(d.JusticeSec)
		r = justice.Get(path)
		if r.Status != 200 || !strings.Contains(string(r.Body), path+"/escalations/1/handling") {
			t.Fatalf("justice page: %d\n%s", r.Status, r.Body)
		}
		if r = justice.PostForm(path+"/escalations/1/handling", url.Values{"handling": {"已立案监督"}, "result": {""}}); r.Status != http.StatusSeeOther {
			t.Fatalf("handling: %d\n%s", r.Status, r.Body)
		}
	})
	t.Run("print", func(t *testing.T) {
		r := agency.Get(path + "/print")
		if r.Status != 200 || !strings.Contains(string(r.Body), "督办单") || !strings.Contains(string(r.Body), "已立案监督") {
			t.Fatalf("print: %d\n%s", r.Status, r.Body)
		}
	})
}

func TestHolidayAdminPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.Browser(d.Admin)
	if r := e.Browser(d.AgencyAMember).Get("/admin/holidays"); r.Status != 404 {
		t.Fatalf("member: %d", r.Status)
	}
	// The page names the published years and the provisional ones.
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	first, _ := cal.KnownYears()
	last := cal.PublishedThrough()
	if r := admin.Get("/admin/holidays"); r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf("%d–%d", first, last)) {
		t.Fatalf("page: %d, want %d–%d\n%s", r.Status, first, last, r.Body)
	}
	if r := e.API(d.AgencyAMember).Get("/api/v1/workdays/add?from=2027-02-04&days=1"); r.JSON(t)["date"] != "2027-02-14" {
		t.Fatalf("before saving: %s", r.Body)
	}
	if r := admin.PostForm("/admin/holidays", url.Values{"year": {"2027"}, "data": {"{not json"}}); r.Status != 422 {
		t.Fatalf("bad json: %d", r.Status)
	}
	if r := admin.PostForm("/admin/holidays", url.Values{"year": {"2027"}, "data": {`{"holidays":[{"name":"元旦","start":"2027-01-01","end":"2027-01-03"}],"makeup_workdays":["2027-01-06"]}`}}); r.Status != 422 {
		t.Fatalf("weekday make-up: %d", r.Status)
	}
	if r := admin.PostForm("/admin/holidays", url.Values{"year": {"2027"}, "data": {`{"holidays":[{"name":"元旦","start":"2027-01-01","end":"2027-01-03"}],"makeup_workdays":[]}`}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.Status, r.Body)
	}
	// The entered 2027 (元旦 only) wins over the published one: the day
	// after 2027-02-04 is 02-05, not 02-14 after the Spring Festival.
	r := e.API(d.AgencyAMember).Get("/api/v1/workdays/add?from=2027-02-04&days=1")
	if r.Status != 200 || r.JSON(t)["date"] != "2027-02-05" {
		t.Fatalf("after saving: %d %s", r.Status, r.Body)
	}
}
