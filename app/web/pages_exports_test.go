package web_test

import (
	"fmt"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestPages_ExportsLinked: every export the router serves is linked from
// the list it exports (issue 17: the case and action xlsx were linked
// nowhere). A new export route fails here until its list links it.
func TestPages_ExportsLinked(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.Browser(d.ProcSec)
	id := createByForm(t, sec, formValues(d.Procuratorate.ID, "会商", W1+"T09:00", W1+"T10:00"))
	month := e.DB.Now().AddDate(0, -1, 0).Format("2006-01")
	// route → the page that must link it, and the link as it is written
	linked := map[string][2]string{
		"/actions/export.xlsx":          {"/actions", `href="/actions/export.xlsx`},
		"/actions/export.csv":           {"/actions", `href="/actions/export.csv`},
		"/cases/export.xlsx":            {"/cases", `href="/cases/export.xlsx`},
		"/cases/export.csv":             {"/cases", `href="/cases/export.csv`},
		"/meetings/:id/attendance.xlsx": {fmt.Sprintf("/meetings/%d", id), fmt.Sprintf(`href="/meetings/%d/attendance.xlsx"`, id)},
		"/meetings/:id/attendance.csv":  {fmt.Sprintf("/meetings/%d", id), fmt.Sprintf(`href="/meetings/%d/attendance.csv"`, id)},
		"/meetings/:id/receipts.xlsx":   {fmt.Sprintf("/meetings/%d", id), fmt.Sprintf(`href="/meetings/%d/receipts.xlsx"`, id)},
		"/scoreboard/:file":             {"/scoreboard?month=" + month, `href="/scoreboard/` + month + `.xlsx`},
		"/admin/audit/export.csv":       {"/admin/audit", `/admin/audit/export.csv`},
		"/admin/audit/export.xlsx":      {"/admin/audit", `/admin/audit/export.xlsx`},
		"/reports/:period/export.xlsx":  {"/reports/" + month, `href="/reports/` + month + `/export.xlsx"`},
	}
	admin := e.Browser(d.Admin)
	for _, r := range e.Server.Echo().Routes() {
		if r.Method != "GET" || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		if !strings.HasSuffix(r.Path, ".xlsx") && !strings.HasSuffix(r.Path, ".csv") && r.Path != "/scoreboard/:file" {
			continue
		}
		l, ok := linked[r.Path]
		if !ok {
			t.Errorf("export %s: no list links it (add it to its list and to this table)", r.Path)
			continue
		}
		c := sec
		if strings.HasPrefix(l[0], "/admin/") {
			c = admin
		}
		if body := string(c.Get(l[0]).Body); !strings.Contains(body, l[1]) {
			t.Errorf("%s does not link its export %s", l[0], r.Path)
		}
	}
}
