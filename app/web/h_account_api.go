package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/page"
)

func actor(c echo.Context) account.Actor { return account.ActorFrom(c.Request().Context()) }

type meJSON struct {
	ID          int64            `json:"id"`
	Username    string           `json:"username"`
	DisplayName string           `json:"display_name"`
	UnitID      int64            `json:"unit_id"`
	UnitKind    account.UnitKind `json:"unit_kind"`
	Role        account.Role     `json:"role"`
}

func (s *Server) apiMe(c echo.Context) error {
	a := actor(c)
	return c.JSON(http.StatusOK, meJSON{ID: a.UserID, Username: a.Username, DisplayName: a.Name, UnitID: a.UnitID, UnitKind: a.UnitKind, Role: a.Role})
}

func pageReq(c echo.Context) (page.Request, error) {
	return page.Parse(c.QueryParam("limit"), c.QueryParam("cursor"))
}

func (s *Server) apiUnitList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	f := account.UnitFilter{Kind: account.UnitKind(c.QueryParam("kind")), ActiveOnly: c.QueryParam("active") == "true", Page: pr}
	p, err := s.Accounts.ListUnits(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiUnitGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.Unit(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) apiUnitCreate(c echo.Context) error {
	var in account.UnitInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.CreateUnit(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) apiUnitUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in account.UnitPatch
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.UpdateUnit(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) apiUserList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return err
	}
	f := account.UserFilter{UnitID: unitID, Role: account.Role(c.QueryParam("role")), ActiveOnly: c.QueryParam("active") == "true", Q: c.QueryParam("q"), Page: pr}
	p, err := s.Accounts.ListUsers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiUserGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.User(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) apiUserCreate(c echo.Context) error {
	var in account.UserInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.CreateUser(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) apiUserUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in account.UserPatch
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Users.UpdateUser(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) apiUserEndSessions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Accounts.EndSessions(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
