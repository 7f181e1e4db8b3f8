package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

// The meeting templates' pages: /meetings/templates lists them, a page at
// a time; the form adds and removes standing-item rows without script (a
// submit button adds a row, a check box removes one), as the experts'
// rows of the meeting form do.

// templateForm is the template form as typed.
type templateForm struct {
	Name, Kind, Location, Duration, Sections, Status string
	UnitID                                           int64
	CoUnitIDs                                        idSet
	Items                                            []templateItemForm
	Version                                          int
}

type templateItemForm struct {
	Title, Duration, Role string
	Remove                bool
}

func (f templateItemForm) empty() bool {
	return strings.TrimSpace(f.Title) == "" && strings.TrimSpace(f.Role) == "" && strings.TrimSpace(f.Duration) == ""
}

type templatesView struct {
	Items    []meeting.Template
	NextLink string
	Kind     string
	Kinds    []meeting.Kind
	Units    map[int64]string
	Actor    account.Actor
}

// MayKeep reports whether the viewer may change t.
func (v templatesView) MayKeep(t meeting.Template) bool { return meeting.MayKeepTemplate(v.Actor, t) }

type templateFormView struct {
	ID       int64
	Edit     bool
	ReadOnly bool
	F        templateForm
	Kinds    []meeting.Kind
	Units    []account.Unit
	UnitName map[int64]string
}

