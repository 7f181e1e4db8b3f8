package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/leadgroup"
)

type leadGroupView struct {
	Seats     []leadgroup.Seat
	Positions []leadgroup.Position
	Users     []account.User
	Units     map[int64]string
	Form      leadgroup.Input
}

func (s *Server) leadGroupPage(c echo.Context) error {
	return s.renderLeadGroup(c, http.StatusOK, leadgroup.Input{Position: leadgroup.Member}, nil)
}

func (s *Server) renderLeadGroup(c echo.Context, status int, form leadgroup.Input, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	seats, err := s.LeadGroup.Roster(ctx)
	if err != nil {
		return err
	}
	users, err := s.Accounts.ActiveUsers(ctx, 0)
	if err != nil {
		return err
	}
	units, err := s.unitNames(c)
	if err != nil {
		return err
	}
	p := s.page(c, "admin", "leadgroup.title", leadGroupView{Seats: seats, Positions: leadgroup.Positions, Users: users, Units: units, Form: form})
	s.formErrors(p, formErr)
	return s.render(c, status, "admin_leadgroup", p)
}

func (s *Server) leadGroupPageAdd(c echo.Context) error {
	uid, _ := strconv.ParseInt(c.FormValue("user_id"), 10, 64)
	in := leadgroup.Input{UserID: uid, Position: leadgroup.Position(c.FormValue("position"))}
	if _, err := s.LeadGroup.Add(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderLeadGroup(c, statusFor(err), in, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/leading-group")
}

func (s *Server) leadGroupPageRemove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if err := s.LeadGroup.Remove(c.Request().Context(), actor(c), id, version); err != nil {
		if formFixable(err) {
			return s.renderLeadGroup(c, statusFor(err), leadgroup.Input{Position: leadgroup.Member}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/leading-group")
}
