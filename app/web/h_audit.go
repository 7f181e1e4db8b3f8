package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/export"
	"liaison/app/page"
	"liaison/app/workday"
)

// auditParams are the query parameters of the audit search, shared by the
// admin page, the API list and both exports.
var auditParams = []string{"actor_id", "actor", "object_type", "object_id", "action", "ip", "from", "to"}

// auditFilter reads the audit search from the query string. from and to are
// dates (YYYY-MM-DD) in Asia/Shanghai, both inclusive; a bad value is a 422
// naming the field.
func auditFilter(c echo.Context) (account.AuditFilter, error) {
	actorID, err := queryID(c, "actor_id")
	if err != nil {
		return account.AuditFilter{}, err
	}
	f := account.AuditFilter{ActorID: actorID, ActorName: strings.TrimSpace(c.QueryParam("actor")),
		ObjectType: strings.TrimSpace(c.QueryParam("object_type")), ObjectID: strings.TrimSpace(c.QueryParam("object_id")),
		Action: strings.TrimSpace(c.QueryParam("action")), IP: strings.TrimSpace(c.QueryParam("ip"))}
	bad := apperr.Fields{}
	day := func(name string) time.Time {
		v := strings.TrimSpace(c.QueryParam(name))
		if v == "" {
			return time.Time{}
		}
		d, err := workday.ParseDate(v)
		if err != nil {
			bad.Add(name, "audit.date_invalid")
			return time.Time{}
		}
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, workday.Shanghai())
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole of the last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		bad.Add("to", "audit.range_invalid")
	}
	return f, bad.Err()
}

// auditQuery is the search's query string without the cursor, for the
// next-page and export links.
func auditQuery(c echo.Context) string {
	q := url.Values{}
	for _, k := range auditParams {
		if v := strings.TrimSpace(c.QueryParam(k)); v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

type adminAuditView struct {
	Entries    []account.AuditEntry
	TextFields []string          // search fields typed as text
	DateFields []string          // search fields that are dates
	Form       map[string]string // the search as typed
	// Links that keep the search: built from url.Values, so safe as URLs.
	NextURL, CSVURL, XLSXURL template.URL
}

func (s *Server) adminAudit(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	q := auditQuery(c)
	v := adminAuditView{TextFields: auditParams[:6], DateFields: auditParams[6:], Form: map[string]string{},
		CSVURL: template.URL("/admin/audit/export.csv?" + q), XLSXURL: template.URL("/admin/audit/export.xlsx?" + q)}
	for _, k := range auditParams {
		v.Form[k] = c.QueryParam(k)
	}
	f, ferr := auditFilter(c)
	if ferr == nil {
		list, err := s.Accounts.ListAudit(c.Request().Context(), actor(c), f, pr)
		if err != nil {
			return err
		}
		v.Entries = list.Items
		if list.NextCursor != "" {
			next := url.Values{"cursor": {list.NextCursor}}.Encode()
			if q != "" {
				next = q + "&" + next
			}
			v.NextURL = template.URL("/admin/audit?" + next)
		}
	}
	p := s.page(c, "admin", "admin.audit", v)
	status := http.StatusOK
	if ferr != nil {
		s.formErrors(p, ferr)
		status = statusFor(ferr)
	}
	return s.render(c, status, "admin_audit", p)
}

func (s *Server) apiAuditList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Accounts.ListAudit(c.Request().Context(), actor(c), f, pr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// auditExport writes the search's entries (up to exportLimit, newest
// first) as CSV or xlsx, every column included; export.WriteCSV keeps
// cells that start like a formula from executing. The export itself is
// audited: the log leaves the system.
func (s *Server) auditExport(c echo.Context) error {
	if strings.HasPrefix(c.Request().URL.Path, "/admin/") {
		if err := mustAdmin(c); err != nil { // the admin pages hide; the API answers 403
			return err
		}
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	entries, err := allPages(func(pr page.Request) (page.Page[account.AuditEntry], error) {
		return s.Accounts.ListAudit(ctx, a, f, pr)
	})
	if err != nil {
		return err
	}
	sh := export.Sheet{Name: s.zh("audit.export.sheet"), Columns: s.zhCols([]colSpec{
		{"audit.col.id", 8}, {"audit.col.seq", 8}, {"audit.col.at", 17}, {"audit.col.actor_id", 8}, {"audit.col.actor", 14},
		{"audit.col.ip", 16}, {"audit.col.request_id", 20}, {"audit.col.action", 24}, {"audit.col.object_type", 14},
		{"audit.col.object_id", 10}, {"audit.col.detail", 40}, {"audit.col.before", 40}, {"audit.col.after", 40}, {"audit.col.hash", 20}})}
	for _, e := range entries {
		var seq, actorID any
		if e.Seq != nil {
			seq = *e.Seq
		}
		if e.ActorID != nil {
			actorID = *e.ActorID
		}
		sh.Rows = append(sh.Rows, []any{e.ID, seq, e.At, actorID, e.ActorName, e.IP, e.RequestID, e.Action, e.ObjectType,
			e.ObjectID, e.Detail, e.Before, e.After, e.Hash})
	}
	if err := s.Accounts.Audit(ctx, a, "audit.export", "audit_log", 0, map[string]any{"query": auditQuery(c), "rows": len(entries)}); err != nil {
		return err
	}
	return s.sendSheet(c, "audit-log", "审计日志", sh)
}