// mustKeepTemplates: the pages are for those who may schedule meetings.
func mustKeepTemplates(c echo.Context) error {
	if a := actor(c); a.Role != account.RoleAdmin && a.Role != account.RoleSecretary {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return nil
}

func (s *Server) templatesPage(c echo.Context) error {
	f, err := templateFilter(c)
	if err != nil {
		return err
	}
	list, err := s.Meetings.Templates(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	dir, err := s.listDirectory(c)
	if err != nil {
		return err
	}
	v := templatesView{Items: list.Items, Kind: string(f.Kind), Kinds: meeting.Kinds, Units: dir.UnitName, Actor: actor(c)}
	if list.NextCursor != "" {
		q := url.Values{"cursor": {list.NextCursor}}
		if f.Kind != "" {
			q.Set("kind", string(f.Kind))
		}
		v.NextLink = "/meetings/templates?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "meeting_templates", s.page(c, "meetings", "tpl.title", v))
}

// readTemplateForm reads the posted form; rows marked for removal and
// empty rows are dropped by input().
func readTemplateForm(c echo.Context) templateForm {
	version, _ := strconv.Atoi(c.FormValue("version"))
	f := templateForm{Name: c.FormValue("name"), Kind: c.FormValue("kind"), Location: c.FormValue("location"),
		Duration: c.FormValue("duration_minutes"), Sections: c.FormValue("minutes_sections"), Status: c.FormValue("status"),
		UnitID: formID(c, "unit_id"), CoUnitIDs: formIDs(c, "co_unit_ids"), Version: version}
	n, _ := strconv.Atoi(c.FormValue("item_rows"))
	for i := range min(n, 100) {
		p := "item" + strconv.Itoa(i) + "_"
		f.Items = append(f.Items, templateItemForm{Title: c.FormValue(p + "title"), Duration: c.FormValue(p + "minutes"),
			Role: c.FormValue(p + "role"), Remove: c.FormValue(p+"remove") != ""})
	}
	return f
}

// input turns the form into the domain's input.
func (f templateForm) input() meeting.TemplateInput {
	d, _ := strconv.Atoi(strings.TrimSpace(f.Duration))
	in := meeting.TemplateInput{Name: f.Name, Kind: meeting.Kind(f.Kind), UnitID: f.UnitID, DurationMinutes: d, Location: f.Location,
		CoUnitIDs: f.CoUnitIDs, MinutesSections: strings.Split(strings.ReplaceAll(f.Sections, "\r", ""), "\n"),
		Items: []meeting.TemplateItemInput{}}
	for _, it := range f.Items {
		if it.Remove || it.empty() {
			continue
		}
		m, _ := strconv.Atoi(strings.TrimSpace(it.Duration))
		in.Items = append(in.Items, meeting.TemplateItemInput{Title: it.Title, DurationMinutes: m, PresenterRole: it.Role})
	}
	return in
}

// patch is the whole form as a patch of the template.
func (f templateForm) patch() meeting.TemplatePatch {
	in := f.input()
	p := meeting.TemplatePatch{Version: f.Version, Name: &in.Name, Kind: &in.Kind, DurationMinutes: &in.DurationMinutes,
		Location: &in.Location, CoUnitIDs: &in.CoUnitIDs, MinutesSections: &in.MinutesSections, Items: &in.Items}
	if in.CoUnitIDs == nil {
		p.CoUnitIDs = &[]int64{}
	}
	if f.Status != "" {
		p.Status = &f.Status
	}
	return p
}

// templateFormOf fills the form from a stored template.
func templateFormOf(t meeting.Template) templateForm {
	f := templateForm{Name: t.Name, Kind: string(t.Kind), Location: t.Location, Sections: strings.Join(t.MinutesSections, "\n"),
		Status: t.Status, UnitID: t.UnitID, CoUnitIDs: t.CoUnitIDs, Version: t.Version}
	if t.DurationMinutes > 0 {
		f.Duration = strconv.Itoa(t.DurationMinutes)
	}
	for _, it := range t.Items {
		f.Items = append(f.Items, templateItemForm{Title: it.Title, Duration: strconv.Itoa(it.DurationMinutes), Role: it.PresenterRole})
	}
	return f
}

func (s *Server) renderTemplateForm(c echo.Context, status int, v templateFormView, formErr error) error {
	if err := mustKeepTemplates(c); err != nil {
		return err
	}
	dir, err := s.listDirectory(c)
	if err != nil {
		return err
	}
	v.Kinds, v.Units, v.UnitName = meeting.Kinds, dir.Units, dir.UnitName
	if !v.ReadOnly {
		v.F.Items = append(v.F.Items, templateItemForm{}) // one empty row to type into
	}
	title := "tpl.new"
	if v.Edit {
		title = "tpl.edit"
	}
	p := s.page(c, "meetings", title, v)
	s.formErrors(p, formErr)
	if apperr.KindOf(formErr) == apperr.Conflict {
		p.Error = p.T("tpl.stale")
	}
	return s.render(c, status, "meeting_template_form", p)
}

func (s *Server) templatePageNew(c echo.Context) error {
	f := templateForm{Kind: string(meeting.JointMeeting), UnitID: actor(c).UnitID}
	if k := c.QueryParam("kind"); meeting.Kind(k).Valid() {
		f.Kind = k
	}
	return s.renderTemplateForm(c, http.StatusOK, templateFormView{F: f}, nil)
}

func (s *Server) templatePageCreate(c echo.Context) error {
	f := readTemplateForm(c)
	if c.FormValue("add_item") != "" {
		f.Items = append(f.Items, templateItemForm{})
		return s.renderTemplateForm(c, http.StatusOK, templateFormView{F: f}, nil)
	}
	t, err := s.Meetings.CreateTemplate(c.Request().Context(), actor(c), f.input())
	if err != nil {
		if formFixable(err) {
			return s.renderTemplateForm(c, statusFor(err), templateFormView{F: f}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/meetings/templates/"+strconv.FormatInt(t.ID, 10))
}

func (s *Server) templatePageEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := s.Meetings.Template(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return s.renderTemplateForm(c, http.StatusOK, templateFormView{ID: id, Edit: true, F: templateFormOf(t),
		ReadOnly: !meeting.MayKeepTemplate(actor(c), t)}, nil)
}

func (s *Server) templatePageUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := readTemplateForm(c)
	v := templateFormView{ID: id, Edit: true, F: f}
	if c.FormValue("add_item") != "" {
		v.F.Items = append(v.F.Items, templateItemForm{})
		return s.renderTemplateForm(c, http.StatusOK, v, nil)
	}
	if _, err := s.Meetings.UpdateTemplate(c.Request().Context(), actor(c), id, f.patch()); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			// show the newer template the other editor saved
			t, gerr := s.Meetings.Template(c.Request().Context(), actor(c), id)
			if gerr != nil {
				return gerr
			}
			v.F = templateFormOf(t)
		}
		if formFixable(err) {
			return s.renderTemplateForm(c, statusFor(err), v, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/meetings/templates/"+strconv.FormatInt(id, 10))
}

// templatePageRetire retires a template from the list (its PATCH twin
// sets status "retired").
func (s *Server) templatePageRetire(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	retired := meeting.TemplateRetired
	if _, err := s.Meetings.UpdateTemplate(c.Request().Context(), actor(c), id, meeting.TemplatePatch{Version: version, Status: &retired}); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			s.flash(c, "tpl.stale")
			return redirect(c, "/meetings/templates")
		}
		return err
	}
	s.flash(c, "tpl.retired_done")
	return redirect(c, "/meetings/templates")
}
