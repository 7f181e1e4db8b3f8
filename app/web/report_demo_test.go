package web_test

import (
	"fmt"
	"strings"
	"testing"

	"liaison/app/report"
	"liaison/app/web/webtest"
)

// TestReport_Demo: the demo district's quarter has a 工作通报 with the
// source's kind of figures — cases notified by type, documents by type
// (those copied to the justice bureau counted apart) — its activities,
// and a filled 领导小组 whose head sees the card on the 工作台.
func TestReport_Demo(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	loadDemo(t, e)
	b := signInGenerated(t, e, "wang.fang")
	q := report.QuarterKey(webtest.Today())
	var rep struct {
		CasesTotal  int `json:"cases_total"`
		CasesByType []struct {
			Key string `json:"key"`
			N   int    `json:"n"`
		} `json:"cases_by_type"`
		Documents []struct {
			Key string `json:"key"`
			Sub string `json:"sub"`
			N   int    `json:"n"`
		} `json:"documents"`
		Activities []any `json:"activities"`
	}
	b.Get("/api/v1/reports/"+q).Decode(t, &rep)
	var figs []string
	for _, c := range rep.CasesByType {
		figs = append(figs, fmt.Sprintf("%s %d", c.Key, c.N))
	}
	for _, c := range rep.Documents {
		figs = append(figs, fmt.Sprintf("%s/%s %d", c.Key, c.Sub, c.N))
	}
	t.Logf("demo %s: %d cases notified; %s; %d activities", q, rep.CasesTotal, strings.Join(figs, ", "), len(rep.Activities))
	if rep.CasesTotal == 0 || len(rep.CasesByType) < 2 || len(rep.Documents) == 0 || len(rep.Activities) < 2 {
		t.Errorf("the demo quarter's report lacks figures or activities")
	}
	if home := string(signInGenerated(t, e, "zheng.yu").Get("/").Body); !strings.Contains(home, "领导小组组长") {
		t.Error("the head of the leading group does not see the card")
	}
}
