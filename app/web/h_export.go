package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/export"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/scoreboard"
)

// exportLimit bounds one export; past it the sheet ends (a register of a
// district stays far below).
const exportLimit = 20000

// exportLang is the language of every export: the district's documents
// are Chinese, whatever the user's UI language.
const exportLang = "zh-CN"

// sendSheet writes the sheet as xlsx or csv by the path's extension.
func (s *Server) sendSheet(c echo.Context, base, zhBase string, sh export.Sheet) error {
	var (
		buf  bytes.Buffer
		err  error
		ext  = "csv"
		mime = "text/csv; charset=utf-8"
	)
	if strings.HasSuffix(c.Request().URL.Path, ".xlsx") {
		ext, mime = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = export.WriteXLSX(&buf, sh)
	} else {
		err = export.WriteCSV(&buf, sh)
	}
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"; filename*=UTF-8''%s.%s`, base, ext, url.PathEscape(zhBase), ext))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, mime, buf.Bytes())
}

// colSpec is a column's header message id and width.
type colSpec struct {
	id    string
	width float64
}

// zhCols makes the columns of an export with Chinese headers.
func (s *Server) zhCols(specs []colSpec) []export.Column {
	out := make([]export.Column, len(specs))
	for i, c := range specs {
		out[i] = export.Column{Header: s.zh(c.id), Width: c.width}
	}
	return out
}

// zh translates id for an export.
func (s *Server) zh(id string) string { return s.Tr.T(exportLang, id, nil) }

// scoreboardExport is GET /scoreboard/{YYYY-MM}.xlsx (in the API contract) and .csv.
func (s *Server) scoreboardExport(c echo.Context) error {
	file := c.Param("file")
	month, ok := strings.CutSuffix(file, ".xlsx")
	if !ok {
		if month, ok = strings.CutSuffix(file, ".csv"); !ok {
			return apperr.NotFoundErr("route")
		}
	}
	if _, err := scoreboard.ParseMonth(month); err != nil {
		return err
	}
	b, err := s.loadBoard(c, month)
	if err != nil {
		return err
	}
	return s.sendSheet(c, "scoreboard-"+b.Month, "晒绩榜-"+b.Month, s.scoreboardSheet(b))
}

// scoreboardColumns are the figures in export order after rank and unit.
var scoreboardColumns = []scoreboard.Figure{scoreboard.FigReceived, scoreboard.FigDue, scoreboard.FigAnsweredOnTime,
	scoreboard.FigAnsweredLate, scoreboard.FigRectified, scoreboard.FigReturned, scoreboard.FigOverdue, scoreboard.FigUnanswered,
	scoreboard.FigEscalated, scoreboard.FigAttendanceReq, scoreboard.FigAttendancePresent}

func (s *Server) scoreboardSheet(b scoreboard.Board) export.Sheet {
	sh := export.Sheet{Name: b.Month, Columns: []export.Column{{Header: s.zh("scoreboard.col.rank"), Width: 6},
		{Header: s.zh("scoreboard.col.unit"), Width: 24}}}
	for _, f := range scoreboardColumns {
		sh.Columns = append(sh.Columns, export.Column{Header: s.zh("scoreboard.fig." + string(f)), Width: 12})
	}
	sh.Columns = append(sh.Columns, export.Column{Header: s.zh("scoreboard.col.score"), Width: 10})
	for _, r := range b.Rows {
		row := []any{r.Rank, r.UnitName}
		for _, f := range scoreboardColumns {
			row = append(row, r.Value(f))
		}
		sh.Rows = append(sh.Rows, append(row, r.Score))
	}
	return sh
}

