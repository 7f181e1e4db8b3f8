package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"liaison/app/export"
	"liaison/app/i18n"
)

// reportExport is GET /reports/{period}/export.xlsx: the report's tables,
// one sheet each, headed in Chinese as every export is.
func (s *Server) reportExport(c echo.Context) error {
	v, err := s.reportView(c, c.Param("period"))
	if err != nil {
		return notFoundIfInvalid(err)
	}
	zh := s.zh
	cases := export.Sheet{Name: zh("report.sheet.cases"), Columns: s.zhCols([]colSpec{{"report.col.case_kind", 18}, {"report.col.cases", 10}})}
	for _, st := range v.Stages {
		cases.Columns = append(cases.Columns, export.Column{Header: zh("case.note_" + string(st)), Width: 10})
	}
	for _, r := range v.CaseRows {
		row := []any{r.Kind, r.Total}
		for _, n := range r.ByStage {
			row = append(row, n)
		}
		cases.Rows = append(cases.Rows, row)
	}
	cases.Rows = append(cases.Rows, []any{zh("report.col.total"), v.CasesTotal})

	docs := export.Sheet{Name: zh("report.sheet.documents"), Columns: s.zhCols([]colSpec{{"report.col.doc_type", 22}, {"report.col.issued", 10}, {"report.col.copied_justice", 14}})}
	for _, st := range v.Statuses {
		docs.Columns = append(docs.Columns, export.Column{Header: zh("case.action_" + string(st)), Width: 10})
	}
	added, err := s.Cases.TypeNames(c.Request().Context(), i18n.ZH)
	if err != nil {
		return err
	}
	for _, r := range v.DocRows {
		name, ok := added[r.Type]
		if !ok {
			name = zh("document.type_" + string(r.Type))
		}
		row := []any{name, r.Issued, r.Copied}
		for _, n := range r.ByStatus {
			row = append(row, n)
		}
		docs.Rows = append(docs.Rows, row)
	}

	work := export.Sheet{Name: zh("report.sheet.work"), Columns: s.zhCols([]colSpec{{"report.col.item", 24}, {"report.col.count", 10}})}
	for _, m := range v.Meetings {
		work.Rows = append(work.Rows, []any{zh("report.meetings_held") + "：" + zh("meeting.kind."+m.Key), m.N})
	}
	work.Rows = append(work.Rows, []any{zh("report.items_closed"), v.ItemsClosed}, []any{zh("report.items_overdue"), v.ItemsOverdue})
	for _, e := range v.Escalations {
		work.Rows = append(work.Rows, []any{zh("report.escalation_step_" + e.Key), e.N})
	}

	acts := export.Sheet{Name: zh("report.sheet.activities"), Columns: s.zhCols([]colSpec{{"report.col.date", 12}, {"report.col.kind", 14},
		{"report.col.units", 30}, {"report.col.title", 30}, {"report.col.summary", 50}})}
	for _, x := range v.Activities {
		units := ""
		for i, id := range x.UnitIDs {
			if i > 0 {
				units += "、"
			}
			units += v.Units[id]
		}
		acts.Rows = append(acts.Rows, []any{x.OccurredOn.String(), zh("report.kind." + string(x.Kind)), units, x.Title, x.Summary})
	}
	return s.sendSheets(c, "report-"+v.Period.Key, "工作通报-"+v.Period.Key, cases, docs, work, acts)
}

// sendSheets writes several sheets as one xlsx workbook.
func (s *Server) sendSheets(c echo.Context, base, zhBase string, sheets ...export.Sheet) error {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, sheets...); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"; filename*=UTF-8''%s.xlsx`, base, url.PathEscape(zhBase)))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}
