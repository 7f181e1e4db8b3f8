package web_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestExport_ActionsAndCases: the list exports follow the pages' filters
// and visibility, keep sensitive content out, and never let a cell run as
// a formula.
func TestExport_ActionsAndCases(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	due := workday.Date{Year: 2026, Month: 3, Day: 31}
	evil := `=HYPERLINK("http://evil.example","点我")`
	aOrd := e.Action(followup.NewAction{Title: evil, ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due})
	e.Action(followup.NewAction{Title: "检建〔2026〕9号", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due,
		Sensitivity: account.Sensitive})
	e.Action(followup.NewAction{Title: "+整改 B", ResponsibleUnitID: d.AgencyB.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: due})

	t.Run("actions xlsx", func(t *testing.T) {
		r := e.API(d.ProcSec).Get("/actions/export.xlsx?unit_id=" + sbID(d.AgencyA.ID))
		if r.Status != 200 {
			t.Fatalf("export: %d %s", r.Status, r.Body)
		}
		name, rows, f := xlsxRows(t, r.Body)
		if len(rows) != 3 || rows[0][0] != "编号" || rows[0][1] != "事项" || rows[0][5] != "答复期限" {
			t.Fatalf("rows = %v", rows)
		}
		if rows[1][0] != sbID(aOrd.ID) || rows[1][1] != evil || rows[1][2] != "区人社局" || rows[1][3] != "区检察院" || rows[1][6] != "逾期" {
			t.Errorf("ordinary row = %v", rows[1])
		}
		if form, _ := f.GetCellFormula(name, "B2"); form != "" {
			t.Errorf("a title became a formula: %q", form)
		}
		if v, _ := f.GetCellValue(name, "F2", excelize.Options{RawCellValue: true}); v != "46112" {
			t.Errorf("due date is not a real date serial: %q", v)
		}
		if rows[2][1] != "" || rows[2][7] != "敏感" {
			t.Errorf("sensitive row leaks its title: %v", rows[2])
		}
	})

	t.Run("actions csv visibility and injection", func(t *testing.T) {
		r := e.API(d.AgencyBMember).Get("/actions/export.csv")
		if r.Status != 200 || !strings.HasPrefix(string(r.Body), "\uFEFF") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %q", r.Status, r.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.Body), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[1][1] != "'+整改 B" {
			t.Errorf("agency B sees %v", recs)
		}
		if r := e.API(d.ProcSec).Get("/actions/export.csv?status=bogus"); r.Status != 422 {
			t.Errorf("bad filter: %d", r.Status)
		}
	})

	t.Run("cases", func(t *testing.T) {
		ctx, proc := e.Ctx(), e.Actor(d.ProcSec)
		if _, err := e.Deps.Cases.Create(ctx, proc, casefile.CaseInput{Number: "案-1", Title: "@SUM(1+1) 工伤认定纠纷", Kind: "工伤认定",
			RespondentUnitID: d.AgencyA.ID, OriginUnitID: d.Procuratorate.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Deps.Cases.Create(ctx, proc, casefile.CaseInput{Number: "案-2", Kind: "行政处罚", RespondentUnitID: d.AgencyB.ID,
			OriginUnitID: d.Procuratorate.ID, Sensitivity: account.Classified, PaperFileHolder: "张三"}); err != nil {
			t.Fatal(err)
		}
		r := e.API(d.ProcSec).Get("/cases/export.xlsx")
		_, rows, _ := xlsxRows(t, r.Body)
		if r.Status != 200 || len(rows) != 3 || rows[0][0] != "案号" {
			t.Fatalf("cases: %d %v", r.Status, rows)
		}
		byNo := map[string][]string{rows[1][0]: rows[1], rows[2][0]: rows[2]}
		if byNo["案-1"][1] != "@SUM(1+1) 工伤认定纠纷" || byNo["案-1"][3] != "区人社局" {
			t.Errorf("ordinary case = %v", byNo["案-1"])
		}
		if c := byNo["案-2"]; c[1] != "" || c[6] != "涉密" || c[7] != "张三" {
			t.Errorf("classified case = %v", c)
		}
		// The CSV defuses a formula in a cell.
		c := e.API(d.ProcSec).Get("/cases/export.csv")
		if c.Status != 200 || !strings.Contains(string(c.Body), "'@SUM(1+1)") || !strings.Contains(string(c.Body), "案-2") {
			t.Errorf("procuratorate csv: %d %s", c.Status, c.Body)
		}
		// Agency A is the unit the first case is against: the register
		// between the procuratorate and the justice bureau is not its to
		// read, so neither case is in its export.
		c = e.API(d.AgencyAMember).Get("/cases/export.csv")
		if c.Status != 200 || strings.Contains(string(c.Body), "案-1") || strings.Contains(string(c.Body), "案-2") {
			t.Errorf("agency A csv: %d %s", c.Status, c.Body)
		}
	})
}
