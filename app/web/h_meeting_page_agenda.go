package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/meeting"
)

// agendaForm is the add-item form as typed (EditID names an item whose
// edit failed, so its row shows the errors).
type agendaForm struct {
	EditID    int64
	Title     string
	Presenter int64
	Role      string // the presenter as a role (区检察院分管领导)
	Duration  string
	CaseIDs   idSet
}

func readAgendaForm(c echo.Context) (agendaForm, meeting.AgendaInput) {
	f := agendaForm{Title: c.FormValue("title"), Presenter: formID(c, "presenter_user_id"), Role: c.FormValue("presenter_role"), Duration: c.FormValue("duration_minutes"), CaseIDs: formIDs(c, "case_ids")}
	n, _ := strconv.Atoi(f.Duration)
	v, _ := strconv.Atoi(c.FormValue("version"))
	return f, meeting.AgendaInput{Title: f.Title, PresenterUserID: optionalID(f.Presenter), PresenterRole: f.Role, DurationMinutes: n, CaseIDs: f.CaseIDs, Version: v}
}

// agendaDone answers a successful agenda change: an htmx request gets the
// page again (the agenda section is picked from it), a plain form a 303.
func (s *Server) agendaDone(c echo.Context, id int64) error {
	if isHTMX(c) {
		return s.renderMeetingShow(c, http.StatusOK, meetingShowView{}, nil)
	}
	return redirect(c, meetingURL(id, "#agenda"))
}

func (s *Server) agendaFailed(c echo.Context, f agendaForm, err error) error {
	if formFixable(err) {
		return s.renderMeetingShow(c, statusFor(err), meetingShowView{AgendaForm: f, Section: "agenda"}, err)
	}
	return err
}

func (s *Server) meetingPageAgendaAdd(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, in := readAgendaForm(c)
	if _, err := s.Meetings.AddAgendaItem(c.Request().Context(), actor(c), id, in); err != nil {
		return s.agendaFailed(c, f, err)
	}
	return s.agendaDone(c, id)
}

func (s *Server) meetingPageAgendaUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	iid, err := idParam(c, "iid")
	if err != nil {
		return err
	}
	f, in := readAgendaForm(c)
	f.EditID = iid
	if _, err := s.Meetings.UpdateAgendaItem(c.Request().Context(), actor(c), id, iid, in); err != nil {
		return s.agendaFailed(c, f, err)
	}
	return s.agendaDone(c, id)
}

func (s *Server) meetingPageAgendaMove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	iid, err := idParam(c, "iid")
	if err != nil {
		return err
	}
	pos, _ := strconv.Atoi(c.FormValue("position"))
	if _, err := s.Meetings.MoveAgendaItem(c.Request().Context(), actor(c), id, iid, pos); err != nil {
		return s.agendaFailed(c, agendaForm{}, err)
	}
	return s.agendaDone(c, id)
}

func (s *Server) meetingPageAgendaRemove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	iid, err := idParam(c, "iid")
	if err != nil {
		return err
	}
	if err := s.Meetings.RemoveAgendaItem(c.Request().Context(), actor(c), id, iid); err != nil {
		return s.agendaFailed(c, agendaForm{}, err)
	}
	return s.agendaDone(c, id)
}

// agendaRow is one agenda item with its position and its edit form (as
// typed, when that edit failed).
type agendaRow struct {
	meeting.AgendaItem
	Pos         int // 1-based
	Up, Down    int // the positions one up and one down
	First, Last bool
	Form        agendaForm
	Failed      bool
}

func agendaRows(items []meeting.AgendaItem, typed agendaForm) []agendaRow {
	out := make([]agendaRow, len(items))
	for i, it := range items {
		f := agendaForm{EditID: it.ID, Title: it.Title, Role: it.PresenterRole, Duration: strconv.Itoa(it.DurationMinutes), CaseIDs: it.CaseIDs}
		if it.PresenterUserID != nil {
			f.Presenter = *it.PresenterUserID
		}
		failed := typed.EditID == it.ID
		if failed {
			f = typed
		}
		out[i] = agendaRow{AgendaItem: it, Pos: i + 1, Up: i, Down: i + 2, First: i == 0, Last: i == len(items)-1, Form: f, Failed: failed}
	}
	return out
}

// agendaFieldsView feeds the agenda item fields partial.
type agendaFieldsView struct {
	P          *Page
	F          agendaForm
	Prefix     string
	ShowErr    bool
	Users      []account.User
	Units      map[int64]string
	People     []unitPeople // Users grouped by unit for the presenter picker
	Cases      []casefile.Case
	Classified bool
	NoContent  bool // sensitive or classified: no agenda text at all
}

// Fields builds the view of one agenda form (add, or edit of one item).
func (v meetingShowView) Fields(p *Page, f agendaForm, prefix string, showErr bool) agendaFieldsView {
	return agendaFieldsView{P: p, F: f, Prefix: prefix, ShowErr: showErr, Users: v.Dir.Users, Units: v.Dir.UnitName, People: v.Dir.ByUnit(), Cases: v.itemCases(f.CaseIDs), Classified: v.Classified(),
		NoContent: !v.Sensitivity.HoldsContent()}
}

// itemCases are the case picker's options for one agenda item: the
// directory's first page, plus the item's own cases from the meeting's
// linked ones (the detail holds them all), so editing an item without
// JavaScript keeps a case the first page does not reach.
func (v meetingShowView) itemCases(chosen idSet) []casefile.Case {
	out := v.Dir.Cases
	for _, id := range chosen {
		if slices.ContainsFunc(out, func(k casefile.Case) bool { return k.ID == id }) {
			continue
		}
		for _, r := range append(append([]casefile.Ref{}, v.Cases...), v.LinkedCases...) {
			if r.ID == id {
				out = append(slices.Clip(out), casefile.Case{ID: r.ID, Number: r.Number, Title: r.Title})
				break
			}
		}
	}
	return out
}
