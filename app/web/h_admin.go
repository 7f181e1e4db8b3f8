package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/notify"
	"liaison/app/page"
)

type adminUnitsView struct {
	Units []account.Unit
	Next  string
	Kinds []account.UnitKind
	Form  account.UnitInput
}

type adminUsersView struct {
	Users []account.User
	Units map[int64]account.Unit
	All   []account.Unit
	Roles []account.Role
	Next  string
	Q     string
	Form  account.UserInput
}

type adminUnitView struct {
	Unit        account.Unit
	Kinds       []account.UnitKind
	Channels    []notify.ChannelView // see h_admin_channels.go
	ChannelForm string               // the channel form an error belongs to
}

type adminUserView struct {
	User  account.User
	All   []account.Unit
	Roles []account.Role
}

// mustAdmin hides the admin pages from everyone else.
func mustAdmin(c echo.Context) error {
	if actor(c).Role != account.RoleAdmin {
		return apperr.NotFoundErr("page")
	}
	return nil
}

func (s *Server) adminHome(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/units")
}

// allUnits returns the whole unit directory for pickers; districts have
// dozens of units, so one bounded query is right here.
func (s *Server) allUnits(c echo.Context) ([]account.Unit, error) {
	p, err := s.Accounts.ListUnits(c.Request().Context(), account.UnitFilter{Page: page.Request{Limit: page.MaxLimit}})
	return p.Items, err
}

func (s *Server) adminUnits(c echo.Context) error {
	return s.renderAdminUnits(c, http.StatusOK, account.UnitInput{Kind: account.KindAgency}, nil)
}

func (s *Server) renderAdminUnits(c echo.Context, status int, form account.UnitInput, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	list, err := s.Accounts.ListUnits(c.Request().Context(), account.UnitFilter{Page: pr})
	if err != nil {
		return err
	}
	p := s.page(c, "admin", "admin.units", adminUnitsView{Units: list.Items, Next: list.NextCursor, Kinds: account.UnitKinds, Form: form})
	s.formErrors(p, formErr)
	return s.render(c, status, "admin_units", p)
}

func (s *Server) adminUnitCreate(c echo.Context) error {
	in := account.UnitInput{Name: c.FormValue("name"), ShortName: c.FormValue("short_name"), Kind: account.UnitKind(c.FormValue("kind"))}
	if _, err := s.Accounts.CreateUnit(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderAdminUnits(c, statusFor(err), in, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/units")
}

func (s *Server) adminUnitEdit(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.Unit(c.Request().Context(), id)
	if err != nil {
		return err
	}
	chans, err := s.Notify.UnitChannelViews(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_unit_edit", s.page(c, "admin", "admin.units", adminUnitView{Unit: u, Kinds: account.UnitKinds, Channels: chans}))
}

func (s *Server) adminUnitUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	name, short, kind := c.FormValue("name"), c.FormValue("short_name"), account.UnitKind(c.FormValue("kind"))
	active, code := c.FormValue("active") == "on", c.FormValue("office_code")
	version, _ := strconv.Atoi(c.FormValue("version"))
	u, err := s.Accounts.UpdateUnit(c.Request().Context(), actor(c), id, account.UnitPatch{Name: &name, ShortName: &short, Kind: &kind, Active: &active, OfficeCode: &code, Version: version})
	if err != nil {
		if !formFixable(err) {
			return err
		}
		cur, gerr := s.Accounts.Unit(c.Request().Context(), id)
		if gerr != nil {
			return gerr
		}
		if apperr.KindOf(err) != apperr.Conflict {
			cur.Name, cur.ShortName, cur.Kind, cur.Active, cur.OfficeCode = name, short, kind, active, code
		}
		chans, _ := s.Notify.UnitChannelViews(c.Request().Context(), actor(c), id)
		p := s.page(c, "admin", "admin.units", adminUnitView{Unit: cur, Kinds: account.UnitKinds, Channels: chans})
		s.formErrors(p, err)
		return s.render(c, statusFor(err), "admin_unit_edit", p)
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/units/"+strconv.FormatInt(u.ID, 10))
}

func (s *Server) adminUsers(c echo.Context) error {
	return s.renderAdminUsers(c, http.StatusOK, account.UserInput{Role: account.RoleMember}, nil)
}

func (s *Server) renderAdminUsers(c echo.Context, status int, form account.UserInput, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	list, err := s.Accounts.ListUsers(c.Request().Context(), account.UserFilter{Q: q, Page: pr})
	if err != nil {
		return err
	}
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	byID := make(map[int64]account.Unit, len(all))
	for _, u := range all {
		byID[u.ID] = u
	}
	form.Password = ""
	p := s.page(c, "admin", "admin.users", adminUsersView{Users: list.Items, Units: byID, All: all, Roles: account.Roles, Next: list.NextCursor, Q: q, Form: form})
	s.formErrors(p, formErr)
	return s.render(c, status, "admin_users", p)
}

func (s *Server) adminUserCreate(c echo.Context) error {
	in := account.UserInput{Username: c.FormValue("username"), DisplayName: c.FormValue("display_name"), UnitID: formID(c, "unit_id"),
		Role: account.Role(c.FormValue("role")), Email: c.FormValue("email"), Password: c.FormValue("password")}
	if _, err := s.Accounts.CreateUser(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderAdminUsers(c, statusFor(err), in, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/users")
}

func (s *Server) adminUserEdit(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.User(c.Request().Context(), id)
	if err != nil {
		return err
	}
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_user_edit", s.page(c, "admin", "admin.users", adminUserView{User: u, All: all, Roles: account.Roles}))
}

func (s *Server) adminUserUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	name, email, role := c.FormValue("display_name"), c.FormValue("email"), account.Role(c.FormValue("role"))
	unitID, active := formID(c, "unit_id"), c.FormValue("active") == "on"
	version, _ := strconv.Atoi(c.FormValue("version"))
	patch := account.UserPatch{DisplayName: &name, Email: &email, Role: &role, UnitID: &unitID, Active: &active, Version: version,
		CurrentPassword: c.FormValue("current_password")}
	if pw := c.FormValue("password"); pw != "" {
		patch.Password = &pw
	}
	u, err := s.Users.UpdateUser(c.Request().Context(), actor(c), id, patch)
	if err != nil {
		if !formFixable(err) {
			return err
		}
		cur, gerr := s.Accounts.User(c.Request().Context(), id)
		if gerr != nil {
			return gerr
		}
		if apperr.KindOf(err) != apperr.Conflict {
			cur.DisplayName, cur.Email, cur.Role, cur.UnitID, cur.Active = name, email, role, unitID, active
		}
		all, _ := s.allUnits(c)
		p := s.page(c, "admin", "admin.users", adminUserView{User: cur, All: all, Roles: account.Roles})
		s.formErrors(p, err)
		return s.render(c, statusFor(err), "admin_user_edit", p)
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/users/"+strconv.FormatInt(u.ID, 10))
}

func (s *Server) adminUserEndSessions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Accounts.EndSessions(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.flash(c, "admin.sessions_ended")
	return redirect(c, "/admin/users/"+strconv.FormatInt(id, 10))
}