// actionExport is the action-item list with the page's filters and
// visibility; sensitive and classified items carry no title.
func (s *Server) actionExport(c echo.Context) error {
	f, err := actionFilter(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	sh := export.Sheet{Name: s.zh("scoreboard.export.actions"), Columns: s.zhCols([]colSpec{
		{"scoreboard.export.id", 8}, {"scoreboard.export.title", 40}, {"scoreboard.export.responsible", 22},
		{"scoreboard.export.issuing", 22}, {"scoreboard.export.source", 10}, {"scoreboard.export.due_on", 12},
		{"scoreboard.export.status", 12}, {"scoreboard.export.sensitivity", 8}, {"scoreboard.export.escalation", 10},
		{"scoreboard.export.answered_at", 17}, {"scoreboard.export.verified_at", 17}, {"scoreboard.export.created_at", 17}})}
	items, err := allPages(func(pr page.Request) (page.Page[followup.ActionItem], error) {
		f.Page = pr
		return s.Actions.List(ctx, a, f)
	})
	if err != nil {
		return err
	}
	var unitIDs []int64
	var rows [][]any
	for _, it := range items {
		if !a.Can(account.ActView, it.Scope()) {
			continue // the list's SQL applies the policy; the policy has the last word
		}
		title := ""
		if it.Sensitivity == account.Ordinary {
			title = it.Title
		}
		unitIDs = append(unitIDs, it.ResponsibleUnitID, it.IssuingUnitID)
		rows = append(rows, []any{it.ID, title, it.ResponsibleUnitID, it.IssuingUnitID, s.zh("scoreboard.export.source." + string(it.SourceKind)),
			it.DueOn, s.zh("scoreboard.export.status." + string(it.Status)), s.zh("sensitivity." + string(it.Sensitivity)),
			it.EscalationStep, it.AnsweredAt, it.VerifiedAt, it.CreatedAt})
	}
	names, err := s.Accounts.UnitsByIDs(ctx, unitIDs)
	if err != nil {
		return err
	}
	for _, r := range rows {
		r[2], r[3] = names[r[2].(int64)].Name, names[r[3].(int64)].Name
	}
	sh.Rows = rows
	return s.sendSheet(c, "actions", "督办事项", sh)
}

// caseExport is the case register with the page's filters and visibility;
// sensitive and classified cases keep only their register entry.
func (s *Server) caseExport(c echo.Context) error {
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	sh := export.Sheet{Name: s.zh("scoreboard.export.cases"), Columns: s.zhCols([]colSpec{
		{"scoreboard.export.number", 20}, {"scoreboard.export.case_title", 36}, {"scoreboard.export.kind", 12},
		{"scoreboard.export.respondent", 22}, {"scoreboard.export.origin", 22}, {"scoreboard.export.stage", 10},
		{"scoreboard.export.sensitivity", 8}, {"scoreboard.export.paper", 16}, {"scoreboard.export.accepted_on", 12},
		{"scoreboard.export.notify_due_on", 12}, {"scoreboard.export.notified_on", 12}, {"scoreboard.export.result_due_on", 12},
		{"scoreboard.export.result_on", 12}, {"scoreboard.export.closed_on", 12}})}
	cases, err := allPages(func(pr page.Request) (page.Page[casefile.Case], error) {
		f.Page = pr
		return s.Cases.List(ctx, a, f)
	})
	if err != nil {
		return err
	}
	var unitIDs []int64
	var rows [][]any
	for _, k := range cases {
		title := ""
		if k.Sensitivity == account.Ordinary {
			title = k.Title
		}
		unitIDs = append(unitIDs, k.RespondentUnitID, k.OriginUnitID)
		rows = append(rows, []any{k.Number, title, k.Kind, k.RespondentUnitID, k.OriginUnitID, s.zh("scoreboard.export.stage." + string(k.Stage)),
			s.zh("sensitivity." + string(k.Sensitivity)), k.PaperFileHolder, k.AcceptedOn, k.NotifyDueOn, k.NotifiedOn, k.ResultDueOn,
			k.ResultOn, k.ClosedOn})
	}
	names, err := s.Accounts.UnitsByIDs(ctx, unitIDs)
	if err != nil {
		return err
	}
	for _, r := range rows {
		r[3], r[4] = names[r[3].(int64)].Name, names[r[4].(int64)].Name
	}
	sh.Rows = rows
	return s.sendSheet(c, "cases", "案件登记", sh)
}

// allPages walks a keyset-paginated list in pages of the maximum size until
// it ends or exportLimit rows are collected.
func allPages[T any](fetch func(page.Request) (page.Page[T], error)) ([]T, error) {
	var out []T
	pr := page.Request{Limit: page.MaxLimit}
	for len(out) < exportLimit {
		p, err := fetch(pr)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == "" {
			break
		}
		if pr, err = page.Parse("", p.NextCursor); err != nil {
			return nil, err
		}
		pr.Limit = page.MaxLimit
	}
	return out, nil
}
