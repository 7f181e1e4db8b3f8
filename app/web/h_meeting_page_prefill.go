package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
	"liaison/app/page"
)

// The new-meeting form's template choice and "copy the last meeting": a
// plain GET form (?template=ID) fills the form from a template, a link
// (?copy=ID) from the latest meeting of the series; the agenda rows are
// then saved with the meeting.

// agendaRowForm is one agenda row of the new-meeting form.
type agendaRowForm struct {
	Title, Duration, Role string
	Presenter             int64 // carried from a copied meeting
	Remove                bool
}

func (r agendaRowForm) empty() bool {
	return strings.TrimSpace(r.Title) == "" && strings.TrimSpace(r.Role) == "" && strings.TrimSpace(r.Duration) == ""
}

// prefillView is what the form shows of templates and the series.
type prefillView struct {
	Templates []meeting.Template
	// Last is the meeting "复制上次会议" copies; nil: none.
	Last *meeting.Meeting
	// Applied names what filled the form (a message key and its args).
	Applied, AppliedTitle string
}

// TemplatesOf are the templates of kind k, for the choice's groups.
func (v prefillView) TemplatesOf(k meeting.Kind) []meeting.Template {
	var out []meeting.Template
	for _, t := range v.Templates {
		if t.Kind == k {
			out = append(out, t)
		}
	}
	return out
}

// readAgendaRows reads the posted agenda rows.
func readAgendaRows(c echo.Context) []agendaRowForm {
	n, _ := strconv.Atoi(c.FormValue("agenda_rows"))
	var out []agendaRowForm
	for i := range min(n, 100) {
		p := "agenda" + strconv.Itoa(i) + "_"
		out = append(out, agendaRowForm{Title: c.FormValue(p + "title"), Duration: c.FormValue(p + "minutes"), Role: c.FormValue(p + "role"),
			Presenter: formID(c, p+"presenter"), Remove: c.FormValue(p+"remove") != ""})
	}
	return out
}

// agendaInputs are the rows to save, empty and removed ones left out;
// never nil, so the domain fills nothing more.
func agendaInputs(rows []agendaRowForm) []meeting.AgendaInput {
	out := []meeting.AgendaInput{}
	for _, r := range rows {
		if r.Remove || r.empty() {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSpace(r.Duration))
		out = append(out, meeting.AgendaInput{Title: r.Title, DurationMinutes: n, PresenterRole: r.Role, PresenterUserID: optionalID(r.Presenter)})
	}
	return out
}

// applyPrefill puts p into the form.
func (f *meetingForm) applyPrefill(p meeting.Prefill) {
	if p.TemplateID != nil {
		f.TemplateID = *p.TemplateID
	}
	f.Kind, f.Title = string(p.Kind), p.Title
	if p.Duration > 0 {
		f.DefaultMinutes = int(p.Duration / time.Minute)
	}
	if !p.Withheld {
		f.Location = p.Location
	}
	if p.RoomID != nil {
		f.RoomID = *p.RoomID
	}
	if p.ChairUserID != nil {
		f.ChairUserID = *p.ChairUserID
	}
	f.CoUnitIDs = nil
	for _, u := range p.CoUnitIDs {
		if u != f.ConveningUnitID {
			f.CoUnitIDs = append(f.CoUnitIDs, u)
		}
	}
	if len(p.AttendeeUserIDs) > 0 {
		f.AttendeeUserIDs = p.AttendeeUserIDs
		// the copied list holds the standing members already
		f.InviteStanding = false
	}
	f.Agenda = nil
	for _, it := range p.Agenda {
		r := agendaRowForm{Title: it.Title, Duration: strconv.Itoa(it.DurationMinutes), Role: it.PresenterRole}
		if it.PresenterUserID != nil {
			r.Presenter = *it.PresenterUserID
		}
		f.Agenda = append(f.Agenda, r)
	}
}

// prefillNew fills a new meeting's form from ?copy= or ?template=, and
// finds the meeting to offer copying from.
func (s *Server) prefillNew(c echo.Context, v *meetingFormView) error {
	ctx, a := c.Request().Context(), actor(c)
	if id, _ := strconv.ParseInt(c.QueryParam("copy"), 10, 64); id > 0 {
		p, err := s.Meetings.FromMeeting(ctx, a, id)
		if err != nil {
			return err
		}
		v.F.applyPrefill(p)
		v.Applied, v.AppliedTitle = "tpl.copied", p.Title
		if p.Withheld {
			v.Applied = "tpl.copied_withheld"
		}
	} else if id, _ := strconv.ParseInt(c.QueryParam("template"), 10, 64); id > 0 {
		p, err := s.Meetings.FromTemplate(ctx, a, id)
		if err != nil {
			return err
		}
		v.F.applyPrefill(p)
		v.Applied, v.AppliedTitle = "tpl.applied", p.Title
	}
	if err := s.prefillChoices(c, v); err != nil {
		return err
	}
	if v.Last != nil && c.QueryParam("copy") == strconv.FormatInt(v.Last.ID, 10) {
		v.Last = nil // already copied
	}
	return nil
}

// prefillChoices loads the active templates and the last meeting of the
// form's series.
func (s *Server) prefillChoices(c echo.Context, v *meetingFormView) error {
	ctx, a := c.Request().Context(), actor(c)
	if mustKeepTemplates(c) != nil {
		return nil // the form refuses them anyway; it still shows their errors
	}
	list, err := s.Meetings.Templates(ctx, a, meeting.TemplateFilter{ActiveOnly: true, Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		return err
	}
	v.Templates = list.Items
	last, err := s.Meetings.LastInSeries(ctx, a, v.F.TemplateID, meeting.Kind(v.F.Kind))
	if err != nil {
		return err
	}
	v.Last = last
	return nil
}

// isPrefillErr: a bad ?template= or ?copy= is shown on the form.
func isPrefillErr(err error) bool { return apperr.KindOf(err) == apperr.Invalid }
