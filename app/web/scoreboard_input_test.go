package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// TestScoreboard_BadInput: months in the future or malformed, publishing
// twice or by the wrong people, formulas with bad numbers, empty months.
// Months are counted from the pinned one (webtest.Month).
func TestScoreboard_BadInput(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, leader := e.API(d.Admin), e.API(d.Leader)
	year, _ := strconv.Atoi(webtest.Month(0)[:4])

	t.Run("months", func(t *testing.T) {
		for _, q := range []string{webtest.Month(1), "2099-01", "2026-13", "2026-1", "26-01", "abc", "2026-00"} {
			r := leader.Get("/api/v1/scoreboard?month=" + url.QueryEscape(q))
			if r.Status != 422 || r.JSON(t)["error"].(map[string]any)["fields"].(map[string]any)["month"] == nil {
				t.Errorf("month %q: %d %s", q, r.Status, r.Body)
			}
		}
		// next month has not begun, this one is not over
		for _, p := range []string{"/api/v1/scoreboard/" + webtest.Month(1) + "/publish", "/api/v1/scoreboard/" + webtest.Month(0) + "/publish", "/api/v1/scoreboard/2026-1x/publish"} {
			if r := admin.Post(p, nil); r.Status != 422 {
				t.Errorf("POST %s: %d %s", p, r.Status, r.Body)
			}
		}
		for _, p := range []string{"/api/v1/scoreboard/year/" + strconv.Itoa(year+1), "/api/v1/scoreboard/year/20x6", "/api/v1/scoreboard/year/1999"} {
			if r := leader.Get(p); r.Status != 422 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		if r := leader.Get("/scoreboard/" + webtest.Month(2) + ".xlsx"); r.Status != 422 {
			t.Errorf("future export: %d", r.Status)
		}
		if r := leader.Get("/scoreboard/2026-01.pdf"); r.Status != 404 {
			t.Errorf("unknown export format: %d", r.Status)
		}
		if r := leader.Get("/api/v1/scoreboard?month=" + webtest.Month(-2) + "&revision=3"); r.Status != 404 {
			t.Errorf("missing revision: %d", r.Status)
		}
	})

	t.Run("publishing", func(t *testing.T) {
		past, earlier := webtest.Month(-5), webtest.Month(-6)
		if r := e.API(d.AgencyAMember).Post("/api/v1/scoreboard/"+past+"/publish", nil); r.Status != 403 {
			t.Errorf("agency publishes: %d", r.Status)
		}
		if r := admin.Post("/api/v1/scoreboard/"+past+"/revise", map[string]string{"reason": "更正"}); r.Status != 409 || r.ErrorCode(t) != "scoreboard.not_published" {
			t.Errorf("revise unpublished: %d %s", r.Status, r.Body)
		}
		if r := e.API(d.OfficeSec).Post("/api/v1/scoreboard/"+past+"/publish", nil); r.Status != 201 {
			t.Fatalf("office secretary publishes: %d %s", r.Status, r.Body)
		}
		if r := admin.Post("/api/v1/scoreboard/"+past+"/publish", nil); r.Status != 409 {
			t.Errorf("publish twice: %d", r.Status)
		}
		if r := admin.Post("/api/v1/scoreboard/"+past+"/revise", map[string]string{"reason": "  "}); r.Status != 422 {
			t.Errorf("revise without reason: %d", r.Status)
		}
		// The browser form: publishing twice re-renders the page with the message.
		b := e.Browser(d.Admin)
		if r := b.PostForm("/scoreboard/"+past+"/publish", url.Values{}); r.Status != 409 || !strings.Contains(string(r.Body), "已经晒绩") {
			t.Errorf("form publish twice: %d", r.Status)
		}
		if r := b.PostForm("/scoreboard/"+earlier+"/publish", url.Values{}); r.Status != 303 {
			t.Errorf("form publish: %d %s", r.Status, r.Body)
		}
	})

	t.Run("formula", func(t *testing.T) {
		good := func() map[string]any {
			return map[string]any{"formula": map[string]any{"base": 100, "per_overdue": 5, "per_unanswered": 3, "per_late": 2,
				"per_returned": 1, "per_absence": 1, "per_rectified": 1, "floor": 0, "cap": 100},
				"annual_proportion": 10, "commend_at": 95, "deduct_below": 80, "version": 0}
		}
		bad := []struct {
			name  string
			edit  func(m map[string]any)
			field string
		}{
			{"negative weight", func(m map[string]any) { m["formula"].(map[string]any)["per_overdue"] = -5 }, "formula.per_overdue"},
			{"non-numeric weight", func(m map[string]any) { m["formula"].(map[string]any)["per_late"] = "two" }, ""},
			{"proportion above 100%", func(m map[string]any) { m["annual_proportion"] = 150 }, "annual_proportion"},
			{"cap below floor", func(m map[string]any) { m["formula"].(map[string]any)["cap"] = -1 }, "formula.cap"},
		}
		for _, c := range bad {
			m := good()
			c.edit(m)
			r := admin.Do("PUT", "/api/v1/scoreboard/settings", m)
			if r.Status != 422 {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
				continue
			}
			if c.field != "" && r.JSON(t)["error"].(map[string]any)["fields"].(map[string]any)[c.field] == nil {
				t.Errorf("%s: no field error on %s: %s", c.name, c.field, r.Body)
			}
		}
		if r := leader.Do("PUT", "/api/v1/scoreboard/settings", good()); r.Status != 403 {
			t.Errorf("leader sets formula: %d", r.Status)
		}
		if r := admin.Do("PUT", "/api/v1/scoreboard/settings", good()); r.Status != 200 {
			t.Fatalf("save: %d %s", r.Status, r.Body)
		}
		if r := admin.Do("PUT", "/api/v1/scoreboard/settings", good()); r.Status != 409 {
			t.Errorf("stale version: %d", r.Status)
		}
		// The form rejects words where numbers belong, and keeps what was typed.
		b := e.Browser(d.Admin)
		v := url.Values{"version": {"1"}}
		for _, k := range []string{"formula.base", "formula.per_overdue", "formula.per_unanswered", "formula.per_late", "formula.per_returned",
			"formula.per_absence", "formula.per_rectified", "formula.floor", "formula.cap", "annual_proportion", "commend_at", "deduct_below"} {
			v.Set(k, "1")
		}
		v.Set("formula.per_late", "abc")
		v.Set("annual_proportion", "120")
		r := b.PostForm("/scoreboard/settings", v)
		if r.Status != 422 || !strings.Contains(string(r.Body), `value="abc"`) {
			t.Errorf("settings form: %d", r.Status)
		}
		var st struct {
			Formula struct {
				PerOverdue float64 `json:"per_overdue"`
			} `json:"formula"`
			Version int `json:"version"`
		}
		leader.Get("/api/v1/scoreboard/settings").Decode(t, &st)
		if st.Version != 1 || st.Formula.PerOverdue != 5 {
			t.Errorf("settings after the failures: %+v", st)
		}
	})

	t.Run("empty month", func(t *testing.T) {
		r := leader.Get("/scoreboard/" + webtest.Month(-8) + ".xlsx")
		if r.Status != 200 {
			t.Fatalf("empty month export: %d %s", r.Status, r.Body)
		}
		_, rows, _ := xlsxRows(t, r.Body)
		if len(rows) != 3 || rows[0][0] != "排名" || rows[1][13] != "100" {
			t.Errorf("empty month rows: %v", rows)
		}
	})
}

// TestScoreboard_NoAgencies: a district without agencies still gets a
// valid (header-only) sheet and an empty board.
func TestScoreboard_NoAgencies(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	office := e.Unit("区委依法治区办", account.KindRuleOfLawOffice)
	c := e.API(e.User("admin", office, account.RoleAdmin))
	month := webtest.Month(-1)
	r := c.Get("/scoreboard/" + month + ".xlsx")
	if r.Status != 200 {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	_, rows, _ := xlsxRows(t, r.Body)
	if len(rows) != 1 || len(rows[0]) != 14 {
		t.Errorf("rows = %v", rows)
	}
	if b := sbGet(t, c, "/api/v1/scoreboard?month="+month); len(b.Rows) != 0 {
		t.Errorf("board = %+v", b)
	}
	if !strings.Contains(string(c.Get("/api/v1/scoreboard?month="+month).Body), `"rows":[]`) {
		t.Errorf("rows should be an empty list")
	}
	if r := c.Get("/scoreboard/" + month + ".csv"); r.Status != 200 || string(r.Body) != "\uFEFF排名,单位,收到,到期,按期答复,逾期答复,整改销号,被退回,月末逾期,未答复,升级督办,应参会,实到会,得分\r\n" {
		t.Errorf("csv: %d %q", r.Status, r.Body)
	}
}
